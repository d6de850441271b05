import { Duration } from 'cdk8s';

/** The alerts of a cluster's PrometheusRule; each can be switched off. */
export enum HiveMQAlert {
  /** More than one broker of the cluster is not ready. */
  BROKERS_DOWN = 'HiveMQBrokersDown',
  /** Fewer brokers are ready than the cluster has replicas. */
  BROKERS_NOT_READY = 'HiveMQBrokersNotReady',
  /** A broker sees fewer cluster nodes than the cluster has replicas (a split or a broker that did not join). */
  CLUSTER_SIZE_MISMATCH = 'HiveMQClusterSizeMismatch',
  /** No broker of the cluster delivers HiveMQ metrics: nothing is scraped, so every other broker alert is blind. */
  METRICS_ABSENT = 'HiveMQMetricsAbsent',
  /** A broker stays not ready longer than its startup timeout while the StatefulSet rolls out a new revision. */
  ROLLOUT_STALLED = 'HiveMQRolloutStalled',
  /** No more brokers are ready than there are copies of each item: one more lost broker can lose data (only when replicas > replication). */
  REPLICATION_AT_RISK = 'HiveMQReplicationAtRisk',
  /** A broker throttles clients: HiveMQ's overload protection is active. */
  OVERLOAD_PROTECTION = 'HiveMQOverloadProtectionActive',
  /** A broker drops messages. */
  MESSAGES_DROPPED = 'HiveMQMessagesDropped',
  /** A broker uses more of its heap than the threshold. */
  HEAP_HIGH = 'HiveMQHeapUsageHigh',
  /** A broker holds more connections than the threshold share of its connection capacity. */
  CONNECTIONS_NEAR_CAPACITY = 'HiveMQConnectionsNearCapacity',
  /** Connections are spread unevenly over the brokers. */
  CONNECTIONS_UNEVEN = 'HiveMQConnectionsUneven',
  /** The connection-tracking table of a node that runs a broker is filling up. */
  NODE_CONNTRACK_FILLING = 'HiveMQNodeConntrackFilling',
  /** A disk of a node that runs a broker is busy more than the threshold share of the time. */
  NODE_DISK_IO_SATURATED = 'HiveMQNodeDiskIoSaturated',
  /** A broker's data volume has less free space than the threshold. */
  VOLUME_FILLING_UP = 'HiveMQVolumeFillingUp',
  /** A broker's data volume fills within the threshold time at the current rate. */
  VOLUME_PREDICTED_FULL = 'HiveMQVolumePredictedFull',
  /** The cluster's HorizontalPodAutoscaler has run at maxReplicas for 30 minutes (only with autoscaling). */
  AUTOSCALER_AT_MAXIMUM = 'HiveMQAutoscalerAtMaximum',
}

/** Alerting on top of monitoring: a prometheus-operator `PrometheusRule` tuned to the cluster. */
export interface AlertOptions {
  /**
   * Alerts to leave out.
   * @default - none: every alert
   */
  readonly disabled?: HiveMQAlert[];
  /**
   * Labels on the PrometheusRule only, for a Prometheus whose `ruleSelector` differs from its `serviceMonitorSelector`.
   * Added to `MonitoringOptions.prometheusLabels` (which label the ServiceMonitor too); a key in both must have the same value.
   * @default - none: `monitoring.prometheusLabels` only
   */
  readonly ruleLabels?: Record<string, string>;
  /**
   * How long brokers may be missing (not ready, or missing from the brokers' cluster view) before alerting.
   * @default - replicas × (startupTimeout + minReadyTime): longer than a rolling restart of every broker takes
   */
  readonly notReadyFor?: Duration;
  /**
   * Connections one broker is sized for.
   * @default - min(memory × U_MEM ÷ M_CONN_KIB (the plan's constants, else 0.8 ÷ 25 KiB), the sizing plan's connection limit per broker, else
   * 1,000,000 open files)
   */
  readonly connectionCapacity?: number;
  /**
   * Share of connectionCapacity at which to alert.
   * @default 0.8
   */
  readonly connectionCapacityFraction?: number;
  /**
   * Alert when the busiest broker holds more than this many times the mean connections per broker.
   * @default 1.5
   */
  readonly unevenConnectionsRatio?: number;
  /**
   * Mean connections per broker below which the spread is not judged (a few test clients are always uneven).
   * @default 100
   */
  readonly unevenConnectionsMinimum?: number;
  /**
   * Dropped messages per second per broker above which to alert.
   * @default 0 - any sustained drop
   */
  readonly droppedMessagesPerSecond?: number;
  /**
   * Heap share at which to alert.
   * @default 0.9
   */
  readonly heapFraction?: number;
  /**
   * Connection-tracking table share at which to alert.
   * @default 0.75 - node-exporter's mixin (NodeHighNumberConntrackEntriesUsed)
   */
  readonly conntrackFraction?: number;
  /**
   * Share of time a disk of a broker's node may be busy.
   * @default 0.9
   */
  readonly diskBusyFraction?: number;
  /**
   * Free share of a broker's volume below which to alert.
   * @default 0.15 - kubernetes-mixin's KubePersistentVolumeFillingUp
   */
  readonly volumeFreeFraction?: number;
  /**
   * Alert when a broker's volume is predicted to fill within this time at the rate of the last 6 hours.
   * @default Duration.hours(4)
   */
  readonly volumeFullWithin?: Duration;
}
