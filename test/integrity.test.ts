// App-wide integrity: every object the library writes, or makes Kubernetes, cert-manager or the HiveMQ Platform Operator
// write, has one owner per (group, kind, namespace, name) across every chart of the App.
import { App, Chart, Testing } from 'cdk8s';
import {
  CertManagerKeystoreOptions, DeploymentMode, HiveMQCluster, HiveMQClusterProps, HiveMQPlatformCrd, Keystore, LoadBalancerProvider, MqttListener,
  MqttLoadBalancer, NodeTuning,
} from '../lib';
import { find, Manifest, validateKubernetes } from './util';

const OP = DeploymentMode.platformOperator({ schedulableNodes: 4 });
const chartIn = (app: App, id: string, namespace?: string) => new Chart(app, id, namespace === undefined ? {} : { namespace });
const synthAll = (app: App): Manifest[] => {
  const manifests = app.charts.flatMap((c) => Testing.synth(c)) as Manifest[];
  validateKubernetes(manifests);
  return manifests;
};
const REPLACE = 'would replace it in namespace \'iot\', as kubectl apply keeps only the last one\\.';
const FIX = 'Choose another name or construct id for one of them, or put one of them in a chart with another namespace\\.';
const certManager = (more: Partial<CertManagerKeystoreOptions> = {}): Keystore =>
  Keystore.fromCertManager({ issuerName: 'ca', dnsNames: ['mqtt.example.com'], password: { name: 'tls-password', key: 'password' }, ...more });

describe('collisions between constructs fail in the constructor, naming both', () => {
  test('two clusters with one name in one chart: the StatefulSet, the other objects and the shared volume claims', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    new HiveMQCluster(chart, 'one', { name: 'broker' });
    expect(() => new HiveMQCluster(chart, 'two', { name: 'broker' })).toThrow(new RegExp(
      '^HiveMQCluster \'two\': the StatefulSet name \'broker\' is already used by HiveMQCluster \'one\' in chart \'a\' \\(its StatefulSet: '
        + 'a/one/StatefulSet\\); '
      + `this StatefulSet \\(its StatefulSet: a/two/StatefulSet, chart 'a'\\) ${REPLACE} 6 more of their objects collide too: Service 'broker', `
      + 'Service \'broker-cluster\', ConfigMap \'broker-config\' and 3 others\\. Their brokers would share volumes: PersistentVolumeClaims '
      + `'data-broker-0', 'data-broker-1', 'data-broker-2'\\. ${FIX}$`));
  });

  test('two clusters with one name in two charts of one namespace', () => {
    const app = Testing.app();
    new HiveMQCluster(chartIn(app, 'a', 'iot'), 'broker');
    expect(() => new HiveMQCluster(chartIn(app, 'b', 'iot'), 'broker'))
      .toThrow(/HiveMQCluster 'broker': the StatefulSet name 'broker' is already used by HiveMQCluster 'broker' in chart 'a' .*chart 'b'\) would replace it in namespace 'iot'/);
  });

  test('charts without a namespace share the default namespace of kubectl apply', () => {
    const app = Testing.app();
    new HiveMQCluster(chartIn(app, 'a'), 'broker');
    expect(() => new HiveMQCluster(chartIn(app, 'b'), 'broker'))
      .toThrow(/would replace it in the default namespace of kubectl apply \(the charts set no namespace, so they share it\)/);
  });

  test('a cluster broker-cluster next to broker: its Service meets the headless Service', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    new HiveMQCluster(chart, 'broker');
    expect(() => new HiveMQCluster(chart, 'broker-cluster')).toThrow(new RegExp(
      '^HiveMQCluster \'broker-cluster\': the Service name \'broker-cluster\' is already used by HiveMQCluster \'broker\' in chart \'a\' '
      + '\\(its headless Service: a/broker/HeadlessService\\); this Service \\(its MQTT Service: a/broker-cluster/Service, chart \'a\'\\) '
      + `${REPLACE} ${FIX}$`));
  });

  test('a cluster broker-public next to broker with a load balancer public, in either order', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    const broker = new HiveMQCluster(chart, 'broker');
    new MqttLoadBalancer(chart, 'public', { cluster: broker, provider: LoadBalancerProvider.gke() });
    expect(() => new HiveMQCluster(chart, 'broker-public'))
      .toThrow(/HiveMQCluster 'broker-public': the Service name 'broker-public' is already used by MqttLoadBalancer 'public' in chart 'a' \(its Service: a\/public\/Service\)/);

    const other = chartIn(Testing.app(), 'a', 'iot');
    const cluster = new HiveMQCluster(other, 'broker');
    new HiveMQCluster(other, 'broker-public');
    expect(() => new MqttLoadBalancer(other, 'public', { cluster, provider: LoadBalancerProvider.gke() }))
      .toThrow(/MqttLoadBalancer 'public': the Service name 'broker-public' is already used by HiveMQCluster 'broker-public' in chart 'a' \(its MQTT Service/);
  });

  test('a refused load balancer leaves its cluster as it was', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    const cluster = new HiveMQCluster(chart, 'broker');
    expect(() => new MqttLoadBalancer(chart, 'cluster', { cluster,
      provider: LoadBalancerProvider.azure() })).toThrow(/the Service name 'broker-cluster'/);
    // Azure's 240 s idle timeout would have lowered the keep-alives; the refused load balancer did not.
    expect(cluster._finalModel().keepAlive.mqttMaxKeepAliveSeconds).toBe(300);
  });

  test('two clusters whose cert-manager Certificates share a name, or whose Certificates write one Secret', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    new HiveMQCluster(chart, 'broker', { listeners: [MqttListener.tls({ name: 'edge-mqtts', keystore: certManager() })] });
    expect(() => new HiveMQCluster(chart, 'broker-edge', { listeners: [MqttListener.tls({ keystore: certManager({ secretName: 'other-tls' }) })] }))
      .toThrow(/HiveMQCluster 'broker-edge': the Certificate name 'broker-edge-mqtts' is already used by HiveMQCluster 'broker' in chart 'a' \(its Certificate for edge-mqtts: a\/broker\/Certificate-edge-mqtts\)/);

    const other = chartIn(Testing.app(), 'a', 'iot');
    new HiveMQCluster(other, 'one', { listeners: [MqttListener.tls({ keystore: certManager({ secretName: 'mqtt-tls' }) })] });
    expect(() => new HiveMQCluster(other, 'two',
      { listeners: [MqttListener.tls({ keystore: certManager({ secretName: 'mqtt-tls' }) })] })).toThrow(new RegExp(
      '^HiveMQCluster \'two\': the Secret name \'mqtt-tls\' is already used by HiveMQCluster \'one\' in chart \'a\' \\(the Secret cert-manager '
        + 'writes for its '
      + 'Certificate \'one-mqtts\' of mqtts \\(spec.secretName\\): a/one\\); this Secret'));
  });

  test('Grafana dashboards of two same-named clusters in different namespaces meet in the dashboards\' namespace', () => {
    const app = Testing.app();
    const monitoring = { monitoring: { grafanaDashboard: true, grafanaDashboardNamespace: 'monitoring' } };
    new HiveMQCluster(chartIn(app, 'a', 'iot'), 'broker', monitoring);
    expect(() => new HiveMQCluster(chartIn(app, 'b', 'edge'), 'broker', monitoring))
      .toThrow(/the ConfigMap name 'broker-grafana-dashboard' is already used by HiveMQCluster 'broker' in chart 'a' .* would replace it in namespace 'monitoring'/);
  });

  test('what the HiveMQ Platform Operator derives is registered: its StatefulSet, cluster Service and pod ServiceAccount', () => {
    const app = Testing.app();
    new HiveMQCluster(chartIn(app, 'a', 'iot'), 'broker', { mode: OP });
    expect(() => new HiveMQCluster(chartIn(app, 'b', 'iot'), 'broker')).toThrow(new RegExp(
      '^HiveMQCluster \'broker\': the StatefulSet name \'broker\' is already used by the HiveMQ Platform Operator for HiveMQCluster \'broker\' in '
        + 'chart \'a\' '
      + '\\(the StatefulSet it creates from the HiveMQPlatform: a/broker\\); this StatefulSet \\(its StatefulSet: b/broker/StatefulSet, chart '
        + '\'b\'\\)'));

    const chart = chartIn(Testing.app(), 'a', 'iot');
    new HiveMQCluster(chart, 'broker', { mode: OP });
    expect(() => new HiveMQCluster(chart, 'hivemq-broker', { nonProduction: true, replicas: 1, storage: undefined }))
      .toThrow(/the Service name 'hivemq-broker-cluster' is already used by the HiveMQ Platform Operator for HiveMQCluster 'broker' .*the cluster Service it creates/);
  });

  test('a load balancer\'s Service entry of the HiveMQPlatform is registered like a Service', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    const cluster = new HiveMQCluster(chart, 'broker', { mode: OP });
    new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke() });
    expect(() => new MqttLoadBalancer(chart, 'other', { cluster, provider: LoadBalancerProvider.gke(), name: 'broker-public' }))
      .toThrow(/MqttLoadBalancer 'other': the Service name 'broker-public' is already used by MqttLoadBalancer 'public' in chart 'a' \(its Service, an entry of HiveMQPlatform 'broker' spec.services/);
  });

  test('the cluster-scoped HiveMQ Platform CRD once per App, whatever the charts\' namespaces', () => {
    const app = Testing.app();
    new HiveMQPlatformCrd(chartIn(app, 'a', 'iot'), 'crd');
    expect(() => new HiveMQPlatformCrd(chartIn(app, 'b', 'edge'), 'crd')).toThrow(new RegExp(
      '^HiveMQPlatformCrd \'crd\': the CustomResourceDefinition name \'hivemq-platforms.hivemq.com\' is already used by HiveMQPlatformCrd \'crd\' '
        + 'in chart \'a\' '
      + '\\(its CustomResourceDefinition: a/crd/Resource\\); this CustomResourceDefinition \\(its CustomResourceDefinition: b/crd/Resource, chart '
        + '\'b\'\\) would '
      + 'replace it in the whole Kubernetes cluster \\(the object is cluster-scoped\\)'));
  });

  test('two node tunings with one DaemonSet name', () => {
    const app = Testing.app();
    const cluster = new HiveMQCluster(chartIn(app, 'a', 'iot'), 'broker');
    const tuning = chartIn(app, 'tuning', 'node-tuning');
    new NodeTuning(tuning, 'one', { cluster, conntrackMax: 1_048_576 });
    expect(() => new NodeTuning(tuning, 'two', { cluster, conntrackMax: 1_048_576 }))
      .toThrow(/NodeTuning 'two': the DaemonSet name 'broker-node-tuning' is already used by NodeTuning 'one' in chart 'tuning' \(its DaemonSet: tuning\/one\/DaemonSet\)/);
  });
});

describe('derived names are checked against their own Kubernetes limits', () => {
  test('a 52-character name is a valid StatefulSet name, but not with the Control Center Service it adds', () => {
    const name = 'b'.repeat(52);
    expect(() => new HiveMQCluster(chartIn(Testing.app(), 'a', 'iot'), 'broker', { name })).not.toThrow();
    expect(() => new HiveMQCluster(chartIn(Testing.app(), 'a', 'iot'), 'broker', { name, controlCenter: { credentialsSecret: 'cc' } })).toThrow(
      `HiveMQCluster 'broker': name makes the name of Service '${name}-control-center' (its Control Center Service) 67 characters, over the 63 `
        + 'Kubernetes '
      + `allows for a Service name (got '${name}'). Shorten name to at most 48 characters (it is 52).`);
  });

  test('the construct id stands in for name, and the message says so', () => {
    expect(() => new HiveMQCluster(chartIn(Testing.app(), 'a', 'iot'), 'c'.repeat(50), { restApi: {}, controlCenter: { credentialsSecret: 'cc' } }))
      .toThrow(/name \(default: the construct id\) makes the name of Service 'c{50}-control-center' .* Shorten name \(default: the construct id\) to at most 48 characters \(it is 50\)\./);
  });

  test('a load balancer\'s default name <cluster name>-<construct id> must fit a Service name', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    const cluster = new HiveMQCluster(chart, 'b'.repeat(50));
    expect(() => new MqttLoadBalancer(chart, 'public-internet', { cluster, provider: LoadBalancerProvider.gke() })).toThrow(
      'MqttLoadBalancer \'public-internet\': name is unset, and its default \'<cluster name>-<construct id>\' is 66 characters, over the 63 '
        + 'Kubernetes allows '
      + `for a Service name (got '${'b'.repeat(50)}-public-internet'). Pass a shorter name, or use a construct id of at most 12 characters.`);
    expect(() => new MqttLoadBalancer(chart, 'Public', { cluster, provider: LoadBalancerProvider.gke() }))
      .toThrow(/MqttLoadBalancer 'Public': name is unset, and its default '<cluster name>-<construct id>' is no DNS-1035 label/);
  });

  test('node tuning\'s default name <cluster name>-node-tuning must fit its instance label', () => {
    const chart = chartIn(Testing.app(), 'a', 'iot');
    const cluster = new HiveMQCluster(chart, 'b'.repeat(52));
    expect(() => new NodeTuning(chart, 'tuning', { cluster, conntrackMax: 1_048_576 }))
      .toThrow(/NodeTuning 'tuning': name is unset, and its default '<cluster name>-node-tuning' is 64 characters, over the 63 its label 'app.kubernetes.io\/instance' allows/);
  });

  test.each([
    ['IoT', HiveMQCluster.name],
    ['iot_prod', HiveMQCluster.name],
    ['-iot', MqttLoadBalancer.name],
    ['n'.repeat(64), NodeTuning.name],
  ])('the chart namespace %s is refused, naming the chart (%s)', (namespace, construct) => {
    const app = Testing.app();
    const good = chartIn(app, 'good', 'iot');
    const cluster = new HiveMQCluster(good, 'broker');
    const bad = chartIn(app, 'edge', namespace);
    const build: Record<string, () => unknown> = {
      HiveMQCluster: () => new HiveMQCluster(bad, 'broker'),
      MqttLoadBalancer: () => new MqttLoadBalancer(bad, 'public', { cluster, provider: LoadBalancerProvider.gke() }),
      NodeTuning: () => new NodeTuning(bad, 'tuning', { cluster, conntrackMax: 1_048_576 }),
    };
    expect(build[construct]).toThrow(`Chart 'edge': namespace must be a namespace name (a DNS-1123 label) (got '${namespace}'). Use lowercase `
      + 'letters, '
      + 'digits and \'-\' (at most 63 characters, starting and ending with a letter or digit), e.g. \'iot\'.');
  });
});

describe('valid neighbours still synthesize', () => {
  const props: HiveMQClusterProps = { monitoring: { serviceMonitor: true, alerts: {} }, listeners: [MqttListener.tcp(),
    MqttListener.tls({ keystore: certManager() })] };

  test('two clusters with different names in one namespace, each with a load balancer', () => {
    const app = Testing.app();
    const chart = chartIn(app, 'a', 'iot');
    for (const id of ['broker', 'edge']) {
      const cluster = new HiveMQCluster(chart, id, props);
      new MqttLoadBalancer(chart, `${id}-lb`, { cluster, name: `${id}-public`, provider: LoadBalancerProvider.gke() });
    }
    const manifests = synthAll(app);
    for (const [kind, name] of [['StatefulSet', 'broker'], ['StatefulSet', 'edge'], ['Service', 'broker-public'], ['Service', 'edge-public'],
      ['Certificate', 'edge-mqtts']]) {
      expect(find(manifests, kind, name).metadata.namespace).toBe('iot');
    }
  });

  test('one name in two namespaces, in two charts, in both modes', () => {
    const app = Testing.app();
    new HiveMQCluster(chartIn(app, 'a', 'iot'), 'broker', props);
    new HiveMQCluster(chartIn(app, 'b', 'edge'), 'broker', { ...props, mode: OP });
    new HiveMQCluster(chartIn(app, 'c'), 'broker', { listeners: props.listeners });
    const manifests = synthAll(app);
    expect(manifests.filter((m) => m.kind === 'ConfigMap' && m.metadata.name === 'broker-config').map((m) => m.metadata.namespace)).toEqual(['iot',
      'edge', undefined]);
  });

  test('two Apps are independent', () => {
    for (let i = 0; i < 2; i++) new HiveMQCluster(chartIn(Testing.app(), 'a', 'iot'), 'broker');
  });

  test('a cluster named like another\'s derived objects of another kind is fine (the registry keys on the kind)', () => {
    const app = Testing.app();
    const chart = chartIn(app, 'a', 'iot');
    new HiveMQCluster(chart, 'broker');
    // broker-config is a ConfigMap of 'broker'; a cluster of that name writes a Service and a StatefulSet 'broker-config'.
    new HiveMQCluster(chart, 'broker-config');
    expect(find(synthAll(app), 'StatefulSet', 'broker-config').metadata.namespace).toBe('iot');
  });
});
