// Pod customization (issue #15 item 1): every prop rendered field by field in both modes, the cdk8s-plus conversion pinned,
// and every rule refused with the library's message.
import { Chart, Size, Testing } from 'cdk8s';
import {
  Capability, ConfigMap, ContainerProps, ContainerRestartPolicy, Cpu, EnvFieldPaths, EnvValue, ImagePullPolicy, k8s, Secret, Volume,
} from 'cdk8s-plus-28';
import { DeploymentMode, HiveMQCluster, HiveMQClusterProps, MqttListener, Keystore } from '../lib';
import { containerToKube, envVarToKube, volumeToKube } from '../lib/model/cdk8s-plus-objects';
import { find, Manifest, newChart, podSecurityViolations, RESTRICTED_CONTAINER, validateKubernetes } from './util';

const OPERATOR = DeploymentMode.platformOperator({ schedulableNodes: 4 });
const MODES: Array<[string, DeploymentMode]> = [['plain', DeploymentMode.plain()], ['operator', OPERATOR]];
/** What a JavaScript caller can pass: the types do not stop it. */
const js = (value: unknown): any => value;

/** A sidecar that meets the broker's rules. */
const sidecar = (props: Partial<ContainerProps> = {}): ContainerProps => ({ name: 'shipper', image: 'busybox:1.37.0', ...RESTRICTED_CONTAINER,
  ...props });

/** Props built in the chart (cdk8s-plus volumes and secrets are constructs); the pod template as each mode writes it. */
function synth(mode: DeploymentMode, props: (chart: Chart) => HiveMQClusterProps) {
  const chart = newChart();
  new HiveMQCluster(chart, 'broker', { mode, ...props(chart) });
  const manifests = Testing.synth(chart) as Manifest[];
  validateKubernetes(manifests);
  const plain = manifests.some((m) => m.kind === 'StatefulSet');
  const template = plain ? find(manifests, 'StatefulSet', 'broker').spec.template : find(manifests, 'HiveMQPlatform',
    'broker').spec.statefulSet.spec.template;
  return { manifests, template, pod: template.spec, broker: template.spec.containers[0] };
}

function refuses(mode: DeploymentMode, props: (chart: Chart) => HiveMQClusterProps): () => void {
  return () => synth(mode, props);
}

describe.each(MODES)('pod customization in %s mode', (modeName, mode) => {
  test('podLabels and podAnnotations on the pod template, the library\'s own kept', () => {
    const { template } = synth(mode, () => ({ podLabels: { team: 'mqtt' }, podAnnotations: { 'example.com/scrape': 'true' } }));
    expect(template.metadata.labels).toEqual({
      'team': 'mqtt', 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker', 'app.kubernetes.io/version': '4.54.0',
      'app.kubernetes.io/component': 'broker', 'app.kubernetes.io/managed-by': 'cdk8s-hivemq',
    });
    expect(template.metadata.annotations).toEqual(modeName === 'plain'
      ? { 'example.com/scrape': 'true', 'cdk8s-hivemq/config-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) }
      : { 'example.com/scrape': 'true' });
  });

  test('extraEnv after the library\'s variables: a value, a Secret key, a ConfigMap key, a field', () => {
    const { broker } = synth(mode, (chart) => ({
      extraEnv: {
        FEATURE: EnvValue.fromValue('on'),
        DB_PASSWORD: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'db', 'db-credentials'), key: 'password' }),
        REGION: EnvValue.fromConfigMap(ConfigMap.fromConfigMapName(chart, 'site', 'site-config'), 'region'),
        NODE: EnvValue.fromFieldRef(EnvFieldPaths.NODE_NAME),
      },
    }));
    expect(broker.env.slice(-4)).toEqual([
      { name: 'FEATURE', value: 'on' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
      { name: 'REGION', valueFrom: { configMapKeyRef: { name: 'site-config', key: 'region' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    ]);
    expect(broker.env[0].name).toBe('JAVA_OPTS');
  });

  test('extraVolumes: the volume in the pod, mounted into the broker after its own mounts', () => {
    const { pod, broker } = synth(mode, (chart) => ({
      extraVolumes: [
        { volume: Volume.fromConfigMap(chart, 'site', ConfigMap.fromConfigMapName(chart, 'site-cm', 'site-config')), mountPath: '/mnt/site',
          readOnly: true },
        { volume: Volume.fromEmptyDir(chart, 'scratch', 'scratch', { sizeLimit: Size.mebibytes(256) }), mountPath: '/mnt/scratch/', subPath: 'a' },
      ],
    }));
    expect(pod.volumes.slice(-2)).toEqual([
      { name: 'configmap-site-config', configMap: { name: 'site-config' } },
      { name: 'scratch', emptyDir: { sizeLimit: '256Mi' } },
    ]);
    expect(broker.volumeMounts.slice(-2)).toEqual([
      { name: 'configmap-site-config', mountPath: '/mnt/site', readOnly: true },
      { name: 'scratch', mountPath: '/mnt/scratch', subPath: 'a' },
    ]);
  });

  test('sidecars after the broker, as cdk8s-plus renders them, passing Pod Security "restricted"', () => {
    const { pod, manifests } = synth(mode, () => ({ sidecars: [sidecar({ portNumber: 9100 })] }));
    expect(pod.containers.map((c: any) => c.name)).toEqual(['hivemq', 'shipper']);
    expect(pod.containers[1]).toEqual({
      name: 'shipper', image: 'busybox:1.37.0', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 9100 }],
      resources: { limits: { cpu: '50m', memory: '32Mi' }, requests: { cpu: '50m', memory: '32Mi' } },
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
        runAsNonRoot: true },
      startupProbe: { failureThreshold: 3, tcpSocket: { port: 9100 } },
    });
    const inPlatform = manifests.map((m) => (m.kind === 'HiveMQPlatform' ? { ...m, spec: m.spec.statefulSet } : m));
    expect(podSecurityViolations(inPlatform)).toEqual([]);
  });

  test('an added container without imagePullPolicy gets the cluster\'s; its own wins', () => {
    const { pod } = synth(mode, () => ({ imagePullPolicy: ImagePullPolicy.NEVER, sidecars: [sidecar()],
      extraInitContainers: [sidecar({ name: 'prepare', imagePullPolicy: ImagePullPolicy.ALWAYS })] }));
    expect(pod.containers.find((c: any) => c.name === 'shipper').imagePullPolicy).toBe('Never');
    expect(pod.initContainers.find((c: any) => c.name === 'prepare').imagePullPolicy).toBe('Always');
  });

  test('extraInitContainers after the library\'s own init containers', () => {
    const { pod } = synth(mode, () => ({ extraInitContainers: [sidecar({ name: 'wait-for-db', command: ['/bin/true'] })] }));
    const names = (pod.initContainers ?? []).map((c: any) => c.name);
    expect(names).toEqual(modeName === 'plain' ? ['hivemq-home', 'dns-discovery-extension', 'wait-for-db'] : ['wait-for-db']);
    expect(pod.initContainers.at(-1).command).toEqual(['/bin/true']);
  });

  test('a volume only a sidecar mounts is added to the pod once', () => {
    const { pod, broker } = synth(mode, (chart) => {
      const shared = Volume.fromEmptyDir(chart, 'shared', 'shared-logs');
      return {
        extraVolumes: [{ volume: shared, mountPath: '/mnt/logs' }],
        sidecars: [sidecar({ volumeMounts: [{ path: '/logs', volume: shared }, { path: '/cache', volume: Volume.fromEmptyDir(chart, 'c',
          'cache') }] })],
      };
    });
    expect(pod.volumes.filter((v: any) => ['shared-logs', 'cache'].includes(v.name))).toEqual([
      { name: 'shared-logs', emptyDir: {} }, { name: 'cache', emptyDir: {} },
    ]);
    expect(broker.volumeMounts.at(-1)).toEqual({ name: 'shared-logs', mountPath: '/mnt/logs' });
    expect(pod.containers[1].volumeMounts).toEqual([{ name: 'shared-logs', mountPath: '/logs' }, { name: 'cache', mountPath: '/cache' }]);
  });

  test('nodeAffinity beside the library\'s pod anti-affinity', () => {
    const nodeAffinity: k8s.NodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In',
        values: ['mqtt'] }] }] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'cpu', operator: 'Gt',
        values: ['8'] }] } }],
    };
    const { pod } = synth(mode, () => ({ nodeAffinity }));
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In',
          values: ['mqtt'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'cpu', operator: 'Gt',
          values: ['8'] }] } }],
      },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker' } },
        topologyKey: 'kubernetes.io/hostname',
      }] },
    });
  });

  test('networkPolicy.extraIngress appended to the generated rules', () => {
    const rule: k8s.NetworkPolicyIngressRule = {
      ports: [{ port: k8s.IntOrString.fromNumber(9100), protocol: 'TCP' }],
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } } }],
    };
    const { manifests } = synth(mode, () => ({ sidecars: [sidecar({ portNumber: 9100 })], networkPolicy: { extraIngress: [rule] } }));
    const ingress = find(manifests, 'NetworkPolicy', 'broker').spec.ingress;
    expect(ingress.at(-1)).toEqual({ ports: [{ port: 9100, protocol: 'TCP' }],
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } } }] });
    // Without it only the cluster's own brokers reach the sidecar's port: every rule but the broker-to-broker one lists its ports.
    const policy = find(synth(mode, () => ({ sidecars: [sidecar({ portNumber: 9100 })] })).manifests, 'NetworkPolicy', 'broker').spec;
    // The broker-to-broker rule admits the pods the policy itself selects.
    const brokers = { podSelector: policy.podSelector };
    const portless = policy.ingress.filter((rule: k8s.NetworkPolicyIngressRule) => !rule.ports?.length);
    expect(portless.map((rule: k8s.NetworkPolicyIngressRule) => rule.from)).toEqual([[brokers]]);
  });

  test('without the props the pod is unchanged', () => {
    const chart = newChart();
    new HiveMQCluster(chart, 'broker', { mode });
    const before = JSON.stringify(Testing.synth(chart));
    const after = newChart();
    new HiveMQCluster(after, 'broker', { mode, podLabels: {}, podAnnotations: {}, extraEnv: {}, extraVolumes: [], sidecars: [],
      extraInitContainers: [] });
    expect(JSON.stringify(Testing.synth(after))).toBe(before);
  });
});

describe('serviceAccountAnnotations', () => {
  test('plain mode: on the library\'s ServiceAccount', () => {
    const { manifests } = synth(DeploymentMode.plain(), () => ({ serviceAccountAnnotations: { 'example.com/role': 'mqtt-broker' } }));
    expect(find(manifests, 'ServiceAccount', 'broker').metadata.annotations).toEqual({ 'example.com/role': 'mqtt-broker' });
  });
  test('operator mode: refused, the operator owns the pods\' ServiceAccount', () => {
    expect(refuses(OPERATOR, () => ({ serviceAccountAnnotations: { 'example.com/role': 'mqtt-broker' } }))).toThrow(
      'HiveMQCluster \'broker\': serviceAccountAnnotations has no meaning in operator mode: the HiveMQ Platform Operator creates and owns the pods\' '
      + 'ServiceAccount (hivemq-platform-pod-<name>); annotate that one through the operator\'s Helm values (got '
      + '{"example.com/role":"mqtt-broker"}). '
      + 'Remove serviceAccountAnnotations, or use DeploymentMode.plain().');
  });
});

describe('the cdk8s-plus conversion (the one use of its internal _toKube())', () => {
  test('a container with cdk8s-plus defaults', () => {
    const { container, volumes } = containerToKube({ image: 'busybox:1.37.0' });
    expect(k8s.toJson_Container(container)).toEqual({
      name: 'main', image: 'busybox:1.37.0', imagePullPolicy: 'Always',
      resources: { limits: { cpu: '1500m', memory: '2048Mi' }, requests: { cpu: '1000m', memory: '512Mi' } },
      securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
    });
    expect(volumes).toEqual([]);
  });
  test('a volume and an env value', () => {
    const chart = newChart();
    expect(k8s.toJson_Volume(volumeToKube(Volume.fromSecret(chart, 's', Secret.fromSecretName(chart, 'x', 'creds')))))
      .toEqual({ name: 'secret-creds', secret: { secretName: 'creds' } });
    expect(envVarToKube('A', EnvValue.fromValue('b'))).toEqual({ name: 'A', value: 'b', valueFrom: undefined });
  });
});

describe('refused, with the library\'s message', () => {
  const plain = DeploymentMode.plain();
  const B = 'HiveMQCluster \'broker\': ';
  const FIX = 'Set securityContext with ensureNonRoot true, allowPrivilegeEscalation false, privileged false, readOnlyRootFilesystem true '
    + 'and capabilities.drop [ALL].';
  const RESOURCES_FIX = 'Set resources with cpu request and limit at one value (e.g. 100m) and memory request and limit at one value (e.g. 128Mi).';
  const QOS = 'must set requests equal to limits for CPU and memory, each above zero, as the broker does, or the broker pod loses its Guaranteed '
    + 'QoS class';
  const RESTRICTED_TYPES = 'Pod Security "restricted" allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, '
    + 'projected, secret volumes';
  test.each<[string, DeploymentMode, (chart: Chart) => HiveMQClusterProps, string]>([
    ['an env name the library sets', plain, () => ({ extraEnv: { JAVA_OPTS: EnvValue.fromValue('-Xmx1g') } }),
      `${B}extraEnv must not set a variable the library (or the HiveMQ Platform Operator) sets on the broker (got 'JAVA_OPTS'). Use another name; `
      + 'the library sets JAVA_OPTS, HIVEMQ_JMX_ENABLED, HIVEMQ_BIND_ADDRESS, POD_NAMESPACE, '
      + 'HIVEMQ_DNS_DISCOVERY_ADDRESS, HIVEMQ_DNS_DISCOVERY_TIMEOUT, '
      + 'HIVEMQ_DNS_RELOAD_INTERVAL, HIVEMQ_LOG_LEVEL, HIVEMQ_CLUSTERING_BOOTSTRAP.'],
    ['a plain-mode env name in operator mode', OPERATOR, () => ({ extraEnv: { HIVEMQ_LOG_LEVEL: EnvValue.fromValue('DEBUG') } }),
      `${B}extraEnv must not set a variable the library (or the HiveMQ Platform Operator) sets on the broker (got 'HIVEMQ_LOG_LEVEL')`],
    ['a keystore password variable', plain, () => ({
      listeners: [MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 'ks', password: { name: 'pw', key: 'p' } }) })],
      extraEnv: { HIVEMQ_TLS_MQTTS_KEYSTORE_PASSWORD: EnvValue.fromValue('x') },
    }), `${B}extraEnv must not set a variable the library (or the HiveMQ Platform Operator) sets on the broker (got `
      + '\'HIVEMQ_TLS_MQTTS_KEYSTORE_PASSWORD\')'],
    ['an invalid env name', plain, () => ({ extraEnv: { 'my.setting': EnvValue.fromValue('x') } }),
      `${B}extraEnv must be a C_IDENTIFIER (letters, digits and '_', not starting with a digit) (got 'my.setting'). Rename it, e.g. 'MY_SETTING'.`],
    ['an env value that is not an EnvValue', plain, () => ({ extraEnv: js({ A: 'x' }) }),
      `${B}extraEnv.A must be an EnvValue (got 'x'). Use EnvValue.fromValue(), fromSecretValue(), fromConfigMap() or fromFieldRef().`],
    ['a mount under /opt/hivemq', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'v', 'x'),
      mountPath: '/opt/hivemq/plugins' }] }),
    `${B}extraVolumes[0].mountPath must stay out of the folders the library uses (it overlaps /opt/hivemq; reserved: `
      + '/opt/hivemq, /tmp, /hivemq-home, '
      + '/etc/hivemq/tls and everything below them) (got \'/opt/hivemq/plugins\'). Mount it at a free path such as /mnt/<name>.'],
    ['a mount over /tmp', OPERATOR, (chart) => ({ extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'v', 'x'), mountPath: '/tmp' }] }),
      `${B}extraVolumes[0].mountPath must stay out of the folders the library uses (it overlaps /tmp;`],
    ['a mount above the TLS folder', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'v', 'x'),
      mountPath: '/etc/hivemq' }] }),
    `${B}extraVolumes[0].mountPath must stay out of the folders the library uses (it overlaps /etc/hivemq/tls;`],
    ['a relative mount path', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'v', 'x'), mountPath: 'mnt/x' }] }),
      `${B}extraVolumes[0].mountPath must be an absolute path without '..' or ':' (got 'mnt/x').`],
    ['a subPath leaving the volume', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'v', 'x'), mountPath: '/mnt/x',
      subPath: '../y' }] }),
    `${B}extraVolumes[0].subPath must be a relative path without '..' (got '../y').`],
    ['two extra volumes with one name', plain, (chart) => ({ extraVolumes: [
      { volume: Volume.fromEmptyDir(chart, 'a', 'same'), mountPath: '/mnt/a' }, { volume: Volume.fromEmptyDir(chart, 'b', 'same'),
        mountPath: '/mnt/b' },
    ] }), `${B}extraVolumes[1].volume has the name of extraVolumes[0].volume: volume names are unique in the pod (got 'same'). `
      + 'Give each volume its own name, or mount one volume once.'],
    ['two extra volumes at one path', plain, (chart) => ({ extraVolumes: [
      { volume: Volume.fromEmptyDir(chart, 'a', 'a'), mountPath: '/mnt/a' }, { volume: Volume.fromEmptyDir(chart, 'b', 'b'), mountPath: '/mnt/a/' },
    ] }), `${B}extraVolumes[1].mountPath is already the mount path of extraVolumes[0] (got '/mnt/a'). Mount each volume at its own path.`],
    ['a volume named like the library\'s', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'v', 'data'),
      mountPath: '/mnt/d' }] }),
    `${B}extraVolumes[0].volume must not use a volume name the library uses (got 'data'). Name the volume differently; `
      + 'the library uses hivemq-home, log, tmp, '
      + 'config, data, license, broker-configuration.'],
    ['a sidecar-only volume named like the library\'s', OPERATOR, (chart) => ({ sidecars: [sidecar({ volumeMounts: [
      { path: '/x', volume: Volume.fromEmptyDir(chart, 'v', 'license') }] })] }),
    `${B}sidecars[0].volumeMounts[0].volume must not use a volume name the library uses (got 'license').`],
    ['an init-only volume named like the library\'s, second mount', plain, (chart) => ({ extraInitContainers: [sidecar({ volumeMounts: [
      { path: '/x', volume: Volume.fromEmptyDir(chart, 'x', 'x') }, { path: '/y', volume: Volume.fromEmptyDir(chart, 'v', 'log') }] })] }),
    `${B}extraInitContainers[0].volumeMounts[1].volume must not use a volume name the library uses (got 'log').`],
    ['a sidecar mounting another volume of an extra volume\'s name', plain, (chart) => ({
      extraVolumes: [{ volume: Volume.fromEmptyDir(chart, 'a', 'shared'), mountPath: '/mnt/a' }],
      sidecars: [sidecar({ volumeMounts: [{ path: '/b', volume: Volume.fromEmptyDir(chart, 'b', 'shared') }] })],
    }), `${B}sidecars[0].volumeMounts[0].volume mounts a different volume named like extraVolumes[0].volume (got 'shared'). `
      + 'Mount the same Volume object, or give the volumes different names.'],
    ['a hostPath volume', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromHostPath(chart, 'v', 'h', { path: '/var/log' }),
      mountPath: '/mnt/h' }] }),
    `${B}extraVolumes[0].volume must not be a hostPath volume: ${RESTRICTED_TYPES} (got 'h'). `
      + 'Use a ConfigMap, Secret, emptyDir, PersistentVolumeClaim, CSI or projected volume.'],
    ['a hostPath volume only a sidecar mounts', OPERATOR, (chart) => ({ sidecars: [sidecar({ volumeMounts: [
      { path: '/var/log/host', volume: Volume.fromHostPath(chart, 'h', 'host-logs', { path: '/var/log' }) }] })] }),
    `${B}sidecars[0].volumeMounts[0].volume must not be a hostPath volume: ${RESTRICTED_TYPES} (got 'host-logs').`],
    ['a hostPath volume only an init container mounts', plain, (chart) => ({ extraInitContainers: [sidecar({ volumeMounts: [
      { path: '/x', volume: Volume.fromEmptyDir(chart, 'x', 'x') },
      { path: '/host', volume: Volume.fromHostPath(chart, 'h', 'root', { path: '/' }) }] })] }),
    `${B}extraInitContainers[0].volumeMounts[1].volume must not be a hostPath volume: ${RESTRICTED_TYPES} (got 'root').`],
    ['an NFS volume', plain, (chart) => ({ extraVolumes: [{ volume: Volume.fromNfs(chart, 'n', 'share', { server: 'nfs.example.com',
      path: '/exports' }), mountPath: '/mnt/n' }] }),
    `${B}extraVolumes[0].volume must not be a nfs volume: ${RESTRICTED_TYPES} (got 'share').`],
    ['a privileged sidecar', plain, () => ({ sidecars: [sidecar({ securityContext: { privileged: true,
      capabilities: { drop: [Capability.ALL] } } })] }),
    `${B}sidecars[0].securityContext.privileged must be false (Pod Security "restricted", as the broker) (got true). ${FIX}`],
    ['a sidecar running as root', plain, () => ({ sidecars: [sidecar({ securityContext: { ensureNonRoot: false, user: 0,
      capabilities: { drop: [Capability.ALL] } } })] }),
    `${B}sidecars[0].securityContext must not run as root (Pod Security "restricted", as the broker): runAsNonRoot false or runAsUser 0 `
      + `(got {"runAsNonRoot":false,"runAsUser":0}). ${FIX} Leave user unset (the pod runs as UID 10000) or use a non-zero UID.`],
    ['a sidecar that keeps its capabilities (the cdk8s-plus default)', plain, () => ({ sidecars: [sidecar({ securityContext: {} })] }),
      `${B}sidecars[0].securityContext.capabilities.drop must include ALL (Pod Security "restricted", as the broker) (got 'unset'). ${FIX}`],
    ['a sidecar adding a capability', OPERATOR, () => ({ sidecars: [sidecar({ securityContext: {
      capabilities: { drop: [Capability.ALL], add: [Capability.NET_ADMIN] } } })] }),
    `${B}sidecars[0].securityContext.capabilities.add must be empty: the broker adds no capability and neither may a container beside it `
      + '(got ["NET_ADMIN"]). Remove the added capabilities.'],
    ['a sidecar allowing privilege escalation', plain, () => ({ sidecars: [sidecar({ securityContext: {
      allowPrivilegeEscalation: true, capabilities: { drop: [Capability.ALL] } } })] }),
    `${B}sidecars[0].securityContext.allowPrivilegeEscalation must be false (Pod Security "restricted", as the broker) (got true).`],
    ['a writable root filesystem', plain, () => ({ sidecars: [sidecar({ securityContext: { readOnlyRootFilesystem: false,
      capabilities: { drop: [Capability.ALL] } } })] }),
    `${B}sidecars[0].securityContext.readOnlyRootFilesystem must be true, as the broker's: write to a mounted emptyDir instead (got false).`],
    ['a sidecar without limits', plain, () => ({ sidecars: [sidecar({ resources: { cpu: { request: Cpu.millis(100) },
      memory: { request: Size.mebibytes(64) } } })] }),
    `${B}sidecars[0].resources ${QOS} (cpu limit unset; memory limit unset) (got {"requests":{"cpu":"100m","memory":"64Mi"}}). ${RESOURCES_FIX}`],
    ['a sidecar with a CPU request below its limit (the README\'s old sample)', plain, () => ({ sidecars: [sidecar({ resources: {
      cpu: { request: Cpu.millis(50), limit: Cpu.units(0.1) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } })] }),
    `${B}sidecars[0].resources ${QOS} (cpu request 50m differs from limit 0.1) (got `
      + '{"limits":{"cpu":"0.1","memory":"64Mi"},"requests":{"cpu":"50m","memory":"64Mi"}}).'],
    ['a sidecar with equal CPU written two ways passes the resource rule', plain, () => ({ sidecars: [sidecar({ name: 'x', resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.units(0.1) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } }),
    sidecar({ name: 'x' })] }), `${B}sidecars[1].name is already the name of sidecars[0]`],
    ['a sidecar with zero resources', plain, () => ({ sidecars: [sidecar({ resources: {
      cpu: { request: Cpu.millis(0), limit: Cpu.millis(0) }, memory: { request: Size.mebibytes(0), limit: Size.mebibytes(0) } } })] }),
    `${B}sidecars[0].resources ${QOS} (cpu not above zero; memory not above zero)`],
    ['a sidecar without resources (cdk8s-plus would fill in its defaults)', plain, () => ({ sidecars: [sidecar({ resources: undefined })] }),
      `${B}sidecars[0].resources must be set: cdk8s-plus would otherwise give the container CPU 1000m / 1500m and memory 512Mi / 2048Mi `
      + `(requests / limits), which leaves the broker pod without Guaranteed QoS (got 'unset'). ${RESOURCES_FIX}`],
    ['an init container without resources', OPERATOR, () => ({ extraInitContainers: [sidecar({ resources: js(null) })] }),
      `${B}extraInitContainers[0].resources must be set: cdk8s-plus would otherwise give the container CPU 1000m / 1500m`],
    ['a null securityContext', plain, () => ({ sidecars: [sidecar({ securityContext: js(null) })] }),
      `${B}sidecars[0].securityContext must be cdk8s-plus ContainerSecurityContextProps (got null). ${FIX}`],
    ['a sidecar with a restartPolicy', plain, () => ({ sidecars: [sidecar({ restartPolicy: ContainerRestartPolicy.ALWAYS })] }),
      `${B}sidecars[0].restartPolicy must not be set: the API server refuses it on a regular container ("may not be set for non-init containers") `
      + '(got \'Always\'). Remove restartPolicy: the pod\'s own restart policy applies to its containers.'],
    ['an init container with a restartPolicy (a native sidecar)', OPERATOR, () => ({ extraInitContainers: [sidecar({
      restartPolicy: ContainerRestartPolicy.ALWAYS, portNumber: 1883 })] }),
    `${B}extraInitContainers[0].restartPolicy must not be set: an init container with a restartPolicy is a native sidecar, which this library `
      + 'does not support (got \'Always\'). Remove restartPolicy and put the container in sidecars.'],
    ['a privileged init container', plain, () => ({ extraInitContainers: [sidecar({ securityContext: { privileged: true,
      capabilities: { drop: [Capability.ALL] } } })] }),
    `${B}extraInitContainers[0].securityContext.privileged must be false (Pod Security "restricted", as the broker) (got true).`],
    ['an init container as root', OPERATOR, () => ({ extraInitContainers: [sidecar({ securityContext: { user: 0,
      capabilities: { drop: [Capability.ALL] } } })] }),
    `${B}extraInitContainers[0].securityContext must not run as root`],
    ['an init container without limits', plain,
      () => ({ extraInitContainers: [sidecar({ resources: { memory: { request: Size.mebibytes(64) } } })] }),
      `${B}extraInitContainers[0].resources ${QOS} (cpu request and limit unset; memory limit unset)`],
    ['an init container adding a capability', plain, () => ({ extraInitContainers: [sidecar({ securityContext: {
      capabilities: { drop: [Capability.ALL], add: [Capability.SYS_ADMIN] } } })] }),
    `${B}extraInitContainers[0].securityContext.capabilities.add must be empty`],
    ['an init container with a port (cdk8s-plus adds a startup probe)', plain, () => ({ extraInitContainers: [sidecar({ portNumber: 8080 })] }),
      `${B}extraInitContainers[0] must not have startupProbe: the API server refuses them on init containers (got 'shipper'). `
      + 'Remove them (and ports: cdk8s-plus adds a startup probe on the first port).'],
    ['a sidecar named like the broker', plain, () => ({ sidecars: [sidecar({ name: 'hivemq' })] }),
      `${B}sidecars[0].name must not be the name of one of the library's containers (got 'hivemq'). Use another name; the library's containers are `
      + 'hivemq, hivemq-home, dns-discovery-extension.'],
    ['an init container named like the library\'s', OPERATOR, () => ({ extraInitContainers: [sidecar({ name: 'hivemq-home' })] }),
      `${B}extraInitContainers[0].name must not be the name of one of the library's containers (got 'hivemq-home').`],
    ['two sidecars with one name', plain, () => ({ sidecars: [sidecar(), sidecar()] }),
      `${B}sidecars[1].name is already the name of sidecars[0]: container names are unique in the pod (got 'shipper').`],
    ['a sidecar and an init container with one name', plain, () => ({ sidecars: [sidecar()], extraInitContainers: [sidecar()] }),
      `${B}extraInitContainers[0].name is already the name of sidecars[0]: container names are unique in the pod (got 'shipper').`],
    ['a sidecar on the MQTT port', plain, () => ({ sidecars: [sidecar({ portNumber: 1883 })] }),
      `${B}sidecars[0].ports[0] must not use the broker's mqtt port: the containers of a pod share its network (got 1883). `
      + 'Use a port the broker does not serve (the broker\'s: 1883, 7000, 8889).'],
    ['a sidecar on the cluster transport', OPERATOR, () => ({ sidecars: [sidecar({ portNumber: 7000 })] }),
      `${B}sidecars[0].ports[0] must not use the broker's cluster port: the containers of a pod share its network (got 7000). `
      + 'Use a port the broker does not serve (the broker\'s: 1883, 7000, 8889, 7979).'],
    ['a sidecar on the operator\'s REST API port', OPERATOR, () => ({ sidecars: [sidecar({ portNumber: 7979 })] }),
      `${B}sidecars[0].ports[0] must not use the broker's operator port`],
    ['a sidecar on the metrics port', plain, () => ({ monitoring: {}, sidecars: [sidecar({ portNumber: 9399 })] }),
      `${B}sidecars[0].ports[0] must not use the broker's metrics port`],
    ['a sidecar port named like a broker port', plain, () => ({ sidecars: [sidecar({ ports: [{ number: 9000, name: 'mqtt' }] })] }),
      `${B}sidecars[0].ports[0].name must not be the name of a broker port (Services target the broker by port name) (got 'mqtt').`],
    ['two sidecars on one port', plain, () => ({ sidecars: [sidecar({ portNumber: 9000 }), sidecar({ name: 'other', portNumber: 9000 })] }),
      `${B}sidecars[1].ports[0] must not use the port of sidecars[0].ports[0]: the containers of a pod share its network (got 9000).`],
    ['a sidecar with a host port', plain, () => ({ sidecars: [sidecar({ ports: [{ number: 9000, hostPort: 9000 }] })] }),
      `${B}sidecars[0].ports[0].hostPort must not be set: Pod Security "baseline" and "restricted" forbid host ports (got 9000).`],
    ['a sidecar with a floating image tag', plain, () => ({ sidecars: [sidecar({ image: 'busybox:latest' })] }),
      `${B}sidecars[0].image must pin a version`],
    ['a selector label in podLabels', plain, () => ({ podLabels: { 'app.kubernetes.io/instance': 'other' } }),
      `${B}podLabels must not set a label the library selects or identifies the brokers by (got `
        + '\'app.kubernetes.io/instance\'). Remove it; the library '
      + 'sets app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/version, '
      + 'app.kubernetes.io/component, app.kubernetes.io/managed-by, '
      + 'hivemq-platform itself.'],
    ['the operator\'s pod label in podLabels', OPERATOR, () => ({ podLabels: { 'hivemq-platform': 'x' } }),
      `${B}podLabels must not set a label the library selects or identifies the brokers by (got 'hivemq-platform').`],
    ['a pod label that contradicts labels', plain, () => ({ labels: { team: 'a' }, podLabels: { team: 'b' } }),
      `${B}podLabels['team'] differs from labels['team'] ('a'), which the pods carry too (got 'b'). Set the key in one of them only.`],
    ['an invalid pod label value', plain, () => ({ podLabels: { team: 'a b' } }),
      `${B}podLabels['team'] must be a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending `
        + 'with a letter or digit) (got \'a b\').'],
    ['the config hash annotation', plain, () => ({ podAnnotations: { 'cdk8s-hivemq/config-sha256': 'x' } }),
      `${B}podAnnotations must not set an annotation the library sets (got 'cdk8s-hivemq/config-sha256'). Remove it.`],
    ['an invalid annotation key', plain, () => ({ podAnnotations: { 'bad key': 'x' } }),
      `${B}podAnnotations keys must be qualified names (optional DNS-1123 prefix and '/', then at most 63 characters of `
        + 'letters, digits, \'-\', \'_\' and \'.\') '
      + '(got \'bad key\'). Rename the key, e.g. \'example.com/owner\'.'],
    ['a non-string annotation value', plain, () => ({ serviceAccountAnnotations: js({ 'example.com/a': 1 }) }),
      `${B}serviceAccountAnnotations['example.com/a'] must be a string (got 1). Quote the value (annotations hold strings only).`],
    ['a required node affinity without terms', plain,
      () => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }),
      `${B}nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms must not be empty: the API server refuses a required node `
      + 'selector without terms (got []).'],
    ['a node affinity weight out of range', plain, () => ({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0,
      preference: {} }] } }),
    `${B}nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight must be a whole number from 1 to 100 (got 0).`],
    ['Gt with two values', plain, () => ({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1,
      preference: { matchExpressions: [{ key: 'cpu', operator: 'Gt', values: ['1', '2'] }] } }] } }),
    `${B}nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values must `
      + 'hold exactly one value with operator Gt'],
    ['a pod anti-affinity in nodeAffinity', plain, () => ({ nodeAffinity: js({ podAntiAffinity: {} }) }),
      `${B}nodeAffinity.podAntiAffinity is not an option here: it belongs to the library: antiAffinity: Placement.REQUIRED or PREFERRED`],
    ['an extraIngress rule opening everything', plain, () => ({ networkPolicy: { extraIngress: [{}] } }),
      `${B}networkPolicy.extraIngress[0] allows every source on every port (no from and no ports), which voids the ingress policy (got {}). `
      + 'List the sources or the ports, e.g. { ports: [{ port: k8s.IntOrString.fromNumber(9000), protocol: \'TCP\' }], from: [...] }.'],
    ['an extraIngress port as a plain number', plain, () => ({ networkPolicy: { extraIngress: [{ ports: [{ port: js(9100) }] }] } }),
      `${B}networkPolicy.extraIngress[0].ports[0].port must be an IntOrString (got 9100).`],
    ['an extraIngress peer with ipBlock and a selector', OPERATOR, () => ({ networkPolicy: { extraIngress: [{
      from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] } }),
    `${B}networkPolicy.extraIngress[0].from[0] must hold ipBlock alone`],
    ['an egress field in an ingress rule', plain, () => ({ networkPolicy: { extraIngress: [js({ to: [] })] } }),
      `${B}networkPolicy.extraIngress[0].to is not an option here: it belongs to egress rules: an ingress rule names its sources in from`],
    ['extraIngress with the policy off', plain, () => ({ networkPolicy: { enabled: false, extraIngress: [] } }),
      `${B}networkPolicy.extraIngress has no effect when networkPolicy.enabled is false.`],
    ['a misplaced key', plain, () => js({ initContainers: [] }),
      `${B}initContainers is not an option here: it belongs to extraInitContainers: extraInitContainers: [{ name, `
        + 'image, ... }] (got \'initContainers\').'],
  ])('%s', (_name, mode, props, message) => {
    expect(refuses(mode, props)).toThrow(message);
  });
});
