// The brokers' StatefulSet spec, wherever the output keeps it: a StatefulSet (plain mode) or the HiveMQPlatform's embedded
// `spec.statefulSet.spec` (operator mode, see README "Plain manifests or the HiveMQ Platform Operator").
import { at, isObject, Json, num } from './manifest-reader';

export interface KubeObject {
  /** apiVersion group/kind/namespace/name: what pairs the two outputs. */
  readonly key: string;
  /** `Kind namespace/name`, for people. */
  readonly label: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly body: Json;
}

export function kubeObject(body: Json): KubeObject {
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const kind = String(body.kind);
  const namespace = typeof at(body, 'metadata.namespace') === 'string' ? String(at(body, 'metadata.namespace')) : '';
  const name = String(at(body, 'metadata.name'));
  return { key: `${group}/${kind}/${namespace}/${name}`, label: `${kind} ${namespace ? `${namespace}/` : ''}${name}`, kind, namespace, name, body };
}

export interface BrokerSet {
  readonly object: KubeObject;
  /** The StatefulSet spec. */
  readonly spec: Json;
  /** Where that spec is in the object, for field paths. */
  readonly specPath: string;
  readonly operator: boolean;
}

export function brokerSet(object: KubeObject): BrokerSet | undefined {
  if (object.kind === 'StatefulSet' && isObject(object.body.spec)) {
    return { object, spec: object.body.spec, specPath: 'spec', operator: false };
  }
  const embedded = at(object.body, 'spec.statefulSet.spec');
  if (object.kind === 'HiveMQPlatform' && isObject(embedded)) return { object, spec: embedded, specPath: 'spec.statefulSet.spec', operator: true };
  return undefined;
}

/** The broker container: `hivemq` by name, else the first. */
export function brokerContainer(set: BrokerSet): Json | undefined {
  const containers = at(set.spec, 'template.spec.containers');
  if (!Array.isArray(containers)) return undefined;
  const all = containers.filter(isObject);
  return all.find((container) => container.name === 'hivemq') ?? all[0];
}

export const replicas = (set: BrokerSet): number | undefined => num(set.spec.replicas);

/** The claim templates by name. */
export function claimTemplates(set: BrokerSet): Map<string, Json> {
  const templates = set.spec.volumeClaimTemplates;
  return new Map((Array.isArray(templates) ? templates.filter(isObject) : [])
    .map((template): [string, Json] => [String(at(template, 'metadata.name')), template]));
}

export function hasHiveMQLabels(object: KubeObject): boolean {
  const labels = at(object.body, 'metadata.labels');
  return isObject(labels) && labels['app.kubernetes.io/name'] === 'hivemq';
}

const UNITS: { [suffix: string]: number } = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
};

/** A storage quantity (`100Gi`, `500G`) in bytes, or undefined when it is not one. */
export function quantityBytes(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)$/.exec(value) : null;
  return match ? Number(match[1]) * UNITS[match[2]] : undefined;
}
