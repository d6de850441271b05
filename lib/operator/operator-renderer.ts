/**
 * Operator mode: what the HiveMQ Platform Operator's custom resource needs beside the pod (which lib/render/pod-template.ts
 * builds from the parts both modes share): the pods' selector, GitOps protection, and the checks the operator makes only
 * when it reconciles, run at synthesis instead.
 */
import { HIVEMQ } from '../model/cluster-model';
import type { ClusterModel } from '../model/cluster-model';
import type { ConfigXmlFacts } from '../render/config-xml';
import { DNS1035_LABEL, IANA_SVC_NAME } from '../validation/validator';

/** The label the operator sets on every platform pod (hivemq/helm-charts IT HelmLegacyStatefulSetMigrationIT). */
const PLATFORM_LABEL = 'hivemq-platform';

/**
 * GitOps annotations that keep Argo CD, Flux, kapp (and Helm) from pruning or deleting an object: Argo CD's sync options,
 * Flux kustomize-controller's prune, kapp's delete strategy and Helm's resource policy, each in its tool's documentation.
 */
export function protectionAnnotations(wave: number, extraArgoOptions: string[] = []): Record<string, string> {
  return {
    'argocd.argoproj.io/sync-options': ['Prune=false', 'Delete=false', ...extraArgoOptions].join(','),
    'argocd.argoproj.io/sync-wave': String(wave),
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    'kapp.k14s.io/delete-strategy': 'orphan',
    'helm.sh/resource-policy': 'keep',
  };
}

/** The selector of the platform's pods in operator mode. */
export function platformSelector(m: ClusterModel): Record<string, string> {
  return { [PLATFORM_LABEL]: m.metadata.name };
}

/** Names the operator reserves in the pod (hivemq/helm-charts charts/hivemq-platform templates' validation). */
export const RESERVED_VOLUMES = ['broker-configuration'];
const RESERVED_MOUNT = '/opt/hivemq/conf-k8s';
export const RESERVED_ENV = ['HIVEMQ_CLUSTERING_BOOTSTRAP'];
const LOG_LEVELS = ['DEBUG', 'ERROR', 'INFO', 'TRACE', 'WARN']; // the CRD's spec.logLevel enum

/** The fields of a finished HiveMQPlatform (wire format, after the user's patches) that the operator's checks read. */
export interface PlatformDocument {
  readonly metadata?: { readonly name?: string };
  readonly spec?: {
    readonly logLevel?: string;
    readonly healthApiPort?: number;
    readonly operatorRestApiPort?: number;
    readonly metricsPort?: number;
    readonly statefulSet?: { readonly spec?: { readonly template?: { readonly spec?: PodDocument } } };
    readonly services?: readonly ServiceDocument[];
  };
}

interface PodDocument {
  readonly containers?: readonly ContainerDocument[];
  readonly volumes?: ReadonlyArray<{ readonly name: string }>;
}

interface ContainerDocument {
  readonly name?: string;
  readonly ports?: ReadonlyArray<{ readonly name?: string; readonly containerPort: number }>;
  readonly volumeMounts?: ReadonlyArray<{ readonly name: string; readonly mountPath: string }>;
  readonly env?: ReadonlyArray<{ readonly name: string }>;
}

interface ServiceDocument {
  readonly metadata?: { readonly name?: string };
  readonly spec?: {
    readonly type?: string;
    readonly externalTrafficPolicy?: string;
    readonly ports?: ReadonlyArray<{ readonly targetPort?: string | number }>;
  };
}

/**
 * The checks the operator makes only when it reconciles (status.state: ERROR), or never (hivemq/helm-charts
 * charts/hivemq-platform templates' validation), run on the finished custom resource and on what config.xml says.
 * Returns the problems; the construct fails synthesis on any.
 */
export function checkPlatform(platform: PlatformDocument, config: ConfigXmlFacts): string[] {
  const spec = platform.spec ?? {};
  const broker = (spec.statefulSet?.spec?.template?.spec?.containers ?? [])[0];
  const health = spec.healthApiPort ?? HIVEMQ.healthPort;
  return [
    ...checkName(platform.metadata?.name ?? ''),
    ...(broker?.name !== 'hivemq' ? ['the broker container must be named hivemq and come first'] : []),
    ...checkPorts(broker?.ports ?? []),
    ...(spec.services ?? []).flatMap((service) => checkService(service, broker?.ports ?? [])),
    ...(spec.logLevel !== undefined && !LOG_LEVELS.includes(spec.logLevel)
      ? [`logLevel ${spec.logLevel} is not in the CRD's enum (${LOG_LEVELS.join(', ')})`] : []),
    ...checkReserved(spec.statefulSet?.spec?.template?.spec ?? {}, broker),
    ...checkConfig(config, health, [HIVEMQ.clusterPort, spec.operatorRestApiPort ?? HIVEMQ.operatorPort, health]),
    ...(spec.metricsPort && !(broker?.ports ?? []).some((port) => port.containerPort === spec.metricsPort)
      ? [`metricsPort ${spec.metricsPort} is not a port of the hivemq container`] : []),
  ];
}

/** The operator names the cluster Service hivemq-<name>-cluster, which must be a DNS-1035 label. */
function checkName(name: string): string[] {
  return !DNS1035_LABEL.test(name) || `hivemq-${name}-cluster`.length > 63
    ? [`platform name '${name}' must be a DNS-1035 label short enough for hivemq-<name>-cluster (63 characters)`] : [];
}

function checkPorts(ports: NonNullable<ContainerDocument['ports']>): string[] {
  return [
    ...ports.flatMap((port) => [
      ...(IANA_SVC_NAME.test(port.name ?? '') ? [] : [`container port name '${port.name}' must be an IANA service name of at most 15 characters`]),
      ...(port.containerPort >= 1 && port.containerPort <= 65535 ? [] : [`container port ${port.containerPort} is out of range`]),
    ]),
    ...(new Set(ports.map((port) => port.containerPort)).size !== ports.length ? ['container ports must be unique'] : []),
  ];
}

function checkService(service: ServiceDocument, ports: NonNullable<ContainerDocument['ports']>): string[] {
  const name = service.metadata?.name ?? '';
  const type = service.spec?.type;
  return [
    ...(DNS1035_LABEL.test(name) && name.length <= 63 ? [] : [`Service name '${name}' must be a DNS-1035 label of at most 63 characters`]),
    ...(['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type ?? 'ClusterIP') ? [] : [`Service ${name}: type ${type} is not allowed`]),
    ...(service.spec?.externalTrafficPolicy && !['NodePort', 'LoadBalancer'].includes(type ?? '')
      ? [`Service ${name}: externalTrafficPolicy only applies to NodePort and LoadBalancer Services`] : []),
    ...(service.spec?.ports ?? []).flatMap((port) => (ports.some((containerPort) => containerPort.name === port.targetPort)
      ? [] : [`Service ${name}: targetPort '${port.targetPort}' is not a port of the hivemq container`])),
  ];
}

/** Names and paths the operator reserves in the pod. */
function checkReserved(pod: PodDocument, broker: ContainerDocument | undefined): string[] {
  return [
    ...((pod.volumes ?? []).some((volume) => RESERVED_VOLUMES.includes(volume.name))
      ? ['the volume name broker-configuration is reserved by the operator'] : []),
    ...((broker?.volumeMounts ?? []).some((mount) => mount.mountPath.startsWith(RESERVED_MOUNT))
      ? [`the mount path ${RESERVED_MOUNT}/ is reserved by the operator`] : []),
    ...((broker?.env ?? []).some((env) => RESERVED_ENV.includes(env.name))
      ? [`the env var ${RESERVED_ENV.join(', ')} is reserved by the operator`] : []),
  ];
}

/** config.xml must be what the operator expects of it: extension discovery, the health API on every interface, free ports. */
function checkConfig(config: ConfigXmlFacts, healthPort: number, reservedPorts: number[]): string[] {
  return [
    ...(config.clusterEnabled && config.clusterDiscovery === 'extension' ? [] : ['config.xml must enable the cluster with extension discovery']),
    ...(config.healthApi?.port === healthPort && config.healthApi.bindAddress === '0.0.0.0'
      ? [] : [`config.xml must enable the health API on 0.0.0.0:${healthPort} (spec.healthApiPort)`]),
    ...reservedPorts.filter((port) => config.listenerPorts.includes(port)).map((port) => `config.xml has a listener on the reserved port ${port}`),
  ];
}
