import { BrokerSet, brokerSet, hasHiveMQLabels, KubeObject, kubeObject } from './broker-set';
import { changedPaths, Json, readManifestFolder, same } from './manifest-reader';
import {
  checkBrokerRisks, checkClaimTemplates, checkImmutableFields, checkOperatorServices, checkReplication, checkRoll, checkService, Findings, roll,
} from './preflight-checks';
import { FindingCategory, PreflightResult, PreflightVerdict } from './preflight-result';
import { inputError } from '../validation/input-error';

/**
 * Compares two synthesized outputs (the manifests applied now and the ones about to be applied) object by object, and says
 * what Kubernetes will refuse, what risks data or availability, which brokers roll and for how long, and what is safe.
 * Objects are paired by apiVersion group, kind, namespace and name. Works for plain and operator mode.
 */
export class Preflight {
  /**
   * Compares two lists of Kubernetes objects (parsed manifests, e.g. `Testing.synth(chart)` or YAML documents).
   * @param before the objects as applied now
   * @param after the objects about to be applied
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for any JSON value in every language; Testing.synth() returns any[]
  public static compare(before: any[], after: any[]): PreflightResult {
    const [old, current] = [index(before, 'before'), index(after, 'after')];
    const findings = new Findings();
    const pairs: Array<[KubeObject, KubeObject]> = [...current.values()].filter((object) => old.has(object.key))
      .map((object) => [old.get(object.key)!, object]);
    for (const [was, is] of pairs) comparePair(was, is, findings);
    for (const [was, is] of pairs) configRolls(was, is, pairs, findings);
    const removed = [...old.values()].filter((object) => !current.has(object.key));
    const added = [...current.values()].filter((object) => !old.has(object.key));
    clusterIdentity(removed, added, findings);
    for (const object of removed) if (object.kind === 'Service') checkService(object, undefined, findings);
    listSafe(pairs, removed, added, findings);
    const verdict = findings.refused.length > 0 ? PreflightVerdict.NEEDS_MANUAL_STEP
      : findings.risks.length > 0 ? PreflightVerdict.RISKS_DATA : PreflightVerdict.SAFE;
    return { verdict, exitCode: verdict === PreflightVerdict.SAFE ? 0 : 1, refused: findings.refused, risks: findings.risks,
      rolls: findings.rolls, safe: findings.safe };
  }

  /**
   * Reads every *.yaml / *.yml file of both folders (multi-document YAML) and compares them.
   * Throws an Error with a one-line message for a missing folder, unparsable YAML or a document that is not a Kubernetes object.
   * @param beforeDir the folder with the manifests as applied now (e.g. the GitOps repository's)
   * @param afterDir the folder with the newly synthesized manifests
   */
  public static compareFolders(beforeDir: string, afterDir: string): PreflightResult {
    return Preflight.compare(readManifestFolder(beforeDir), readManifestFolder(afterDir));
  }

  private constructor() {}
}

function index(objects: unknown[], side: string): Map<string, KubeObject> {
  const map = new Map<string, KubeObject>();
  for (const body of objects as Json[]) {
    const object = kubeObject(body);
    if (map.has(object.key)) throw inputError(`Preflight: ${object.label} appears twice in the ${side} manifests; each object must be unique.`);
    map.set(object.key, object);
  }
  return map;
}

function comparePair(was: KubeObject, is: KubeObject, findings: Findings): void {
  const [oldSet, newSet] = [brokerSet(was), brokerSet(is)];
  if (oldSet && newSet) {
    checkImmutableFields(oldSet, newSet, findings);
    checkClaimTemplates(oldSet, newSet, findings);
    checkBrokerRisks(oldSet, newSet, findings);
    checkRoll(oldSet, newSet, findings);
  }
  if (is.kind === 'HiveMQPlatform') checkOperatorServices(was, is, findings);
  if (is.kind === 'Service') checkService(was, is, findings);
  if (is.kind === 'ConfigMap') checkReplication(was, is, findings);
}

/**
 * Operator mode: the pod template carries no config hash; the operator restarts the brokers itself when the ConfigMap
 * named in spec.configMapName changes (README, "Plain manifests or the HiveMQ Platform Operator").
 */
function configRolls(was: KubeObject, is: KubeObject, pairs: Array<[KubeObject, KubeObject]>, findings: Findings): void {
  if (is.kind !== 'ConfigMap' || same(was.body.data, is.body.data)) return;
  for (const [platformBefore, platform] of pairs) {
    const set = brokerSet(platform);
    const oldSet = brokerSet(platformBefore);
    if (!set?.operator || !oldSet || platform.namespace !== is.namespace) continue;
    const spec = platform.body.spec as Json;
    if (spec.configMapName !== is.name || findings.rolls.some((known) => known.resource === platform.label)) continue;
    findings.rolls.push(roll(set, `ConfigMap ${is.name} changed (the operator restarts the brokers)`));
  }
}

/** A broker set that disappears while another appears: a namespace change or a rename, either way a new, empty cluster. */
function clusterIdentity(removed: KubeObject[], added: KubeObject[], findings: Findings): void {
  const sets = (objects: KubeObject[]) => objects.map(brokerSet).filter((set): set is BrokerSet => set !== undefined);
  const newSets = sets(added);
  for (const gone of sets(removed)) {
    const moved = newSets.find((set) => set.object.kind === gone.object.kind && set.object.name === gone.object.name);
    const renamed = moved ? undefined : newSets.find((set) => set.object.kind === gone.object.kind && set.object.namespace === gone.object.namespace
      && hasHiveMQLabels(set.object) && hasHiveMQLabels(gone.object));
    const volumes = `its volumes (claims ${gone.operator ? 'of the operator\'s StatefulSet' : `*-${gone.object.name}-<n>`} in namespace `
      + `${gone.object.namespace || 'default'}) are orphaned`;
    findings.flagged.add(gone.object.key);
    const keep = 'To keep the cluster, keep its name and namespace (in cdk8s-hivemq: the construct id and the chart\'s namespace).';
    if (moved) {
      findings.add(FindingCategory.RISK, moved.object, 'metadata.namespace', gone.object.namespace, moved.object.namespace,
        `a namespace change: ${moved.object.label} is a new, empty cluster; ${gone.object.label} is deleted on prune and ${volumes}.`,
        [keep, 'To move on purpose: run both, move the clients, then delete the old cluster and its claims.']);
    } else if (renamed) {
      findings.add(FindingCategory.RISK, renamed.object, 'metadata.name', gone.object.name, renamed.object.name,
        `a cluster rename: ${renamed.object.label} is a new, empty cluster; ${gone.object.label} is deleted on prune and ${volumes}.`,
        [keep, 'To rename on purpose: run both, move the clients, then delete the old cluster and its claims.']);
    } else {
      findings.add(FindingCategory.RISK, gone.object, 'metadata.name', gone.object.name, '',
        `the cluster is removed: its brokers stop on prune and ${volumes} (deleted with them under PVC retention Delete).`,
        ['Remove a cluster only on purpose, after its clients have moved.']);
    }
  }
}

function listSafe(pairs: Array<[KubeObject, KubeObject]>, removed: KubeObject[], added: KubeObject[], findings: Findings): void {
  for (const [was, is] of pairs) {
    if (findings.flagged.has(is.key) || same(was.body, is.body)) continue;
    const paths = changedPaths(was.body, is.body, '', 4);
    findings.add(FindingCategory.SAFE, is, paths.join(', '), '', '', `changed: ${paths.join(', ')}.`);
  }
  for (const object of added) if (!findings.flagged.has(object.key)) findings.add(FindingCategory.SAFE, object, '', '', '', 'added.');
  for (const object of removed) if (!findings.flagged.has(object.key)) findings.add(FindingCategory.SAFE, object, '', '', '', 'removed.');
}
