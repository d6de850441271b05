/** The option keys of the cluster's props: a misspelled or misplaced key is refused where it was written. */
import { k8s } from 'cdk8s-plus-28';
import type {
  AutoscalingOptions, ControlCenterOptions, DiscoveryOptions, ExtensionOptions, HiveMQClusterProps, MonitoringOptions, NetworkPolicyOptions,
  RestApiOptions, TcpKeepAliveOptions,
} from '../cluster/hivemq-cluster-props';
import { keysOf, Validator } from '../validation/validator';

/**
 * The keys of every props and options object of the cluster: a misspelled or misplaced key (easy from JavaScript, or in any
 * language that bypasses the types) would otherwise be ignored, e.g. `restApi: { truststore }` would serve without client
 * certificates. The compiler checks each list against its interface.
 */
export const CLUSTER_KEYS = keysOf<HiveMQClusterProps>({
  name: true, replicas: true, replication: true, mode: true, sizing: true, nonProduction: true, image: true, version: true, imageDigest: true,
  imagePullPolicy: true, imagePullSecrets: true, cpu: true, memory: true, storage: true, listeners: true, mqttMaxKeepAlive: true, tcpKeepAlive: true,
  antiAffinity: true, zoneSpread: true, nodeSelector: true, tolerations: true, priorityClassName: true, terminationGracePeriod: true,
  minReadyTime: true, startupTimeout: true, discovery: true, licenseSecret: true, allowAllClients: true, extensions: true, logLevel: true,
  controlCenter: true, restApi: true, autoscaling: true,
  monitoring: true, networkPolicy: true, labels: true, podLabels: true, podAnnotations: true, extraEnv: true, extraVolumes: true, sidecars: true,
  extraInitContainers: true, serviceAccountAnnotations: true, nodeAffinity: true,
});
const CLUSTER_ELSEWHERE: Record<string, string> = {
  namespace: 'the Chart (new Chart(app, id, { namespace })): every object goes to the chart\'s namespace',
  port: 'a listener: listeners: [MqttListener.tcp({ port })]',
  size: 'the storage profile: storage: StorageProfile.persistent({ size })',
  storageClassName: 'the storage profile: storage: StorageProfile.persistent({ storageClassName })',
  whenDeleted: 'the storage profile: storage: StorageProfile.persistent({ whenDeleted })',
  whenScaled: 'the storage profile: storage: StorageProfile.persistent({ whenScaled })',
  keystore: 'a TLS listener: listeners: [MqttListener.tls({ keystore })]',
  truststore: 'a TLS listener: listeners: [MqttListener.tls({ truststore, clientAuthentication })]',
  clientAuthentication: 'a TLS listener: listeners: [MqttListener.tls({ truststore, clientAuthentication })]',
  proxyProtocol: 'a listener: listeners: [MqttListener.tcp({ proxyProtocol })]',
  deletionProtection: 'the mode: mode: DeploymentMode.plain({ deletionProtection }) or DeploymentMode.platformOperator({ ... })',
  selector: 'the mode: mode: DeploymentMode.platformOperator({ selector })',
  schedulableNodes: 'the mode: mode: DeploymentMode.platformOperator({ schedulableNodes })',
  operatorNamespace: 'the mode: mode: DeploymentMode.platformOperator({ operatorNamespace })',
  alerts: 'monitoring: monitoring: { alerts }',
  serviceMonitor: 'monitoring: monitoring: { serviceMonitor }',
  grafanaDashboard: 'monitoring: monitoring: { grafanaDashboard }',
  mqttPeers: 'networkPolicy: networkPolicy: { mqttPeers }',
  adminPeers: 'networkPolicy: networkPolicy: { adminPeers }',
  extraEgress: 'networkPolicy: networkPolicy: { extraEgress }',
  extraIngress: 'networkPolicy: networkPolicy: { extraIngress }',
  initContainers: 'extraInitContainers: extraInitContainers: [{ name, image, ... }]',
  env: 'extraEnv: extraEnv: { NAME: EnvValue.fromValue(...) }',
  volumes: 'extraVolumes: extraVolumes: [{ volume, mountPath }]',
  affinity: 'nodeAffinity (the pod anti-affinity is antiAffinity)',
  loadBalancer: 'the MqttLoadBalancer construct: new MqttLoadBalancer(scope, id, { cluster, ... })',
};
const AUTOSCALING_KEYS = keysOf<AutoscalingOptions>({ minReplicas: true, maxReplicas: true, targetCpuUtilization: true,
  scaleDownStabilization: true });
const TCP_KEEP_ALIVE_KEYS = keysOf<TcpKeepAliveOptions>({ enabled: true, mode: true, initImage: true, time: true, interval: true, probes: true });
const DISCOVERY_KEYS = keysOf<DiscoveryOptions>({ source: true, reloadInterval: true, resolutionTimeout: true, clusterDomain: true });
export const EXTENSION_KEYS = keysOf<ExtensionOptions>({ source: true, folder: true, configSecret: true });
const CONTROL_CENTER_KEYS = keysOf<ControlCenterOptions>({
  port: true, credentialsSecret: true, usernameKey: true, passwordHashKey: true, keystore: true,
});
const REST_API_KEYS = keysOf<RestApiOptions>({ port: true, authentication: true, keystore: true });
const MONITORING_KEYS = keysOf<MonitoringOptions>({
  source: true, port: true, path: true, serviceMonitor: true, scrapeInterval: true, serviceMonitorLabels: true, grafanaDashboard: true,
  grafanaDashboardNamespace: true, alerts: true, prometheusLabels: true,
});
const NETWORK_POLICY_KEYS = keysOf<NetworkPolicyOptions>({
  enabled: true, mqttPeers: true, monitoringNamespaces: true, adminPeers: true, extraEgress: true, extraIngress: true,
});
export const TOLERATION_KEYS = keysOf<k8s.Toleration>({ key: true, operator: true, value: true, effect: true, tolerationSeconds: true });
/** TLS options only listeners take: the Control Center and the REST API serve HTTPS with a keystore alone. */
const LISTENER_ONLY_TLS = (endpoint: string): Record<string, string> => Object.fromEntries(
  ['truststore', 'clientAuthentication', 'protocols', 'cipherSuites'].map((key) => [key, 'MqttListener.tls() and MqttListener.secureWebsocket(): '
    + `only TLS listeners take it; the ${endpoint} serves HTTPS with keystore alone, `
    + 'without client certificates']));

/** Every props and options object of the cluster holds only its own keys (values are checked where they are used). */
export function checkOptionKeys(validator: Validator, props: HiveMQClusterProps): void {
  validator.required('props', props, 'Pass a props object, or none.');
  validator.keys('', props, CLUSTER_KEYS, CLUSTER_ELSEWHERE);
  validator.keys('tcpKeepAlive', props.tcpKeepAlive, TCP_KEEP_ALIVE_KEYS);
  validator.keys('discovery', props.discovery, DISCOVERY_KEYS);
  validator.keys('controlCenter', props.controlCenter, CONTROL_CENTER_KEYS, LISTENER_ONLY_TLS('Control Center'));
  validator.keys('restApi', props.restApi, REST_API_KEYS, {
    ...LISTENER_ONLY_TLS('REST API'),
    credentialsSecret: 'controlCenter: the REST API takes its users from an Enterprise Security Extension configuration',
  });
  validator.keys('monitoring', props.monitoring, MONITORING_KEYS, { ruleLabels: 'monitoring.alerts' });
  validator.keys('networkPolicy', props.networkPolicy, NETWORK_POLICY_KEYS);
  validator.keys('autoscaling', props.autoscaling, AUTOSCALING_KEYS);
}

