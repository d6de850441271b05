// The rules of the preflight, one function per kind of object. Each adds findings to a Findings collector.
import { brokerContainer, BrokerSet, claimTemplates, KubeObject, quantityBytes, replicas } from './broker-set';
import { versionChangeRisk } from './hivemq-versions';
import { at, changedPaths, isObject, Json, num, same, text } from './manifest-reader';
import { FindingCategory, PreflightFinding, PreflightRoll } from './preflight-result';

export class Findings {
  public readonly refused: PreflightFinding[] = [];
  public readonly risks: PreflightFinding[] = [];
  public readonly safe: PreflightFinding[] = [];
  public readonly rolls: PreflightRoll[] = [];
  /** Keys of the objects with a refused or risky finding: not listed again as safe. */
  public readonly flagged = new Set<string>();

  public add(category: FindingCategory, object: KubeObject, field: string, before: unknown, after: unknown, summary: string,
    procedure: string[] = []): void {
    const finding: PreflightFinding = { category, resource: object.label, field, before: text(before), after: text(after), summary, procedure };
    if (category === FindingCategory.SAFE) {
      this.safe.push(finding);
      return;
    }
    (category === FindingCategory.REFUSED ? this.refused : this.risks).push(finding);
    this.flagged.add(object.key);
  }
}

const ns = (object: KubeObject) => `-n ${object.namespace || 'default'}`;

/** The StatefulSet name and how to name it in commands: known in plain mode, the operator's in operator mode. */
function statefulSetName(set: BrokerSet): string {
  return set.operator ? '<sts>' : set.object.name;
}

function operatorNote(set: BrokerSet): string[] {
  return set.operator ? [`<sts> is the StatefulSet the HiveMQ Platform Operator made for platform '${set.object.name}': `
    + `find it with \`kubectl get statefulset ${ns(set.object)}\`. Whether the operator re-creates it with the new spec cannot be `
    + 'verified without a running operator: check that it does after the apply.'] : [];
}

function recreate(set: BrokerSet): string[] {
  return [`kubectl delete statefulset ${statefulSetName(set)} --cascade=orphan ${ns(set.object)}   # the brokers and their volumes keep running`,
    'Apply the new manifests: the new StatefulSet takes over the running brokers whose labels its selector matches, and their claims '
      + '(same names).'];
}

/** StatefulSet fields the API server refuses to change (kube-apiserver pkg/apis/apps/validation ValidateStatefulSetUpdate). */
export function checkImmutableFields(before: BrokerSet, after: BrokerSet, findings: Findings): void {
  if (after.operator) return; // the operator writes selector, serviceName and podManagementPolicy itself
  const rules: Array<[string, string]> = [
    ['selector', 'the new selector does not match the running brokers, so the re-created StatefulSet cannot adopt them: after the apply, '
      + `delete the old pods one at a time (\`kubectl delete pod ${after.object.name}-<n> ${ns(after.object)}\`, ordinal 0 first, each after `
      + 'the new pod that replaced the previous one is ready); their claims keep their names and are reused'],
    ['serviceName', 'the brokers keep their old DNS names until each is restarted'],
    ['podManagementPolicy', 'the new policy applies from the next roll on'],
  ];
  for (const [field, consequence] of rules) {
    if (same(before.spec[field], after.spec[field])) continue;
    findings.add(FindingCategory.REFUSED, after.object, `spec.${field}`, before.spec[field], after.spec[field],
      `Kubernetes refuses a change of a StatefulSet's ${field} (field is immutable); ${consequence}.`, recreate(after));
  }
}

/** Claim templates: refused as a whole; a bigger size has a safe procedure, a smaller size or another class risks data. */
export function checkClaimTemplates(before: BrokerSet, after: BrokerSet, findings: Findings): void {
  const field = `${after.specPath}.volumeClaimTemplates`;
  if (same(before.spec.volumeClaimTemplates, after.spec.volumeClaimTemplates)) return;
  const oldTemplates = claimTemplates(before);
  const steps: string[] = [];
  for (const [name, template] of claimTemplates(after)) {
    const old = oldTemplates.get(name);
    if (!old) continue;
    const sizePath = 'spec.resources.requests.storage';
    const [oldSize, newSize] = [at(old, sizePath), at(template, sizePath)];
    const [oldBytes, newBytes] = [quantityBytes(oldSize), quantityBytes(newSize)];
    const [oldClass, newClass] = [at(old, 'spec.storageClassName'), at(template, 'spec.storageClassName')];
    if (oldBytes !== undefined && newBytes !== undefined && newBytes < oldBytes) {
      findings.add(FindingCategory.RISK, after.object, `${field}[${name}].${sizePath}`, oldSize, newSize,
        'a smaller volume: Kubernetes cannot shrink a volume, so the existing claims keep their size and new brokers get less room than '
        + 'the data the cluster already holds.', ['Keep the old size, or move the data to a new cluster with the smaller volumes.']);
    }
    if (!same(oldClass, newClass)) {
      findings.add(FindingCategory.RISK, after.object, `${field}[${name}].spec.storageClassName`, oldClass, newClass,
        'a storage class change: existing claims stay on the old class (a claim\'s class cannot change); only new brokers get the new one, '
        + 'and moving the data needs a new claim per broker.', ['Keep the old class, or plan a migration: one broker at a time, delete its '
        + 'claim and pod so that it starts empty on the new class and receives its replicas from the others.']);
    }
    if (oldBytes !== undefined && newBytes !== undefined && newBytes > oldBytes) {
      steps.push(...growSteps(before, after, name, String(newSize), newClass));
    }
  }
  const [was, is] = describeDiff(before.spec.volumeClaimTemplates, after.spec.volumeClaimTemplates);
  findings.add(FindingCategory.REFUSED, after.object, field, was, is,
    after.operator ? 'the HiveMQ Platform Operator cannot carry a claim-template change into its StatefulSet: Kubernetes refuses it '
      + '(spec.volumeClaimTemplates: field is immutable).'
      : 'Kubernetes refuses a change of a StatefulSet\'s volumeClaimTemplates (spec.volumeClaimTemplates: field is immutable).',
    [...operatorNote(after), ...steps, ...recreate(after)]);
}

/** The changed leaves of two values as `path=value` lists, short enough to read. */
function describeDiff(before: unknown, after: unknown): [string, string] {
  const paths = changedPaths(before, after, '', 8);
  const show = (value: unknown) => paths.map((path) => `${path}=${text(at(value, path)) || '(none)'}`).join(', ');
  return [show(before), show(after)];
}

function growSteps(before: BrokerSet, after: BrokerSet, claim: string, size: string, storageClass: unknown): string[] {
  const count = replicas(before) ?? replicas(after) ?? 1;
  const check = typeof storageClass === 'string' ? `\`kubectl get storageclass ${storageClass} -o jsonpath='{.allowVolumeExpansion}'\` prints true`
    : 'the cluster\'s default StorageClass (marked (default) in `kubectl get storageclass`) has allowVolumeExpansion: true';
  const patch = JSON.stringify({ spec: { resources: { requests: { storage: size } } } });
  return [`Only if ${check} (otherwise the claims cannot grow in place: migrate one broker at a time to a new, bigger claim), `
    + 'grow every claim, in order:',
  ...Array.from({ length: count }, (_unused, ordinal) =>
    `kubectl patch pvc ${claim}-${statefulSetName(after)}-${ordinal} ${ns(after.object)} -p '${patch}'`)];
}

/** Changes Kubernetes accepts that risk data or availability. */
export function checkBrokerRisks(before: BrokerSet, after: BrokerSet, findings: Findings): void {
  const [oldReplicas, newReplicas] = [replicas(before), replicas(after)];
  if (oldReplicas !== undefined && newReplicas !== undefined && oldReplicas - newReplicas > 1) {
    findings.add(FindingCategory.RISK, after.object, `${after.specPath}.replicas`, oldReplicas, newReplicas,
      `${oldReplicas - newReplicas} fewer brokers at once: brokers leaving faster than they hand over their replicas can lose data.`,
      Array.from({ length: oldReplicas - newReplicas }, (_unused, step) => `Set replicas to ${oldReplicas - step - 1}, apply, and wait until `
        + 'the remaining brokers are ready and the cluster has re-replicated (HiveMQ Control Center or metrics) before the next step.'));
  }
  for (const when of ['whenDeleted', 'whenScaled']) {
    const path = `persistentVolumeClaimRetentionPolicy.${when}`;
    if (at(after.spec, path) === 'Delete' && at(before.spec, path) !== 'Delete') {
      findings.add(FindingCategory.RISK, after.object, `${after.specPath}.${path}`, at(before.spec, path), 'Delete',
        `PVC retention changed to Delete: the brokers' volumes are deleted ${when === 'whenDeleted' ? 'with the StatefulSet' : 'on scale-in'}.`,
        ['Keep Retain unless losing the data on that event is intended; back up the volumes first.']);
    }
  }
  const [oldImage, newImage] = [brokerContainer(before)?.image, brokerContainer(after)?.image];
  const risk = typeof oldImage === 'string' && typeof newImage === 'string' ? versionChangeRisk(oldImage, newImage) : undefined;
  if (risk) findings.add(FindingCategory.RISK, after.object, `${after.specPath}.template.spec.containers[hivemq].image`, oldImage, newImage,
    `${risk.summary}.`, risk.procedure);
}

/** A pod template change rolls every broker, one at a time. */
export function checkRoll(before: BrokerSet, after: BrokerSet, findings: Findings, reason?: string): void {
  if (!reason && same(before.spec.template, after.spec.template)) return;
  findings.rolls.push(roll(after, reason ?? `${after.specPath}.template changed`));
}

export function roll(set: BrokerSet, reason: string): PreflightRoll {
  const brokers = replicas(set);
  const minReady = num(set.spec.minReadySeconds) ?? 0;
  const probe = brokerContainer(set)?.startupProbe;
  if (!isObject(probe)) {
    return { resource: set.object.label, reason, brokers, estimate: `${brokers ?? 'all'} brokers, one at a time; no estimate: the startup probe `
      + `is not in the manifests${set.operator ? ' (the operator sets it)' : ''}.` };
  }
  const [delay, failures, period] = [num(probe.initialDelaySeconds) ?? 0, num(probe.failureThreshold) ?? 3, num(probe.periodSeconds) ?? 10];
  const perBroker = minReady + delay + failures * period;
  const formula = `minReadySeconds ${minReady} + startup probe (initialDelaySeconds ${delay} + failureThreshold ${failures} × periodSeconds `
    + `${period}) = ${perBroker} s per broker`;
  if (brokers === undefined) {
    return { resource: set.object.label, reason, secondsPerBroker: perBroker, estimate: `at most ${formula}; replicas are not in the manifests `
      + '(an autoscaler sets them), multiply by the running brokers.' };
  }
  return { resource: set.object.label, reason, brokers, secondsPerBroker: perBroker, estimatedSeconds: brokers * perBroker,
    estimate: `at most ${brokers} brokers × (${formula}) = ${brokers * perBroker} s, plus each broker's shutdown handover.` };
}

/**
 * Service changes, as kube-apiserver 1.37 answers them (test/apiserver.test.ts, "the preflight's Service verdicts"):
 * a new explicit clusterIP ("None" or an address) is refused ("spec.clusterIPs[0]: … may not change once set"); leaving out
 * clusterIP None is accepted but ignored (the Service stays headless); a type change to or from ExternalName is accepted.
 */
export function checkService(before: KubeObject, after: KubeObject | undefined, findings: Findings): void {
  const [oldType, newType] = [at(before.body, 'spec.type') ?? 'ClusterIP', after ? at(after.body, 'spec.type') ?? 'ClusterIP' : undefined];
  const cutOff = 'clients connecting through it are cut off.';
  if (oldType === 'LoadBalancer' && newType !== 'LoadBalancer') {
    findings.add(FindingCategory.RISK, after ?? before, 'spec.type', oldType, newType ?? '', after
      ? `the load balancer is removed: its cloud load balancer and external address are released, and ${cutOff}`
      : `a load balancer Service is removed: its cloud load balancer and external address are released, and ${cutOff}`,
    ['Keep the load balancer until clients use another address; a re-created one usually gets a new address.']);
  }
  if (!after) return;
  if (newType === 'ExternalName' && oldType !== 'ExternalName') {
    findings.add(FindingCategory.RISK, after, 'spec.type', oldType, newType, 'the Service becomes a DNS alias (ExternalName): its name no '
      + 'longer reaches the brokers (for the governing Service of the StatefulSet, the DNS names of the brokers and cluster discovery break).',
    ['Keep the type unless clients and brokers no longer need this name to reach the brokers.']);
  }
  const [oldIp, newIp] = [at(before.body, 'spec.clusterIP'), at(after.body, 'spec.clusterIP')];
  const procedure = [`kubectl delete service ${after.name} ${ns(after)}   # the name does not resolve until the apply`, 'Apply the new manifests.'];
  if (newType === 'ExternalName' || oldType === 'ExternalName') return; // the server clears or allocates clusterIP itself
  if (typeof newIp === 'string' && newIp !== '' && newIp !== oldIp) {
    findings.add(FindingCategory.REFUSED, after, 'spec.clusterIP', oldIp ?? '(allocated)', newIp,
      'Kubernetes refuses a new clusterIP on an existing Service (spec.clusterIPs[0]: may not change once set).', procedure);
  } else if (oldIp === 'None' && (newIp === undefined || newIp === '')) {
    findings.add(FindingCategory.REFUSED, after, 'spec.clusterIP', oldIp, '(allocated)', 'Kubernetes accepts the apply but keeps clusterIP '
      + 'None: the Service stays headless until it is re-created.', procedure);
  }
}

/** Operator mode: load balancers are entries of the HiveMQPlatform's spec.services. */
export function checkOperatorServices(before: KubeObject, after: KubeObject, findings: Findings): void {
  const loadBalancers = (object: KubeObject) => {
    const services = at(object.body, 'spec.services');
    return new Set((Array.isArray(services) ? services as unknown[] : [])
      .filter((service) => isObject(service) && at(service, 'spec.type') === 'LoadBalancer').map((service) => String(at(service, 'metadata.name'))));
  };
  const kept = loadBalancers(after);
  for (const name of loadBalancers(before)) {
    if (kept.has(name)) continue;
    findings.add(FindingCategory.RISK, after, `spec.services[${name}]`, name, '', `the load balancer '${name}' is removed: its cloud load `
      + 'balancer and external address are released, and clients connecting through it are cut off.',
    ['Keep the load balancer until clients use another address; a re-created one usually gets a new address.']);
  }
}

/** HiveMQ's replication in config.xml (`<replica-count>`). */
export function checkReplication(before: KubeObject, after: KubeObject, findings: Findings): void {
  const count = (object: KubeObject): [string, number] | undefined => {
    const data = at(object.body, 'data');
    for (const [key, value] of Object.entries(isObject(data) ? data : {})) {
      const match = typeof value === 'string' ? /<replica-count>\s*(\d+)\s*<\/replica-count>/.exec(value) : null;
      if (match) return [key, Number(match[1])];
    }
    return undefined;
  };
  const [old, current] = [count(before), count(after)];
  if (old && current && current[1] < old[1]) {
    findings.add(FindingCategory.RISK, after, `data.${current[0]}:replica-count`, old[1], current[1], `lower replication (${old[1]} → `
      + `${current[1]} copies of every persisted item): fewer broker failures can be survived without losing data.`,
    ['Lower replication only on purpose, and never to fewer copies than the failures you must survive + 1.']);
  }
}

export type ObjectPair = [KubeObject, KubeObject];
export const specOf = (object: KubeObject): Json | undefined => (isObject(object.body.spec) ? object.body.spec : undefined);
