import { readFileSync } from 'fs';
import { join } from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import {
  DeploymentMode, GatewayRouteKind, HiveMQCluster, HiveMQClusterProps, Keystore, MqttGatewayRoute, MqttGatewayRouteProps, MqttListener,
  MqttLoadBalancer, LoadBalancerProvider,
} from '../lib';
import { find, Manifest, newChart, validateKubernetes } from './util';

const PW = { name: 'pw', key: 'password' };
const TLS_LISTENERS = [MqttListener.tcp(), MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 'tls', password: PW }) })];
const LABELS = {
  'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': 'broker', 'app.kubernetes.io/component': 'gateway-route',
};

type RouteProps = Omit<MqttGatewayRouteProps, 'cluster'>;

function synth(route: RouteProps, clusterProps: HiveMQClusterProps = {}) {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', clusterProps);
  const gatewayRoute = new MqttGatewayRoute(chart, 'gw', { cluster, ...route });
  const manifests = Testing.synth(chart) as Manifest[];
  validateKubernetes(manifests);
  const xml: string = (manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'broker-config')?.data ?? {})['config.xml'] ?? '';
  const maxKeepAlive = Number(/<max-keep-alive>(\d+)<\/max-keep-alive>/.exec(xml)?.[1]);
  return { gatewayRoute, manifests, maxKeepAlive };
}

describe('MqttGatewayRoute', () => {
  test('a TLSRoute for a TLS listener: SNI hostnames, the Gateway and section, the ClusterIP Service on the listener\'s port', () => {
    const { gatewayRoute, manifests } = synth({
      gatewayName: 'edge', gatewayNamespace: 'gateway-system', sectionName: 'mqtts', listener: 'mqtts',
      hostnames: ['mqtt.example.com'], idleTimeout: Duration.hours(1),
    }, { listeners: TLS_LISTENERS });
    expect(gatewayRoute.kind).toBe(GatewayRouteKind.TLS_ROUTE);
    const route = find(manifests, 'TLSRoute', 'broker-gw');
    expect(route).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'broker-gw', namespace: 'iot', labels: expect.objectContaining(LABELS) },
      spec: {
        parentRefs: [{ name: 'edge', namespace: 'gateway-system', sectionName: 'mqtts' }],
        hostnames: ['mqtt.example.com'],
        rules: [{ backendRefs: [{ name: 'broker', port: 8883 }] }],
      },
    });
    // The backend is the cluster's in-cluster Service, and it has that port.
    const service = find(manifests, 'Service', 'broker');
    expect(service.spec.ports).toContainEqual(expect.objectContaining({ name: 'mqtts', port: 8883 }));
  });

  test('a TCPRoute for a plain TCP listener: no hostnames, the Gateway in the route\'s namespace, every section', () => {
    const { gatewayRoute, manifests } = synth({ gatewayName: 'edge', idleTimeout: Duration.minutes(10) });
    expect(gatewayRoute.kind).toBe(GatewayRouteKind.TCP_ROUTE);
    expect(find(manifests, 'TCPRoute', 'broker-gw')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TCPRoute',
      metadata: { name: 'broker-gw', namespace: 'iot', labels: expect.objectContaining(LABELS) },
      spec: { parentRefs: [{ name: 'edge' }], rules: [{ backendRefs: [{ name: 'broker', port: 1883 }] }] },
    });
  });

  test('an explicit TCPRoute for a TLS listener (no SNI matching), and a route name', () => {
    const { manifests } = synth({
      gatewayName: 'edge', listener: 'mqtts', kind: GatewayRouteKind.TCP_ROUTE, name: 'mqtt-tls-passthrough', idleTimeout: Duration.hours(1),
    }, { listeners: TLS_LISTENERS });
    expect(find(manifests, 'TCPRoute', 'mqtt-tls-passthrough').spec.rules).toEqual([{ backendRefs: [{ name: 'broker', port: 8883 }] }]);
  });

  test('the idle timeout lowers derived keep-alives like a load balancer\'s (10 % margin)', () => {
    expect(synth({ gatewayName: 'edge', idleTimeout: Duration.seconds(300) }).maxKeepAlive).toBe(270);
  });

  test('operator mode: the route points at the Service entry of spec.services of the same name', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker', { mode: DeploymentMode.platformOperator({ schedulableNodes: 4 }) });
    new MqttGatewayRoute(chart, 'gw', { cluster, gatewayName: 'edge', idleTimeout: Duration.hours(1) });
    const manifests = Testing.synth(chart) as Manifest[];
    validateKubernetes(manifests);
    const services = find(manifests, 'HiveMQPlatform', 'broker').spec.services.map((s: any) => s.metadata.name);
    expect(services).toContain('broker');
    expect(find(manifests, 'TCPRoute', 'broker-gw').spec.rules[0].backendRefs).toEqual([{ name: 'broker', port: 1883 }]);
  });
});

describe('the Gateway API route CRDs the routes are typed and validated against', () => {
  // README: TLSRoute is on the standard channel, TCPRoute on the experimental one, both serving v1 (Gateway API v1.6.1).
  test.each([['tlsroutes', 'standard'], ['tcproutes', 'experimental']])('%s: v1.6.1, %s channel, serves v1', (crd, channel) => {
    const doc = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'crds', `gateway-api-${crd}-crd.json`), 'utf8'));
    expect(doc.metadata.annotations).toMatchObject({
      'gateway.networking.k8s.io/bundle-version': 'v1.6.1', 'gateway.networking.k8s.io/channel': channel,
    });
    expect(doc.spec.versions.filter((v: { served: boolean }) => v.served).map((v: { name: string }) => v.name)).toContain('v1');
  });
});

describe('MqttGatewayRoute refusals', () => {
  const cases: Array<[string, RouteProps, HiveMQClusterProps, string]> = [
    ['no idle timeout', { gatewayName: 'edge' } as RouteProps, {},
      'MqttGatewayRoute \'gw\': idleTimeout is required (got undefined). State the idle timeout of the Gateway implementation\'s data plane '
      + 'for this listener (there is no portable default), e.g. idleTimeout: Duration.hours(1).'],
    ['a keep-alive that does not fit the idle timeout', { gatewayName: 'edge', idleTimeout: Duration.seconds(300) },
      { mqttMaxKeepAlive: Duration.seconds(600) },
      'MqttGatewayRoute \'gw\': HiveMQCluster \'broker\' mqttMaxKeepAlive is 600 s, but MqttGatewayRoute \'gw\' drops connections idle for 300 s, '
      + 'so keep-alives must stay at or below 270 s (a 10 % margin). Set mqttMaxKeepAlive to Duration.seconds(270) or less '
      + '(or leave it unset to derive it), or raise the idle timeout of MqttGatewayRoute \'gw\'.'],
    ['an unknown listener', { gatewayName: 'edge', listener: 'mqtts', idleTimeout: Duration.hours(1) }, {},
      'MqttGatewayRoute \'gw\': listener is not a listener of HiveMQCluster \'broker\' (it has \'mqtt\') (got \'mqtts\'). '
      + 'Add the listener to the cluster\'s listeners prop, or name one it has.'],
    ['a TLSRoute without hostnames', { gatewayName: 'edge', listener: 'mqtts', idleTimeout: Duration.hours(1) }, { listeners: TLS_LISTENERS },
      'MqttGatewayRoute \'gw\': hostnames must list at least one SNI hostname for a TLSRoute (the TLSRoute CRD requires spec.hostnames) '
      + '(got undefined). Pass the names clients connect to, e.g. hostnames: [\'mqtt.example.com\'].'],
    ['a TLSRoute on a plain TCP listener', { gatewayName: 'edge', kind: GatewayRouteKind.TLS_ROUTE, hostnames: ['mqtt.example.com'],
      idleTimeout: Duration.hours(1) }, {},
    'MqttGatewayRoute \'gw\': a TLSRoute passes TLS through to the brokers by SNI, but listener \'mqtt\' of HiveMQCluster \'broker\' serves '
      + 'plain TCP: no ClientHello, no SNI. Use a TLS listener, or kind: GatewayRouteKind.TCP_ROUTE.'],
    ['hostnames on a TCPRoute', { gatewayName: 'edge', hostnames: ['mqtt.example.com'], idleTimeout: Duration.hours(1) }, {},
      'MqttGatewayRoute \'gw\': hostnames must be unset for a TCPRoute, which matches by port only (got ["mqtt.example.com"]). '
      + 'Remove hostnames, or use a TLS listener and kind: GatewayRouteKind.TLS_ROUTE to match by SNI.'],
    ['several listeners and none named', { gatewayName: 'edge', idleTimeout: Duration.hours(1) }, { listeners: TLS_LISTENERS },
      'MqttGatewayRoute \'gw\': listener is required: HiveMQCluster \'broker\' has several listeners without PROXY protocol (\'mqtt\', \'mqtts\') '
      + '(got undefined). Name the one to route to.'],
    ['a listener with PROXY protocol', { gatewayName: 'edge', listener: 'mqtt', idleTimeout: Duration.hours(1) },
      { listeners: [MqttListener.tcp({ proxyProtocol: true })] },
      'MqttGatewayRoute \'gw\': listener expects a PROXY protocol header, which a Gateway route does not send, and is not a port of '
      + 'HiveMQCluster \'broker\'\'s ClusterIP Service \'broker\' (got \'mqtt\'). Name a listener without proxyProtocol.'],
    ['an IP as SNI hostname', { gatewayName: 'edge', listener: 'mqtts', hostnames: ['192.0.2.1.'], idleTimeout: Duration.hours(1) },
      { listeners: TLS_LISTENERS },
      'MqttGatewayRoute \'gw\': hostnames[0] must be a lowercase DNS name, optionally starting with \'*.\' (no IP addresses: SNI carries none) '
      + '(got \'192.0.2.1.\'). Use e.g. \'mqtt.example.com\' or \'*.example.com\'.'],
    ['an idle timeout below 10 s', { gatewayName: 'edge', idleTimeout: Duration.seconds(5) }, {},
      'MqttGatewayRoute \'gw\': idleTimeout must be a whole number of seconds from 10 to 86400 (got \'5 seconds\'). '
      + 'Use Duration.seconds(n) with 10 <= n <= 86400.'],
    ['a misspelled prop', { gatewayName: 'edge', idleTimeout: Duration.hours(1), hostname: ['x'] } as RouteProps, {},
      'MqttGatewayRoute \'gw\': hostname is not a known option (got \'hostname\'). Did you mean \'hostnames\'?'],
  ];
  test.each(cases)('%s', (_what, route, clusterProps, message) => {
    expect(() => synth(route, clusterProps)).toThrow(message);
  });

  test('a route name used by another route', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    new MqttGatewayRoute(chart, 'gw', { cluster, gatewayName: 'edge', idleTimeout: Duration.hours(1) });
    expect(() => new MqttGatewayRoute(chart, 'other', { cluster, gatewayName: 'edge', name: 'broker-gw', idleTimeout: Duration.hours(1) }))
      .toThrow('MqttGatewayRoute \'other\': the TCPRoute name \'broker-gw\' is already used by MqttGatewayRoute \'gw\' in chart \'test\' '
        + '(its TCPRoute: test/gw/Route); this TCPRoute (its TCPRoute: test/other/Route, chart \'test\') would replace it in namespace \'iot\', '
        + 'as kubectl apply keeps only the last one. Choose another name or construct id for one of them, or put one of them in a chart with '
        + 'another namespace.');
    // A refused route registers no idle timeout: the cluster is as it was.
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('the route must be in the cluster\'s namespace', () => {
    const app = Testing.app();
    const cluster = new HiveMQCluster(new Chart(app, 'brokers', { namespace: 'iot' }), 'broker');
    expect(() => new MqttGatewayRoute(new Chart(app, 'edge', { namespace: 'edge' }), 'gw', {
      cluster, gatewayName: 'edge', idleTimeout: Duration.hours(1),
    })).toThrow('MqttGatewayRoute \'gw\': its chart\'s namespace (edge) differs from HiveMQCluster \'broker\'\'s (iot); the route\'s backendRef '
      + 'names the cluster\'s Service in the route\'s own namespace. Create the route in the cluster\'s chart.');
  });

  test('sits beside a load balancer; both idle timeouts count', () => {
    const chart = newChart();
    const cluster = new HiveMQCluster(chart, 'broker');
    new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke() });
    new MqttGatewayRoute(chart, 'gw', { cluster, gatewayName: 'edge', idleTimeout: Duration.seconds(120) });
    const manifests = Testing.synth(chart) as Manifest[];
    validateKubernetes(manifests);
    expect(find(manifests, 'ConfigMap', 'broker-config').data['config.xml']).toContain('<max-keep-alive>108</max-keep-alive>');
  });
});
