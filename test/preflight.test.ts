// The preflight: two outputs synthesized with the library per change class (plain and operator mode), written to folders,
// compared the way `cdk8s-hivemq preflight` does (runPreflightCommand is the CLI's action; test/cli.test.ts runs the bin).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as yaml from 'yaml';
import {
  DeploymentMode, FindingCategory, HiveMQCluster, HiveMQClusterProps, LoadBalancerProvider, MqttLoadBalancer, Preflight, PreflightResult,
  PreflightVerdict, PvcRetention, StorageProfile,
} from '../lib';
import { steppingStones, versionChangeRisk } from '../lib/preflight/hivemq-versions';
import { runPreflightCommand } from '../lib/preflight/preflight-report';
import { Manifest } from './util';

const OPERATOR = DeploymentMode.platformOperator({ schedulableNodes: 6 });
const MODES: Array<[string, HiveMQClusterProps]> = [['plain', {}], ['operator', { mode: OPERATOR }]];

interface Output { readonly props?: HiveMQClusterProps; readonly id?: string; readonly namespace?: string; readonly loadBalancer?: boolean }

function synth({ props = {}, id = 'broker', namespace = 'iot', loadBalancer = false }: Output): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const cluster = new HiveMQCluster(chart, id, props);
  if (loadBalancer) new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.awsNlb() });
  return Testing.synth(chart) as Manifest[];
}

let root: string;
beforeAll(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-')); });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function folder(manifests: Manifest[]): string {
  const dir = fs.mkdtempSync(path.join(root, 'out-'));
  fs.writeFileSync(path.join(dir, 'test.k8s.yaml'), manifests.map((m) => yaml.stringify(m)).join('---\n'));
  return dir;
}

/** Both outputs written to folders, compared by the CLI's action (text and JSON) and by the library: all three must agree. */
function preflight(before: Manifest[], after: Manifest[]): PreflightResult {
  const [beforeDir, afterDir] = [folder(before), folder(after)];
  const json = runPreflightCommand(beforeDir, afterDir, true, false);
  const textOutput = runPreflightCommand(beforeDir, afterDir, false, false);
  const result = JSON.parse(json.stdout) as PreflightResult;
  expect(json.exitCode).toBe(result.exitCode);
  expect(textOutput.exitCode).toBe(result.exitCode);
  expect(json.stderr + textOutput.stderr).toBe('');
  expect(JSON.parse(JSON.stringify(Preflight.compare(before, after)))).toEqual(result);
  expect(result.exitCode).toBe(result.verdict === PreflightVerdict.SAFE ? 0 : 1);
  return result;
}

const fields = (result: PreflightResult, category: FindingCategory) =>
  (category === FindingCategory.REFUSED ? result.refused : category === FindingCategory.RISK ? result.risks : result.safe)
    .map((finding) => `${finding.resource} ${finding.field}`);

describe.each(MODES)('%s mode', (mode, modeProps) => {
  const brokers = mode === 'plain' ? 'StatefulSet iot/broker' : 'HiveMQPlatform iot/broker';
  const specPath = mode === 'plain' ? 'spec' : 'spec.statefulSet.spec';
  const out = (props: HiveMQClusterProps = {}, extra: Output = {}) => synth({ ...extra, props: { ...modeProps, ...props } });

  test('no change: SAFE, exit 0, "No changes."', () => {
    const result = preflight(out(), out());
    expect(result).toEqual({ verdict: PreflightVerdict.SAFE, exitCode: 0, refused: [], risks: [], rolls: [], safe: [] });
    expect(runPreflightCommand(folder(out()), folder(out()), false, false).stdout).toBe('Preflight: SAFE to apply\nNo changes.\n');
  });

  test('one more broker: SAFE, listed as a safe change, no roll', () => {
    const result = preflight(out(), out({ replicas: 4 }));
    expect(result.verdict).toBe(PreflightVerdict.SAFE);
    expect(result.rolls).toEqual([]);
    expect(result.safe).toContainEqual(expect.objectContaining({ category: FindingCategory.SAFE, resource: brokers,
      summary: expect.stringContaining(`${specPath}.replicas`) }));
  });

  test('one broker fewer is safe; two fewer at once risks data, with one step per broker', () => {
    expect(preflight(out({ replicas: 5 }), out({ replicas: 4 })).verdict).toBe(PreflightVerdict.SAFE);
    const result = preflight(out({ replicas: 5 }), out({ replicas: 3 }));
    expect(result.verdict).toBe(PreflightVerdict.RISKS_DATA);
    expect(result.risks).toEqual([expect.objectContaining({ resource: brokers, field: `${specPath}.replicas`, before: '5', after: '3' })]);
    expect(result.risks[0].procedure).toEqual([expect.stringMatching(/^Set replicas to 4, apply, and wait/),
      expect.stringMatching(/^Set replicas to 3, apply/)]);
  });

  test('a config.xml change rolls every broker', () => {
    const result = preflight(out(), out({ mqttMaxKeepAlive: Duration.seconds(240) }));
    expect(result.verdict).toBe(PreflightVerdict.SAFE);
    expect(result.rolls).toEqual([expect.objectContaining({ resource: brokers, brokers: 3 })]);
    if (mode === 'plain') {
      // minReadySeconds 30 + startup probe 60 × 10 s (startupTimeout 10 min) per broker.
      expect(result.rolls[0]).toMatchObject({ secondsPerBroker: 630, estimatedSeconds: 1890,
        estimate: 'at most 3 brokers × (minReadySeconds 30 + startup probe (initialDelaySeconds 0 + failureThreshold 60 × periodSeconds 10) '
          + '= 630 s per broker) = 1890 s, plus each broker\'s shutdown handover.' });
    } else {
      expect(result.rolls[0].reason).toBe('ConfigMap broker-config changed (the operator restarts the brokers)');
      expect(result.rolls[0].estimatedSeconds).toBeUndefined();
      expect(result.rolls[0].estimate).toMatch(/no estimate: the startup probe is not in the manifests \(the operator sets it\)/);
    }
  });

  test('a bigger volume is refused, with the PVC patches per ordinal, in order, then the orphaning delete', () => {
    const result = preflight(out(), out({ storage: StorageProfile.persistent({ size: Size.gibibytes(200), storageClassName: 'gp3' }) }));
    // The storage class also changes (default → gp3): that is a separate risk.
    expect(result.verdict).toBe(PreflightVerdict.NEEDS_MANUAL_STEP);
    const refused = result.refused.find((finding) => finding.field === `${specPath}.volumeClaimTemplates`)!;
    expect(refused.before).toMatch(/storage=100Gi/);
    expect(refused.after).toMatch(/storage=200Gi/);
    const sts = mode === 'plain' ? 'broker' : '<sts>';
    const patches = refused.procedure.filter((step) => step.startsWith('kubectl patch pvc'));
    const patch = '\'{"spec":{"resources":{"requests":{"storage":"200Gi"}}}}\'';
    expect(patches).toEqual([0, 1, 2].map((n) => `kubectl patch pvc data-${sts}-${n} -n iot -p ${patch}`));
    const steps = refused.procedure.join('\n');
    expect(steps).toContain('kubectl get storageclass gp3 -o jsonpath=\'{.allowVolumeExpansion}\'` prints true');
    expect(steps.indexOf('kubectl patch pvc')).toBeLessThan(steps.indexOf(`kubectl delete statefulset ${sts} --cascade=orphan -n iot`));
    expect(fields(result, FindingCategory.RISK)).toEqual([`${brokers} ${specPath}.volumeClaimTemplates[data].spec.storageClassName`]);
  });

  test('a smaller volume risks data (and is refused)', () => {
    const result = preflight(out({ storage: StorageProfile.persistent({ size: Size.gibibytes(200) }) }), out());
    expect(fields(result, FindingCategory.RISK)).toEqual([`${brokers} ${specPath}.volumeClaimTemplates[data].spec.resources.requests.storage`]);
    expect(fields(result, FindingCategory.REFUSED)).toEqual([`${brokers} ${specPath}.volumeClaimTemplates`]);
    expect(result.refused[0].procedure.some((step) => step.startsWith('kubectl patch'))).toBe(false);
  });

  test('PVC retention changed to Delete risks data', () => {
    const result = preflight(out(), out({ storage: StorageProfile.persistent({ whenDeleted: PvcRetention.DELETE, nonProduction: true }) }));
    expect(result.verdict).toBe(PreflightVerdict.RISKS_DATA);
    expect(result.risks).toEqual([expect.objectContaining({ field: `${specPath}.persistentVolumeClaimRetentionPolicy.whenDeleted`,
      before: 'Retain', after: 'Delete' })]);
  });

  test('lower replication (config.xml replica-count) risks data', () => {
    const result = preflight(out({ replicas: 4, replication: 3 }), out({ replicas: 4, replication: 2 }));
    expect(result.verdict).toBe(PreflightVerdict.RISKS_DATA);
    expect(result.risks).toEqual([expect.objectContaining({ resource: 'ConfigMap iot/broker-config', field: 'data.config.xml:replica-count',
      before: '3', after: '2' })]);
  });

  test('a rename is a new cluster: risk, the old volumes orphaned', () => {
    const result = preflight(out(), synth({ id: 'mqtt', props: modeProps }));
    expect(result.verdict).toBe(PreflightVerdict.RISKS_DATA);
    expect(result.risks).toEqual([expect.objectContaining({ resource: brokers.replace('broker', 'mqtt'), field: 'metadata.name', before: 'broker',
      after: 'mqtt', summary: expect.stringMatching(/^a cluster rename: .* is a new, empty cluster; .* volumes .* are orphaned\.$/) })]);
  });

  test('a namespace change is a new cluster: risk', () => {
    const result = preflight(out(), synth({ namespace: 'iot2', props: modeProps }));
    expect(result.risks).toEqual([expect.objectContaining({ resource: brokers.replace('iot/', 'iot2/'), field: 'metadata.namespace', before: 'iot',
      after: 'iot2' })]);
  });

  test('a removed load balancer risks availability', () => {
    const result = preflight(out({}, { loadBalancer: true }), out());
    expect(result.verdict).toBe(PreflightVerdict.RISKS_DATA);
    expect(fields(result, FindingCategory.RISK)).toEqual([mode === 'plain' ? 'Service iot/broker-public spec.type'
      : 'HiveMQPlatform iot/broker spec.services[broker-public]']);
    expect(preflight(out(), out({}, { loadBalancer: true })).verdict).toBe(PreflightVerdict.SAFE);
  });

  test.each([
    ['4.40.0', '4.54.0', undefined],
    ['4.54.0', '4.53.2', /^a HiveMQ downgrade \(4\.54\.0 → 4\.53\.2\)/],
    ['4.54.0', '5.0.0', /^a major HiveMQ upgrade/],
    ['4.20.0', '4.54.0', /^a HiveMQ upgrade past the rolling-upgrade window \(4\.20\.0 → 4\.54\.0, 34 releases; at most 18 from 4\.20\)/],
  ])('version %s → %s', (from, to, risk) => {
    const result = preflight(out({ version: from }), out({ version: to }));
    expect(result.rolls).toHaveLength(1);
    if (!risk) {
      expect(result.verdict).toBe(PreflightVerdict.SAFE);
    } else {
      expect(result.risks).toEqual([expect.objectContaining({ resource: brokers, field: `${specPath}.template.spec.containers[hivemq].image`,
        summary: expect.stringMatching(risk) })]);
    }
  });
});

describe('plain mode: StatefulSet and Service fields the API server refuses', () => {
  const edit = (manifests: Manifest[], kind: string, name: string, change: (m: Manifest) => void) => manifests.map((m) => {
    if (m.kind !== kind || m.metadata.name !== name) return m;
    const copy = structuredClone(m);
    change(copy);
    return copy;
  });

  test.each([
    ['selector', (m: Manifest) => { m.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'renamed'; }],
    ['serviceName', (m: Manifest) => { m.spec.serviceName = 'other'; }],
    ['podManagementPolicy', (m: Manifest) => { m.spec.podManagementPolicy = 'Parallel'; }],
  ])('%s: refused, with the orphaning delete', (field, change) => {
    const result = preflight(synth({}), edit(synth({}), 'StatefulSet', 'broker', change));
    expect(result.verdict).toBe(PreflightVerdict.NEEDS_MANUAL_STEP);
    expect(result.refused).toEqual([expect.objectContaining({ resource: 'StatefulSet iot/broker', field: `spec.${field}` })]);
    expect(result.refused[0].procedure[0])
      .toBe('kubectl delete statefulset broker --cascade=orphan -n iot   # the brokers and their volumes keep running');
  });

  // kube-apiserver's verdicts on these changes are in test/apiserver.test.ts ("the preflight's Service verdicts").
  test('Service: a new clusterIP is refused; dropping clusterIP None is ignored; both need the delete', () => {
    const procedure = ['kubectl delete service broker -n iot   # the name does not resolve until the apply', 'Apply the new manifests.'];
    const toHeadless = preflight(synth({}), edit(synth({}), 'Service', 'broker', (m) => { m.spec.clusterIP = 'None'; }));
    expect(toHeadless.refused).toEqual([expect.objectContaining({ resource: 'Service iot/broker', field: 'spec.clusterIP', before: '(allocated)',
      after: 'None', procedure })]);
    const headless = preflight(synth({}), edit(synth({}), 'Service', 'broker-cluster', (m) => { delete m.spec.clusterIP; }));
    expect(headless.verdict).toBe(PreflightVerdict.NEEDS_MANUAL_STEP);
    expect(headless.refused).toEqual([expect.objectContaining({ resource: 'Service iot/broker-cluster', field: 'spec.clusterIP', before: 'None',
      after: '(allocated)', summary: expect.stringMatching(/accepts the apply but keeps clusterIP None/) })]);
  });

  test('Service: a type change to ExternalName is accepted by Kubernetes but risks availability; back from it is safe', () => {
    const external = edit(synth({}), 'Service', 'broker', (m) => { m.spec = { type: 'ExternalName', externalName: 'a.example' }; });
    const result = preflight(synth({}), external);
    expect(result.verdict).toBe(PreflightVerdict.RISKS_DATA);
    expect(result.risks).toEqual([expect.objectContaining({ resource: 'Service iot/broker', field: 'spec.type', before: 'ClusterIP',
      after: 'ExternalName' })]);
    expect(preflight(external, synth({})).verdict).toBe(PreflightVerdict.SAFE);
  });

  test('the report: sections and colour only when asked (a TTY)', () => {
    const [before, after] = [folder(synth({ props: { replicas: 5 } })), folder(synth({ props: { replicas: 3, version: '4.20.0' } }))];
    const plainText = runPreflightCommand(before, after, false, false).stdout;
    expect(plainText).toMatch(/^Preflight: RISKS DATA OR AVAILABILITY: read before applying\n\nRisks data or availability \(2\):\n/);
    expect(plainText).toContain('\nRolls (1):\n  - StatefulSet iot/broker: spec.template changed\n');
    expect(plainText).not.toContain('\u001b[');
    expect(runPreflightCommand(before, after, false, true).stdout).toContain('\u001b[33m');
  });
});

describe('bad input: exit 2 with a one-line error', () => {
  test.each([
    ['a missing folder', () => [path.join(os.tmpdir(), 'no-such-preflight-folder'), folder(synth({}))],
      /^cdk8s-hivemq: preflight: '.*no-such-preflight-folder' is not a folder \(got nothing\)\.\n$/],
    ['unparsable YAML', () => {
      const dir = fs.mkdtempSync(path.join(root, 'bad-'));
      fs.writeFileSync(path.join(dir, 'broken.yaml'), 'kind: [unclosed\n');
      return [folder(synth({})), dir];
    }, /^cdk8s-hivemq: preflight: .*broken\.yaml: not valid YAML \(.*\)\.\n$/],
    ['a document that is not a Kubernetes object', () => {
      const dir = fs.mkdtempSync(path.join(root, 'bad-'));
      fs.writeFileSync(path.join(dir, 'list.yml'), '- a\n- b\n');
      return [dir, folder(synth({}))];
    }, /^cdk8s-hivemq: preflight: .*list\.yml: document 1 is not a Kubernetes object \(it needs kind and metadata\.name\)\.\n$/],
  ])('%s', (_name, dirs, message) => {
    const [before, after] = dirs();
    const output = runPreflightCommand(before, after, true, false);
    expect(output).toEqual({ exitCode: 2, stdout: '', stderr: expect.stringMatching(message) });
  });
});

describe('HiveMQ rolling-upgrade window', () => {
  test('stepping stones: 18 releases at a time from 4.9, one at a time before', () => {
    expect(steppingStones({ major: 4, minor: 20, patch: 0 }, { major: 4, minor: 54, patch: 0 })).toEqual(['4.38.x']);
    expect(steppingStones({ major: 4, minor: 9, patch: 0 }, { major: 4, minor: 27, patch: 0 })).toEqual([]);
    expect(steppingStones({ major: 4, minor: 5, patch: 0 }, { major: 4, minor: 30, patch: 0 }))
      .toEqual(['4.6.x', '4.7.x', '4.8.x', '4.9.x', '4.27.x']);
    expect(versionChangeRisk('hivemq/hivemq4:4.20.0', 'hivemq/hivemq4:4.54.0')?.procedure).toEqual([
      'Roll the cluster to 4.38.x first (latest patch), wait until every broker is ready.', 'Then roll to 4.54.0.']);
  });

  test('a tag that is not a version cannot be checked: a risk', () => {
    expect(versionChangeRisk('hivemq/hivemq4:latest', 'hivemq/hivemq4:4.54.0')?.summary).toMatch(/cannot be read from the image tag/);
    expect(versionChangeRisk('hivemq/hivemq4:4.54.0', 'hivemq/hivemq4:4.54.1')).toBeUndefined();
  });
});

describe('safe changes name their fields', () => {
  test('a label whose key holds dots (example.com/team) is named as the changed field, not as an empty path', () => {
    const result = preflight(synth({ props: { labels: { 'example.com/team': 'a' } } }), synth({ props: { labels: { 'example.com/team': 'b' } } }));
    expect(result.verdict).toBe(PreflightVerdict.SAFE);
    expect(fields(result, FindingCategory.SAFE)).toContain('Service iot/broker-cluster metadata.labels.example.com/team');
    expect(result.safe.every((finding) => finding.field !== '')).toBe(true);
  });
});
