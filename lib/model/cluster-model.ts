/**
 * The resolved model of one HiveMQ cluster: every prop validated, every default applied and every derived value computed
 * once. Renderers (plain manifests, config.xml, the HiveMQPlatform custom resource, alerts, dashboard) read only this.
 */
import { k8s } from 'cdk8s-plus-28';
import { ExtensionSourceSpec } from '../cluster/extension-source-spec';
import { TcpKeepAliveMode } from '../cluster/tcp-keep-alive-mode';
import { ListenerProtocol } from '../cluster/listener';
import { Placement } from '../cluster/placement';
import { PvcRetention, StorageKind, VolumeAccessMode } from '../storage/storage-profile';
import { ClientAuthentication, IssuerKind, SecretKeySelector } from '../cluster/tls';
import { DeploymentModeKind } from '../cluster/deployment-mode';
import { HiveMQAlert } from '../monitoring/alerts';

export interface ResolvedCertificate {
  /** Certificate object name. */
  readonly name: string;
  readonly secretName: string;
  readonly issuerName: string;
  readonly issuerKind: IssuerKind;
  readonly dnsNames: readonly string[];
  readonly password: SecretKeySelector;
  readonly durationSeconds?: number;
  readonly renewBeforeSeconds?: number;
}

export interface ResolvedTls {
  readonly keystore: {
    readonly secretName: string;
    readonly key: string;
    readonly password: SecretKeySelector;
    readonly privateKeyPassword: SecretKeySelector;
  };
  readonly truststore?: { readonly secretName: string; readonly key: string; readonly password: SecretKeySelector };
  readonly clientAuthentication: ClientAuthentication;
  readonly protocols: readonly string[];
  readonly cipherSuites: readonly string[];
  /** Set when cert-manager issues the keystore. */
  readonly certificate?: ResolvedCertificate;
}

export interface ResolvedListener {
  readonly protocol: ListenerProtocol;
  readonly name: string;
  readonly port: number;
  readonly path?: string;
  readonly proxyProtocol: boolean;
  readonly tls?: ResolvedTls;
}

export interface ResolvedExtension {
  readonly folder: string;
  readonly source: ExtensionSourceSpec;
  readonly configSecret?: string;
}

export interface ResolvedStorage {
  readonly kind: StorageKind;
  readonly sizeBytes: number;
  readonly storageClassName?: string;
  readonly accessMode: VolumeAccessMode;
  readonly whenDeleted: PvcRetention;
  readonly whenScaled: PvcRetention;
}

export interface TcpKeepAliveModel {
  /** How the values reach the pod's network namespace. */
  readonly mode: TcpKeepAliveMode;
  /** Image of the privileged init container (PRIVILEGED_INIT_CONTAINER mode). */
  readonly initImage: string;
  readonly timeSeconds: number;
  readonly intervalSeconds: number;
  readonly probes: number;
}

/** The names and labels every object of the cluster carries. */
export interface MetadataModel {
  /** Base name of every object. */
  readonly name: string;
  readonly names: {
    readonly statefulSet: string;
    readonly headlessService: string;
    readonly service: string;
    readonly configMap: string;
    readonly podDisruptionBudget: string;
    readonly serviceAccount: string;
    readonly horizontalPodAutoscaler: string;
  };
  /** Immutable selector labels (never the version). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Selector labels plus the rest of the recommended set and user labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** The broker image and how it is pulled. */
export interface ImageModel {
  /** `<repository>:<version>[@<digest>]`. */
  readonly reference: string;
  readonly version: string;
  readonly pullPolicy: string;
  readonly pullSecrets: readonly string[];
}

/** How many brokers, what each one gets, and the scratch space derived from it. */
export interface ResourcesModel {
  readonly replicas: number;
  /** Copies of every persisted item, cluster-wide (`<replica-count>`). */
  readonly replication: number;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly heapBytes: number;
  readonly javaOpts: string;
  /** emptyDir size of the writable copy of HIVEMQ_HOME (distribution and one heap dump). */
  readonly homeScratchBytes: number;
  /** emptyDir size of /opt/hivemq/log (the image declares it a VOLUME; an explicit emptyDir gives it a limit). */
  readonly logScratchBytes: number;
  /** emptyDir size of /tmp (native libraries unpacked by the JVM). */
  readonly tmpScratchBytes: number;
  /** Ephemeral storage the broker container requests (and is limited to): every emptyDir it writes plus 1 GiB headroom. */
  readonly ephemeralStorageBytes: number;
}

export interface ResolvedControlCenter {
  readonly port: number;
  readonly credentials: { readonly secretName: string; readonly usernameKey: string; readonly passwordHashKey: string };
  readonly tls?: ResolvedTls;
}

export interface ResolvedRestApi {
  readonly port: number;
  readonly authentication: boolean;
  readonly tls?: ResolvedTls;
}

/** Every port the broker serves. */
export interface EndpointsModel {
  readonly listeners: readonly ResolvedListener[];
  readonly clusterPort: number;
  readonly healthPort: number;
  readonly controlCenter?: ResolvedControlCenter;
  readonly restApi?: ResolvedRestApi;
}

export interface KeepAliveModel {
  readonly mqttMaxKeepAliveSeconds: number;
  /** Which keep-alive values the user set; derived ones may be lowered to fit a load balancer, set ones never are. */
  readonly explicit: { readonly mqttMaxKeepAlive: boolean; readonly tcpKeepAliveTime: boolean; readonly tcpKeepAliveInterval: boolean };
  /** Undefined when the keep-alive sysctls are switched off (clusters older than Kubernetes 1.29). */
  readonly tcp?: TcpKeepAliveModel;
}

/** Where the brokers run and how long they get to start and stop. */
export interface PlacementModel {
  readonly antiAffinity: Placement;
  readonly zoneSpread: Placement;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly k8s.Toleration[];
  readonly priorityClassName?: string;
  readonly terminationGracePeriodSeconds: number;
  readonly minReadySeconds: number;
  readonly startupTimeoutSeconds: number;
}

/** What runs inside the broker besides its listeners: license, extensions, log level. */
export interface BrokerModel {
  /** Secret mounted at /opt/hivemq/license. */
  readonly licenseSecret?: string;
  /** Keep the image's hivemq-allow-all-extension (every client may connect and do anything). */
  readonly allowAllClients: boolean;
  /** Extra extensions installed by init containers. */
  readonly extensions: readonly ResolvedExtension[];
  /** Root log level (`HIVEMQ_LOG_LEVEL`). */
  readonly logLevel: string;
}

/** Plain manifests or the operator's custom resource. */
export interface ModeModel {
  readonly kind: DeploymentModeKind;
  readonly deletionProtection: boolean;
  readonly selector?: string;
  readonly schedulableNodes?: number;
  readonly operatorNamespace?: string;
}

/** The metrics endpoint and what is built on it: ServiceMonitor, Grafana dashboard, alerts. */
export interface MonitoringModel {
  readonly port: number;
  readonly path: string;
  readonly source: ExtensionSourceSpec;
  readonly serviceMonitor?: { readonly intervalSeconds: number; readonly labels: Record<string, string> };
  /** Labels of every prometheus-operator object (ServiceMonitor, PrometheusRule), merged into each one's own. */
  readonly prometheusLabels: Record<string, string>;
  /** The Grafana dashboard ConfigMap, and the namespace it goes to (default: the chart's). */
  readonly grafanaDashboard?: { readonly namespace?: string };
  readonly alerts?: ResolvedAlerts;
}

export interface NetworkPolicyModel {
  readonly mqttPeers?: readonly k8s.NetworkPolicyPeer[];
  readonly monitoringNamespaces: readonly string[];
  readonly adminPeers?: readonly k8s.NetworkPolicyPeer[];
  readonly extraEgress: readonly k8s.NetworkPolicyEgressRule[];
  readonly extraIngress: readonly k8s.NetworkPolicyIngressRule[];
}

/** What the user adds to the broker pod (podLabels, extraEnv, sidecars, ...), already in Kubernetes form. */
/** A volume the user added to the pod, and the prop that added it (e.g. `sidecars[0].volumeMounts[1].volume`), for messages. */
export interface PodVolumeModel {
  readonly prop: string;
  readonly volume: k8s.Volume;
}

export interface PodCustomizationModel {
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** extraEnv, in the order of its keys. */
  readonly env: readonly k8s.EnvVar[];
  /** extraVolumes plus any other volume a sidecar or init container mounts, each once. */
  readonly volumes: readonly PodVolumeModel[];
  /** The extraVolumes' mounts in the broker container. */
  readonly brokerMounts: readonly k8s.VolumeMount[];
  readonly sidecars: readonly k8s.Container[];
  readonly initContainers: readonly k8s.Container[];
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly nodeAffinity?: k8s.NodeAffinity;
}

export interface DiscoveryModel {
  readonly source: ExtensionSourceSpec;
  readonly reloadIntervalSeconds: number;
  readonly resolutionTimeoutSeconds: number;
  readonly clusterDomain?: string;
}

/** The HorizontalPodAutoscaler's bounds and target (the replicas of ResourcesModel are minReplicas). */
export interface AutoscalingModel {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilization: number;
  readonly scaleDownStabilizationSeconds: number;
}

/** The whole cluster, one field per area (each resolved by its own file in lib/model/). */
export interface ClusterModel {
  /** Construct id, for messages. */
  readonly id: string;
  /** The namespace of the cluster's chart, if it has one. */
  readonly namespace?: string;
  /** Production minimums (resources, storage, grace period) are waived. */
  readonly nonProduction: boolean;
  readonly metadata: MetadataModel;
  readonly image: ImageModel;
  readonly resources: ResourcesModel;
  readonly storage: ResolvedStorage;
  readonly endpoints: EndpointsModel;
  readonly keepAlive: KeepAliveModel;
  readonly placement: PlacementModel;
  readonly broker: BrokerModel;
  readonly mode: ModeModel;
  /** Set when props.monitoring is. */
  readonly monitoring?: MonitoringModel;
  /** Undefined when the NetworkPolicy is switched off. */
  readonly networkPolicy?: NetworkPolicyModel;
  readonly discovery: DiscoveryModel;
  /** Set when props.autoscaling is (plain mode only). */
  readonly autoscaling?: AutoscalingModel;
  readonly customization: PodCustomizationModel;
}

/** Fixed facts about the stock image and HiveMQ's ports, each with its public source. */
export const HIVEMQ = {
  /** hivemq/helm-charts charts/hivemq-platform/values.yaml image.repository + image.name */
  imageRepository: 'hivemq/hivemq4',
  /** hivemq/helm-charts charts/hivemq-platform/values.yaml image.tag (chart 0.2.72, 2026-08-21) */
  version: '4.54.0',
  /** hivemq4-docker-images hivemq4/base-image/Dockerfile USER 10000, group 0 */
  uid: 10000,
  gid: 0,
  home: '/opt/hivemq',
  /** helm-charts _helpers.tpl cluster-transport-port */
  clusterPort: 7000,
  /** helm-charts _helpers.tpl health-api-port; docs.hivemq.com health-api */
  healthPort: 8889,
  /** Operator REST API port, reserved by HiveMQ's chart validation (helpers L351-383). */
  operatorPort: 7979,
  /** Control Center HTTP port, HiveMQ's default (HiveMQ Control Center docs; helm-charts values.yaml). */
  controlCenterPort: 8080,
  /** Heap share of container memory: helm-charts values.yaml nodes.javaOpts; HiveMQ KB "Heap and memory allocation". */
  heapPercent: 50,
  /**
   * HiveMQ KB: "we do not recommend the use of more than 32 GB heap-size"; the JVM's compressed object pointers also stop
   * working at 32 GiB, so the heap must stay below it.
   */
  maxHeapBytes: 32 * 2 ** 30,
  /** MQTT 3.1.1/5.0 §3.1.2.10: Keep Alive is a Two Byte Integer of seconds */
  maxMqttKeepAlive: 65535,
} as const;

export interface AlertRule {
  readonly alert: HiveMQAlert;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
}

export interface ResolvedAlerts {
  readonly rules: readonly AlertRule[];
  readonly ruleLabels: Record<string, string>;
  readonly staticLabels: Record<string, string>;
}

/** A port the broker serves besides the cluster transport and the health API, with the prop that sets it. */
export interface BrokerEndpoint {
  /** Container and Service port name: the listener's name, `cc`, `rest` or `metrics`. */
  readonly name: string;
  readonly prop: string;
  readonly port: number;
  readonly tls?: ResolvedTls;
}

/** Listeners, Control Center, REST API and metrics, in that order. */
export function brokerEndpoints(model: Pick<ClusterModel, 'endpoints' | 'monitoring'>): BrokerEndpoint[] {
  const { listeners, controlCenter, restApi } = model.endpoints;
  return [
    ...listeners.map((listener, index) => ({ name: listener.name, prop: `listeners[${index}].port`, port: listener.port, tls: listener.tls })),
    ...(controlCenter ? [{ name: 'cc', prop: 'controlCenter.port', port: controlCenter.port, tls: controlCenter.tls }] : []),
    ...(restApi ? [{ name: 'rest', prop: 'restApi.port', port: restApi.port, tls: restApi.tls }] : []),
    ...(model.monitoring ? [{ name: 'metrics', prop: 'monitoring.port', port: model.monitoring.port }] : []),
  ];
}
