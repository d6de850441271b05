import { createHash } from 'crypto';
import { Duration, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import {
  ExtensionSource, HiveMQCluster, MqttListener, Placement, PvcRetention, StorageProfile, TcpKeepAliveMode, VolumeAccessMode,
} from '../lib';
import { brokerContainer, find, newChart, podSpec, synthCluster, validateConfigXml, validateKubernetes } from './util';

const SELECTOR = { 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker' };
const LABELS = {
  ...SELECTOR,
  'app.kubernetes.io/version': '4.54.0',
  'app.kubernetes.io/component': 'broker',
  'app.kubernetes.io/managed-by': 'cdk8s-hivemq',
};

describe('HiveMQCluster defaults', () => {
  const { cluster, manifests } = synthCluster();
  const sts = find(manifests, 'StatefulSet', 'broker');
  const pod = podSpec(manifests);
  const hivemq = brokerContainer(manifests);

  test('synthesizes exactly the documented objects, all valid Kubernetes', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/broker-config', 'NetworkPolicy/broker', 'PodDisruptionBudget/broker', 'Service/broker', 'Service/broker-cluster',
      'ServiceAccount/broker', 'StatefulSet/broker',
    ]);
    expect(() => validateKubernetes(manifests)).not.toThrow();
    for (const m of manifests) {
      expect(m.metadata.labels).toEqual(LABELS);
      expect(m.metadata.namespace).toBe('iot');
    }
  });

  test('StatefulSet: 3 replicas, governed by the headless Service, one broker at a time, rolling update with minReadySeconds', () => {
    expect(sts.spec).toMatchObject({
      replicas: 3,
      serviceName: 'broker-cluster',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      minReadySeconds: 30,
      selector: { matchLabels: SELECTOR },
    });
    expect(sts.spec.template.metadata.labels).toEqual(LABELS);
  });

  test('persistent storage: 100Gi ReadWriteOnce claim per broker, retained on delete and scale-down', () => {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: SELECTOR },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: '100Gi' } } },
    }]);
    expect(hivemq.volumeMounts).toContainEqual({ name: 'data', mountPath: '/opt/hivemq/data' });
    expect(pod.volumes.find((v: any) => v.name === 'data')).toBeUndefined();
  });

  test('image pinned to hivemq/hivemq4:4.54.0, IfNotPresent, started with run.sh', () => {
    expect(hivemq.image).toBe('hivemq/hivemq4:4.54.0');
    expect(hivemq.imagePullPolicy).toBe('IfNotPresent');
    expect(hivemq.command).toEqual(['/opt/hivemq/bin/run.sh']);
    expect(pod.imagePullSecrets).toBeUndefined();
  });

  test('resources: 4 CPU and 8Gi, requests equal limits; ephemeral storage covers every scratch emptyDir', () => {
    // home 1Gi + 4Gi heap, log 2Gi, tmp 1Gi, 1Gi headroom for the container log and writable layer
    const r = { 'cpu': '4', 'memory': '8Gi', 'ephemeral-storage': '9Gi' };
    expect(hivemq.resources).toEqual({ requests: r, limits: r });
    expect(pod.volumes).toContainEqual({ name: 'hivemq-home', emptyDir: { sizeLimit: '5Gi' } });
    expect(pod.volumes).toContainEqual({ name: 'log', emptyDir: { sizeLimit: '2Gi' } });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } });
    for (const c of pod.initContainers) expect(c.resources.requests).toEqual(c.resources.limits);
    expect(cluster._finalModel().resources.heapBytes).toBe(4 * 2 ** 30);
  });

  test('JAVA_OPTS sizes the heap to 50 % of container memory; remote JMX is off', () => {
    expect(hivemq.env).toContainEqual({ name: 'JAVA_OPTS',
      value: '-XX:+UnlockExperimentalVMOptions -XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=50' });
    expect(hivemq.env).toContainEqual({ name: 'HIVEMQ_JMX_ENABLED', value: 'false' });
  });

  test('probes on the health API with distinct settings and a tolerant startup probe', () => {
    const get = (path: string) => ({ path, port: 'health', scheme: 'HTTP' });
    expect(hivemq.readinessProbe).toEqual({ httpGet: get('/api/v1/health/readiness'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3,
      successThreshold: 1 });
    expect(hivemq.livenessProbe).toEqual({ httpGet: get('/api/v1/health/liveness'), periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4,
      successThreshold: 1 });
    expect(hivemq.startupProbe).toEqual({ httpGet: get('/api/v1/health/liveness'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60,
      successThreshold: 1 });
    expect(hivemq.ports).toEqual([
      { name: 'mqtt', containerPort: 1883, protocol: 'TCP' },
      { name: 'cluster', containerPort: 7000, protocol: 'TCP' },
      { name: 'health', containerPort: 8889, protocol: 'TCP' },
    ]);
  });

  test('Pod Security restricted: non-root UID 10000, no escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
    const restricted = {
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10000, runAsGroup: 0,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    };
    for (const c of [...pod.containers, ...pod.initContainers]) expect(c.securityContext).toEqual(restricted);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: 10000, runAsGroup: 0, fsGroup: 0, fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.serviceAccountName).toBe('broker');
    expect(find(manifests, 'ServiceAccount', 'broker').automountServiceAccountToken).toBe(false);
    // Only configMap and emptyDir volumes besides the claim template: all allowed under "restricted".
    expect(pod.volumes.map((v: any) => Object.keys(v).filter((k) => k !== 'name')).flat().sort()).toEqual(['configMap', 'emptyDir', 'emptyDir',
      'emptyDir']);
  });

  test('writable mounts: exactly HIVEMQ_HOME (a copy of the distribution), data, log, /tmp; config.xml read-only', () => {
    expect(hivemq.volumeMounts).toEqual([
      { name: 'hivemq-home', mountPath: '/opt/hivemq' },
      { name: 'data', mountPath: '/opt/hivemq/data' },
      { name: 'log', mountPath: '/opt/hivemq/log' },
      { name: 'config', mountPath: '/opt/hivemq/conf/config.xml', subPath: 'config.xml', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    const home = pod.initContainers.find((c: any) => c.name === 'hivemq-home');
    expect(home.image).toBe('hivemq/hivemq4:4.54.0');
    expect(home.command).toEqual(['/bin/sh', '-c', 'cp -R /opt/hivemq/. /hivemq-home/']);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['hivemq-home', 'dns-discovery-extension']);
  });

  test('scheduling: required anti-affinity on the hostname and a preferred zone spread', () => {
    expect(pod.affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: SELECTOR },
        topologyKey: 'kubernetes.io/hostname' }] },
    });
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: SELECTOR },
    }]);
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
    expect(pod.priorityClassName).toBeUndefined();
  });

  test('PodDisruptionBudget: one broker at a time, unhealthy pods always evictable', () => {
    expect(find(manifests, 'PodDisruptionBudget', 'broker').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test('graceful shutdown of one hour and TCP keep-alive sysctls 300/300/2', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(3600);
    expect(pod.securityContext.sysctls).toEqual([
      { name: 'net.ipv4.tcp_keepalive_time', value: '300' },
      { name: 'net.ipv4.tcp_keepalive_intvl', value: '300' },
      { name: 'net.ipv4.tcp_keepalive_probes', value: '2' },
    ]);
  });

  test('headless Service carries discovery; ClusterIP Service carries MQTT', () => {
    expect(find(manifests, 'Service', 'broker-cluster').spec).toEqual({
      clusterIP: 'None', publishNotReadyAddresses: true, selector: SELECTOR,
      ports: [{ name: 'cluster', port: 7000, targetPort: 'cluster', protocol: 'TCP' }],
    });
    expect(find(manifests, 'Service', 'broker').spec).toEqual({
      type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'mqtt', port: 1883, targetPort: 'mqtt', protocol: 'TCP' }],
    });
  });

  test('DNS discovery: extension downloaded from the pinned release, address from the pod namespace, never cluster.local', () => {
    const init = pod.initContainers.find((c: any) => c.name === 'dns-discovery-extension');
    expect(init.image).toBe('curlimages/curl:8.17.0');
    expect(init.env).toEqual([
      { name: 'EXTENSION_URL', value: 'https://github.com/hivemq/hivemq-dns-cluster-discovery-extension/releases/download/4.4.7/hivemq-dns-cluster-discovery-4.4.7.zip' },
      { name: 'EXTENSION_SHA256', value: '' },
    ]);
    const script: string = init.command[2];
    expect(script).toContain('--proto =https');
    expect(script).toContain('sha256sum "$zip"');
    expect(script).toContain('unzip -o -q "$zip" -d /hivemq-home/extensions');
    expect(script).not.toContain('https://'); // the URL comes from env, never spliced into the script
    expect(hivemq.env).toEqual(expect.arrayContaining([
      { name: 'HIVEMQ_BIND_ADDRESS', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'HIVEMQ_DNS_DISCOVERY_ADDRESS', value: 'broker-cluster.$(POD_NAMESPACE).svc' },
      { name: 'HIVEMQ_DNS_DISCOVERY_TIMEOUT', value: '10' },
      { name: 'HIVEMQ_DNS_RELOAD_INTERVAL', value: '15' },
    ]));
    // POD_NAMESPACE must come before the variable that refers to it.
    const names = hivemq.env.map((e: any) => e.name);
    expect(names.indexOf('POD_NAMESPACE')).toBeLessThan(names.indexOf('HIVEMQ_DNS_DISCOVERY_ADDRESS'));
    expect(JSON.stringify(manifests)).not.toContain('cluster.local');
  });

  test('config.xml: MQTT listener, TCP cluster transport with extension discovery, replication 2, health API, keep-alive', async () => {
    const xml = find(manifests, 'ConfigMap', 'broker-config').data['config.xml'];
    expect(xml).toBe(cluster.configXml);
    const flat = xml.replace(/\s+/g, '');
    expect(flat).toContain('<listeners><tcp-listener><port>1883</port><bind-address>0.0.0.0</bind-address><name>mqtt</name></tcp-listener>'
      + '</listeners>');
    expect(flat).toContain('<cluster><transport><tcp><bind-address>${HIVEMQ_BIND_ADDRESS}</bind-address><bind-port>7000</bind-port></tcp></transport>'
      + '<enabled>true</enabled><discovery><extension/></discovery><replication><replica-count>2</replica-count></replication></cluster>');
    expect(flat).toContain('<health-api><enabled>true</enabled><listeners><http><port>8889</port><bind-address>0.0.0.0</bind-address></http>'
      + '</listeners></health-api>');
    expect(flat).toContain('<mqtt><keep-alive><max-keep-alive>300</max-keep-alive><allow-unlimited>false</allow-unlimited></keep-alive></mqtt>');
    await validateConfigXml(xml);
  });

  test('the pod template carries the SHA-256 of the ConfigMap\'s files, so a config change rolls the brokers', () => {
    const hash = createHash('sha256').update(JSON.stringify({ 'config.xml': cluster.configXml })).digest('hex');
    expect(sts.spec.template.metadata.annotations).toEqual({ 'cdk8s-hivemq/config-sha256': hash });
    const changed = synthCluster({ replicas: 4, replication: 3 });
    expect(find(changed.manifests, 'StatefulSet', 'broker').spec.template.metadata.annotations['cdk8s-hivemq/config-sha256']).not.toBe(hash);
    const unrelated = synthCluster({ cpu: Cpu.units(8) });
    expect(find(unrelated.manifests, 'StatefulSet', 'broker').spec.template.metadata.annotations['cdk8s-hivemq/config-sha256']).toBe(hash);
  });

  test('the same input gives byte-identical output', () => {
    expect(JSON.stringify(synthCluster().manifests)).toBe(JSON.stringify(manifests));
  });

  test('exposes every object as a public property', () => {
    expect(cluster.statefulSet!.name).toBe('broker');
    expect(cluster.headlessService!.name).toBe('broker-cluster');
    expect(cluster.service!.name).toBe('broker');
    expect(cluster.configMap.name).toBe('broker-config');
    expect(cluster.podDisruptionBudget.name).toBe('broker');
    expect(cluster.serviceAccount!.name).toBe('broker');
  });
});

describe('HiveMQCluster options', () => {
  test('single development broker with ephemeral storage', async () => {
    const { cluster, manifests } = synthCluster({ replicas: 1, storage: StorageProfile.ephemeral() }, 'dev');
    const sts = find(manifests, 'StatefulSet', 'dev');
    const pod = sts.spec.template.spec;
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '10Gi' } });
    // 5Gi home + 2Gi log + 1Gi tmp + 1Gi headroom + 10Gi data
    expect(brokerContainer(manifests, 'dev').resources.requests['ephemeral-storage']).toBe('19Gi');
    expect(cluster._finalModel().resources.replication).toBe(1);
    expect(cluster.configXml).toContain('<replica-count>1</replica-count>');
    expect(find(manifests, 'Service', 'dev-cluster')).toBeDefined();
    validateKubernetes(manifests);
    await validateConfigXml(cluster.configXml);
  });

  test('ephemeral size limit', () => {
    const { manifests } = synthCluster({ storage: StorageProfile.ephemeral({ sizeLimit: Size.gibibytes(20) }) });
    expect(podSpec(manifests).volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '20Gi' } });
  });

  test('persistent storage options', () => {
    const { manifests } = synthCluster({
      storage: StorageProfile.persistent({
        size: Size.gibibytes(250), storageClassName: 'gp3', accessMode: VolumeAccessMode.READ_WRITE_ONCE_POD,
        // Delete retention loses the brokers' data: it needs nonProduction (test/inputs.test.ts has the refusal).
        whenDeleted: PvcRetention.DELETE, whenScaled: PvcRetention.DELETE, nonProduction: true,
      }),
    });
    const sts = find(manifests, 'StatefulSet', 'broker');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Delete' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOncePod'], storageClassName: 'gp3', volumeMode: 'Filesystem', resources: { requests: { storage: '250Gi' } },
    });
  });

  test('a small persistent volume is allowed when marked non-production, on the profile or on the cluster', () => {
    const small = { size: Size.gibibytes(10) };
    expect(find(synthCluster({ storage: StorageProfile.persistent({ ...small, nonProduction: true }) }).manifests, 'StatefulSet', 'broker')
      .spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    expect(() => synthCluster({ nonProduction: true, storage: StorageProfile.persistent(small) })).not.toThrow();
  });

  test('storage sized from the workload uses the cluster\'s own replicas and replication', () => {
    const workload = { persistentSessions: 10_000_000, queuedMessagesPerSession: 1000, averagePayloadBytes: 1024 };
    const three = synthCluster({ storage: StorageProfile.forWorkload(workload) });
    const five = synthCluster({ replicas: 5, replication: 3, storage: StorageProfile.forWorkload({ ...workload, storageClassName: 'ssd' }) });
    // stored = 1e7 × 1000 × (1024 + 340) B + 1e7 × 280 B = 13,642.8 GB (offline sessions default to all sessions)
    // 3 brokers: 2 × 2 copies × stored ÷ 2 ÷ 0.8 = 34,107 GB = 31,765 GiB; 5 brokers, 3 copies: 2 × 3 × stored ÷ 4 ÷ 0.8 = 23,824 GiB
    expect(find(three.manifests, 'StatefulSet', 'broker').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('31765Gi');
    const fiveVct = find(five.manifests, 'StatefulSet', 'broker').spec.volumeClaimTemplates[0].spec;
    expect(fiveVct.resources.requests.storage).toBe('23824Gi');
    expect(fiveVct.storageClassName).toBe('ssd');
  });

  test('forWorkload: retention defaults to Retain, and a pinned broker count keeps the claim size when replicas change', () => {
    const workload = { persistentSessions: 10_000_000, queuedMessagesPerSession: 1000, averagePayloadBytes: 1024, brokers: 3 };
    const vct = (replicas: number) => {
      const sts = find(synthCluster({ replicas, storage: StorageProfile.forWorkload(workload) }).manifests, 'StatefulSet', 'broker');
      return { size: sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, retention: sts.spec.persistentVolumeClaimRetentionPolicy };
    };
    expect(vct(3)).toEqual({ size: '31765Gi', retention: { whenDeleted: 'Retain', whenScaled: 'Retain' } });
    expect(vct(5).size).toBe('31765Gi');
    expect(() => StorageProfile.forWorkload({ ...workload,
      brokers: 0 })).toThrow(/StorageProfile.forWorkload\(\): brokers must be a whole number from 1 to 1000 \(got 0\)/);
  });

  test('a PROXY protocol listener gets <proxy-protocol> and stays out of the in-cluster Service', async () => {
    const { cluster, manifests } = synthCluster({ listeners: [MqttListener.tcp(), MqttListener.tcp({ name: 'mqtt-lb', port: 1884,
      proxyProtocol: true })] });
    expect(cluster.configXml.replace(/\s+/g, '')).toContain('<tcp-listener><port>1884</port><bind-address>0.0.0.0</bind-address><name>mqtt-lb</name><proxy-protocol>true</proxy-protocol></tcp-listener>');
    expect(find(manifests, 'Service', 'broker').spec.ports.map((p: any) => p.name)).toEqual(['mqtt']);
    await validateConfigXml(cluster.configXml);
    const only = synthCluster({ listeners: [MqttListener.tcp({ proxyProtocol: true })] });
    expect(only.cluster.service).toBeUndefined();
    expect(only.manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name)).toEqual(['broker-cluster']);
  });

  test('image, version, digest, pull policy and pull secrets', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const { manifests } = synthCluster({
      image: 'registry.example.com/mirror/hivemq4', version: '4.53.1', imageDigest: digest,
      imagePullPolicy: ImagePullPolicy.ALWAYS, imagePullSecrets: ['regcred'],
    });
    const pod = podSpec(manifests);
    expect(pod.containers[0].image).toBe(`registry.example.com/mirror/hivemq4:4.53.1@${digest}`);
    expect(pod.containers[0].imagePullPolicy).toBe('Always');
    expect(pod.initContainers.map((c: any) => c.imagePullPolicy)).toEqual(['Always', 'Always']);
    expect(pod.initContainers[0].image).toBe(pod.containers[0].image);
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(find(manifests, 'StatefulSet', 'broker').metadata.labels['app.kubernetes.io/version']).toBe('4.53.1');
  });

  test('cpu and memory', () => {
    const { cluster, manifests } = synthCluster({ cpu: Cpu.millis(6500), memory: Size.gibibytes(62) });
    expect(brokerContainer(manifests).resources.limits).toEqual({ 'cpu': '6500m', 'memory': '62Gi', 'ephemeral-storage': '36Gi' });
    expect(cluster._finalModel().resources.heapBytes).toBe(31 * 2 ** 30);
  });

  test('listeners: TCP and WebSocket with custom ports, names and path', async () => {
    const { cluster, manifests } = synthCluster({
      listeners: [MqttListener.tcp({ port: 11883, name: 'mqtt-internal' }), MqttListener.websocket(), MqttListener.websocket({ port: 8001,
        name: 'ws2', path: '/ws' })],
    });
    expect(brokerContainer(manifests).ports.map((p: any) => `${p.name}:${p.containerPort}`)).toEqual(['mqtt-internal:11883', 'ws:8000', 'ws2:8001',
      'cluster:7000', 'health:8889']);
    expect(find(manifests, 'Service', 'broker').spec.ports.map((p: any) => `${p.name}:${p.port}>${p.targetPort}`))
      .toEqual(['mqtt-internal:11883>mqtt-internal', 'ws:8000>ws', 'ws2:8001>ws2']);
    const flat = cluster.configXml.replace(/\s+/g, '');
    expect(flat).toContain('<websocket-listener><port>8000</port><bind-address>0.0.0.0</bind-address><name>ws</name><path>/mqtt</path>'
      + '</websocket-listener>');
    expect(flat).toContain('<websocket-listener><port>8001</port><bind-address>0.0.0.0</bind-address><name>ws2</name><path>/ws</path>'
      + '</websocket-listener>');
    await validateConfigXml(cluster.configXml);
  });

  test('keep-alive settings', () => {
    const { cluster, manifests } = synthCluster({
      mqttMaxKeepAlive: Duration.seconds(180), tcpKeepAlive: { time: Duration.seconds(120), interval: Duration.seconds(30), probes: 5 },
    });
    expect(cluster.configXml).toContain('<max-keep-alive>180</max-keep-alive>');
    expect(podSpec(manifests).securityContext.sysctls).toEqual([
      { name: 'net.ipv4.tcp_keepalive_time', value: '120' },
      { name: 'net.ipv4.tcp_keepalive_intvl', value: '30' },
      { name: 'net.ipv4.tcp_keepalive_probes', value: '5' },
    ]);
  });

  test('keep-alive sysctls can be switched off for clusters older than 1.29', () => {
    expect(podSpec(synthCluster({ tcpKeepAlive: { enabled: false } }).manifests).securityContext.sysctls).toBeUndefined();
  });

  test('anti-affinity preferred or none; zone spread required or none', () => {
    const preferred = podSpec(synthCluster({ antiAffinity: Placement.PREFERRED, zoneSpread: Placement.REQUIRED }).manifests);
    expect(preferred.affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100,
        podAffinityTerm: { labelSelector: { matchLabels: SELECTOR }, topologyKey: 'kubernetes.io/hostname' } }] },
    });
    expect(preferred.topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
    const none = podSpec(synthCluster({ antiAffinity: Placement.NONE, zoneSpread: Placement.NONE }).manifests);
    expect(none.affinity).toBeUndefined();
    expect(none.topologySpreadConstraints).toBeUndefined();
  });

  test('nodeSelector, tolerations and priority class pass through', () => {
    const pod = podSpec(synthCluster({
      nodeSelector: { 'node.kubernetes.io/pool': 'mqtt' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'mqtt', effect: 'NoSchedule' }],
      priorityClassName: 'mqtt-critical',
    }).manifests);
    expect(pod.nodeSelector).toEqual({ 'node.kubernetes.io/pool': 'mqtt' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'mqtt', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('mqtt-critical');
  });

  test('grace period, min ready time and startup timeout', () => {
    const { manifests } = synthCluster({ terminationGracePeriod: Duration.minutes(20), minReadyTime: Duration.seconds(0),
      startupTimeout: Duration.minutes(30) });
    expect(podSpec(manifests).terminationGracePeriodSeconds).toBe(1200);
    expect(find(manifests, 'StatefulSet', 'broker').spec.minReadySeconds).toBe(0);
    expect(brokerContainer(manifests).startupProbe.failureThreshold).toBe(180);
  });

  test('discovery from a mirrored image, with timing and an explicit cluster domain', () => {
    const { manifests } = synthCluster({
      discovery: {
        source: ExtensionSource.fromImage({ image: 'registry.example.com/hivemq/dns-discovery:4.4.7', path: '/hivemq-dns-cluster-discovery' }),
        reloadInterval: Duration.seconds(30), resolutionTimeout: Duration.seconds(20), clusterDomain: 'k8s.example.com',
      },
    });
    const init = podSpec(manifests).initContainers[1];
    expect(init).toMatchObject({
      name: 'dns-discovery-extension', image: 'registry.example.com/hivemq/dns-discovery:4.4.7',
      command: ['/bin/sh', '-c', 'set -eu; cp -R "$EXTENSION_PATH" /hivemq-home/extensions/'],
      env: [{ name: 'EXTENSION_PATH', value: '/hivemq-dns-cluster-discovery' }],
    });
    expect(brokerContainer(manifests).env).toEqual(expect.arrayContaining([
      { name: 'HIVEMQ_DNS_DISCOVERY_ADDRESS', value: 'broker-cluster.$(POD_NAMESPACE).svc.k8s.example.com.' },
      { name: 'HIVEMQ_DNS_DISCOVERY_TIMEOUT', value: '20' },
      { name: 'HIVEMQ_DNS_RELOAD_INTERVAL', value: '30' },
    ]));
  });

  test('discovery download pinned by checksum, other version and downloader image', () => {
    const sha = 'b'.repeat(64);
    const init = podSpec(synthCluster({
      discovery: { source: ExtensionSource.dnsDiscoveryRelease({ version: '4.4.6', sha256: sha,
        downloaderImage: 'mirror.example.com/curl:8.17.0' }) },
    }).manifests).initContainers[1];
    expect(init.image).toBe('mirror.example.com/curl:8.17.0');
    expect(init.env).toEqual([
      { name: 'EXTENSION_URL', value: 'https://github.com/hivemq/hivemq-dns-cluster-discovery-extension/releases/download/4.4.6/hivemq-dns-cluster-discovery-4.4.6.zip' },
      { name: 'EXTENSION_SHA256', value: sha },
    ]);
    const custom = podSpec(synthCluster({ discovery: { source: ExtensionSource.fromUrl({ url: 'https://artifacts.example.com/dns.zip', sha256: sha }) } }).manifests);
    expect(custom.initContainers[1].env[0].value).toBe('https://artifacts.example.com/dns.zip');
    expect(custom.initContainers[1].image).toBe('curlimages/curl:8.17.0');
  });

  test('name overrides the construct id; user labels are added everywhere', () => {
    const { manifests } = synthCluster({ name: 'mqtt', labels: { team: 'iot' } }, 'Broker');
    const sts = find(manifests, 'StatefulSet', 'mqtt');
    expect(sts.metadata.labels.team).toBe('iot');
    expect(sts.spec.template.metadata.labels.team).toBe('iot');
    expect(sts.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'mqtt' });
    expect(find(manifests, 'Service', 'mqtt-cluster')).toBeDefined();
  });

  test('two clusters in one namespace do not clash', () => {
    const chart = newChart();
    new HiveMQCluster(chart, 'a');
    new HiveMQCluster(chart, 'b');
    const manifests = Testing.synth(chart);
    const keys = manifests.map((m: any) => `${m.kind}/${m.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(find(manifests as any, 'StatefulSet', 'a').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('a');
  });
});

describe('HiveMQCluster validation', () => {
  const rejects = (props: object, message: RegExp, id = 'broker') => expect(() => synthCluster(props as any, id)).toThrow(message);

  test('an invalid DNS discovery release version is rejected', () => {
    expect(() => ExtensionSource.dnsDiscoveryRelease({ version: '4.4.7/../x' }))
      .toThrow(/ExtensionSource.dnsDiscoveryRelease: version must be a release number such as '4.4.7' \(got '4.4.7\/..\/x'\)/);
  });

  test.each([
    [{ replicas: 0 }, /HiveMQCluster 'broker': replicas must be a whole number from 1 to 1000 \(got 0\)/],
    [{ replicas: 2.5 }, /replicas must be a whole number .* \(got 2.5\)/],
    [{ replication: 0 }, /replication must be a whole number from 1 to 3 \(got 0\)/],
    [{ replicas: 2, replication: 3 }, /replication must be a whole number from 1 to 2 \(got 3\)\. Keep replication between 1 and replicas/],
    [{ name: 'Broker' }, /name must be a DNS-1035 label .* \(got 'Broker'\)/],
    [{ name: 'b'.repeat(53) }, /name must be a DNS-1035 label of at most 52 characters/],
    [{ name: '1broker' }, /name must be a DNS-1035 label/],
    [{ version: 'latest tag' }, /version must be an image tag that is also a label value .* \(got 'latest tag'\)/],
    [{ version: '_4.54' }, /version must be an image tag/],
    [{ version: 'v'.repeat(64) }, /version must be an image tag/],
    [{ image: 'registry.example.com:5000/hivemq/hivemq4:4.54.0' }, /image must be an image repository without tag or digest/],
    [{ imagePullPolicy: 'Sometimes' }, /imagePullPolicy must be one of 'Always', 'IfNotPresent', 'Never' \(got 'Sometimes'\)/],
    [{ antiAffinity: 'Required' }, /antiAffinity must be one of 'required', 'preferred', 'none' \(got 'Required'\)/],
    [{ zoneSpread: 'soft' }, /zoneSpread must be one of/],
    [{ storage: StorageProfile.persistent({ accessMode: 'ReadWriteMany' as any }) },
      /storage.accessMode must be one of 'ReadWriteOnce', 'ReadWriteOncePod'/],
    [{ storage: StorageProfile.persistent({ whenScaled: 'Keep' as any }) }, /storage.whenScaled must be one of 'Retain', 'Delete'/],
    [{ storage: StorageProfile.persistent({ whenDeleted: 'Keep' as any }) }, /storage.whenDeleted must be one of 'Retain', 'Delete'/],
    [{ tcpKeepAlive: { initImage: 'busybox:1.37.0' } },
      /tcpKeepAlive.initImage only applies with mode PRIVILEGED_INIT_CONTAINER\. Remove it, or set the mode\./],
    [{ tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER, initImage: 'Busy Box' } },
      /tcpKeepAlive.initImage must be an image reference \(got 'Busy Box'\)/],
    [{ listeners: [MqttListener.tcp({ port: 883 })] },
      /listeners\[0\].port must be a whole number from 1024 to 65535 \(got 883\)\. Use a port from 1024 to 65535: the broker runs as UID 10000/],
    [{ tolerations: [{ key: 'a', operator: 'Maybe' }] }, /tolerations\[0\].operator must be one of 'Equal', 'Exists' \(got 'Maybe'\)/],
    [{ tolerations: [{ key: 'a', effect: 'NoRun' }] }, /tolerations\[0\].effect must be one of/],
    [{ tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }] }, /tolerations\[0\].value must be empty with operator Exists/],
    [{ tolerations: [{ key: 'a', effect: 'NoSchedule', tolerationSeconds: 60 }] },
      /tolerations\[0\].tolerationSeconds only applies with effect NoExecute/],
    [{ tolerations: [{ key: 'bad key' }] },
      /tolerations\[0\].key must be a qualified name \(optional DNS-1123 prefix .*\(got 'bad key'\)\. Use the taint's key/],
    [{ discovery: { clusterDomain: 'a.'.repeat(120) + 'b' } }, /discovery.clusterDomain must be a DNS domain/],
    [{ image: 'hivemq/hivemq4:4.54.0' }, /image must be an image repository without tag or digest/],
    [{ image: 'Hivemq/HiveMQ4' }, /image must be an image repository/],
    [{ imageDigest: 'sha256:xyz' }, /imageDigest must be 'sha256:' and 64 lowercase hex digits \(got 'sha256:xyz'\)/],
    [{ imagePullSecrets: ['Reg_Cred'] }, /imagePullSecrets\[0\] must be a DNS-1123 subdomain/],
    [{ cpu: Cpu.units(2) }, /cpu\/memory are below HiveMQ's production minimum of 4 CPU and 4 GiB per broker \(got '2000m \/ 8Gi'\)\. Raise them, or set nonProduction: true/],
    [{ memory: Size.gibibytes(2) }, /cpu\/memory are below HiveMQ's production minimum .* \(got '4000m \/ 2Gi'\)/],
    [{ cpu: Cpu.millis(0.5), nonProduction: true }, /cpu must be a positive whole number of millicores \(got '0.5m'\)/],
    [{ memory: Size.gibibytes(66) },
      /memory gives a heap of 33Gi \(50 % of memory\), not below HiveMQ's 32 GiB heap limit \(got '66Gi'\)\. Use less than Size.gibibytes\(64\)/],
    [{ memory: Size.gibibytes(64) }, /memory gives a heap of 32Gi/],
    [{ storage: StorageProfile.persistent({ size: Size.gibibytes(50) }) },
      /storage.size is below HiveMQ's production minimum of 100Gi per broker \(got '50Gi'\)\. Use at least Size.gibibytes\(100\), or pass nonProduction: true/],
    [{ storage: StorageProfile.persistent({ storageClassName: 'Fast SSD' }) },
      /storage.storageClassName must be a DNS-1123 subdomain \(.*\) \(got 'Fast SSD'\)/],
    [{ storage: StorageProfile.ephemeral({ sizeLimit: Size.kibibytes(1) }) },
      /storage.size must be a whole number of bytes from 1Mi to 1024Ti \(got '1Ki'\)/],
    [{ listeners: [] }, /listeners must hold at least one MQTT listener \(got \[\]\)/],
    [{ listeners: [MqttListener.tcp({ port: 70000 })] }, /listeners\[0\].port must be a whole number from 1024 to 65535 \(got 70000\)/],
    [{ listeners: [MqttListener.tcp({ port: 7000 })] }, /listeners\[0\].port is reserved for the cluster transport \(got 7000\)/],
    [{ listeners: [MqttListener.tcp({ port: 8889 })] }, /listeners\[0\].port is reserved for the health API/],
    [{ listeners: [MqttListener.tcp({ port: 7979 })] }, /listeners\[0\].port is reserved for the HiveMQ Platform Operator REST API/],
    [{ listeners: [MqttListener.tcp(), MqttListener.websocket({ port: 1883 })] },
      /listeners\[1\].port is already used by listeners\[0\].port \(got 1883\)\. Give every listener and endpoint its own port\./],
    [{ listeners: [MqttListener.tcp({ name: 'mqtt-listener-public' })] },
      /listeners\[0\].name must be an IANA service name: at most 15 .* \(got 'mqtt-listener-public'\)/],
    [{ listeners: [MqttListener.tcp({ name: '1883' })] }, /listeners\[0\].name must be an IANA service name/],
    [{ listeners: [MqttListener.tcp(), MqttListener.websocket({ name: 'mqtt' })] }, /listeners\[1\].name is already used/],
    [{ listeners: [MqttListener.tcp({ name: 'health' })] },
      /listeners\[0\].name is already used \(cluster, health, cc, rest and metrics are reserved\)/],
    [{ listeners: [MqttListener.websocket({ path: 'mqtt' })] }, /listeners\[0\].path must be an absolute URL path \(got 'mqtt'\)/],
    [{ mqttMaxKeepAlive: Duration.seconds(0) }, /mqttMaxKeepAlive must be a whole number of seconds from 1 to 65535 \(got '0 seconds'\)/],
    [{ mqttMaxKeepAlive: Duration.seconds(65536) }, /mqttMaxKeepAlive must be a whole number of seconds from 1 to 65535/],
    [{ mqttMaxKeepAlive: Duration.millis(1500) }, /mqttMaxKeepAlive must be a whole number of seconds/],
    [{ tcpKeepAlive: { time: Duration.seconds(40000) } }, /tcpKeepAlive.time must be a whole number of seconds from 1 to 32767/],
    [{ tcpKeepAlive: { interval: Duration.seconds(0) } }, /tcpKeepAlive.interval must be a whole number of seconds from 1 to 32767/],
    [{ tcpKeepAlive: { probes: 128 } }, /tcpKeepAlive.probes must be a whole number from 1 to 127 \(got 128\)/],
    [{ tcpKeepAlive: { enabled: false, time: Duration.seconds(60) } },
      /tcpKeepAlive.time, interval, probes, mode and initImage have no effect when tcpKeepAlive.enabled is false/],
    [{ nodeSelector: { 'bad key!': 'x' } }, /nodeSelector keys must be qualified names .* \(got 'bad key!'\)/],
    [{ nodeSelector: { pool: 'not valid' } }, /nodeSelector\['pool'\] must be a label value .* \(got 'not valid'\)/],
    [{ labels: { 'app.kubernetes.io/name': 'x' } }, /labels must not set the labels the library manages \(got 'app.kubernetes.io\/name'\)/],
    [{ priorityClassName: 'High' }, /priorityClassName must be a DNS-1123 subdomain/],
    [{ terminationGracePeriod: Duration.seconds(0) }, /terminationGracePeriod must be a whole number of seconds from 1 to 604800/],
    [{ minReadyTime: Duration.hours(2) }, /minReadyTime must be a whole number of seconds from 0 to 3600/],
    [{ startupTimeout: Duration.seconds(5) }, /startupTimeout must be a whole number of seconds from 10 to 86400/],
    [{ discovery: { reloadInterval: Duration.seconds(10), resolutionTimeout: Duration.seconds(10) } },
      /discovery.resolutionTimeout must be shorter than discovery.reloadInterval \(10s\), as the extension's config.properties advises .* \(got '10s'\)/],
    [{ discovery: { reloadInterval: Duration.seconds(0) } }, /discovery.reloadInterval must be a whole number of seconds from 1 to 3600/],
    [{ discovery: { clusterDomain: 'Cluster Local' } }, /discovery.clusterDomain must be a DNS domain/],
    [{ discovery: { source: ExtensionSource.fromUrl({ url: 'http://example.com/x.zip' }) } }, /discovery.source.url must be an https:\/\/ URL/],
    [{ discovery: { source: ExtensionSource.fromUrl({ url: 'https://example.com/$(evil).zip' }) } }, /discovery.source.url must be an https:\/\/ URL without spaces, quotes/],
    [{ discovery: { source: ExtensionSource.dnsDiscoveryRelease({ sha256: 'ABC' }) } },
      /discovery.source.sha256 must be 64 lowercase hex digits \(got 'ABC'\)/],
    [{ discovery: { source: ExtensionSource.dnsDiscoveryRelease({ downloaderImage: 'curl image' }) } },
      /discovery.source.downloaderImage must be an image reference/],
    [{ discovery: { source: ExtensionSource.fromImage({ image: 'Bad Image', path: '/x' }) } }, /discovery.source.image must be an image reference/],
    [{ discovery: { source: ExtensionSource.fromImage({ image: 'ok/image:1', path: 'relative/dir' }) } },
      /discovery.source.path must be an absolute path/],
  ])('%o is rejected', (props, message) => rejects(props, message));

  test('an invalid construct id without a name is rejected with the fix', () => {
    rejects({}, /HiveMQCluster 'My_Broker': name must be a DNS-1035 label .* \(got 'My_Broker'\)\. Pass a name such as 'broker'\./, 'My_Broker');
  });
});
