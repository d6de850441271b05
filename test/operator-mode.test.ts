import { Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Cpu, EnvValue, k8s, Secret, Volume } from 'cdk8s-plus-28';
import {
  DeploymentMode, ExtensionSource, HiveMQCluster, HiveMQClusterProps, HiveMQPlatformCrd, Keystore, LoadBalancerProvider, MqttListener,
  MqttLoadBalancer, Placement, StorageProfile, TcpKeepAliveMode, TrafficPolicy,
} from '../lib';
import { checkPlatform } from '../lib/operator/operator-renderer';
import { configXmlFacts } from '../lib/render/config-xml';
import { embeddedObjects, find, Manifest, newChart, RESTRICTED_CONTAINER, validateKubernetes } from './util';

const OP = DeploymentMode.platformOperator({ schedulableNodes: 4 });

function synth(props: HiveMQClusterProps, lb?: boolean) {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', props);
  if (lb) new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.awsNlb() });
  const manifests = Testing.synth(chart) as Manifest[];
  validateKubernetes(manifests); // the CR against its CRD (ajv), its embedded StatefulSet and Services against Kubernetes
  return { cluster, manifests };
}

describe('operator mode', () => {
  const { manifests } = synth({ mode: OP, monitoring: { serviceMonitor: true }, allowAllClients: false, logLevel: 'DEBUG' as any }, true);
  const cr = find(manifests, 'HiveMQPlatform', 'broker');

  test('writes a HiveMQPlatform and only the objects the operator does not create', () => {
    expect(cr.apiVersion).toBe('hivemq.com/v1');
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'ConfigMap/broker-config', 'HiveMQPlatform/broker', 'NetworkPolicy/broker', 'PodDisruptionBudget/broker', 'ServiceMonitor/broker',
    ]);
  });

  test('maps config, log level, health and metrics, extensions', () => {
    expect(cr.spec).toMatchObject({
      configMapName: 'broker-config', logLevel: 'DEBUG', healthApiPort: 8889, metricsPort: 9399, metricsPath: '/metrics',
      extensions: [{ id: 'hivemq-allow-all-extension', enabled: false, extensionUri: 'preinstalled', supportsHotReload: false }],
    });
  });

  test('the embedded StatefulSet: replicas, retention, claim templates, and the broker container named hivemq and first, '
    + 'without what the operator owns', () => {
    const sts = cr.spec.statefulSet.spec;
    expect(sts.replicas).toBe(3);
    expect(sts.selector).toBeUndefined();
    expect(sts.serviceName).toBeUndefined();
    expect(sts.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('100Gi');
    const pod = sts.template.spec;
    expect(pod.containers[0].name).toBe('hivemq');
    expect(pod.initContainers).toBeUndefined();
    expect(pod.serviceAccountName).toBeUndefined();
    expect(pod.containers[0].command).toBeUndefined();
    expect(pod.containers[0].readinessProbe).toBeUndefined();
    expect(pod.containers[0].env.map((e: any) => e.name)).toEqual(['JAVA_OPTS', 'HIVEMQ_JMX_ENABLED']);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/opt/hivemq/data' }]);
  });

  test('config.xml binds the cluster transport to 0.0.0.0 for the operator\'s discovery', () => {
    expect(find(manifests, 'ConfigMap', 'broker-config').data['config.xml'].replace(/\s+/g, ''))
      .toContain('<transport><tcp><bind-address>0.0.0.0</bind-address><bind-port>7000</bind-port></tcp></transport>'
        + '<enabled>true</enabled><discovery><extension/></discovery>');
  });

  test('Services and load balancers become spec.services entries with container port names and no selector', () => {
    const services = cr.spec.services;
    expect(services.map((s: any) => s.metadata.name)).toEqual(['broker', 'broker-metrics', 'broker-public']);
    const lb = services[2];
    expect(lb.spec).toEqual({
      type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'mqtt', port: 1883, targetPort: 'mqtt', protocol: 'TCP' }],
    });
    expect(lb.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('external');
    const containerPorts = cr.spec.statefulSet.spec.template.spec.containers[0].ports.map((p: any) => p.name);
    for (const s of services) for (const p of s.spec.ports) expect(containerPorts).toContain(p.targetPort);
  });

  test('deletion protection on the CR and its config; side objects only ordered; the PDB selects the operator\'s pod label', () => {
    expect(cr.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false,SkipDryRunOnMissingResource=true',
      'argocd.argoproj.io/sync-wave': '0',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      'kapp.k14s.io/delete-strategy': 'orphan',
      'helm.sh/resource-policy': 'keep',
    });
    expect(find(manifests, 'ConfigMap', 'broker-config').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
    expect(find(manifests, 'PodDisruptionBudget', 'broker').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(find(manifests, 'PodDisruptionBudget', 'broker').spec.selector).toEqual({ matchLabels: { 'hivemq-platform': 'broker' } });
    const json = JSON.stringify(manifests);
    for (const destructive of ['Replace=true', 'Force=true', 'kustomize.toolkit.fluxcd.io/force', 'always-replace', 'owned-for-deletion']) {
      expect(json).not.toContain(destructive);
    }
  });

  test('the NetworkPolicy lets the operator reach its REST API and the pods reach the Kubernetes API', () => {
    const np = find(manifests, 'NetworkPolicy', 'broker');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'hivemq-platform': 'broker' } });
    expect(np.spec.ingress).toContainEqual({ ports: [{ port: 7979, protocol: 'TCP' }] });
    expect(np.spec.egress).toContainEqual({ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] });
  });

  test('deletion protection can be switched off; plain mode can switch it on for the StatefulSet and its config', () => {
    const off = find(
      synth({ mode: DeploymentMode.platformOperator({ schedulableNodes: 4, deletionProtection: false }) }).manifests, 'HiveMQPlatform', 'broker',
    );
    expect(off.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
    const plain = synth({ mode: DeploymentMode.plain({ deletionProtection: true }) }).manifests;
    expect(find(plain, 'StatefulSet', 'broker').metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    expect(find(plain, 'ConfigMap', 'broker-config').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(find(synth({}).manifests, 'StatefulSet', 'broker').metadata.annotations).toBeUndefined();
  });

  test('operator selector label and URL extensions with a config Secret', () => {
    const { manifests: m } = synth({
      mode: DeploymentMode.platformOperator({ schedulableNodes: 4, selector: 'team-a' }),
      extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://example.com/ext.zip' }), folder: 'my-ext', configSecret: 'ext-conf' }],
    });
    const c = find(m, 'HiveMQPlatform', 'broker');
    expect(c.metadata.labels.operator).toBe('team-a');
    expect(c.spec.extensions[1]).toEqual({ id: 'my-ext', enabled: true, extensionUri: 'https://example.com/ext.zip', secretName: 'ext-conf' });
  });

  test.each<[HiveMQClusterProps, RegExp]>([
    [{ mode: DeploymentMode.platformOperator() }, /HiveMQCluster 'broker': mode.schedulableNodes must be at least replicas \+ 1 \(4\): the operator rolls with an extra \(surge\) broker.* \(got 'unset'\)/],
    [{ mode: DeploymentMode.platformOperator({ schedulableNodes: 3 }) }, /mode.schedulableNodes must be at least replicas \+ 1 \(4\).* \(got 3\)/],
    [{ mode: OP, discovery: {} }, /discovery has no meaning in operator mode: the HiveMQ Platform Operator supplies cluster discovery itself/],
    [{ mode: OP, startupTimeout: Duration.minutes(5) }, /startupTimeout has no meaning in operator mode: the operator defines the probes/],
    [{ mode: OP, minReadyTime: Duration.seconds(5) }, /minReadyTime has no meaning in operator mode/],
    [{ mode: OP, monitoring: { source: ExtensionSource.prometheusRelease() } }, /monitoring.source has no meaning in operator mode/],
    [{ mode: OP, extensions: [{ source: ExtensionSource.fromImage({ image: 'a/b:1', path: '/x' }), folder: 'x' }] }, /extensions\[0\].source has no meaning in operator mode/],
    [{ mode: OP, extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/x.zip', sha256: 'a'.repeat(64) }), folder: 'x' }] },
      /extensions\[0\].source.sha256 has no meaning in operator mode: the operator downloads extensionUri without checking a SHA-256/],
    [{ mode: DeploymentMode.platformOperator({ schedulableNodes: 4, selector: 'bad selector' }) }, /mode.selector must be a label value/],
    [{ mode: OP, name: 'b'.repeat(49) }, /name must be a DNS-1035 label of at most 48 characters/],
    [{ mode: 'operator' as any }, /mode must be a DeploymentMode/],
    [{ mode: OP, tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER } }, /tcpKeepAlive.mode has no meaning in operator mode: the operator manages the pod's init containers/],
    [{ mode: DeploymentMode.platformOperator({ schedulableNodes: 4, operatorNamespace: 'Operators' }) }, /mode.operatorNamespace must be a namespace name/],
    [{ mode: DeploymentMode.platformOperator({ schedulableNodes: 4.5 }) }, /mode.schedulableNodes must be a whole number from 1 to 100000 \(got 4.5\)/],
  ])('rule %#', (props, message) => expect(() => synth(props)).toThrow(message));

  test('no config hash on the template (the operator restarts on config changes), no claim template labels, metrics off as 0, '
    + 'the REST API port', () => {
    const { manifests: m } = synth({ mode: OP });
    const c = find(m, 'HiveMQPlatform', 'broker');
    expect(c.spec.statefulSet.spec.template.metadata.annotations).toBeUndefined();
    expect(c.spec.statefulSet.spec.volumeClaimTemplates[0].metadata).toEqual({ name: 'data' });
    expect(c.spec.metricsPort).toBe(0);
    expect(c.spec.operatorRestApiPort).toBe(7979);
    expect(find(m, 'ConfigMap', 'broker-config').data).toEqual({ 'config.xml': expect.any(String) });
  });

  test('TLS, licence, Control Center and extension configuration in the pod; the extension\'s config is the operator\'s to mount', () => {
    const { manifests: m } = synth({
      mode: OP, licenseSecret: 'lic', controlCenter: { credentialsSecret: 'cc' },
      listeners: [MqttListener.tcp(), MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 'tls', password: { name: 'pw', key: 'p' } }) })],
      extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://example.com/ext.zip' }), folder: 'ext', configSecret: 'ext-conf' }],
    });
    const pod = find(m, 'HiveMQPlatform', 'broker').spec.statefulSet.spec.template.spec;
    expect(pod.containers[0].volumeMounts.map((x: any) => x.mountPath))
      .toEqual(['/opt/hivemq/data', '/opt/hivemq/license', '/etc/hivemq/tls/mqtts/keystore']);
    expect(pod.volumes.map((x: any) => x.name)).toEqual(['license', 'tls-mqtts-keystore']);
    expect(pod.containers[0].env.map((e: any) => e.name)).toEqual(['JAVA_OPTS', 'HIVEMQ_JMX_ENABLED', 'HIVEMQ_TLS_MQTTS_KEYSTORE_PASSWORD',
      'HIVEMQ_TLS_MQTTS_PRIVATE_KEY_PASSWORD', 'HIVEMQ_CONTROL_CENTER_USER', 'HIVEMQ_CONTROL_CENTER_PASSWORD']);
  });

  test('cert-manager Certificates are written next to the CR', () => {
    const { manifests: m } = synth({
      mode: OP,
      listeners: [MqttListener.tls({
        keystore: Keystore.fromCertManager({ issuerName: 'le', dnsNames: ['mqtt.example.com'], password: { name: 'pw', key: 'p' } }),
      })],
    });
    expect(find(m, 'Certificate', 'broker-mqtts').spec.secretName).toBe('broker-mqtts-tls');
    expect(find(m, 'HiveMQPlatform', 'broker').spec.statefulSet.spec.template.spec.volumes).toEqual([
      {
        name: 'tls-mqtts-keystore',
        secret: { secretName: 'broker-mqtts-tls', items: [{ key: 'keystore.p12', path: 'keystore.p12' }], defaultMode: 0o440 },
      },
    ]);
  });

  test('the operator namespace narrows the operator REST API and health API rule', () => {
    const np = find(
      synth({ mode: DeploymentMode.platformOperator({ schedulableNodes: 4, operatorNamespace: 'hivemq-operator' }) }).manifests, 'NetworkPolicy',
      'broker',
    );
    expect(np.spec.ingress).toContainEqual({
      ports: [{ port: 7979, protocol: 'TCP' }, { port: 8889, protocol: 'TCP' }],
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'hivemq-operator' } } }],
    });
  });

  test('the operator\'s cluster Service name is reserved', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker', { mode: OP });
    expect(() => new MqttLoadBalancer(chart, 'lb', { cluster, provider: LoadBalancerProvider.gke(), name: 'hivemq-broker-cluster' }))
      .toThrow(/the Service name 'hivemq-broker-cluster' is already used by the HiveMQ Platform Operator/);
  });

  test('the synth-time checks catch a CR or config.xml the operator would reject', () => {
    const { cluster, manifests: m } = synth({ mode: OP }, true);
    const good = find(m, 'HiveMQPlatform', 'broker');
    const xml = find(m, 'ConfigMap', 'broker-config').data['config.xml'];
    // The facts the checks read are the ones config.xml was written with.
    const facts = configXmlFacts(cluster._finalModel());
    expect(xml.replace(/\s+/g, '')).toContain('<enabled>true</enabled><discovery><extension/></discovery>');
    expect(xml.replace(/\s+/g, '')).toContain('<health-api><enabled>true</enabled><listeners><http><port>8889</port><bind-address>0.0.0.0</bind-address>');
    expect(facts.listenerPorts).toEqual([1883]);
    expect(checkPlatform(good, facts)).toEqual([]);
    const mutate = (f: (cr: any) => void) => { const cr = JSON.parse(JSON.stringify(good)); f(cr); return checkPlatform(cr, facts); };
    const pod = (cr: any) => cr.spec.statefulSet.spec.template.spec;
    expect(mutate((cr) => { cr.metadata.name = 'b'.repeat(50); })).toEqual([expect.stringMatching(/platform name .* short enough for hivemq-<name>-cluster/)]);
    expect(mutate((cr) => { pod(cr).containers[0].name = 'broker'; })).toContain('the broker container must be named hivemq and come first');
    expect(mutate((cr) => { pod(cr).containers[0].ports[0].name = 'mqtt-listener-public'; })).toEqual(expect.arrayContaining([expect.stringMatching(/container port name 'mqtt-listener-public' must be an IANA service name/)]));
    expect(mutate((cr) => { pod(cr).containers[0].ports[1].containerPort = 1883; })).toContain('container ports must be unique');
    expect(mutate((cr) => { pod(cr).containers[0].ports[0].containerPort = 70000; })).toEqual(['container port 70000 is out of range']);
    expect(mutate((cr) => { cr.spec.services[0].metadata.name = 'Broker_Svc'; }))
      .toContain("Service name 'Broker_Svc' must be a DNS-1035 label of at most 63 characters");
    expect(mutate((cr) => { cr.spec.services[0].spec.type = 'ExternalName'; })).toContain('Service broker: type ExternalName is not allowed');
    expect(mutate((cr) => { cr.spec.services[0].spec.externalTrafficPolicy = 'Local'; }))
      .toContain('Service broker: externalTrafficPolicy only applies to NodePort and LoadBalancer Services');
    expect(mutate((cr) => { cr.spec.services[0].spec.ports[0].targetPort = 'nope'; }))
      .toContain("Service broker: targetPort 'nope' is not a port of the hivemq container");
    expect(mutate((cr) => { cr.spec.logLevel = 'FATAL'; })).toEqual([expect.stringMatching(/logLevel FATAL is not in the CRD's enum/)]);
    expect(mutate((cr) => { pod(cr).volumes = [{ name: 'broker-configuration', emptyDir: {} }]; }))
      .toContain('the volume name broker-configuration is reserved by the operator');
    expect(mutate((cr) => { pod(cr).containers[0].volumeMounts.push({ name: 'x', mountPath: '/opt/hivemq/conf-k8s/x' }); }))
      .toContain('the mount path /opt/hivemq/conf-k8s/ is reserved by the operator');
    expect(mutate((cr) => { pod(cr).containers[0].env.push({ name: 'HIVEMQ_CLUSTERING_BOOTSTRAP', value: 'x' }); }))
      .toContain('the env var HIVEMQ_CLUSTERING_BOOTSTRAP is reserved by the operator');
    expect(mutate((cr) => { cr.spec.metricsPort = 9400; })).toContain('metricsPort 9400 is not a port of the hivemq container');
    expect(checkPlatform(good, { ...facts, clusterDiscovery: 'static' })).toContain('config.xml must enable the cluster with extension discovery');
    expect(checkPlatform(good, { ...facts, clusterEnabled: false })).toContain('config.xml must enable the cluster with extension discovery');
    const loopbackHealth = { ...facts, healthApi: { port: 8889, bindAddress: '127.0.0.1' } };
    expect(checkPlatform(good, loopbackHealth)).toEqual(['config.xml must enable the health API on 0.0.0.0:8889 (spec.healthApiPort)']);
    expect(checkPlatform(good, { ...facts, healthApi: undefined }))
      .toContain('config.xml must enable the health API on 0.0.0.0:8889 (spec.healthApiPort)');
    expect(checkPlatform(good, { ...facts, listenerPorts: [7979] })).toContain('config.xml has a listener on the reserved port 7979');
  });

  test('a failing check stops synthesis with the construct named', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker', { mode: OP });
    cluster.platform!.addJsonPatch(JsonPatch.add('/spec/logLevel', 'FATAL'));
    expect(() => Testing.synth(chart)).toThrow(/HiveMQCluster 'broker': the HiveMQPlatform would fail in the operator: logLevel FATAL is not in the CRD's enum/);
  });

  test('preferred anti-affinity needs no spare node', () => {
    expect(() => synth({ mode: DeploymentMode.platformOperator(), antiAffinity: Placement.PREFERRED })).not.toThrow();
  });
});

/** Pod customization built in the chart (cdk8s-plus volumes are constructs), from a plain description. */
function podCustomization(chart: Chart, o: Record<string, unknown>): HiveMQClusterProps {
  const restricted = RESTRICTED_CONTAINER;
  const shared = Volume.fromEmptyDir(chart, 'shared', 'shared');
  return {
    podLabels: o.podLabels as Record<string, string> | undefined,
    podAnnotations: o.podAnnotations as Record<string, string> | undefined,
    extraEnv: o.env
      ? { SITE: EnvValue.fromValue('a'), TOKEN: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'tok', 'token'), key: 't' }) }
      : undefined,
    extraVolumes: o.volume ? [{ volume: shared, mountPath: '/mnt/shared', readOnly: true }] : undefined,
    sidecars: o.sidecar ? [{ name: 'shipper', image: 'busybox:1.37.0', portNumber: 9100, volumeMounts: [{ path: '/shared', volume: shared }],
      ...restricted }] : undefined,
    extraInitContainers: o.init ? [{ name: 'prepare', image: 'busybox:1.37.0', command: ['/bin/true'], ...restricted }] : undefined,
    nodeAffinity: o.nodeAffinity ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [
      { key: 'pool', operator: 'In', values: ['mqtt'] }] }] } } : undefined,
    networkPolicy: o.ingress ? { extraIngress: [{ ports: [{ port: k8s.IntOrString.fromNumber(9100), protocol: 'TCP' }] }] } : undefined,
  };
}

const LIBRARY_INIT_CONTAINERS = /^(tcp-keepalive|hivemq-home|dns-discovery-extension|prometheus-extension|extension-\d+)$/;
const OPERATOR_OWNED = /^(HIVEMQ_BIND_ADDRESS|POD_NAMESPACE|HIVEMQ_DNS_.*|HIVEMQ_LOG_LEVEL|hivemq-home|log|tmp|config|extension-\d+-config)$/;

/** A pod template without what differs between the modes by design (README "Operator mode"). */
function comparablePod(template: any, plain: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(template));
  const spec = copy.spec;
  const broker = spec.containers[0];
  delete broker.securityContext.readOnlyRootFilesystem;
  if (!plain) return copy;
  delete spec.serviceAccountName;
  delete spec.automountServiceAccountToken;
  spec.initContainers = spec.initContainers.filter((c: any) => !LIBRARY_INIT_CONTAINERS.test(c.name));
  if (!spec.initContainers.length) delete spec.initContainers;
  for (const field of ['command', 'startupProbe', 'livenessProbe', 'readinessProbe']) delete broker[field];
  broker.env = broker.env.filter((e: any) => !OPERATOR_OWNED.test(e.name));
  broker.volumeMounts = broker.volumeMounts.filter((m: any) => !OPERATOR_OWNED.test(m.name));
  spec.volumes = spec.volumes.filter((v: any) => !OPERATOR_OWNED.test(v.name));
  if (!spec.volumes.length) delete spec.volumes;
  delete copy.metadata.annotations['cdk8s-hivemq/config-sha256'];
  if (!Object.keys(copy.metadata.annotations).length) delete copy.metadata.annotations;
  return copy;
}

describe('parity: plain and operator mode give the brokers the same settings', () => {
  const ks = Keystore.fromSecret({ secretName: 'tls', password: { name: 'tls-pw', key: 'password' } });
  const props: fc.Arbitrary<HiveMQClusterProps> = fc.record({
    replicas: fc.integer({ min: 3, max: 7 }),
    version: fc.constantFrom('4.54.0', '4.53.1'),
    cpu: fc.integer({ min: 4, max: 16 }).map((c) => Cpu.units(c)),
    antiAffinity: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED),
    tolerations: fc.constantFrom([], [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }]),
    priorityClassName: fc.constantFrom(undefined, 'mqtt-critical'),
    imagePullSecrets: fc.constantFrom([], ['regcred']),
    licenseSecret: fc.constantFrom(undefined, 'hivemq-license'),
    controlCenter: fc.constantFrom(undefined, { credentialsSecret: 'cc' }),
    memory: fc.integer({ min: 4, max: 60 }).map((g) => Size.gibibytes(g)),
    storage: fc.oneof(
      fc.constant(StorageProfile.ephemeral()),
      fc.integer({ min: 100, max: 500 }).map((g) => StorageProfile.persistent({ size: Size.gibibytes(g) })),
    ),
    listeners: fc.constantFrom(
      [MqttListener.tcp()], [MqttListener.tcp(), MqttListener.websocket()], [MqttListener.tcp(), MqttListener.tls({ keystore: ks })],
    ),
    zoneSpread: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED, Placement.NONE),
    tcpKeepAlive: fc.integer({ min: 30, max: 300 }).map((t) => ({ time: Duration.seconds(t) })),
    nodeSelector: fc.constantFrom({}, { pool: 'mqtt' }),
    lb: fc.constantFrom(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER),
    pod: fc.record({
      podLabels: fc.constantFrom(undefined, { team: 'mqtt' }),
      podAnnotations: fc.constantFrom(undefined, { 'example.com/owner': 'iot' }),
      env: fc.boolean(), volume: fc.boolean(), sidecar: fc.boolean(), init: fc.boolean(), nodeAffinity: fc.boolean(), ingress: fc.boolean(),
    }),
  }).map((p: any) => (p.antiAffinity === Placement.PREFERRED ? { ...p, lb: TrafficPolicy.CLUSTER } : p)) as any;

  test('property: replicas, image, resources, heap, storage, security, sysctls, scheduling, listeners and load balancers agree', () => {
    fc.assert(fc.property(props, (p: any) => {
      const { lb, pod: podOptions, ...clusterProps } = p;
      const render = (mode: DeploymentMode) => {
        const chart = newChart();
        const cluster = new HiveMQCluster(chart, 'broker', { ...clusterProps, ...podCustomization(chart, podOptions), mode });
        new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke(), externalTrafficPolicy: lb });
        return Testing.synth(chart) as Manifest[];
      };
      const plain = render(DeploymentMode.plain());
      const op = render(DeploymentMode.platformOperator({ schedulableNodes: p.replicas + 1 }));
      const cr = find(op, 'HiveMQPlatform', 'broker');
      const [opSts, ...opServices] = embeddedObjects(cr);
      const plainSts = find(plain, 'StatefulSet', 'broker');
      // What the operator owns is left out of the comparison (operator-mode.md §7.2): discovery, the writable home, config mount.
      const operatorOwned = /^(HIVEMQ_BIND_ADDRESS|POD_NAMESPACE|HIVEMQ_DNS_.*|HIVEMQ_LOG_LEVEL|hivemq-home|log|tmp|config)$/;
      const broker = (sts: Manifest) => {
        const pod = sts.spec.template.spec;
        const c = pod.containers[0];
        return {
          replicas: sts.spec.replicas, image: c.image, resources: c.resources, ports: c.ports,
          env: c.env.filter((e: any) => !operatorOwned.test(e.name)), mounts: c.volumeMounts.filter((mnt: any) => !operatorOwned.test(mnt.name)),
          volumes: (pod.volumes ?? []).filter((v: any) => !operatorOwned.test(v.name)), pullSecrets: pod.imagePullSecrets,
          claims: sts.spec.volumeClaimTemplates?.map((t: any) => t.spec), retention: sts.spec.persistentVolumeClaimRetentionPolicy,
          podSecurity: pod.securityContext, containerSecurity: { ...c.securityContext, readOnlyRootFilesystem: undefined },
          scheduling: [
            pod.affinity, pod.topologySpreadConstraints, pod.nodeSelector, pod.tolerations, pod.priorityClassName, pod.terminationGracePeriodSeconds,
          ],
        };
      };
      expect(broker(opSts)).toEqual(broker(plainSts));
      // The whole pod template, modulo the documented differences: what the operator owns in operator mode (the ServiceAccount,
      // the library's init containers, the start command and probes, discovery and log-level env, the writable home, log,
      // tmp and config volumes, the config hash) and the broker's read-only root filesystem (the operator's init app writes there).
      expect(comparablePod(opSts.spec.template, false)).toEqual(comparablePod(plainSts.spec.template, true));
      const plainLb = find(plain, 'Service', 'broker-public');
      const opLb = opServices.find((s) => s.metadata.name === 'broker-public')!;
      expect({ ...opLb.spec, selector: undefined }).toEqual({ ...plainLb.spec, selector: undefined });
      expect(opLb.metadata.annotations).toEqual(plainLb.metadata.annotations);
    }), { numRuns: 60 });
  });
});

describe('HiveMQPlatformCrd', () => {
  test('the CRD, cluster-scoped, create-only and protected', () => {
    const chart = new Chart(Testing.app(), 'crds', { namespace: 'iot' });
    new HiveMQPlatformCrd(chart, 'crd');
    const [crd] = Testing.synth(chart) as Manifest[];
    expect(crd).toMatchObject({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'hivemq-platforms.hivemq.com' },
    });
    expect(crd.metadata.namespace).toBeUndefined();
    expect(crd.spec.group).toBe('hivemq.com');
    expect(crd.metadata.annotations).toEqual({
      'helm.sh/resource-policy': 'keep',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false,ServerSideApply=true',
      'argocd.argoproj.io/sync-wave': '-10',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent',
      'kapp.k14s.io/delete-strategy': 'orphan',
      'kapp.k14s.io/update-strategy': 'skip',
    });
    validateKubernetes([crd]);
  });
});
