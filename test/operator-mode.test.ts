import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  DeploymentMode, ExtensionSource, HiveMQCluster, HiveMQClusterProps, HiveMQPlatformCrd, LoadBalancerProvider, MqttListener, MqttLoadBalancer,
  Placement, StorageProfile, TrafficPolicy,
} from '../lib';
import { embeddedObjects, find, Manifest, newChart, validateKubernetes } from './util';

const OP = DeploymentMode.operator({ schedulableNodes: 4 });

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

  test('the embedded StatefulSet: replicas, retention, claim templates, and the broker container named hivemq and first, without what the operator owns', () => {
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
      .toContain('<transport><tcp><bind-address>0.0.0.0</bind-address><bind-port>7000</bind-port></tcp></transport><enabled>true</enabled><discovery><extension/></discovery>');
  });

  test('Services and load balancers become spec.services entries with container port names and no selector', () => {
    const services = cr.spec.services;
    expect(services.map((s: any) => s.metadata.name)).toEqual(['broker', 'broker-metrics', 'broker-public']);
    const lb = services[2];
    expect(lb.spec).toEqual({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'mqtt', port: 1883, targetPort: 'mqtt', protocol: 'TCP' }] });
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
    for (const destructive of ['Replace=true', 'Force=true', 'kustomize.toolkit.fluxcd.io/force', 'always-replace', 'owned-for-deletion']) expect(json).not.toContain(destructive);
  });

  test('the NetworkPolicy lets the operator reach its REST API and the pods reach the Kubernetes API', () => {
    const np = find(manifests, 'NetworkPolicy', 'broker');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'hivemq-platform': 'broker' } });
    expect(np.spec.ingress).toContainEqual({ ports: [{ port: 7979, protocol: 'TCP' }] });
    expect(np.spec.egress).toContainEqual({ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] });
  });

  test('deletion protection can be switched off; plain mode can switch it on for the StatefulSet and its config', () => {
    const off = find(synth({ mode: DeploymentMode.operator({ schedulableNodes: 4, deletionProtection: false }) }).manifests, 'HiveMQPlatform', 'broker');
    expect(off.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
    const plain = synth({ mode: DeploymentMode.plain({ deletionProtection: true }) }).manifests;
    expect(find(plain, 'StatefulSet', 'broker').metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    expect(find(plain, 'ConfigMap', 'broker-config').metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(find(synth({}).manifests, 'StatefulSet', 'broker').metadata.annotations).toBeUndefined();
  });

  test('operator selector label and URL extensions with a config Secret', () => {
    const { manifests: m } = synth({
      mode: DeploymentMode.operator({ schedulableNodes: 4, selector: 'team-a' }),
      extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://example.com/ext.zip' }), folder: 'my-ext', configSecret: 'ext-conf' }],
    });
    const c = find(m, 'HiveMQPlatform', 'broker');
    expect(c.metadata.labels.operator).toBe('team-a');
    expect(c.spec.extensions[1]).toEqual({ id: 'my-ext', enabled: true, extensionUri: 'https://example.com/ext.zip', secretName: 'ext-conf' });
  });

  test.each<[HiveMQClusterProps, RegExp]>([
    [{ mode: DeploymentMode.operator() }, /HiveMQCluster 'broker': mode.schedulableNodes must be at least replicas \+ 1 \(4\): the operator rolls with an extra \(surge\) broker.* \(got 'unset'\)/],
    [{ mode: DeploymentMode.operator({ schedulableNodes: 3 }) }, /mode.schedulableNodes must be at least replicas \+ 1 \(4\).* \(got 3\)/],
    [{ mode: OP, discovery: {} }, /discovery has no meaning in operator mode: the HiveMQ Platform Operator supplies cluster discovery itself/],
    [{ mode: OP, startupTimeout: Duration.minutes(5) }, /startupTimeout has no meaning in operator mode: the operator defines the probes/],
    [{ mode: OP, minReadyTime: Duration.seconds(5) }, /minReadyTime has no meaning in operator mode/],
    [{ mode: OP, monitoring: { source: ExtensionSource.prometheusRelease() } }, /monitoring.source has no meaning in operator mode/],
    [{ mode: OP, extensions: [{ source: ExtensionSource.fromImage({ image: 'a/b:1', path: '/x' }), folder: 'x' }] }, /extensions\[0\].source has no meaning in operator mode/],
    [{ mode: OP, extensions: [{ source: ExtensionSource.fromUrl({ url: 'https://e.example/x.zip', sha256: 'a'.repeat(64) }), folder: 'x' }] },
      /extensions\[0\].source.sha256 has no meaning in operator mode: the operator downloads extensionUri without checking a SHA-256/],
    [{ mode: DeploymentMode.operator({ schedulableNodes: 4, selector: 'bad selector' }) }, /mode.selector must be a label value/],
    [{ mode: OP, name: 'b'.repeat(49) }, /name must be a DNS-1035 label of at most 48 characters/],
    [{ mode: 'operator' as any }, /mode must be a DeploymentMode/],
  ])('rule %#', (props, message) => expect(() => synth(props)).toThrow(message));

  test('preferred anti-affinity needs no spare node', () => {
    expect(() => synth({ mode: DeploymentMode.operator(), antiAffinity: Placement.PREFERRED })).not.toThrow();
  });
});

describe('parity: plain and operator mode give the brokers the same settings', () => {
  const props: fc.Arbitrary<HiveMQClusterProps> = fc.record({
    replicas: fc.integer({ min: 3, max: 7 }),
    memory: fc.integer({ min: 4, max: 60 }).map((g) => Size.gibibytes(g)),
    storage: fc.oneof(fc.constant(StorageProfile.ephemeral()), fc.integer({ min: 100, max: 500 }).map((g) => StorageProfile.persistent({ size: Size.gibibytes(g) }))),
    listeners: fc.constantFrom([MqttListener.tcp()], [MqttListener.tcp(), MqttListener.websocket()]),
    zoneSpread: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED, Placement.NONE),
    tcpKeepAlive: fc.integer({ min: 30, max: 300 }).map((t) => ({ time: Duration.seconds(t) })),
    nodeSelector: fc.constantFrom({}, { pool: 'mqtt' }),
    lb: fc.constantFrom(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER),
  }) as any;

  test('property: replicas, image, resources, heap, storage, security, sysctls, scheduling, listeners and load balancers agree', () => {
    fc.assert(fc.property(props, (p: any) => {
      const { lb, ...clusterProps } = p;
      const render = (mode: DeploymentMode) => {
        const chart = newChart();
        const cluster = new HiveMQCluster(chart, 'broker', { ...clusterProps, mode });
        new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke(), externalTrafficPolicy: lb });
        return Testing.synth(chart) as Manifest[];
      };
      const plain = render(DeploymentMode.plain());
      const op = render(DeploymentMode.operator({ schedulableNodes: p.replicas + 1 }));
      const cr = find(op, 'HiveMQPlatform', 'broker');
      const [opSts, ...opServices] = embeddedObjects(cr);
      const plainSts = find(plain, 'StatefulSet', 'broker');
      const broker = (sts: Manifest) => {
        const pod = sts.spec.template.spec;
        const c = pod.containers[0];
        return {
          replicas: sts.spec.replicas, image: c.image, resources: c.resources, ports: c.ports, javaOpts: c.env.find((e: any) => e.name === 'JAVA_OPTS'),
          claims: sts.spec.volumeClaimTemplates, retention: sts.spec.persistentVolumeClaimRetentionPolicy,
          data: pod.volumes?.find((v: any) => v.name === 'data'), podSecurity: pod.securityContext,
          containerSecurity: { ...c.securityContext, readOnlyRootFilesystem: undefined },
          scheduling: [pod.affinity, pod.topologySpreadConstraints, pod.nodeSelector, pod.tolerations, pod.priorityClassName, pod.terminationGracePeriodSeconds],
        };
      };
      expect(broker(opSts)).toEqual(broker(plainSts));
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
    expect(crd).toMatchObject({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'hivemq-platforms.hivemq.com' } });
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
