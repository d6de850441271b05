import { Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  DeploymentMode, DeploymentModeKind, HiveMQCluster, IHiveMQCluster, ListenerProtocol, LoadBalancerProvider, MqttListener, MqttLoadBalancer,
  NodeTuning, Placement,
} from '../lib';
import { find, Manifest, newChart } from './util';

describe('IHiveMQCluster', () => {
  test('facts: name, mode, listeners, health port, placement', () => {
    const cluster: IHiveMQCluster = new HiveMQCluster(newChart(), 'broker', {
      listeners: [MqttListener.tcp(), MqttListener.tcp({ name: 'mqtt-lb', port: 1884, proxyProtocol: true })],
      nodeSelector: { pool: 'mqtt' },
    });
    expect(cluster.clusterName).toBe('broker');
    expect(cluster.deploymentMode).toBe(DeploymentModeKind.PLAIN);
    expect(cluster.listeners).toEqual([
      { name: 'mqtt', port: 1883, protocol: ListenerProtocol.TCP, proxyProtocol: false, tls: false },
      { name: 'mqtt-lb', port: 1884, protocol: ListenerProtocol.TCP, proxyProtocol: true, tls: false },
    ]);
    expect(cluster.healthPort).toBe(8889);
    expect(cluster.antiAffinity).toBe(Placement.REQUIRED);
    expect(cluster.nodeSelector).toEqual({ pool: 'mqtt' });
    expect(cluster.tolerations).toEqual([]);
  });

  test('isHiveMQCluster tells a cluster from anything else', () => {
    const chart = newChart();
    expect(HiveMQCluster.isHiveMQCluster(new HiveMQCluster(chart, 'broker'))).toBe(true);
    expect(HiveMQCluster.isHiveMQCluster(chart)).toBe(false);
    expect(HiveMQCluster.isHiveMQCluster({ clusterName: 'broker' })).toBe(false);
    expect(HiveMQCluster.isHiveMQCluster(undefined)).toBe(false);
  });

  test('addIdleTimeout lowers derived keep-alives at synthesis', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    cluster.addIdleTimeout('a proxy', Duration.seconds(100));
    const config = find(Testing.synth(chart) as Manifest[], 'ConfigMap', 'broker-config').data['config.xml'];
    expect(config).toContain('<max-keep-alive>90</max-keep-alive>');
  });

  test('addService: a Service selecting the brokers in plain mode, a spec.services entry in operator mode; a name is required', () => {
    const plain = newChart();
    const cluster = new HiveMQCluster(plain, 'broker');
    const service = cluster.addService(plain, 'Extra', { metadata: { name: 'broker-extra' }, spec: { ports: [{ port: 1883 }] } });
    expect(service).toBeDefined();
    const selector = find(Testing.synth(plain) as Manifest[], 'Service', 'broker-extra').spec.selector;
    expect(selector).toEqual({ 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker' });
    expect(() => cluster.addService(plain, 'Unnamed', { spec: {} }))
      .toThrow(/HiveMQCluster 'broker': the Service 'Unnamed' added to it needs metadata.name \(got undefined\)/);

    const operator = newChart();
    const platformCluster = new HiveMQCluster(operator, 'broker', { mode: DeploymentMode.platformOperator({ schedulableNodes: 4 }) });
    const ports = [{ name: 'mqtt', port: 1883, targetPort: k8s.IntOrString.fromString('mqtt') }];
    expect(platformCluster.addService(operator, 'Extra', { metadata: { name: 'broker-extra' }, spec: { ports } })).toBeUndefined();
    const platform = find(Testing.synth(operator) as Manifest[], 'HiveMQPlatform', 'broker');
    expect(platform.spec.services.map((entry: any) => entry.metadata.name)).toContain('broker-extra');
  });

  test('contributions after the cluster was rendered are refused, not lost', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    expect(cluster.configXml).toContain('<max-keep-alive>300</max-keep-alive>');
    expect(() => new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.azure() }))
      .toThrow(/HiveMQCluster 'broker': MqttLoadBalancer 'public' came after the cluster was rendered/);
    expect(() => new NodeTuning(chart, 'tuning', { cluster, conntrackMax: 1_048_576, conntrackTcpTimeoutEstablished: Duration.seconds(120) }))
      .toThrow(/HiveMQCluster 'broker': NodeTuning 'tuning' came after the cluster was rendered/);
    expect(() => cluster.allowHealthChecksFromLoadBalancers()).toThrow(/health checks from load balancers came after the cluster was rendered/);
  });
});
