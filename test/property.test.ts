// Whole-app property tests: random option combinations over every construct. Valid combinations synthesize to the same
// YAML twice and pass the independent validators; a wrong value anywhere fails with the library's message, never with an
// error from cdk8s or the JavaScript runtime.
import { App, Chart, Duration, Size, Testing, Yaml } from 'cdk8s';
import { ConfigMap, Cpu, EnvValue, k8s, Secret, Volume } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  ClientAuthentication, DeploymentMode, HiveMQCluster, HiveMQClusterProps, Keystore, LoadBalancerProvider, MqttListener,
  MqttLoadBalancer, NodeTuning, Placement, StorageProfile, TrafficPolicy, Truststore,
} from '../lib';
import { Manifest, RESTRICTED_CONTAINER, validateConfigXml, validateKubernetes } from './util';

/** What a library error looks like: `<Construct> '<id>': …` or `<Class>.<factory>(): …`. */
const LIBRARY_ERROR = /^(HiveMQCluster|MqttLoadBalancer|NodeTuning|[A-Z][A-Za-z]+\.[a-zA-Z]+\(\)|Chart|StorageSizing|ClusterSizing)[^\n]*: \S/;

/** A plain description of an app: built twice from the same description, it must give the same YAML. */
interface Scenario {
  readonly namespace: string;
  readonly cluster: Record<string, unknown>;
  readonly tls: 'none' | 'secret' | 'certManager' | 'mutual';
  readonly mode: 'plain' | 'operator';
  readonly loadBalancer?: {
    provider: 'aws' | 'azure' | 'gke' | 'generic'; policy: TrafficPolicy; options: Record<string,
      unknown>; sourceRanges?: string[]; props?: Record<string, unknown>;
  };
  readonly nodeTuning?: { conntrackMax: number };
  readonly monitoring?: Record<string, unknown>;
  /** Pod customization, built in the chart (cdk8s-plus volumes and secrets are constructs). */
  readonly pod?: {
    podLabels?: Record<string, string>; podAnnotations?: Record<string, string>; env: boolean; volume: boolean; sidecar: boolean; init: boolean;
    nodeAffinity: boolean; ingress: boolean; serviceAccountAnnotations: boolean;
  };
}

function podProps(chart: Chart, pod: NonNullable<Scenario['pod']>, plain: boolean): Partial<HiveMQClusterProps> {
  const restricted = RESTRICTED_CONTAINER;
  const shared = Volume.fromConfigMap(chart, 'site', ConfigMap.fromConfigMapName(chart, 'site-cm', 'site-config'));
  return {
    podLabels: pod.podLabels,
    podAnnotations: pod.podAnnotations,
    extraEnv: pod.env ? { TOKEN: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'token', 'token'), key: 't' }) } : undefined,
    extraVolumes: pod.volume ? [{ volume: shared, mountPath: '/mnt/site', readOnly: true }] : undefined,
    sidecars: pod.sidecar ? [{ name: 'shipper', image: 'busybox:1.37.0', portNumber: 9100, ...restricted }] : undefined,
    extraInitContainers: pod.init ? [{ name: 'prepare', image: 'busybox:1.37.0', command: ['/bin/true'], ...restricted }] : undefined,
    nodeAffinity: pod.nodeAffinity ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [
      { key: 'pool', operator: 'In', values: ['mqtt'] }] } }] } : undefined,
    networkPolicy: pod.ingress ? { extraIngress: [{ ports: [{ port: k8s.IntOrString.fromNumber(9100), protocol: 'TCP' }] }] } : undefined,
    // Plain mode only: in operator mode the operator owns the pods' ServiceAccount.
    serviceAccountAnnotations: pod.serviceAccountAnnotations && plain ? { 'example.com/role': 'broker' } : undefined,
  };
}

function build(s: Scenario): App {
  const app = Testing.app();
  const chart = new Chart(app, 'app', { namespace: s.namespace });
  const listeners = [MqttListener.tcp()];
  if (s.tls !== 'none') {
    const password = { name: 'tls-passwords', key: 'keystore' };
    const keystore = s.tls === 'certManager'
      ? Keystore.fromCertManager({ issuerName: 'letsencrypt', dnsNames: ['mqtt.example.com'], password })
      : Keystore.fromSecret({ secretName: 'broker-keystore', password });
    listeners.push(s.tls === 'mutual'
      ? MqttListener.tls({ keystore, clientAuthentication: ClientAuthentication.REQUIRED,
        truststore: Truststore.fromSecret({ secretName: 'client-cas', password }) })
      : MqttListener.tls({ keystore }));
  }
  const props = {
    listeners,
    mode: s.mode === 'operator' ? DeploymentMode.platformOperator({ schedulableNodes: 20 }) : DeploymentMode.plain(),
    monitoring: s.monitoring,
    ...(s.pod ? podProps(chart, s.pod, s.mode === 'plain') : {}),
    // Last: a hostile scenario may replace any of the above.
    ...s.cluster,
  } as HiveMQClusterProps;
  const cluster = new HiveMQCluster(chart, 'broker', props);
  if (s.loadBalancer) {
    const o = s.loadBalancer.options as any;
    const provider = {
      aws: () => LoadBalancerProvider.awsNlb(o),
      azure: () => LoadBalancerProvider.azure(o),
      gke: () => LoadBalancerProvider.gke(o),
      generic: () => LoadBalancerProvider.generic({ idleTimeout: Duration.seconds(600), ...o }),
    }[s.loadBalancer.provider]();
    new MqttLoadBalancer(chart, 'public', { cluster, provider, externalTrafficPolicy: s.loadBalancer.policy,
      sourceRanges: s.loadBalancer.sourceRanges, ...s.loadBalancer.props });
  }
  if (s.nodeTuning && s.mode === 'plain') new NodeTuning(chart, 'tuning', { cluster, conntrackMax: s.nodeTuning.conntrackMax });
  return app;
}

function synthYaml(app: App): { yaml: string; manifests: Manifest[] } {
  const manifests = app.charts.flatMap((c) => Testing.synth(c)) as Manifest[];
  return { yaml: Yaml.stringify(...manifests), manifests };
}

// Built once: arbitraries inside .chain() would be rebuilt for every sample.
const validCluster = fc.record({
  replicas: fc.integer({ min: 3, max: 7 }),
  cpu: fc.integer({ min: 4, max: 16 }).map((c) => Cpu.units(c)),
  memory: fc.integer({ min: 4, max: 60 }).map((g) => Size.gibibytes(g)),
  storage: fc.oneof(
    fc.constant(undefined),
    fc.integer({ min: 100, max: 4000 }).map((g) => StorageProfile.persistent({ size: Size.gibibytes(g) })),
  ),
  // At most 200 s: below every provider's idle timeout with the 10 % margin (Azure's 240 s is the lowest).
  mqttMaxKeepAlive: fc.option(fc.integer({ min: 30, max: 200 }).map((n) => Duration.seconds(n)), { nil: undefined }),
  terminationGracePeriod: fc.option(fc.integer({ min: 60, max: 7200 }).map((n) => Duration.seconds(n)), { nil: undefined }),
  antiAffinity: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED),
  zoneSpread: fc.constantFrom(Placement.REQUIRED, Placement.PREFERRED, Placement.NONE),
  labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/), { maxKeys: 2 }),
}, { requiredKeys: [] });

const validScenario: fc.Arbitrary<Scenario> = fc.record({
  namespace: fc.constantFrom('iot', 'mqtt-prod'),
  cluster: validCluster,
  tls: fc.constantFrom('none', 'secret', 'certManager', 'mutual'),
  mode: fc.constantFrom('plain', 'operator'),
  loadBalancer: fc.option(fc.record({
    provider: fc.constantFrom('aws', 'azure', 'gke', 'generic'),
    policy: fc.constantFrom(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL),
    options: fc.constant({}),
    sourceRanges: fc.option(fc.constantFrom(['10.0.0.0/8'], ['192.168.0.0/16', '2001:db8::/32']), { nil: undefined }),
  }), { nil: undefined }),
  nodeTuning: fc.option(fc.record({ conntrackMax: fc.integer({ min: 131072, max: 4194304 }) }), { nil: undefined }),
  monitoring: fc.option(fc.record({ serviceMonitor: fc.boolean(), grafanaDashboard: fc.boolean() }), { nil: undefined }),
  pod: fc.option(fc.record({
    // Keys unlike the random `labels` keys: a key in both with two values is refused (a rule of its own test).
    podLabels: fc.option(fc.dictionary(fc.stringMatching(/^pod-[a-z0-9]{1,8}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/), { maxKeys: 2 }),
      { nil: undefined }),
    podAnnotations: fc.option(fc.dictionary(fc.stringMatching(/^example\.com\/[a-z]{1,10}$/), fc.string({ maxLength: 20 }), { maxKeys: 2 }),
      { nil: undefined }),
    env: fc.boolean(), volume: fc.boolean(), sidecar: fc.boolean(), init: fc.boolean(), nodeAffinity: fc.boolean(), ingress: fc.boolean(),
    serviceAccountAnnotations: fc.boolean(),
  }), { nil: undefined }),
}).map((s) => (s.loadBalancer?.policy === TrafficPolicy.LOCAL && s.cluster.antiAffinity !== Placement.REQUIRED
  // Local traffic needs one broker per node (a rule tested in the load balancer's own tests).
  ? { ...s, loadBalancer: { ...s.loadBalancer, policy: TrafficPolicy.CLUSTER } } : s)) as fc.Arbitrary<Scenario>;

/** Values a JavaScript caller or a typo can produce, for any prop. */
const hostileValue = fc.constantFrom<unknown>(
  NaN, Infinity, -1, 0.5, 1e22, '', 'latest', 'IP', 'false', 'no', null, [], {}, { typo: 1 },
  Duration.seconds(NaN), Duration.millis(0.5), Duration.seconds(Infinity), Size.tebibytes(1e10), Size.gibibytes(NaN),
);
/** Props and nested options a hostile value is put into (dotted paths into HiveMQClusterProps). */
const clusterPaths = ['replicas', 'replication', 'cpu', 'memory', 'storage', 'version', 'image', 'imageDigest', 'imagePullPolicy', 'imagePullSecrets',
  'mqttMaxKeepAlive', 'tcpKeepAlive', 'tcpKeepAlive.time', 'tcpKeepAlive.probes', 'tcpKeepAlive.mode', 'antiAffinity', 'zoneSpread', 'nodeSelector',
  'tolerations', 'priorityClassName', 'terminationGracePeriod', 'minReadyTime', 'startupTimeout', 'discovery', 'discovery.reloadInterval',
  'discovery.clusterDomain', 'logLevel', 'allowAllClients', 'nonProduction', 'labels', 'networkPolicy', 'networkPolicy.mqttPeers',
  'networkPolicy.extraEgress', 'networkPolicy.monitoringNamespaces', 'controlCenter', 'restApi', 'restApi.port', 'extensions', 'licenseSecret',
  'name',
  'monitoring', 'monitoring.port', 'monitoring.scrapeInterval', 'monitoring.prometheusLabels', 'monitoring.alerts', 'monitoring.alerts.heapFraction',
  'monitoring.alerts.unevenConnectionsRatio', 'monitoring.alerts.notReadyFor', 'mode', 'sizing', 'unknownProp',
  'podLabels', 'podAnnotations', 'extraEnv', 'extraEnv.FEATURE', 'extraVolumes', 'sidecars', 'extraInitContainers', 'serviceAccountAnnotations',
  'nodeAffinity', 'nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution', 'nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution',
  'networkPolicy.extraIngress'];
const lbPaths = ['provider.targetType', 'provider.internalLoadBalancer', 'provider.crossZone', 'provider.idleTimeout', 'provider.proxyProtocol',
  'provider.healthProbeInterval', 'provider.healthProbeCount', 'provider.ipAddressName', 'provider.typo', 'sourceRanges', 'labels', 'annotations',
  'name',
  'listeners', 'externalTrafficPolicy'];

/** A copy of `target` with `value` at the dotted `path` (intermediate objects created). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (!rest.length) return { ...target, [head]: value };
  const inner = target[head];
  return { ...target, [head]: setPath(inner && typeof inner === 'object' ? inner as Record<string, unknown> : {}, rest.join('.'), value) };
}

const hostileScenario: fc.Arbitrary<Scenario> = fc.tuple(validScenario, fc.constantFrom(...clusterPaths, ...lbPaths), hostileValue)
  .map(([s, path, value]) => {
    if (!lbPaths.includes(path)) {
      // Monitoring lives beside the cluster props in a scenario.
      return path.startsWith('monitoring') ? { ...s, monitoring: setPath({ monitoring: s.monitoring ?? { serviceMonitor: true } }, path,
        value).monitoring }
        : { ...s, cluster: setPath(s.cluster, path, value) };
    }
    const lb = s.loadBalancer ?? { provider: 'aws', policy: TrafficPolicy.CLUSTER, options: {} };
    return { ...s, loadBalancer: path.startsWith('provider.')
      ? { ...lb, options: setPath(lb.options, path.slice('provider.'.length), value) } : { ...lb, props: setPath(lb.props ?? {}, path, value) } };
  }) as fc.Arbitrary<Scenario>;

describe('whole-app properties', () => {
  test('valid combinations of every construct synthesize identically twice, and every object passes the independent validators', async () => {
    const configs: string[] = [];
    fc.assert(fc.property(validScenario, (s) => {
      const first = synthYaml(build(s));
      expect(synthYaml(build(s)).yaml).toBe(first.yaml);
      validateKubernetes(first.manifests);
      configs.push(...first.manifests.filter((m) => m.kind === 'ConfigMap' && m.data?.['config.xml']).map((m) => m.data['config.xml']));
    }), { numRuns: 60, seed: 11 });
    await validateConfigXml(...configs);
  }, 60_000);

  test('a wrong value in any prop or provider option fails with the library\'s message, never an internal error', () => {
    let refused = 0;
    fc.assert(fc.property(hostileScenario, (s) => {
      let app: App;
      try {
        app = build(s);
        synthYaml(app);
      } catch (e) {
        refused++;
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).message).toMatch(LIBRARY_ERROR);
        expect((e as Error).message).not.toMatch(/\b(undefined|NaN|\[object Object\])\b.*\(got/);
        return;
      }
      // Accepted: then it must be valid output.
      validateKubernetes(synthYaml(app).manifests);
    }), { numRuns: 400, seed: 7 });
    // Most hostile values must be refused; the few that pass (e.g. {} for an optional options object) produced valid output above.
    expect(refused).toBeGreaterThan(300);
  }, 60_000);
});
