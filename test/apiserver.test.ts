// Verdicts of a real Kubernetes API server (kube-apiserver v1.37.2 with etcd v3.7.0, built from their Go modules by
// test/tools/build-apiserver.sh; see test/control-plane.ts): every example and the option matrix of
// test/verdict-inputs.ts are accepted by server-side apply with strict field validation, apply again without change,
// and the changes the README calls safe or breaking are accepted or refused as it says. Missing binaries fail the suite.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Size } from 'cdk8s';
import * as yaml from 'yaml';
import { StorageProfile } from '../lib';
import { ControlPlane } from './control-plane';
import { CRD_FILES, Manifest } from './util';
import { exampleInputs, matrixInput, matrixInputs, VerdictInput, writeYaml } from './verdict-inputs';

jest.setTimeout(120_000);

const FIELD_MANAGER = 'cdk8s-hivemq';
const examples = exampleInputs();
const matrix = matrixInputs();
let plane: ControlPlane;
let dir: string;

beforeAll(async () => {
  plane = await ControlPlane.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hivemq-manifests-'));
  // The CRDs the library targets: HiveMQPlatform (the copy it ships), ServiceMonitor, PrometheusRule, Certificate, TLSRoute, TCPRoute.
  plane.kubectlOk(['apply', '--server-side', ...Object.values(CRD_FILES).flatMap((file) => ['-f', file])]);
  plane.kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  const namespaces = [...new Set([...examples, ...matrix].flatMap((input) => input.namespaces))];
  plane.kubectlOk(['apply', '-f', '-'], namespaces.map((name) => yaml.stringify({ apiVersion: 'v1', kind: 'Namespace',
    metadata: { name } })).join('---\n'));
}, 180_000);

afterAll(async () => {
  await plane?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const apply = (file: string, ...flags: string[]) => plane.kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--validate=strict',
  ...flags, '-f', file]);

/** resourceVersion and generation of every object in the file, as the server holds them. */
function versions(file: string): Record<string, { resourceVersion: string; generation?: number }> {
  const list = JSON.parse(plane.kubectlOk(['get', '-f', file, '-o', 'json']));
  const items: Manifest[] = list.kind === 'List' ? list.items : [list];
  return Object.fromEntries(items.map((m) => [`${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`,
    { resourceVersion: m.metadata.resourceVersion, generation: m.metadata.generation }]));
}

function serverObject(kind: string, namespace: string, name: string): Manifest {
  return JSON.parse(plane.kubectlOk(['get', kind, name, '-n', namespace, '-o', 'json']));
}

const byName = (inputs: VerdictInput[]) => inputs.map((input): [string, VerdictInput] => [input.name, input]);

describe.each([...byName(examples), ...byName(matrix)])('%s', (_name, input) => {
  test('server-side dry run with strict field validation: every object accepted, no warning', () => {
    const result = apply(writeYaml(dir, input), '--dry-run=server');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toHaveLength(input.manifests.length);
  });

  test('created for real, then applied again: nothing changes (no diff, same resourceVersion and generation)', () => {
    const file = writeYaml(dir, input);
    expect(apply(file)).toMatchObject({ status: 0, stderr: '' });
    const before = versions(file);
    expect(Object.keys(before)).toHaveLength(input.manifests.length);
    const diff = plane.kubectl(['diff', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', file]);
    expect({ status: diff.status, diff: diff.stdout, stderr: diff.stderr }).toEqual({ status: 0, diff: '', stderr: '' });
    expect(apply(file)).toMatchObject({ status: 0, stderr: '' });
    expect(versions(file)).toEqual(before);
    // The examples share the namespace `iot` and object names: remove this one before the next (namespaces stay: with no
    // controller-manager a deleted namespace would never finish terminating). The matrix cases stay for the tests below.
    if (examples.includes(input)) {
      const objects = writeYaml(dir, { ...input, manifests: input.manifests.filter((m) => m.kind !== 'Namespace') }, '-objects');
      plane.kubectlOk(['delete', '-f', objects, '--wait=false']);
    }
  });
});

// The cluster of matrix case 'nlb-ip' (namespace m-nlb-ip), created above, is changed the ways the README describes.
describe('changes to a running cluster (matrix case nlb-ip)', () => {
  const statefulSet = () => serverObject('statefulset', 'm-nlb-ip', 'broker');

  test('the PVC retention policy and the PodDisruptionBudget\'s unhealthyPodEvictionPolicy are kept as written (not dropped)', () => {
    expect(statefulSet().spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(serverObject('poddisruptionbudget', 'm-nlb-ip', 'broker').spec).toMatchObject({ maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  test('safe: one more replica is accepted', () => {
    expect(apply(writeYaml(dir, matrixInput('nlb-ip', { replicas: 4 }), '-changed'))).toMatchObject({ status: 0, stderr: '' });
    expect(statefulSet().spec.replicas).toBe(4);
  });

  // Rolling the brokers onto the new template is the StatefulSet controller's part, which does not run here.
  test('safe: a config.xml change (mqttMaxKeepAlive) is accepted and changes the pod template\'s config hash (a new template generation)', () => {
    const before = statefulSet();
    expect(apply(writeYaml(dir, matrixInput('nlb-ip', { replicas: 4, mqttMaxKeepAlive: Duration.seconds(240) }),
      '-changed'))).toMatchObject({ status: 0, stderr: '' });
    const after = statefulSet();
    const hash = (s: Manifest) => s.spec.template.metadata.annotations['cdk8s-hivemq/config-sha256'];
    expect(hash(after)).not.toEqual(hash(before));
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  });

  test('safe: a new load balancer and extra labels are accepted (claim templates keep only the selector labels)', () => {
    const changed = matrixInput('nlb-ip', { replicas: 4, labels: { team: 'iot-platform' } }, true);
    expect(apply(writeYaml(dir, changed, '-changed'))).toMatchObject({ status: 0, stderr: '' });
    expect(serverObject('service', 'm-nlb-ip', 'added').spec.type).toBe('LoadBalancer');
    const after = statefulSet();
    expect(after.metadata.labels.team).toBe('iot-platform');
    expect(after.spec.template.metadata.labels.team).toBe('iot-platform');
    expect(after.spec.volumeClaimTemplates[0].metadata.labels).toEqual({ 'app.kubernetes.io/name': 'hivemq',
      'app.kubernetes.io/instance': 'broker' });
  });

  // What kube-apiserver 1.37 answers (pkg/apis/apps/validation: ValidateStatefulSetUpdate reports each immutable field).
  const IMMUTABLE_CLAIM_TEMPLATES = /The StatefulSet "broker" is invalid: spec\.volumeClaimTemplates: Invalid value: .*: field is immutable/;
  const IMMUTABLE_SELECTOR = /The StatefulSet "broker" is invalid: spec\.selector: Invalid value: .*: field is immutable/;

  test('breaking: a new volume size in the claim template is refused by the server', () => {
    const changed = matrixInput('nlb-ip', { replicas: 4, storage: StorageProfile.persistent({ storageClassName: 'standard',
      size: Size.gibibytes(200) }) });
    const result = apply(writeYaml(dir, changed, '-changed'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(IMMUTABLE_CLAIM_TEMPLATES);
  });

  test('breaking: a new selector is refused by the server', () => {
    const manifests = matrixInput('nlb-ip', { replicas: 4 }).manifests.map((m) => (m.kind !== 'StatefulSet' ? m : {
      ...m,
      spec: {
        ...m.spec,
        selector: { matchLabels: { ...m.spec.selector.matchLabels, 'app.kubernetes.io/instance': 'renamed' } },
        template: { ...m.spec.template, metadata: { ...m.spec.template.metadata, labels: { ...m.spec.template.metadata.labels,
          'app.kubernetes.io/instance': 'renamed' } } },
      },
    }));
    const result = apply(writeYaml(dir, { name: 'nlb-ip-selector', namespaces: ['m-nlb-ip'], manifests }));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(IMMUTABLE_SELECTOR);
  });

  test('the README\'s way to grow volumes: delete the StatefulSet with --cascade=orphan, then apply: accepted', () => {
    // The server marks the StatefulSet with the `orphan` finalizer; the garbage collector (kube-controller-manager, not
    // run here) then releases its Pods and PVCs and removes the finalizer. Its step is done by hand: there are no Pods.
    plane.kubectlOk(['delete', 'statefulset', 'broker', '-n', 'm-nlb-ip', '--cascade=orphan', '--wait=false']);
    expect(statefulSet().metadata.finalizers).toEqual(['orphan']);
    plane.kubectlOk(['patch', 'statefulset', 'broker', '-n', 'm-nlb-ip', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    const changed = matrixInput('nlb-ip', { replicas: 4, storage: StorageProfile.persistent({ storageClassName: 'standard',
      size: Size.gibibytes(200) }) });
    expect(apply(writeYaml(dir, changed, '-changed'))).toMatchObject({ status: 0, stderr: '' });
    expect(statefulSet().spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('200Gi');
  });
});

// README: "unhealthyPodEvictionPolicy: AlwaysAllow: ... a broker that never became ready never blocks a drain". The
// eviction API is the server's (pkg/registry/core/pod/storage/eviction.go); the PodDisruptionBudget's status and the
// pods' readiness, which the disruption controller and the kubelet would write, are written by the test: two of four
// brokers down (2 healthy, 3 needed, no disruption allowed), one of them never ready.
describe('draining with a broker that never became ready', () => {
  const pdb = () => matrixInput('nlb-ip', { replicas: 4 }).manifests.find((m) => m.kind === 'PodDisruptionBudget')!;

  function evictNotReadyBroker(namespace: string): { status: number | null; stderr: string } {
    const labels = pdb().spec.selector.matchLabels;
    plane.kubectlOk(['apply', '-f', '-'], yaml.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broker-3', namespace, labels }, spec: { containers: [{ name: 'hivemq',
        image: 'hivemq/hivemq4:4.54.0' }] },
    }));
    // A Pending pod is evicted without looking at budgets; a started one that is not Ready is what a drain meets.
    plane.kubectlOk(['patch', 'pod', 'broker-3', '-n', namespace, '--subresource=status', '--type=merge', '-p',
      JSON.stringify({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } })]);
    const generation = serverObject('poddisruptionbudget', namespace, 'broker').metadata.generation;
    plane.kubectlOk(['patch', 'poddisruptionbudget', 'broker', '-n', namespace, '--subresource=status', '--type=merge', '-p',
      JSON.stringify({ status: { observedGeneration: generation, expectedPods: 4, desiredHealthy: 3, currentHealthy: 2, disruptionsAllowed: 0 } })]);
    return plane.kubectl(['create', '--raw', `/api/v1/namespaces/${namespace}/pods/broker-3/eviction`, '-f', '-'],
      JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'broker-3', namespace } }));
  }

  test('with the library\'s AlwaysAllow the not-ready broker is evicted although no disruption is allowed', () => {
    expect(serverObject('poddisruptionbudget', 'm-nlb-ip', 'broker').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(evictNotReadyBroker('m-nlb-ip')).toMatchObject({ status: 0, stderr: '' });
    expect(plane.kubectl(['get', 'pod', 'broker-3', '-n', 'm-nlb-ip']).stderr).toMatch(/NotFound/);
  });

  test('with Kubernetes\' default (IfHealthyBudget) the same eviction is refused', () => {
    const namespace = 'm-pdb-if-healthy-budget';
    plane.kubectlOk(['create', 'namespace', namespace]);
    const budget = pdb();
    plane.kubectlOk(['apply', '-f', '-'], yaml.stringify({
      ...budget, metadata: { ...budget.metadata, namespace }, spec: { ...budget.spec, unhealthyPodEvictionPolicy: 'IfHealthyBudget' },
    }));
    const result = evictNotReadyBroker(namespace);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot evict pod as it would violate the pod's disruption budget/);
    // kubectl prints only the message; the cause (which budget rule refused) is in the response body its -v=8 log shows.
    const verbose = plane.kubectl(['create', '--raw', `/api/v1/namespaces/${namespace}/pods/broker-3/eviction`, '-f', '-', '-v=8'],
      JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'broker-3', namespace } }));
    expect(verbose.stderr).toMatch(/The disruption budget broker needs 3 healthy pods and has 2 currently/);
  });
});

describe('other statements checked against the server', () => {
  test('storage sized from the workload with brokers not pinned: one more replica changes the claim size and the server refuses it', () => {
    const before = matrixInput('workload-sized-unpinned');
    const after = matrixInput('workload-sized-unpinned', { replicas: 4 });
    const size = (input: VerdictInput) => input.manifests.find((m) =>
      m.kind === 'StatefulSet')!.spec.volumeClaimTemplates[0].spec.resources.requests.storage;
    expect(size(after)).not.toEqual(size(before));
    const result = apply(writeYaml(dir, after, '-changed'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/The StatefulSet "broker" is invalid: spec\.volumeClaimTemplates: Invalid value: .*: field is immutable/);
  });

  test('a privileged container cannot also disallow privilege escalation (why checkov\'s CKV_K8S_20 is accepted for node tuning)', () => {
    const input = matrixInput('node-tuning-ephemeral');
    const manifests = input.manifests.filter((m) => m.kind === 'DaemonSet').map((m) => {
      const copy = JSON.parse(JSON.stringify(m));
      copy.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = false;
      return copy;
    });
    const result = apply(writeYaml(dir, { name: 'node-tuning-no-escalation', namespaces: [], manifests }), '--dry-run=server');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/cannot set `allowPrivilegeEscalation` to false and `privileged` to true/);
  });

  test('the namespace must exist before kubectl apply (README "Applying the output")', () => {
    const manifests = examples.find((input) => input.name === 'production')!.manifests.map((m) => ({ ...m, metadata: { ...m.metadata,
      namespace: 'not-created' } }));
    const result = apply(writeYaml(dir, { name: 'no-namespace', namespaces: [], manifests }), '--dry-run=server');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/namespaces "not-created" not found/);
  });
});

// The verdicts lib/preflight relies on beyond the claim-template and selector refusals above (matrix case nlb-ip, as left by
// 'changes to a running cluster': 4 brokers, 200Gi claims).
describe('the preflight\'s StatefulSet and Service verdicts', () => {
  const current = () => matrixInput('nlb-ip', { replicas: 4, storage: StorageProfile.persistent({ storageClassName: 'standard',
    size: Size.gibibytes(200) }) });
  const edited = (name: string, kind: string, object: string, change: (m: Manifest) => void) => {
    const input = current();
    return writeYaml(dir, { ...input, name: `nlb-ip-${name}`, manifests: input.manifests.map((m) => {
      if (m.kind !== kind || m.metadata.name !== object) return m;
      const copy = structuredClone(m);
      change(copy);
      return copy;
    }) });
  };

  test.each([
    ['serviceName', (m: Manifest) => { m.spec.serviceName = 'other'; }],
    ['podManagementPolicy', (m: Manifest) => { m.spec.podManagementPolicy = 'Parallel'; }],
  ])('StatefulSet %s: refused (field is immutable)', (field, change) => {
    const result = apply(edited(field, 'StatefulSet', 'broker', change));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`The StatefulSet "broker" is invalid: spec\\.${field}: Invalid value: .*: field is immutable`));
  });

  test('Service: a new clusterIP (None, or an address) is refused', () => {
    for (const ip of ['None', '10.0.0.99']) {
      const result = apply(edited(`ip-${ip}`, 'Service', 'broker', (m) => { m.spec.clusterIP = ip; }));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/The Service "broker" is invalid: spec\.clusterIPs\[0\]: Invalid value: .*: may not change once set/);
    }
  });

  test('Service: leaving out clusterIP None is accepted and ignored: the Service stays headless', () => {
    expect(apply(edited('no-ip', 'Service', 'broker-cluster', (m) => { delete m.spec.clusterIP; }))).toMatchObject({ status: 0, stderr: '' });
    expect(serverObject('service', 'm-nlb-ip', 'broker-cluster').spec.clusterIP).toBe('None');
  });

  test('Service: a type change to ExternalName and back is accepted', () => {
    const external = edited('external', 'Service', 'broker', (m) => { m.spec = { type: 'ExternalName', externalName: 'mqtt.example.com' }; });
    expect(apply(external)).toMatchObject({ status: 0, stderr: '' });
    expect(serverObject('service', 'm-nlb-ip', 'broker').spec.type).toBe('ExternalName');
    expect(apply(writeYaml(dir, current(), '-back'))).toMatchObject({ status: 0, stderr: '' });
    expect(serverObject('service', 'm-nlb-ip', 'broker').spec.type).toBe('ClusterIP');
  });
});
