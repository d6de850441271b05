import { createHash } from 'crypto';
import { ApiObjectMetadata, Duration, Lazy, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClusterSizing } from './cluster-sizing';
import { HiveMqPlatform, HiveMqPlatformProps, HiveMqPlatformSpecLogLevel } from '../imports/hivemq.com';
import { DeploymentMode, DeploymentModeKind } from './deployment-mode';
import { checkPlatform, forOperator, platformSelector, protectionAnnotations } from './private/operator-renderer';
import { ALLOW_ALL_FOLDER, HIVEMQ } from './private/model';
import { ExtensionSource } from './extension-source';
import { MqttListener } from './listener';
import { Placement } from './placement';
import { TcpKeepAliveMode } from './tcp-keep-alive-mode';
import { Keystore } from './tls';
import { Certificate, CertificateSpecKeystoresPkcs12Profile, CertificateSpecPrivateKeyRotationPolicy } from '../imports/cert-manager.io';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../imports/prometheusrule-monitoring.coreos.com';
import { ServiceMonitor } from '../imports/servicemonitor-monitoring.coreos.com';
import { AlertOptions } from './alerts';
import { renderDashboard } from './private/dashboard';
import { renderConfigXml, renderPrometheusProperties } from './private/config-xml';
import { applyIdleTimeouts, checkKeepAlive, IdleTimeout } from './private/keep-alive';
import { ClusterModel, quantity, resolveCluster } from './private/model';
import { renderNetworkPolicy } from './private/network-policy';
import { checkChartNamespace, ObjectClaim, ObjectRegistry } from './private/object-registry';
import { CONFIG_KEY, PROMETHEUS_KEY, renderPodTemplate, tlsEndpoints, VOLUMES } from './private/pod-template';
import { StorageKind, StorageProfile } from './storage-profile';

/** TCP keep-alive of the brokers' client connections, set per pod (the values are per network namespace). */
export interface TcpKeepAliveOptions {
  /**
   * Set `net.ipv4.tcp_keepalive_*` for the pod. Without it the pod keeps the kernel's 7200/75/9, which no load balancer's
   * idle timeout allows, so load balancers refuse a cluster with it off.
   * @default true
   * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
   */
  readonly enabled?: boolean;
  /**
   * How the values are set.
   * @default TcpKeepAliveMode.POD_SYSCTLS - needs Kubernetes >= 1.29
   */
  readonly mode?: TcpKeepAliveMode;
  /**
   * Image with `sh` and `sysctl` for the privileged init container.
   * @default 'busybox:1.37.0' - docker-library/busybox versions.json
   */
  readonly initImage?: string;
  /**
   * Idle time before the first probe (`net.ipv4.tcp_keepalive_time`).
   * @default Duration.seconds(300) - below AWS NLB's 350 s idle timeout, as HiveMQ's white paper recommends; lowered
   * automatically to fit a load balancer's idle timeout
   */
  readonly time?: Duration;
  /**
   * Time between unanswered probes (`net.ipv4.tcp_keepalive_intvl`); an idle socket also sends one this often once probing.
   * @default Duration.seconds(300) - lowered automatically to fit a load balancer's idle timeout
   */
  readonly interval?: Duration;
  /**
   * Unanswered probes before the connection is dropped (`net.ipv4.tcp_keepalive_probes`).
   * @default 2
   */
  readonly probes?: number;
}

/** Cluster discovery through the open-source HiveMQ DNS discovery extension and the headless Service. */
export interface DiscoveryOptions {
  /**
   * Where the init container gets the extension.
   * @default ExtensionSource.dnsDiscoveryRelease() - release 4.4.7 downloaded from GitHub and checked against its published SHA-256
   */
  readonly source?: ExtensionSource;
  /**
   * How often each broker resolves the headless Service again (`HIVEMQ_DNS_RELOAD_INTERVAL`).
   * @default Duration.seconds(15)
   */
  readonly reloadInterval?: Duration;
  /**
   * DNS resolution timeout (`HIVEMQ_DNS_DISCOVERY_TIMEOUT`); must be shorter than the reload interval.
   * @default Duration.seconds(10)
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
  TRACE = 'TRACE',
  DEBUG = 'DEBUG',
  INFO = 'INFO',
  WARN = 'WARN',
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
   * @default 8080 (8443 with `keystore`) - HiveMQ's chart
   */
  readonly port?: number;
  /**
   * Secret with the user name and the password hash: SHA-256 (hex) of user name followed by password, as HiveMQ expects
   * ("SHA256 hash without iterations and with the user name as prepended salt", HiveMQ Control Center docs).
   */
  readonly credentialsSecret: string;
  /**
   * Key of the user name in the Secret.
   * @default 'username'
   */
  readonly usernameKey?: string;
  /**
   * Key of the password hash in the Secret.
   * @default 'password-sha256'
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
   * @default 8888
   */
  readonly port?: number;
  /**
   * Require authentication (`<auth><enabled>`); users come from an Enterprise Security Extension configuration.
   * @default true
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
   * @default ExtensionSource.prometheusRelease() - 4.1.1 from GitHub, SHA-256 checked
   */
  readonly source?: ExtensionSource;
  /**
   * Metrics port.
   * @default 9399 - HiveMQ's chart and the extension's default
   */
  readonly port?: number;
  /**
   * Metrics path.
   * @default '/metrics' - the extension's default
   */
  readonly path?: string;
  /**
   * Also write a prometheus-operator `ServiceMonitor` for the metrics Service.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Scrape interval of the ServiceMonitor.
   * @default Duration.seconds(15) - HiveMQ's chart
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
   * @default true
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
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Copies of every persisted item (queued and retained messages, sessions) kept in the cluster: `<replica-count>`.
   * @default - 2 (HiveMQ's default), or 1 when replicas is 1
   * @see https://docs.hivemq.com/hivemq/latest/user-guide/cluster.html
   */
  readonly replication?: number;
  /**
   * Plain manifests, or a `HiveMQPlatform` custom resource for the HiveMQ Platform Operator.
   * @default DeploymentMode.plain()
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
   * @default false
   */
  readonly nonProduction?: boolean;
  /**
   * Image repository, without tag.
   * @default 'hivemq/hivemq4'
   */
  readonly image?: string;
  /**
   * Image tag (the HiveMQ version): a pinned release; 'latest' and an empty tag are refused.
   * @default '4.54.0' - the version HiveMQ's own platform chart pins (hivemq/helm-charts, 2026-08-21)
   */
  readonly version?: string;
  /**
   * Image digest (`sha256:…`) appended to the reference, to pin the exact image.
   * @default - none
   */
  readonly imageDigest?: string;
  /**
   * Image pull policy of the broker and its init containers.
   * @default ImagePullPolicy.IF_NOT_PRESENT - the tag is pinned
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
   * @default Cpu.units(4) - HiveMQ's production minimum
   */
  readonly cpu?: Cpu;
  /**
   * Memory per broker, requested and limited alike. The heap is 50 % of it; a heap of 32 GiB or more is rejected. At least
   * 4 GiB (HiveMQ's production minimum), or with `nonProduction` at least 2 GiB, the start floor derived from HiveMQ's chart
   * test default of 2048M.
   * @default Size.gibibytes(8) - a 4 GiB heap, HiveMQ's "recommended staging setup" row; 4 GiB (the minimum) leaves only 2 GiB of heap
   * @see https://hivemq.atlassian.net/wiki/spaces/KB/pages/3549462531/Understanding+Memory+Usage+in+HiveMQ+Deployments
   */
  readonly memory?: Size;
  /**
   * Where each broker keeps its data.
   * @default StorageProfile.persistent() - 100 GiB per broker, retained on delete and scale-down
   */
  readonly storage?: StorageProfile;
  /**
   * MQTT listeners.
   * @default [MqttListener.tcp()] - MQTT on 1883
   */
  readonly listeners?: MqttListener[];
  /**
   * Highest keep-alive the brokers grant MQTT 5 clients (`<max-keep-alive>`); MQTT 3 clients keep what they ask for and rely
   * on the TCP keep-alive. Unlimited keep-alive is not allowed.
   * @default Duration.seconds(300) - below AWS NLB's 350 s idle timeout; lowered automatically to fit a load balancer's idle timeout
   */
  readonly mqttMaxKeepAlive?: Duration;
  /**
   * TCP keep-alive sysctls of the pods.
   * @default - time 300 s, interval 300 s, 2 probes
   */
  readonly tcpKeepAlive?: TcpKeepAliveOptions;
  /**
   * Pod anti-affinity on `kubernetes.io/hostname`.
   * @default Placement.REQUIRED - at most one broker per node, so a node failure takes at most one broker
   */
  readonly antiAffinity?: Placement;
  /**
   * Topology spread over `topology.kubernetes.io/zone`.
   * @default Placement.PREFERRED - spread evenly where zones exist, still schedulable on clusters without zone labels
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
   * @default Duration.hours(1) - HiveMQ's legacy operator ("Wait longer for replication tasks"); the broker exits as soon as it is done
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * How long a new broker must be ready before the rollout moves to the next one, giving replication time to settle.
   * @default Duration.seconds(30)
   */
  readonly minReadyTime?: Duration;
  /**
   * How long a broker may take to start (recover its persistence) before the startup probe restarts it.
   * @default Duration.minutes(10)
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
   * @default true - the image's behaviour, so a new cluster accepts test clients
   */
  readonly allowAllClients?: boolean;
  /**
   * Extra HiveMQ extensions (authentication, bridges, ...).
   * @default - none
   */
  readonly extensions?: ExtensionOptions[];
  /**
   * Root log level. HiveMQ logs to stdout, where the cluster's log pipeline collects it, and to files in `/opt/hivemq/log`.
   * @default LogLevel.INFO
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
}

/**
 * A clustered HiveMQ broker on plain Kubernetes: a StatefulSet with a headless Service for DNS discovery, a ConfigMap with
 * `config.xml`, a ClusterIP Service for in-cluster clients, a PodDisruptionBudget and a ServiceAccount.
 */
export class HiveMQCluster extends Construct {
  /** The StatefulSet (plain mode). */
  public readonly statefulSet?: k8s.KubeStatefulSet;
  /** Headless Service (`<name>-cluster`): StatefulSet identity and cluster discovery (plain mode). */
  public readonly headlessService?: k8s.KubeService;
  /** The HiveMQPlatform custom resource (operator mode). */
  public readonly platform?: HiveMqPlatform;
  /** ClusterIP Service (`<name>`) on the MQTT listeners without PROXY protocol, for clients inside the Kubernetes cluster. */
  public readonly service?: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  /** The pods' ServiceAccount (plain mode; the operator creates its own). */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** ClusterIP Service on the Control Center (`<name>-control-center`, sticky by client IP), when enabled. */
  public readonly controlCenterService?: k8s.KubeService;
  /** ClusterIP Service on the REST API (`<name>-rest-api`), when enabled. */
  public readonly restApiService?: k8s.KubeService;
  /** ClusterIP Service on the metrics port (`<name>-metrics`), when monitoring is on. */
  public readonly metricsService?: k8s.KubeService;
  /** prometheus-operator ServiceMonitor, when requested. */
  public readonly serviceMonitor?: ServiceMonitor;
  /** cert-manager Certificates of the TLS endpoints whose keystores cert-manager issues, by endpoint name. */
  public readonly certificates: Record<string, Certificate> = {};
  /** ConfigMap with the cluster's Grafana dashboard, when requested. */
  public readonly grafanaDashboard?: k8s.KubeConfigMap;
  /** prometheus-operator PrometheusRule with the cluster's alerts, when requested. */
  public readonly prometheusRule?: PrometheusRule;
  /** The NetworkPolicy, unless switched off. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  /** The model resolved from the props alone, before load balancers registered their idle timeouts. */
  private readonly baseModel: ClusterModel;
  private readonly idleTimeouts: IdleTimeout[] = [];
  private healthApiOpen = false;
  /** Services of the HiveMQPlatform (operator mode). */
  private readonly platformServices: Array<{ metadata: ApiObjectMetadata; spec: k8s.ServiceSpec }> = [];

  constructor(scope: Construct, id: string, props: HiveMQClusterProps = {}) {
    super(scope, id);
    const m = this.baseModel = resolveCluster(id, props, checkChartNamespace(this));
    const operator = m.mode.kind === DeploymentModeKind.OPERATOR;
    const meta = (name: string, annotations?: Record<string, string>): ApiObjectMetadata => ({ name, labels: { ...m.labels }, annotations });
    // In operator mode the operator labels the pods it creates with hivemq-platform: <name>.
    const podSelector = { matchLabels: operator ? platformSelector(m) : { ...m.selectorLabels } };
    const configHash = () => createHash('sha256').update(JSON.stringify(this.configData())).digest('hex');

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      // A protected workload pointing at a pruned ConfigMap breaks at its next restart: protect both or neither.
      metadata: meta(m.names.configMap, m.mode.deletionProtection ? protectionAnnotations(-1) : operator ? { 'argocd.argoproj.io/sync-wave': '-1' } : undefined),
      // Rendered at synthesis: load balancers added later may still lower derived keep-alives.
      data: Lazy.any({ produce: () => this.configData() }),
    });

    // Services on the brokers' endpoints, as plain Services or as entries of the HiveMQPlatform.
    const inClusterListeners = m.listeners.filter((l) => !l.proxyProtocol);
    const endpoints: Array<{ id: string; name: string; ports: Array<{ name: string; port: number }>; affinity?: string; component?: string }> = [
      ...(inClusterListeners.length ? [{ id: 'Service', name: m.names.service, ports: inClusterListeners.map((l) => ({ name: l.name, port: l.port })) }] : []),
      // The Control Center keeps its session on one broker (HiveMQ's chart defaults it to ClientIP affinity).
      ...(m.controlCenter ? [{ id: 'ControlCenterService', name: `${m.name}-control-center`, ports: [{ name: 'cc', port: m.controlCenter.port }], affinity: 'ClientIP' }] : []),
      ...(m.restApi ? [{ id: 'RestApiService', name: `${m.name}-rest-api`, ports: [{ name: 'rest', port: m.restApi.port }] }] : []),
      ...(m.monitoring ? [{ id: 'MetricsService', name: `${m.name}-metrics`, ports: [{ name: 'metrics', port: m.monitoring.port }], component: 'metrics' }] : []),
    ];
    for (const e of endpoints) {
      const labels = { ...m.labels, ...(e.component ? { 'app.kubernetes.io/component': e.component } : {}) };
      const spec: k8s.ServiceSpec = {
        type: 'ClusterIP',
        sessionAffinity: e.affinity,
        ports: e.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' })),
      };
      const svc = this._addService(this, e.id, { metadata: { name: e.name, labels }, spec });
      if (e.id === 'Service') this.service = svc;
      if (e.id === 'ControlCenterService') this.controlCenterService = svc;
      if (e.id === 'RestApiService') this.restApiService = svc;
      if (e.id === 'MetricsService') this.metricsService = svc;
    }

    const volumeClaimTemplates: k8s.KubePersistentVolumeClaimProps[] | undefined = m.storage.kind === StorageKind.PERSISTENT ? [{
      // Selector labels only: a claim template cannot change after creation (and GitOps tracking labels must stay off it).
      metadata: { name: VOLUMES.data, labels: operator ? undefined : { ...m.selectorLabels } },
      spec: {
        accessModes: [m.storage.accessMode],
        storageClassName: m.storage.storageClassName,
        volumeMode: 'Filesystem',
        resources: { requests: { storage: quantity(m.storage.sizeBytes) } },
      },
    }] : undefined;
    const retention = m.storage.kind === StorageKind.PERSISTENT ? { whenDeleted: m.storage.whenDeleted, whenScaled: m.storage.whenScaled } : undefined;

    if (operator) {
      this.platform = new HiveMQPlatformResource(this, 'Platform', {
        metadata: {
          name: m.name,
          labels: { ...m.labels, ...(m.mode.selector ? { operator: m.mode.selector } : {}) },
          annotations: m.mode.deletionProtection ? protectionAnnotations(0, ['SkipDryRunOnMissingResource=true']) : { 'argocd.argoproj.io/sync-wave': '0' },
        },
        spec: {
          configMapName: m.names.configMap,
          logLevel: m.logLevel as HiveMqPlatformSpecLogLevel,
          healthApiPort: m.healthPort,
          operatorRestApiPort: HIVEMQ.operatorPort,
          // 0 switches metrics off, as HiveMQ's chart writes it.
          metricsPort: m.monitoring?.port ?? 0,
          metricsPath: m.monitoring?.path,
          extensions: [
            { id: ALLOW_ALL_FOLDER, enabled: m.allowAllClients, extensionUri: 'preinstalled', supportsHotReload: false },
            ...m.extensions.map((e) => ({ id: e.folder, enabled: true, extensionUri: (e.source as { url: string }).url, secretName: e.configSecret })),
          ],
        },
      }, {
        statefulSet: () => {
          // selector and serviceName are the operator's (operator-mode.md §7.3 item 6): rendered, then left out.
          const { selector: _s, serviceName: _n, ...spec } = k8s.toJson_StatefulSetSpec({
            replicas: m.replicas,
            selector: podSelector,
            serviceName: '',
            template: forOperator(renderPodTemplate(this.model, configHash())),
            persistentVolumeClaimRetentionPolicy: retention,
            volumeClaimTemplates: volumeClaimTemplates?.map((t) => ({ metadata: t.metadata, spec: t.spec })),
          })!;
          return { spec };
        },
        services: () => this.platformServices.map((svc) => ({ metadata: svc.metadata, spec: k8s.toJson_ServiceSpec(svc.spec) })),
        configXml: () => this.configXml,
        owner: `HiveMQCluster '${id}'`,
      });
    } else {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(m.names.serviceAccount), automountServiceAccountToken: false });
      this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
        metadata: meta(m.names.headlessService),
        spec: {
          clusterIp: 'None',
          // Starting brokers must find each other before they are ready.
          publishNotReadyAddresses: true,
          selector: { ...m.selectorLabels },
          ports: [{ name: 'cluster', port: m.clusterPort, targetPort: k8s.IntOrString.fromString('cluster'), protocol: 'TCP' }],
        },
      });
      this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
        metadata: meta(m.names.statefulSet, m.mode.deletionProtection ? protectionAnnotations(0) : undefined),
        spec: {
          replicas: m.replicas,
          serviceName: m.names.headlessService,
          selector: podSelector,
          // One broker at a time, also on scale-down: removing two at once can remove both copies of an item (replication 2).
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          minReadySeconds: m.minReadySeconds,
          // Every file of the ConfigMap counts: subPath mounts never see updates, so any change must roll the brokers.
          template: Lazy.any({ produce: () => renderPodTemplate(this.model, configHash()) }),
          persistentVolumeClaimRetentionPolicy: retention,
          volumeClaimTemplates,
        },
      });
    }

    const sideAnnotations = operator ? { 'argocd.argoproj.io/sync-wave': '1' } : undefined;
    if (m.monitoring?.serviceMonitor) {
      this.serviceMonitor = new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: { name: m.name, labels: { ...m.labels, ...m.monitoring.serviceMonitor.labels }, annotations: sideAnnotations },
        spec: {
          // Only the metrics Service, not the others with the same selector labels.
          selector: { matchLabels: { ...m.selectorLabels, 'app.kubernetes.io/component': 'metrics' } },
          endpoints: [{ port: 'metrics', path: m.monitoring.path, interval: `${m.monitoring.serviceMonitor.intervalSeconds}s` }],
        },
      });
    }
    for (const { name, tls } of tlsEndpoints(m)) {
      const c = tls.certificate;
      if (!c) continue;
      this.certificates[name] = new Certificate(this, `Certificate-${name}`, {
        metadata: meta(c.name),
        spec: {
          secretName: c.secretName,
          issuerRef: { name: c.issuerName, kind: c.issuerKind, group: 'cert-manager.io' },
          dnsNames: [...c.dnsNames],
          duration: c.durationSeconds === undefined ? undefined : `${c.durationSeconds}s`,
          renewBefore: c.renewBeforeSeconds === undefined ? undefined : `${c.renewBeforeSeconds}s`,
          // keystore.p12 is what the broker reads; Modern2023 is AES-256 PBES2, readable by current JDKs.
          keystores: { pkcs12: { create: true, passwordSecretRef: { name: c.password.name, key: c.password.key }, profile: CertificateSpecKeystoresPkcs12Profile.MODERN2023 } },
          privateKey: { rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
        },
      });
    }
    if (m.grafanaDashboard) {
      this.grafanaDashboard = new k8s.KubeConfigMap(this, 'GrafanaDashboard', {
        metadata: { name: `${m.name}-grafana-dashboard`, namespace: m.grafanaDashboard.namespace, labels: { ...m.labels, grafana_dashboard: '1' }, annotations: sideAnnotations },
        data: { [`hivemq-${m.name}.json`]: renderDashboard(m, m.namespace!) },
      });
    }
    const alerts = m.alerts;
    if (alerts) {
      this.prometheusRule = new PrometheusRule(this, 'PrometheusRule', {
        metadata: { name: `${m.name}-alerts`, labels: { ...m.labels, ...alerts.ruleLabels }, annotations: sideAnnotations },
        spec: {
          groups: [{
            name: `hivemq-${m.name}`,
            rules: alerts.rules.map((r) => ({
              alert: r.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
              for: r.for,
              labels: { severity: r.severity, ...alerts.staticLabels },
              annotations: { summary: r.summary, description: r.description },
            })),
          }],
        },
      });
    }
    if (m.networkPolicy) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: meta(m.name, sideAnnotations),
        // Rendered at synthesis: load balancers added later may need the health API.
        spec: Lazy.any({ produce: () => renderNetworkPolicy(this.model, { healthApiFromAnywhere: this.healthApiOpen, podSelector: podSelector.matchLabels }) }),
      });
    }

    this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: meta(m.names.podDisruptionBudget, sideAnnotations),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: podSelector,
        // Let drains evict brokers that never became ready (beta, on by default from Kubernetes 1.27).
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    // Last, when every name is known: all of them or none enter the App's registry.
    ObjectRegistry.of(this).claim(this, { construct: 'HiveMQCluster', id }, this.objectClaims(props.name === undefined ? 'name (default: the construct id)' : 'name'));
  }

  /**
   * Every object this cluster writes, and every object written because of it: the PVCs of its claim templates (one per
   * pod), the Secrets cert-manager writes, and in operator mode what the HiveMQ Platform Operator derives from the CR.
   */
  private objectClaims(nameProp: string): ObjectClaim[] {
    const m = this.baseModel;
    const id = m.id;
    const namespace = m.namespace;
    const from = { prop: nameProp, value: m.name };
    const operator = m.mode.kind === DeploymentModeKind.OPERATOR;
    const byOperator = `the HiveMQ Platform Operator for HiveMQCluster '${id}'`;
    const claims: ObjectClaim[] = ObjectRegistry.written(this, (childId) => `its ${OBJECT_ROLES[childId] ?? childId.replace(/^Certificate-(.*)$/, 'Certificate for $1')}`)
      .map((c) => (c.name.startsWith(m.name) ? { ...c, from } : c));
    const statefulSet = m.names.statefulSet;
    if (operator) {
      // hivemq-anchors: the operator names the StatefulSet after the platform, adds the cluster Service and the pods' ServiceAccount.
      claims.push(
        { group: 'apps', kind: 'StatefulSet', name: statefulSet, namespace, what: 'the StatefulSet it creates from the HiveMQPlatform', by: byOperator, from },
        { group: '', kind: 'Service', name: `hivemq-${m.name}-cluster`, namespace, what: 'the cluster Service it creates', by: byOperator, from },
        { group: '', kind: 'ServiceAccount', name: `hivemq-platform-pod-${m.name}`, namespace, what: 'the pods\' ServiceAccount it creates', by: byOperator, from },
        ...this.platformServices.map((svc) => ({
          group: '', kind: 'Service', name: svc.metadata.name!, namespace, what: `its Service entry '${svc.metadata.name}' of HiveMQPlatform '${m.name}' spec.services`, from,
        })),
      );
    }
    if (m.storage.kind === StorageKind.PERSISTENT) {
      // The StatefulSet controller names each pod's claim <template>-<statefulset>-<ordinal>; in operator mode the surge pod
      // of a rolling restart takes ordinal <replicas> (operator-mode research, §7.2).
      const ordinals = m.replicas + (operator ? 1 : 0);
      for (let ordinal = 0; ordinal < ordinals; ordinal++) {
        claims.push({
          group: '', kind: 'PersistentVolumeClaim', name: `${VOLUMES.data}-${statefulSet}-${ordinal}`, namespace, from,
          what: `the PVC of pod ${statefulSet}-${ordinal} from claim template '${VOLUMES.data}'`,
        });
      }
    }
    for (const { name: endpoint, tls } of tlsEndpoints(m)) {
      if (!tls.certificate) continue;
      claims.push({
        group: '', kind: 'Secret', name: tls.certificate.secretName, namespace,
        what: `the Secret cert-manager writes for its Certificate '${tls.certificate.name}' of ${endpoint} (spec.secretName)`,
      });
    }
    return claims;
  }

  /**
   * Adds a Service that selects the brokers (its caller registers the name): in plain mode a Service object in `scope`, in
   * operator mode an entry of the HiveMQPlatform's `spec.services` (the operator creates it and fills in the selector).
   * @internal
   */
  public _addService(scope: Construct, id: string, service: { metadata: ApiObjectMetadata; spec: k8s.ServiceSpec }): k8s.KubeService | undefined {
    if (this.model.mode.kind === DeploymentModeKind.OPERATOR) {
      this.platformServices.push(service);
      return undefined;
    }
    return new k8s.KubeService(scope, id, { metadata: service.metadata, spec: { ...service.spec, selector: { ...this.model.selectorLabels } } });
  }

  /** The resolved model every object is rendered from: every default applied, keep-alives fitted to the load balancers. */
  public get model(): ClusterModel {
    return applyIdleTimeouts(this.baseModel, this.idleTimeouts);
  }

  /** The generated `config.xml`. */
  public get configXml(): string {
    return renderConfigXml(this.model);
  }

  /** Every file of the ConfigMap, as rendered at synthesis. */
  private configData(): Record<string, string> {
    const m = this.model;
    // In operator mode the operator configures its own Prometheus extension from metricsPort and metricsPath.
    const prometheus = m.monitoring && m.mode.kind === DeploymentModeKind.PLAIN;
    return { [CONFIG_KEY]: this.configXml, ...(prometheus ? { [PROMETHEUS_KEY]: renderPrometheusProperties(m.monitoring!) } : {}) };
  }

  /**
   * Opens the health API to sources outside the namespace (a load balancer that health-checks the brokers directly).
   * @internal
   */
  public _openHealthApi(): void {
    this.healthApiOpen = true;
  }

  /**
   * Registers the idle timeout of a load balancer in front of this cluster. Keep-alives the user left unset are lowered to
   * fit; ones the user set, or switched off, that cannot fit are an error naming both values.
   * @internal
   */
  public _addIdleTimeout(timeout: IdleTimeout): void {
    checkKeepAlive(this.baseModel, timeout);
    this.idleTimeouts.push(timeout);
  }
}

/** How a message names the cluster's objects, by construct id. */
const OBJECT_ROLES: Record<string, string> = {
  Config: 'config ConfigMap', Service: 'MQTT Service', ControlCenterService: 'Control Center Service', RestApiService: 'REST API Service',
  MetricsService: 'metrics Service', HeadlessService: 'headless Service', StatefulSet: 'StatefulSet', ServiceAccount: 'ServiceAccount', Platform: 'HiveMQPlatform',
  ServiceMonitor: 'ServiceMonitor', GrafanaDashboard: 'Grafana dashboard ConfigMap', PrometheusRule: 'alerts PrometheusRule', NetworkPolicy: 'NetworkPolicy',
  PodDisruptionBudget: 'PodDisruptionBudget',
};

/**
 * The generated HiveMQPlatform class, with the embedded StatefulSet and Service specs added after its typed conversion:
 * they are rendered by the same Kubernetes renderers as plain mode (wire format), which the generated converters would
 * otherwise drop field by field.
 */
class HiveMQPlatformResource extends HiveMqPlatform {
  constructor(scope: Construct, id: string, props: HiveMqPlatformProps,
    private readonly embedded: { statefulSet: () => unknown; services: () => unknown[]; configXml: () => string; owner: string }) {
    super(scope, id, props);
  }

  public override toJson(): any {
    const json = super.toJson();
    const services = this.embedded.services();
    const cr = { ...json, spec: { ...json.spec, statefulSet: this.embedded.statefulSet(), ...(services.length ? { services } : {}) } };
    const problems = checkPlatform(cr, this.embedded.configXml());
    if (problems.length) {
      throw new Error(`${this.embedded.owner}: the HiveMQPlatform would fail in the operator: ${problems.join('; ')}. Adjust the props (or the patches) that produce it.`);
    }
    return cr;
  }
}
