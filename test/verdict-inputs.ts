/**
 * What the independent verdicts (test/apiserver.test.ts, test/linters.test.ts) are asked about: every example app and a
 * matrix of option combinations, synthesized, each as one multi-document YAML file so that a tool reads it in one call.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Capability, ConfigMap, Cpu, EnvValue, ImagePullPolicy, k8s, Probe, Secret, Volume } from 'cdk8s-plus-28';
import * as yaml from 'yaml';
import { awsChart } from '../examples/aws';
import { azureChart } from '../examples/azure';
import { devChart } from '../examples/dev';
import { gkeChart } from '../examples/gke';
import { onPremChart } from '../examples/on-prem';
import { operatorChart } from '../examples/operator';
import { productionChart } from '../examples/production';
import { secureProductionChart } from '../examples/secure-production';
import {
  AwsTargetType, ClientAuthentication, DeploymentMode, GatewayRouteKind, HiveMQCluster, HiveMQClusterProps, IssuerKind, Keystore,
  LoadBalancerProvider, MqttGatewayRoute, MqttGatewayRouteProps, MqttListener, MqttLoadBalancer, MqttLoadBalancerProps, NodeTuning, Placement,
  StorageProfile, TcpKeepAliveMode, TrafficPolicy, Truststore,
} from '../lib';
import { Manifest } from './util';

/** One synthesized app: its name, the namespaces its objects live in, its objects. */
export interface VerdictInput {
  readonly name: string;
  readonly namespaces: string[];
  readonly manifests: Manifest[];
}

const EXAMPLES: Array<[string, (app: App) => Chart]> = [
  ['dev', devChart], ['production', productionChart], ['secure-production', secureProductionChart], ['aws', awsChart], ['azure', azureChart],
  ['gke', gkeChart], ['on-prem', onPremChart], ['operator', operatorChart],
];

function synthApp(name: string, build: (app: App) => void): VerdictInput {
  const app = Testing.app();
  build(app);
  const manifests = app.charts.flatMap((chart) => Testing.synth(chart)) as Manifest[];
  const namespaces = [...new Set(manifests.map((m) => m.metadata.namespace).filter((n): n is string => !!n))].sort();
  return { name, namespaces, manifests };
}

/** The example apps in examples/, as `cdk8s synth` writes them (all in namespace `iot`, on-prem also `hivemq-node-tuning`). */
export function exampleInputs(): VerdictInput[] {
  return EXAMPLES.map(([name, build]) => synthApp(name, (app) => build(app)));
}

const tlsPassword = { name: 'hivemq-tls-password', key: 'password' };
const persistent = StorageProfile.persistent({ storageClassName: 'standard' });

interface MatrixCase {
  readonly cluster: HiveMQClusterProps;
  /** Props built in the case's chart (cdk8s-plus volumes and secrets are constructs). */
  readonly clusterIn?: (chart: Chart) => HiveMQClusterProps;
  readonly loadBalancers?: Array<Omit<MqttLoadBalancerProps, 'cluster'>>;
  readonly nodeTuning?: boolean;
  readonly gatewayRoutes?: Array<Omit<MqttGatewayRouteProps, 'cluster'>>;
}

/**
 * Option combinations beyond the examples: every load-balancer provider (and its internal/target-type variants), TLS
 * from a Secret with mutual TLS and from cert-manager, both keep-alive modes, operator mode, monitoring with alerts and
 * dashboard, node tuning, ephemeral storage, autoscaling. Each case has its own namespace, `m-<case>`, so they can coexist on a server.
 */
const MATRIX: Record<string, MatrixCase> = {
  'nlb-ip': { cluster: { storage: persistent }, loadBalancers: [{ provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.IP,
    crossZone: true }) }] },
  'nlb-instance-internal': {
    cluster: { storage: persistent },
    loadBalancers: [{ provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.INSTANCE, internalLoadBalancer: true,
      idleTimeout: Duration.seconds(600) }) }],
  },
  'azure': {
    cluster: { storage: persistent },
    loadBalancers: [
      { provider: LoadBalancerProvider.azure({ idleTimeout: Duration.minutes(30) }), name: 'public' },
      { provider: LoadBalancerProvider.azure({ internalLoadBalancer: true }), name: 'internal' },
    ],
  },
  'gke': {
    cluster: { storage: persistent },
    loadBalancers: [{ provider: LoadBalancerProvider.gke(), name: 'public' }, { provider: LoadBalancerProvider.gke({ internalLoadBalancer: true }),
      name: 'internal' }],
  },
  'generic-cluster-policy': {
    cluster: { storage: persistent, antiAffinity: Placement.PREFERRED },
    loadBalancers: [{
      provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(15), loadBalancerClass: 'example.com/mqtt' }),
      externalTrafficPolicy: TrafficPolicy.CLUSTER,
      sourceRanges: ['192.0.2.0/24'],
    }],
  },
  'tls-secret-mutual': {
    cluster: {
      storage: persistent,
      listeners: [MqttListener.tcp(), MqttListener.tls({
        keystore: Keystore.fromSecret({ secretName: 'hivemq-keystore', password: tlsPassword }),
        truststore: Truststore.fromSecret({ secretName: 'hivemq-truststore', password: tlsPassword }),
        clientAuthentication: ClientAuthentication.REQUIRED,
      })],
    },
    // MQTT over TLS on 443 in front of the broker's 8883 (MqttLoadBalancer ports).
    loadBalancers: [{ provider: LoadBalancerProvider.awsNlb(), ports: { mqtts: 443 } }],
  },
  'tls-cert-manager-websocket': {
    cluster: {
      storage: persistent,
      listeners: [
        MqttListener.tls({ keystore: Keystore.fromCertManager({ issuerName: 'ca', issuerKind: IssuerKind.ISSUER, dnsNames: ['mqtt.example.com'],
          password: tlsPassword }) }),
        MqttListener.secureWebsocket({ keystore: Keystore.fromSecret({ secretName: 'hivemq-ws-keystore', password: tlsPassword }) }),
      ],
    },
    loadBalancers: [{ provider: LoadBalancerProvider.gke() }],
  },
  'operator-monitoring': {
    cluster: {
      mode: DeploymentMode.platformOperator({ schedulableNodes: 4, operatorNamespace: 'hivemq-operator' }),
      storage: persistent,
      monitoring: { serviceMonitor: true, alerts: {}, grafanaDashboard: true },
    },
    loadBalancers: [{ provider: LoadBalancerProvider.azure() }],
  },
  'monitoring-privileged-keep-alive': {
    cluster: {
      storage: persistent,
      monitoring: { serviceMonitor: true, alerts: { notReadyFor: Duration.minutes(10) }, grafanaDashboard: true },
      tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER },
      mode: DeploymentMode.plain({ deletionProtection: true }),
    },
    loadBalancers: [{ provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.IP }) }],
  },
  // A HorizontalPodAutoscaler on the StatefulSet, which then carries no replicas; alerts include the autoscaler's.
  'autoscaling': {
    cluster: {
      storage: persistent,
      autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuUtilization: 70, scaleDownStabilization: Duration.minutes(15) },
      monitoring: { serviceMonitor: true, alerts: {} },
    },
    loadBalancers: [{ provider: LoadBalancerProvider.awsNlb() }],
  },
  // Sized from the workload without pinning `brokers` (the README warns against it): the volume size follows replicas.
  'workload-sized-unpinned': {
    cluster: {
      storage: StorageProfile.forWorkload({
        persistentSessions: 2_000_000, offlineSessions: 1_000_000, queuedMessagesPerSession: 1000, averagePayloadBytes: 512,
        retainedMessages: 500_000, averageRetainedPayloadBytes: 1024, storageClassName: 'standard',
      }),
    },
    loadBalancers: [{ provider: LoadBalancerProvider.awsNlb() }],
  },
  // Both Gateway API route kinds, the TLSRoute with SNI hostnames on a TLS listener, the TCPRoute on plain TCP.
  'gateway-routes': {
    cluster: {
      storage: persistent,
      listeners: [
        MqttListener.tcp(),
        MqttListener.tls({ keystore: Keystore.fromSecret({ secretName: 'hivemq-keystore', password: tlsPassword }) }),
      ],
    },
    gatewayRoutes: [
      { gatewayName: 'edge', gatewayNamespace: 'gateway-system', sectionName: 'mqtts', listener: 'mqtts', hostnames: ['mqtt.example.com'],
        idleTimeout: Duration.hours(1) },
      { gatewayName: 'edge', sectionName: 'mqtt', listener: 'mqtt', kind: GatewayRouteKind.TCP_ROUTE, idleTimeout: Duration.minutes(30) },
    ],
  },
  // Pod customization: a restricted sidecar with its port opened by extraIngress, an init container, a ConfigMap volume,
  // env from a Secret, pod labels and annotations, node affinity, ServiceAccount annotations; with autoscaling, whose
  // HorizontalPodAutoscaler then scales on the broker container's CPU (a ContainerResource metric).
  'pod-customization': {
    cluster: {
      storage: persistent,
      autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuUtilization: 70 },
      podLabels: { team: 'mqtt' },
      podAnnotations: { 'example.com/owner': 'iot-platform' },
      serviceAccountAnnotations: { 'example.com/role': 'mqtt-broker' },
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [
        { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] } }] },
      networkPolicy: { extraIngress: [{
        ports: [{ port: k8s.IntOrString.fromNumber(9100), protocol: 'TCP' }],
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      }] },
    },
    clusterIn: (chart) => {
      const restricted = {
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        securityContext: { capabilities: { drop: [Capability.ALL] } },
        resources: { cpu: { request: Cpu.millis(50), limit: Cpu.millis(50) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(32) } },
      };
      const site = Volume.fromConfigMap(chart, 'site', ConfigMap.fromConfigMapName(chart, 'site-config', 'site-config'));
      return {
        extraEnv: { DB_PASSWORD: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'db', 'db-credentials'), key: 'password' }) },
        extraVolumes: [{ volume: site, mountPath: '/mnt/site', readOnly: true }],
        sidecars: [{
          name: 'exporter', image: 'busybox:1.37.0', command: ['/bin/sh', '-c', 'exec httpd -f -p 9100 -h /mnt/site'], portNumber: 9100,
          volumeMounts: [{ path: '/mnt/site', volume: site, readOnly: true }],
          readiness: Probe.fromTcpSocket({ port: 9100 }), liveness: Probe.fromTcpSocket({ port: 9100 }), ...restricted,
        }],
        extraInitContainers: [{ name: 'prepare', image: 'busybox:1.37.0', command: ['/bin/true'], ...restricted }],
      };
    },
  },
  'node-tuning-ephemeral': {
    cluster: { storage: StorageProfile.ephemeral(), replicas: 2 },
    loadBalancers: [{ provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(10) }), externalTrafficPolicy: TrafficPolicy.CLUSTER }],
    nodeTuning: true,
  },
};

export const MATRIX_CASES = Object.keys(MATRIX);

/** One app for a matrix case; node tuning goes into its own privileged namespace, as examples/on-prem.ts does. */
export function matrixInput(name: string, override: Partial<HiveMQClusterProps> = {}, extraLoadBalancer = false): VerdictInput {
  const spec = MATRIX[name];
  const namespace = `m-${name}`;
  return synthApp(`matrix-${name}`, (app) => {
    const chart = new Chart(app, name, { namespace });
    const cluster = new HiveMQCluster(chart, 'broker', { ...spec.cluster, ...spec.clusterIn?.(chart), ...override });
    const loadBalancers = [...spec.loadBalancers ?? [],
      ...extraLoadBalancer ? [{ provider: LoadBalancerProvider.awsNlb({ internalLoadBalancer: true }), name: 'added' }] : []];
    loadBalancers.forEach((props, index) => new MqttLoadBalancer(chart, `lb${index}`, { cluster, ...props }));
    (spec.gatewayRoutes ?? []).forEach((props, index) => new MqttGatewayRoute(chart, `route${index}`, { cluster, ...props }));
    if (spec.nodeTuning) {
      const tuning = new Chart(app, `${name}-tuning`, { namespace: `${namespace}-tuning` });
      new k8s.KubeNamespace(tuning, 'namespace', { metadata: { name: `${namespace}-tuning`,
        labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } });
      new NodeTuning(tuning, 'tuning', { cluster, conntrackMax: 1_048_576, conntrackTcpTimeoutEstablished: Duration.hours(1) });
    }
  });
}

export function matrixInputs(): VerdictInput[] {
  return MATRIX_CASES.map((name) => matrixInput(name));
}

/** Writes the input as one multi-document YAML file in `dir` and returns its path. */
export function writeYaml(dir: string, input: VerdictInput, suffix = ''): string {
  const file = path.join(dir, `${input.name}${suffix}.yaml`);
  fs.writeFileSync(file, input.manifests.map((m) => yaml.stringify(m)).join('---\n'));
  return file;
}
