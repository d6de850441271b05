/**
 * One registry per App of every Kubernetes object the library's constructs write, or make Kubernetes or an operator write
 * (claim-template PVCs, cert-manager Secrets, the HiveMQ Platform Operator's StatefulSet and Services), by API group,
 * kind, namespace and name. `kubectl apply` of two objects with one identity keeps the last one without a word, so a
 * second claim fails at construction, naming both constructs.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DNS1035_LABEL, DNS1123_SUBDOMAIN, Validator } from './validator';

/** An object a construct writes, or that is written on its behalf. */
export interface ObjectClaim {
  /** API group ('' for the core group). */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Namespace; undefined for the default namespace of `kubectl apply` (a chart without namespace). */
  readonly namespace?: string;
  /** A cluster-scoped object (a CustomResourceDefinition): one per cluster, whatever the namespace. */
  readonly clusterScoped?: boolean;
  /** What the object is for its construct: 'its headless Service', 'the PVC of pod 2 from claim template data'. */
  readonly what: string;
  /** Construct path of the object. @default - the registering construct's path */
  readonly path?: string;
  /** Who writes it, when not the construct itself: 'the HiveMQ Platform Operator for HiveMQCluster \'broker\''. */
  readonly by?: string;
  /** The prop the name derives from, to say how short that prop must be when the name is too long. */
  readonly from?: { readonly prop: string; readonly value: string };
}

/** The construct that registers its objects: `HiveMQCluster 'broker'`. */
export interface ClaimOwner {
  readonly construct: string;
  readonly id: string;
}

interface Entry {
  readonly claim: ObjectClaim;
  readonly owner: string;
  readonly chart: string;
  readonly path: string;
}

/** Name rules per kind: what the API server (or a label derived from the name) allows. */
interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  readonly rule: string;
}

const SUBDOMAIN: NameRule = { max: 253, pattern: DNS1123_SUBDOMAIN, rule: 'a DNS-1123 subdomain (lowercase letters, digits, \'-\' and \'.\')' };
const NAME_RULES: Record<string, NameRule> = {
  // Services are DNS labels: the name becomes <name>.<namespace>.svc (Kubernetes validation.ValidateServiceName).
  '/Service': { max: 63, pattern: DNS1035_LABEL, rule: 'a DNS-1035 label (lowercase letters, digits and \'-\', starting with a letter)' },
  // Pods carry controller-revision-hash: <statefulset>-<10-character hash>, a label value of at most 63 characters.
  'apps/StatefulSet': { max: 52, pattern: DNS1035_LABEL,
    rule: 'a DNS-1035 label whose pods\' controller-revision-hash label still fits 63 characters' },
  // The platform name becomes the operator's Service hivemq-<name>-cluster (63 characters).
  'hivemq.com/HiveMQPlatform': { max: 48, pattern: DNS1035_LABEL,
    rule: 'a DNS-1035 label that leaves room for the operator\'s Service \'hivemq-<name>-cluster\'' },
};

const registries = new WeakMap<IConstruct, ObjectRegistry>();

/** Where the objects of a chart go, as a message says it. */
export function namespaceText(namespace: string | undefined, clusterScoped = false): string {
  if (clusterScoped) return 'the whole Kubernetes cluster (the object is cluster-scoped)';
  return namespace === undefined
    ? 'the default namespace of kubectl apply (the charts set no namespace, so they share it)'
    : `namespace '${namespace}'`;
}

/**
 * Refuses a chart namespace Kubernetes would refuse (e.g. 'IoT'), naming the chart: every object of the chart goes there.
 * Returns the namespace.
 */
export function checkChartNamespace(scope: IConstruct): string | undefined {
  const chart = Chart.of(scope);
  if (chart.namespace !== undefined) {
    new Validator('Chart', chart.node.id).namespace('namespace', chart.namespace,
      'Use lowercase letters, digits and \'-\' (at most 63 characters, starting and ending with a letter or digit), e.g. \'iot\'.');
  }
  return chart.namespace;
}

export class ObjectRegistry {
  /** The registry of the App (the root of the construct tree) that `scope` belongs to. */
  public static of(scope: IConstruct): ObjectRegistry {
    const root = scope.node.root;
    let registry = registries.get(root);
    if (!registry) {
      registry = new ObjectRegistry();
      registries.set(root, registry);
    }
    return registry;
  }

  /**
   * The objects `scope` holds (its ApiObjects, anywhere below it), as claims: namespace from the object, which cdk8s
   * fills from the chart. `describe` names each by its construct id.
   */
  public static written(scope: IConstruct, describe: (id: string) => string = (id) => `its ${id}`): ObjectClaim[] {
    return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => ({
      group: o.apiGroup === 'core' ? '' : o.apiGroup,
      kind: o.kind,
      name: o.name,
      namespace: o.metadata.namespace,
      what: describe(o.node.id),
      path: o.node.path,
    }));
  }

  private readonly entries = new Map<string, Entry>();

  private constructor() {}

  /**
   * Registers every claim of one construct, or none: each name is first checked against its kind's rule, then against
   * every object already registered in the App and every other claim of the batch.
   */
  public claim(scope: IConstruct, owner: ClaimOwner, claims: ObjectClaim[]): void {
    const v = new Validator(owner.construct, owner.id);
    const chart = Chart.of(scope).node.id;
    const mine = `${owner.construct} '${owner.id}'`;
    for (const c of claims) checkName(v, c);
    const batch = new Map<string, Entry>();
    const collisions: Array<{ first: Entry; second: Entry }> = [];
    for (const c of claims) {
      const key = [c.group, c.kind, c.clusterScoped ? '\u0001cluster' : c.namespace ?? '', c.name].join('\u0000');
      const entry: Entry = { claim: c, owner: c.by ?? mine, chart, path: c.path ?? scope.node.path };
      const existing = this.entries.get(key) ?? batch.get(key);
      if (existing) collisions.push({ first: existing, second: entry });
      else batch.set(key, entry);
    }
    if (collisions.length) {
      // The workload first: it says most plainly that two things are one.
      collisions.sort((a, b) => priority(a.first.claim.kind) - priority(b.first.claim.kind));
      const [{ first, second }, ...more] = collisions;
      const kind = first.claim.kind;
      const claims = more.filter((x) => x.first.claim.kind === 'PersistentVolumeClaim').map((x) => `'${x.first.claim.name}'`);
      const others = more.filter((x) => x.first.claim.kind !== 'PersistentVolumeClaim').map((x) => `${x.first.claim.kind} '${x.first.claim.name}'`);
      const more3 = others.length > 3 ? ` and ${others.length - 3} other${others.length > 4 ? 's' : ''}` : '';
      const also = (others.length ? ` ${others.length} more of their objects collide too: ${others.slice(0, 3).join(', ')}${more3}.` : '')
        + (claims.length ? ` Their brokers would share volumes: PersistentVolumeClaim${claims.length > 1 ? 's' : ''} ${claims.join(', ')}.` : '');
      const secondWhat = second.owner === mine ? second.claim.what : `${second.claim.what}, written by ${second.owner}`;
      v.failRule(`the ${kind} name '${first.claim.name}' is already used by ${first.owner} in chart '${first.chart}' `
        + `(${first.claim.what}: ${first.path}); this ${kind} (${secondWhat}: ${second.path}, chart '${second.chart}') would replace it `
        + `in ${namespaceText(first.claim.namespace, first.claim.clusterScoped)}, as kubectl apply keeps only the last one.${also} `
        + 'Choose another name or construct id for one of them, or put one of them in a chart with another namespace.');
    }
    for (const [key, entry] of batch) this.entries.set(key, entry);
  }
}

const PRIORITY = ['StatefulSet', 'HiveMQPlatform', 'Service', 'PersistentVolumeClaim', 'Certificate', 'Secret'];
function priority(kind: string): number {
  const i = PRIORITY.indexOf(kind);
  return i < 0 ? PRIORITY.length : i;
}

function checkName(v: Validator, c: ObjectClaim): void {
  const rule = NAME_RULES[`${c.group}/${c.kind}`] ?? SUBDOMAIN;
  if (c.name.length <= rule.max && rule.pattern.test(c.name)) return;
  const object = `${c.kind} '${c.name}' (${c.what})`;
  if (c.from && c.name.length > rule.max && rule.pattern.test(c.name.slice(0, rule.max))) {
    const room = rule.max - (c.name.length - c.from.value.length);
    v.fail(c.from.prop, `makes the name of ${object} ${c.name.length} characters, over the ${rule.max} Kubernetes allows for a ${c.kind} name`,
      c.from.value, room > 0 ? `Shorten ${c.from.prop} to at most ${room} characters (it is ${c.from.value.length}).` : `Shorten ${c.from.prop}.`);
  }
  v.failRule(`the name of ${object} must be ${rule.rule} of at most ${rule.max} characters (got ${c.name.length}). `
    + `${c.from ? `It derives from ${c.from.prop} ('${c.from.value}'): change that.` : 'Choose another name.'}`);
}
