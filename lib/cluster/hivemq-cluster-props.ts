/** Props of HiveMQCluster and its option objects. */
import { Duration, Size } from 'cdk8s';
import { ContainerProps, Cpu, EnvValue, ImagePullPolicy, k8s, Volume } from 'cdk8s-plus-28';
import { ClusterSizing } from '../sizing/cluster-sizing';
import { DeploymentMode } from './deployment-mode';
import { ExtensionSource } from './extension-source';
import { MqttListener } from './listener';
import { Placement } from './placement';
import { TcpKeepAliveMode } from './tcp-keep-alive-mode';
import { Keystore } from './tls';
import { AlertOptions } from '../monitoring/alerts';
import { StorageProfile } from '../storage/storage-profile';

/** TCP keep-alive of the brokers' client connections, set per pod (the values are per network namespace). */
export interface TcpKeepAliveOptions {
  /**
   * Set `net.ipv4.tcp_keepalive_*` for the pod. Without it the pod keeps the kernel's 7200/75/9, which no load balancer's
   * idle timeout allows, so load balancers refuse a cluster with it off.
   * @default true - DEFAULT_TCP_KEEP_ALIVE_ENABLED
   * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
   */
  readonly enabled?: boolean;
  /**
   * How the values are set.
   * @default TcpKeepAliveMode.POD_SYSCTLS - DEFAULT_TCP_KEEP_ALIVE_MODE: needs Kubernetes >= 1.29
   */
  readonly mode?: TcpKeepAliveMode;
  /**
   * Image with `sh` and `sysctl` for the privileged init container.
   * @default 'busybox:1.37.0' - DEFAULT_TCP_KEEP_ALIVE_INIT_IMAGE: docker-library/busybox versions.json
   */
  readonly initImage?: string;
  /**
   * Idle time before the first probe (`net.ipv4.tcp_keepalive_time`).
   * @default Duration.seconds(300) - DEFAULT_TCP_KEEP_ALIVE_TIME: below AWS NLB's 350 s idle timeout, as HiveMQ's white paper recommends; lowered
   * automatically to fit a load balancer's idle timeout
   */
  readonly time?: Duration;
  /**
   * Time between unanswered probes (`net.ipv4.tcp_keepalive_intvl`); an idle socket also sends one this often once probing.
   * @default Duration.seconds(300) - DEFAULT_TCP_KEEP_ALIVE_INTERVAL: lowered automatically to fit a load balancer's idle timeout
   */
  readonly interval?: Duration;
  /**
   * Unanswered probes before the connection is dropped (`net.ipv4.tcp_keepalive_probes`).
   * @default 2 - DEFAULT_TCP_KEEP_ALIVE_PROBES
   */
  readonly probes?: number;
}

/** Cluster discovery through the open-source HiveMQ DNS discovery extension and the headless Service. */
export interface DiscoveryOptions {
  /**
   * Where the init container gets the extension.
   * @default ExtensionSource.dnsDiscoveryRelease() - DEFAULT_DISCOVERY_SOURCE: release 4.4.7 downloaded from GitHub and checked against its
   *   published SHA-256
   */
  readonly source?: ExtensionSource;
  /**
   * How often each broker resolves the headless Service again (`HIVEMQ_DNS_RELOAD_INTERVAL`).
   * @default Duration.seconds(15) - DEFAULT_DISCOVERY_RELOAD_INTERVAL
   */
  readonly reloadInterval?: Duration;
  /**
   * DNS resolution timeout (`HIVEMQ_DNS_DISCOVERY_TIMEOUT`); must be shorter than the reload interval.
   * @default Duration.seconds(10) - DEFAULT_DISCOVERY_RESOLUTION_TIMEOUT
   */
  readonly resolutionTimeout?: Duration;
  /**
   * The cluster's DNS domain, to query a fully qualified name.
   * @default - none: `<service>.<namespace>.svc` is resolved through the pod's DNS search path, whatever the domain is
   */
  readonly clusterDomain?: string;
}

/** Root log level of the brokers (`HIVEMQ_LOG_LEVEL`, read by the image's logback.xml). */
export enum LogLevel {
  /** The most detailed level: for debugging only. */
  TRACE = 'TRACE',
  /** Detailed diagnostics. */
  DEBUG = 'DEBUG',
  /** Informational messages, warnings and errors (HiveMQ's own default). */
  INFO = 'INFO',
  /** Warnings and errors only. */
  WARN = 'WARN',
  /** Errors only. */
  ERROR = 'ERROR',
}

/** An extra HiveMQ extension, installed into `/opt/hivemq/extensions/<folder>` by an init container. */
export interface ExtensionOptions {
  /** Where the extension comes from (a release zip pinned by SHA-256, or a mirrored image). */
  readonly source: ExtensionSource;
  /** The extension's folder name (the one the zip unpacks into, holding `hivemq-extension.xml`). */
  readonly folder: string;
  /**
   * A Secret mounted read-only as the extension's `conf/` folder (its configuration files, e.g. credentials).
   * @default - the configuration shipped in the zip or image
   */
  readonly configSecret?: string;
}

/** The HiveMQ Control Center (web UI). */
export interface ControlCenterOptions {
  /**
   * Container port.
   * @default 8080 (8443 with `keystore`) - DEFAULT_CONTROL_CENTER_PORT, DEFAULT_CONTROL_CENTER_TLS_PORT: HiveMQ's chart
   */
  readonly port?: number;
  /**
   * Secret with the user name and the password hash: SHA-256 (hex) of user name followed by password, as HiveMQ expects
   * ("SHA256 hash without iterations and with the user name as prepended salt", HiveMQ Control Center docs).
   */
  readonly credentialsSecret: string;
  /**
   * Key of the user name in the Secret.
   * @default 'username' - DEFAULT_CONTROL_CENTER_USERNAME_KEY
   */
  readonly usernameKey?: string;
  /**
   * Key of the password hash in the Secret.
   * @default 'password-sha256' - DEFAULT_CONTROL_CENTER_PASSWORD_HASH_KEY
   */
  readonly passwordHashKey?: string;
  /**
   * Serve HTTPS with this keystore.
   * @default - HTTP
   */
  readonly keystore?: Keystore;
}

/** The HiveMQ REST API. */
export interface RestApiOptions {
  /**
   * Container port.
   * @default 8888 - DEFAULT_REST_API_PORT
   */
  readonly port?: number;
  /**
   * Require authentication (`<auth><enabled>`); users come from an Enterprise Security Extension configuration.
   * @default true - DEFAULT_REST_API_AUTHENTICATION
   */
  readonly authentication?: boolean;
  /**
   * Serve HTTPS with this keystore.
   * @default - HTTP
   */
  readonly keystore?: Keystore;
}

/** Prometheus metrics from the HiveMQ Prometheus extension. */
export interface MonitoringOptions {
  /**
   * Where the extension comes from.
   * @default ExtensionSource.prometheusRelease() - DEFAULT_METRICS_SOURCE: 4.1.1 from GitHub, SHA-256 checked
   */
  readonly source?: ExtensionSource;
  /**
   * Metrics port.
   * @default 9399 - DEFAULT_METRICS_PORT: HiveMQ's chart and the extension's default
   */
  readonly port?: number;
  /**
   * Metrics path.
   * @default '/metrics' - DEFAULT_METRICS_PATH: the extension's default
   */
  readonly path?: string;
  /**
   * Also write a prometheus-operator `ServiceMonitor` for the metrics Service.
   * @default false - DEFAULT_SERVICE_MONITOR
   */
  readonly serviceMonitor?: boolean;
  /**
   * Scrape interval of the ServiceMonitor.
   * @default Duration.seconds(15) - DEFAULT_SCRAPE_INTERVAL: HiveMQ's chart
   */
  readonly scrapeInterval?: Duration;
  /**
   * Labels on every prometheus-operator object of the cluster — the ServiceMonitor and the PrometheusRule — for a Prometheus
   * that selects both by the same labels: kube-prometheus-stack's default `serviceMonitorSelector` and `ruleSelector` both
   * match `release: <its Helm release name>`, e.g. `{ release: 'prometheus' }`. `serviceMonitorLabels` and
   * `alerts.ruleLabels` add to these; a key set in both must have the same value.
   * @default - none
   * @see https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack
   */
  readonly prometheusLabels?: Record<string, string>;
  /**
   * Labels on the ServiceMonitor only, added to `prometheusLabels` (a key in both must have the same value).
   * @default - none: `prometheusLabels` only
   */
  readonly serviceMonitorLabels?: Record<string, string>;
  /**
   * Also write a Grafana dashboard for this cluster as a ConfigMap labelled `grafana_dashboard: "1"`, the label the Grafana
   * sidecar of kube-prometheus-stack (and HiveMQ's own chart) picks dashboards up by.
   * @default false
   */
  readonly grafanaDashboard?: boolean;
  /**
   * Namespace of the dashboard ConfigMap, when your Grafana sidecar watches only one.
   * @default - the cluster's namespace
   */
  readonly grafanaDashboardNamespace?: string;
  /**
   * Also write a prometheus-operator `PrometheusRule` with alerts tuned to this cluster.
   * @default - no alerts
   */
  readonly alerts?: AlertOptions;
}

/** The NetworkPolicy around the brokers. */
export interface NetworkPolicyOptions {
  /**
   * Write the NetworkPolicy.
   * @default true - DEFAULT_NETWORK_POLICY_ENABLED
   */
  readonly enabled?: boolean;
  /**
   * Who may connect to the MQTT listeners. Each peer is checked to the API server's rules: a podSelector and/or
   * namespaceSelector, or an ipBlock alone whose `except` ranges lie strictly inside its CIDR. An empty list is refused.
   * @default - anywhere (clients come from outside through load balancers)
   */
  readonly mqttPeers?: k8s.NetworkPolicyPeer[];
  /**
   * Namespaces allowed to reach the health API and metrics (e.g. where Prometheus runs), besides the cluster's own.
   * @default - none
   */
  readonly monitoringNamespaces?: string[];
  /**
   * Who may reach the Control Center and REST API.
   * @default - pods in the cluster's namespace
   */
  readonly adminPeers?: k8s.NetworkPolicyPeer[];
  /**
   * Extra egress rules (bridges, databases, authentication back ends). Peers as for `mqttPeers`; ports as
   * `k8s.IntOrString` (a plain number would be dropped by cdk8s), protocol TCP, UDP or SCTP, `endPort` only after a numeric port.
   * @default - none
   */
  readonly extraEgress?: k8s.NetworkPolicyEgressRule[];
  /**
   * Extra ingress rules, appended to the generated ones: the only way to open a sidecar's ports (the policy keeps them closed
   * to everything but the cluster's own brokers otherwise). Peers as for `mqttPeers`; ports as `k8s.IntOrString`, protocol
   * TCP, UDP or SCTP, `endPort` only after a numeric port. A rule without `from` and `ports` (every source, every port) is refused.
   * @default - none
   */
  readonly extraIngress?: k8s.NetworkPolicyIngressRule[];
}

/** A volume added to the broker pod and mounted into the broker container. */
export interface ExtraVolume {
  /** The volume (a cdk8s-plus `Volume`: `Volume.fromConfigMap()`, `fromSecret()`, `fromEmptyDir()`, ...). */
  readonly volume: Volume;
  /**
   * Where the broker container sees it: an absolute path outside the folders the library uses (`/opt/hivemq`, `/tmp`,
   * `/etc/hivemq/tls`), e.g. `/mnt/<name>`.
   */
  readonly mountPath: string;
  /**
   * Mount it read-only.
   * @default false - writable, as Kubernetes mounts a volume
   */
  readonly readOnly?: boolean;
  /**
   * A path inside the volume to mount instead of its root (a relative path without `..`).
   * @default - the volume's root
   */
  readonly subPath?: string;
}

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on the brokers' CPU, with data-safety rails: one broker removed per 10 minutes
 * after load stayed low for the stabilization window, at most two added per 2 minutes, and `spec.replicas` left off the
 * StatefulSet so GitOps tools do not fight the autoscaler. Plain mode only.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingOptions {
  /**
   * Fewest brokers, and the first size of a new cluster. In production more than `replication` (a broker failure must leave a
   * copy of every item); at least what a sizing plan requires. The volume size is fixed for this many brokers, the fewest the
   * data must fit on.
   */
  readonly minReplicas: number;
  /**
   * Most brokers. Not checked against the nodes (plain mode knows no node count): with required one-broker-per-node
   * anti-affinity (the default) a broker beyond the nodes the brokers may use stays Pending.
   */
  readonly maxReplicas: number;
  /**
   * Mean CPU use of the brokers, in percent of their CPU request, that the autoscaler keeps them at (1 to 100).
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/
   */
  readonly targetCpuUtilization: number;
  /**
   * How long the CPU must have stayed low before a broker is removed (`behavior.scaleDown.stabilizationWindowSeconds`, 0 to 1 hour).
   * @default Duration.minutes(10) - DEFAULT_SCALE_DOWN_STABILIZATION: twice Kubernetes' 300 s, since a scale-in disconnects
   *   the removed broker's clients and moves its data
   */
  readonly scaleDownStabilization?: Duration;
}

/** Props of `HiveMQCluster`. Every prop is optional: the defaults are HiveMQ's production practice. */
export interface HiveMQClusterProps {
  /**
   * Base name of every object (`<name>`, `<name>-cluster`, `<name>-config`). Part of the StatefulSet's immutable identity.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Number of brokers.
   * @default 3 - DEFAULT_REPLICAS
   */
  readonly replicas?: number;
  /**
   * Copies of every persisted item (queued and retained messages, sessions) kept in the cluster: `<replica-count>`.
   * @default - 2 (DEFAULT_REPLICATION, HiveMQ's default), or 1 when replicas is 1
   * @see https://docs.hivemq.com/hivemq/latest/user-guide/cluster.html
   */
  readonly replication?: number;
  /**
   * Plain manifests, or a `HiveMQPlatform` custom resource for the HiveMQ Platform Operator.
   * @default DeploymentMode.plain() - DEFAULT_MODE
   */
  readonly mode?: DeploymentMode;
  /**
   * A plan from `ClusterSizing.forWorkload()`: sets replicas, cpu, memory (and so the heap), storage and replication.
   * A prop given next to it may be higher than the plan, never lower.
   * @default - no plan: the defaults below
   */
  readonly sizing?: ClusterSizing;
  /**
   * Allow settings below HiveMQ's production minimums: less than 4 CPU / 4 GiB per broker, less than 100 GiB of persistent
   * storage, `PvcRetention.DELETE` (data lost with the StatefulSet or on scale-down), a termination grace period under 60 s
   * (sessions lost on every restart), fewer than two copies. The start floor of 1 CPU / 2 GiB holds even so.
   * @default false - DEFAULT_NON_PRODUCTION
   */
  readonly nonProduction?: boolean;
  /**
   * Image repository, without tag.
   * @default 'hivemq/hivemq4' - DEFAULT_IMAGE
   */
  readonly image?: string;
  /**
   * Image tag (the HiveMQ version): a pinned release; 'latest' and an empty tag are refused.
   * @default '4.54.0' - DEFAULT_VERSION: the version HiveMQ's own platform chart pins (hivemq/helm-charts, 2026-08-21)
   */
  readonly version?: string;
  /**
   * Image digest (`sha256:…`) appended to the reference, to pin the exact image.
   * @default - none
   */
  readonly imageDigest?: string;
  /**
   * Image pull policy of the broker and its init containers.
   * @default ImagePullPolicy.IF_NOT_PRESENT - DEFAULT_IMAGE_PULL_POLICY: the tag is pinned
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Names of docker-registry Secrets for private registries.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * CPU per broker, requested and limited alike (Guaranteed QoS). At least 4 CPUs (HiveMQ's production minimum), or with
   * `nonProduction` at least 1 CPU, the start floor derived from HiveMQ's chart test default of 1024m.
   * @default Cpu.units(4) - DEFAULT_CPU: HiveMQ's production minimum
   */
  readonly cpu?: Cpu;
  /**
   * Memory per broker, requested and limited alike. The heap is 50 % of it; a heap of 32 GiB or more is rejected. At least
   * 4 GiB (HiveMQ's production minimum), or with `nonProduction` at least 2 GiB, the start floor derived from HiveMQ's chart
   * test default of 2048M.
   * @default Size.gibibytes(8) - DEFAULT_MEMORY: a 4 GiB heap, HiveMQ's "recommended staging setup" row; 4 GiB (the minimum) leaves only
   * 2 GiB of heap
   * @see https://hivemq.atlassian.net/wiki/spaces/KB/pages/3549462531/Understanding+Memory+Usage+in+HiveMQ+Deployments
   */
  readonly memory?: Size;
  /**
   * Scale the brokers with their CPU use (a HorizontalPodAutoscaler). Refused together with `replicas` (the autoscaler owns
   * the count; `minReplicas` is the first size) and in operator mode.
   * @default - no autoscaler: a fixed number of brokers (`replicas`)
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * Where each broker keeps its data.
   * @default StorageProfile.persistent() - 100 GiB per broker, retained on delete and scale-down
   */
  readonly storage?: StorageProfile;
  /**
   * MQTT listeners.
   * @default [MqttListener.tcp()] - DEFAULT_LISTENERS: MQTT on 1883
   */
  readonly listeners?: MqttListener[];
  /**
   * Highest keep-alive the brokers grant MQTT 5 clients (`<max-keep-alive>`); MQTT 3 clients keep what they ask for and rely
   * on the TCP keep-alive. Unlimited keep-alive is not allowed.
   * @default Duration.seconds(300) - DEFAULT_MQTT_MAX_KEEP_ALIVE: below AWS NLB's 350 s idle timeout; lowered automatically to fit a
   *   load balancer's idle timeout
   */
  readonly mqttMaxKeepAlive?: Duration;
  /**
   * TCP keep-alive sysctls of the pods.
   * @default - time 300 s, interval 300 s, 2 probes
   */
  readonly tcpKeepAlive?: TcpKeepAliveOptions;
  /**
   * Pod anti-affinity on `kubernetes.io/hostname`.
   * @default Placement.REQUIRED - DEFAULT_ANTI_AFFINITY: at most one broker per node, so a node failure takes at most one broker
   */
  readonly antiAffinity?: Placement;
  /**
   * Topology spread over `topology.kubernetes.io/zone`.
   * @default Placement.PREFERRED - DEFAULT_ZONE_SPREAD: spread evenly where zones exist, still schedulable on clusters without zone labels
   */
  readonly zoneSpread?: Placement;
  /**
   * Node labels the brokers must run on.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations of the broker pods, checked to the API server's rules (a toleration without a key needs operator Exists).
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * PriorityClass of the broker pods.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * How long a stopping broker may take to hand over its sessions and queues before it is killed: at least 60 s, shorter
   * only with `nonProduction` (a broker killed mid-handover loses them).
   * @default Duration.hours(1) - DEFAULT_TERMINATION_GRACE_PERIOD: HiveMQ's legacy operator ("Wait longer for replication tasks"); the
   *   broker exits as soon as it is done
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * How long a new broker must be ready before the rollout moves to the next one, giving replication time to settle.
   * @default Duration.seconds(30) - DEFAULT_MIN_READY_TIME
   */
  readonly minReadyTime?: Duration;
  /**
   * How long a broker may take to start (recover its persistence) before the startup probe restarts it.
   * @default Duration.minutes(10) - DEFAULT_STARTUP_TIMEOUT
   */
  readonly startupTimeout?: Duration;
  /**
   * Cluster discovery.
   * @default - the DNS discovery extension, downloaded at pod start
   */
  readonly discovery?: DiscoveryOptions;
  /**
   * Secret whose keys are HiveMQ licence files (`*.lic` for the broker, `*.elic` for enterprise extensions), mounted at
   * `/opt/hivemq/license`.
   * @default - none: HiveMQ runs in trial mode (25 concurrent client connections)
   */
  readonly licenseSecret?: string;
  /**
   * Keep the image's `hivemq-allow-all-extension`, which lets every client connect and publish or subscribe to anything.
   * Switch it off in production and install an authentication extension with `extensions`.
   * @default true - DEFAULT_ALLOW_ALL_CLIENTS: the image's behaviour, so a new cluster accepts test clients
   */
  readonly allowAllClients?: boolean;
  /**
   * Extra HiveMQ extensions (authentication, bridges, ...).
   * @default - none
   */
  readonly extensions?: ExtensionOptions[];
  /**
   * Root log level. HiveMQ logs to stdout, where the cluster's log pipeline collects it, and to files in `/opt/hivemq/log`.
   * @default LogLevel.INFO - DEFAULT_LOG_LEVEL
   */
  readonly logLevel?: LogLevel;
  /**
   * Enable the Control Center web UI (with credentials from a Secret, and a ClientIP-sticky Service).
   * @default - no Control Center Service; the NetworkPolicy blocks the port
   */
  readonly controlCenter?: ControlCenterOptions;
  /**
   * Enable the REST API.
   * @default - disabled (HiveMQ's default)
   */
  readonly restApi?: RestApiOptions;
  /**
   * Prometheus metrics.
   * @default - off
   */
  readonly monitoring?: MonitoringOptions;
  /**
   * The NetworkPolicy.
   * @default - on: MQTT from anywhere, cluster transport between brokers, health and metrics from the namespace, egress to DNS and brokers
   */
  readonly networkPolicy?: NetworkPolicyOptions;
  /**
   * Extra labels on every object and pod (not on the claim templates, which cannot change after creation).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra labels on the broker pods only. The labels the library selects and identifies its pods by
   * (`app.kubernetes.io/*`, `hivemq-platform`) are refused.
   * @default - none: the cluster's labels only
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Annotations on the broker pods (e.g. for a service mesh or a log collector). The library's own pod annotation
   * (`cdk8s-hivemq/config-sha256`) is refused.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Extra environment variables of the broker container (`EnvValue.fromValue()`, `fromSecretValue()`, `fromConfigMap()`,
   * `fromFieldRef()`). Names the library sets in either mode (`JAVA_OPTS`, the TLS and Control Center password variables,
   * discovery, ...) are refused.
   * @default - none
   */
  readonly extraEnv?: Record<string, EnvValue>;
  /**
   * Extra volumes, each mounted into the broker container at its `mountPath`. Only the volume types Pod Security "restricted"
   * allows (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret), here and in any
   * volume a sidecar or init container mounts.
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   * @default - none
   */
  readonly extraVolumes?: ExtraVolume[];
  /**
   * Extra containers in the broker pod, after the broker. Each must meet Pod Security "restricted" as the broker does
   * (`allowPrivilegeEscalation: false`, all capabilities dropped, non-root, read-only root filesystem), set `resources` with
   * CPU and memory requests equal to their limits (the broker pod's Guaranteed QoS) and no `restartPolicy`; its ports must not
   * be the broker's. Without `imagePullPolicy` it gets the cluster's. It shares the pod's NetworkPolicy: its ports are closed
   * to everything but the cluster's own brokers unless `networkPolicy.extraIngress` opens them, and what it reaches needs
   * `networkPolicy.extraEgress`. With `autoscaling`, the autoscaler then scales on the broker container's CPU alone.
   * @default - none
   */
  readonly sidecars?: ContainerProps[];
  /**
   * Extra init containers, run after the library's own (plain mode). Same rules as `sidecars`; no `restartPolicy` (a native
   * sidecar belongs in `sidecars`).
   * @default - none
   */
  readonly extraInitContainers?: ContainerProps[];
  /**
   * Annotations on the pods' ServiceAccount, e.g. a cloud workload identity binding. Plain mode only: in operator mode the
   * HiveMQ Platform Operator creates and owns the pods' ServiceAccount.
   * @default - none
   */
  readonly serviceAccountAnnotations?: Record<string, string>;
  /**
   * Node affinity of the broker pods, next to `nodeSelector` and the library's pod anti-affinity (which it keeps).
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
   */
  readonly nodeAffinity?: k8s.NodeAffinity;
}
