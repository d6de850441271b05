import { createHash } from 'crypto';
import { ApiObjectMetadata, Duration, Lazy, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ExtensionSource } from './extension-source';
import { MqttListener } from './listener';
import { Placement } from './placement';
import { renderConfigXml } from './private/config-xml';
import { applyIdleTimeouts, checkKeepAlive, IdleTimeout } from './private/keep-alive';
import { ClusterModel, quantity, resolveCluster } from './private/model';
import { CONFIG_KEY, renderPodTemplate, VOLUMES } from './private/pod-template';
import { StorageKind, StorageProfile } from './storage-profile';

/** TCP keep-alive of the brokers' client connections, set as pod sysctls. */
export interface TcpKeepAliveOptions {
  /**
   * Set `net.ipv4.tcp_keepalive_*` in the pod. These sysctls are namespaced and "safe" from Kubernetes 1.29; switch them off
   * on older clusters, whose kubelets reject the pod unless started with `--allowed-unsafe-sysctls`.
   * @default true
   * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
   */
  readonly enabled?: boolean;
  /**
   * Idle time before the first probe (`net.ipv4.tcp_keepalive_time`). Keep it below every load balancer's idle timeout.
   * @default Duration.seconds(300) - below AWS NLB's 350 s idle timeout, as HiveMQ's white paper recommends
   */
  readonly time?: Duration;
  /**
   * Time between probes (`net.ipv4.tcp_keepalive_intvl`).
   * @default Duration.seconds(300)
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
   * Allow settings below HiveMQ's production minimums (4 CPU / 4 GiB per broker, 100 GiB of persistent storage).
   * @default false
   */
  readonly nonProduction?: boolean;
  /**
   * Image repository, without tag.
   * @default 'hivemq/hivemq4'
   */
  readonly image?: string;
  /**
   * Image tag (the HiveMQ version).
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
   * CPU per broker, requested and limited alike (Guaranteed QoS).
   * @default Cpu.units(4) - HiveMQ's production minimum
   */
  readonly cpu?: Cpu;
  /**
   * Memory per broker, requested and limited alike. The heap is 50 % of it; a heap of 32 GiB or more is rejected.
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
   * @default Duration.seconds(300) - below AWS NLB's 350 s idle timeout
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
   * Tolerations of the broker pods.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * PriorityClass of the broker pods.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * How long a stopping broker may take to hand over its sessions and queues before it is killed.
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
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** Headless Service (`<name>-cluster`): StatefulSet identity and cluster discovery. */
  public readonly headlessService: k8s.KubeService;
  /** ClusterIP Service (`<name>`) on the MQTT listeners without PROXY protocol, for clients inside the Kubernetes cluster. */
  public readonly service?: k8s.KubeService;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget;
  public readonly serviceAccount: k8s.KubeServiceAccount;

  /** The model resolved from the props alone, before load balancers registered their idle timeouts. */
  private readonly baseModel: ClusterModel;
  private readonly idleTimeouts: IdleTimeout[] = [];

  constructor(scope: Construct, id: string, props: HiveMQClusterProps = {}) {
    super(scope, id);
    const m = this.baseModel = resolveCluster(id, props);
    const meta = (name: string): ApiObjectMetadata => ({ name, labels: { ...m.labels } });
    const selector = { matchLabels: { ...m.selectorLabels } };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: meta(m.names.serviceAccount),
      automountServiceAccountToken: false,
    });

    this.configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(m.names.configMap),
      // Rendered at synthesis: load balancers added later may still lower derived keep-alives.
      data: Lazy.any({ produce: () => ({ [CONFIG_KEY]: this.configXml }) }),
    });

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

    const inClusterListeners = m.listeners.filter((l) => !l.proxyProtocol);
    if (inClusterListeners.length > 0) {
      this.service = new k8s.KubeService(this, 'Service', {
        metadata: meta(m.names.service),
        spec: {
          type: 'ClusterIP',
          selector: { ...m.selectorLabels },
          ports: inClusterListeners.map((l) => ({ name: l.name, port: l.port, targetPort: k8s.IntOrString.fromString(l.name), protocol: 'TCP' })),
        },
      });
    }

    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: meta(m.names.statefulSet),
      spec: {
        replicas: m.replicas,
        serviceName: m.names.headlessService,
        selector,
        // One broker at a time, also on scale-down: removing two at once can remove both copies of an item (replication 2).
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        minReadySeconds: m.minReadySeconds,
        template: Lazy.any({ produce: () => renderPodTemplate(this.model, createHash('sha256').update(this.configXml).digest('hex')) }),
        persistentVolumeClaimRetentionPolicy: m.storage.kind === StorageKind.PERSISTENT
          ? { whenDeleted: m.storage.whenDeleted, whenScaled: m.storage.whenScaled } : undefined,
        volumeClaimTemplates: m.storage.kind === StorageKind.PERSISTENT ? [{
          metadata: { name: VOLUMES.data, labels: { ...m.selectorLabels } },
          spec: {
            accessModes: [m.storage.accessMode],
            storageClassName: m.storage.storageClassName,
            volumeMode: 'Filesystem',
            resources: { requests: { storage: quantity(m.storage.sizeBytes) } },
          },
        }] : undefined,
      },
    });

    this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: meta(m.names.podDisruptionBudget),
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector,
        // Let drains evict brokers that never became ready (Kubernetes >= 1.26).
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }

  /** The resolved model every object is rendered from: every default applied, keep-alives fitted to the load balancers. */
  public get model(): ClusterModel {
    return applyIdleTimeouts(this.baseModel, this.idleTimeouts);
  }

  /** The generated `config.xml`. */
  public get configXml(): string {
    return renderConfigXml(this.model);
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
