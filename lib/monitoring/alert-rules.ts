/**
 * The alert rules of a cluster, derived from its model. Metric names only from sources:
 * - HiveMQ: hivemq/helm-charts charts/hivemq-platform/files/grafana-dashboard.json (com_hivemq_* as the HiveMQ Prometheus
 *   extension exports HiveMQ's Dropwizard metrics: counters as monotonic gauges, so rate() applies, as the dashboard does)
 * - kube-state-metrics docs/metrics/workload/statefulset-metrics.md, pod-metrics.md, horizontalpodautoscaler-metrics.md
 * - kubelet pkg/kubelet/metrics/collectors/volume_stats.go
 * - node_exporter collector/conntrack_linux.go, diskstats (both on by default). Its TCP statistics (netstat, sockstat) are the
 *   host network namespace's, not the brokers' pod namespaces', so no TCP-state alert can see the brokers' sockets.
 */
import { Duration } from 'cdk8s';
import type { AlertOptions } from './alerts';
import { HiveMQAlert } from './alerts';
import type { ClusterSizing } from '../sizing/cluster-sizing';
import { StorageKind } from '../storage/storage-profile';
import { defaultConnectionCapacity } from '../sizing/resolve-constants';
import type { AlertRule, ClusterModel, ResolvedAlerts } from '../model/cluster-model';
import { Validator } from '../validation/validator';

/** The alert options, checked and with every default applied: the thresholds the rule builders write into PromQL. */
interface AlertThresholds {
  readonly disabled: ReadonlySet<HiveMQAlert>;
  readonly notReadySeconds: number;
  readonly connectionCapacity: number;
  readonly connectionCapacityFraction: number;
  readonly unevenConnectionsRatio: number;
  readonly unevenConnectionsMinimum: number;
  readonly droppedMessagesPerSecond: number;
  readonly heapFraction: number;
  readonly conntrackFraction: number;
  readonly diskBusyFraction: number;
  readonly volumeFreeFraction: number;
  readonly volumeFullWithinSeconds: number;
  readonly ruleLabels: Record<string, string>;
}

/** What every rule builder reads: the cluster, its namespace, the thresholds and the series selectors scoped to this cluster. */
interface RuleContext {
  readonly model: ClusterModel;
  readonly namespace: string;
  readonly thresholds: AlertThresholds;
  /** The brokers' own HiveMQ series. */
  readonly brokerSelector: string;
  /** kube-state-metrics series of the cluster's StatefulSet. */
  readonly statefulSetSelector: string;
  /** kubelet volume series of the brokers' data PersistentVolumeClaims. */
  readonly dataClaimSelector: string;
}

export function resolveAlerts(validator: Validator, options: AlertOptions, model: ClusterModel, plan: ClusterSizing | undefined): ResolvedAlerts {
  if (!model.namespace) {
    validator.failRule('monitoring.alerts needs the namespace of the cluster\'s chart, to scope the alerts to this cluster. '
      + 'Set namespace on the Chart.');
  }
  const namespace: string = model.namespace;
  const thresholds = resolveAlertThresholds(validator, options, model, plan);
  const namespaceMatcher = `namespace="${namespace}"`;
  const context: RuleContext = {
    model,
    namespace,
    thresholds,
    brokerSelector: `{${brokerMatchers(model, namespace)}}`,
    statefulSetSelector: `{${namespaceMatcher}, statefulset="${model.metadata.name}"}`,
    dataClaimSelector: `{${namespaceMatcher}, persistentvolumeclaim=~"data-${model.metadata.name}-[0-9]+"}`,
  };
  const rules: AlertRule[] = [
    ...availabilityRules(context),
    ...brokerLoadRules(context),
    ...connectionRules(context),
    ...nodeRules(context),
    ...(model.storage.kind === StorageKind.PERSISTENT ? volumeRules(context) : []),
    ...autoscalerRules(context),
  ];
  return {
    rules: rules.filter((rule) => !thresholds.disabled.has(rule.alert))
      .map((rule) => ({ ...rule, description: rule.description + runbook(rule.alert) })),
    ruleLabels: thresholds.ruleLabels,
    // On every alert, so Alertmanager can route by them whatever the expression keeps (node alerts carry node-exporter's namespace).
    staticLabels: { namespace, hivemq_cluster: model.metadata.name },
  };
}

/** Checks the alert options and applies the defaults; the checks run in a fixed order, so a bad input always reports the same first error. */
function resolveAlertThresholds(validator: Validator, options: AlertOptions, model: ClusterModel, plan: ClusterSizing | undefined): AlertThresholds {
  const prop = (name: string) => `monitoring.alerts.${name}`;
  validator.keys('monitoring.alerts', options, ALERT_OPTION_KEYS,
    { serviceMonitorLabels: 'monitoring', prometheusLabels: 'monitoring', scrapeInterval: 'monitoring' });
  // Every threshold below is written into PromQL: a NaN or Infinity there makes a rule that can never fire (or always does).
  const fraction = (name: keyof AlertOptions, value: number | undefined, fallback: number) => {
    const share = value ?? fallback;
    if (typeof share !== 'number' || !(share > 0 && share <= 1)) {
      validator.fail(prop(name), 'must be a share greater than 0 and at most 1', share, `Use e.g. ${fallback}.`);
    }
    return share;
  };
  if (options.disabled !== undefined && !Array.isArray(options.disabled)) {
    validator.fail(prop('disabled'), 'must be a list of HiveMQAlert members', options.disabled, 'Pass e.g. [HiveMQAlert.CONNECTIONS_UNEVEN].');
  }
  const disabled = new Set(options.disabled ?? []);
  for (const alert of disabled) validator.oneOf(prop('disabled'), alert, Object.values(HiveMQAlert));
  const notReadySeconds = options.notReadyFor !== undefined ? validator.seconds(prop('notReadyFor'), options.notReadyFor, 60, 86400)
    // With an autoscaler, a rolling restart may roll up to maxReplicas brokers.
    : Math.ceil((model.autoscaling?.maxReplicas ?? model.resources.replicas)
      * (model.placement.startupTimeoutSeconds + model.placement.minReadySeconds) / 60) * 60;
  // What the broker was sized for: its memory's share of connections, never above the hard limit (the plan's, else open files).
  const connectionCapacity = options.connectionCapacity ?? plan?.connectionCapacity(model.resources.memoryBytes)
    ?? defaultConnectionCapacity(model.resources.memoryBytes);
  validator.integer(prop('connectionCapacity'), connectionCapacity, 1, 100_000_000);
  const connectionCapacityFraction = fraction('connectionCapacityFraction', options.connectionCapacityFraction, 0.8);
  const unevenConnectionsRatio = options.unevenConnectionsRatio ?? 1.5;
  if (typeof unevenConnectionsRatio !== 'number' || !(unevenConnectionsRatio > 1 && unevenConnectionsRatio <= MAX_UNEVEN_RATIO)) {
    validator.fail(prop('unevenConnectionsRatio'), `must be a number greater than 1 and at most ${MAX_UNEVEN_RATIO}`, unevenConnectionsRatio,
      `Use e.g. 1.5, or disable ${HiveMQAlert.CONNECTIONS_UNEVEN} with disabled: [HiveMQAlert.CONNECTIONS_UNEVEN].`);
  }
  const unevenConnectionsMinimum = validator.integer(prop('unevenConnectionsMinimum'), options.unevenConnectionsMinimum ?? 100, 0, 100_000_000);
  const droppedMessagesPerSecond = validator.number(prop('droppedMessagesPerSecond'), options.droppedMessagesPerSecond ?? 0, 0, 100_000_000,
    'Use 0 to alert on any sustained drop, or a rate in messages per second.');
  const heapFraction = fraction('heapFraction', options.heapFraction, 0.9);
  const conntrackFraction = fraction('conntrackFraction', options.conntrackFraction, 0.75);
  const diskBusyFraction = fraction('diskBusyFraction', options.diskBusyFraction, 0.9);
  const volumeFreeFraction = fraction('volumeFreeFraction', options.volumeFreeFraction, 0.15);
  const volumeFullWithinSeconds = validator.seconds(prop('volumeFullWithin'), options.volumeFullWithin ?? Duration.hours(4), 600, 30 * 86400);
  const ruleLabels = prometheusObjectLabels(validator, prop('ruleLabels'), options.ruleLabels, model.monitoring?.prometheusLabels ?? {});
  return { disabled, notReadySeconds, connectionCapacity, connectionCapacityFraction, unevenConnectionsRatio, unevenConnectionsMinimum,
    droppedMessagesPerSecond, heapFraction, conntrackFraction, diskBusyFraction, volumeFreeFraction, volumeFullWithinSeconds, ruleLabels };
}

/** Whether the brokers run and see each other, and whether their metrics reach Prometheus at all. */
function availabilityRules({ model, namespace, thresholds, brokerSelector, statefulSetSelector }: RuleContext): AlertRule[] {
  const name = model.metadata.name;
  const { replicas, replication } = model.resources;
  const notReady = `kube_statefulset_replicas${statefulSetSelector} - kube_statefulset_status_replicas_ready${statefulSetSelector}`;
  return [
    {
      // A rolling update or a drain (maxUnavailable 1) never takes two brokers at once: two missing is an outage now.
      alert: HiveMQAlert.BROKERS_DOWN, severity: 'critical', for: '5m',
      expr: `${notReady} > 1`,
      summary: `HiveMQ cluster ${name}: more than one broker is not ready`,
      description: `More than one broker of ${namespace}/${name} is down, more than any rollout or drain takes at once: `
        + `with replication ${replication} data may be unavailable. Check the nodes, the pods' events and the brokers' logs.`,
    },
    {
      alert: HiveMQAlert.BROKERS_NOT_READY, severity: 'warning', for: minutes(thresholds.notReadySeconds),
      expr: `${notReady} > 0`,
      summary: `HiveMQ cluster ${name}: fewer ready brokers than replicas`,
      description: `Brokers of ${namespace}/${name} have not been ready for longer than a rolling restart of all `
        + `${model.autoscaling?.maxReplicas ?? replicas} takes. `
        + 'Check the pods\' events and logs (scheduling, volume attach, startup), and the PodDisruptionBudget before draining more nodes.',
    },
    {
      alert: HiveMQAlert.CLUSTER_SIZE_MISMATCH, severity: 'critical', for: minutes(thresholds.notReadySeconds),
      expr: `min by (pod) (com_hivemq_cluster_nodes_count${brokerSelector}) < ${replicas}`,
      summary: `HiveMQ broker {{ $labels.pod }} sees fewer than ${replicas} cluster nodes`,
      description: `The broker's own view of the cluster is smaller than the ${replicas} replicas: discovery (DNS, the headless Service) `
        + 'or the network between brokers (NetworkPolicy, port 7000) is broken, or the cluster is partitioned.',
    },
    {
      // The brokers' own series, not `up`: also silent when the target is up but the extension exports nothing, or when
      // metric relabelling drops the series. absent() returns one series with the equality matchers' labels.
      alert: HiveMQAlert.METRICS_ABSENT, severity: 'warning', for: '15m',
      expr: `absent(com_hivemq_cluster_nodes_count${brokerSelector})`,
      summary: `HiveMQ cluster ${name}: no broker metrics reach Prometheus`,
      description: `No broker of ${namespace}/${name} has delivered HiveMQ metrics for 15 minutes, so every other broker alert is blind. `
        + 'Check that a Prometheus selects the ServiceMonitor (its serviceMonitorSelector against monitoring.prometheusLabels), that the '
        + 'NetworkPolicy admits Prometheus\' namespace (networkPolicy.monitoringNamespaces), and that the brokers run.',
    },
    ...rolloutRules(model, namespace, statefulSetSelector),
  ];
}

/**
 * Day-2 changes: a rollout stuck on one broker, and fewer ready brokers than copies (a scale-in or failures). kube-state-metrics
 * docs/metrics/workload/pod-metrics.md (kube_pod_status_ready, kube_pod_deletion_timestamp) and statefulset-metrics.md.
 */
function rolloutRules(model: ClusterModel, namespace: string, statefulSetSelector: string): AlertRule[] {
  const name = model.metadata.name;
  const { replicas, replication } = model.resources;
  const { startupTimeoutSeconds, minReadySeconds } = model.placement;
  const pods = `{namespace="${namespace}", pod=~"${name}-[0-9]+"`;
  const rules: AlertRule[] = [{
    // Not ready: condition false or unknown, over every uid of the pod name (a rolled pod is a new uid). A terminating pod is
    // left out: it may hand over its data for up to terminationGracePeriod. minReadySeconds is not added: the pod is ready then.
    alert: HiveMQAlert.ROLLOUT_STALLED, severity: 'warning', for: minutes(Math.ceil(startupTimeoutSeconds / 60) * 60),
    expr: `(max by (namespace, pod) (kube_pod_status_ready${pods}, condition!="true"}) > 0 `
      + `unless on (namespace, pod) kube_pod_deletion_timestamp${pods}}) `
      + `and on (namespace) (kube_statefulset_status_replicas_updated${statefulSetSelector} < kube_statefulset_replicas${statefulSetSelector})`,
    summary: 'HiveMQ broker {{ $labels.pod }} has not become ready within the startup timeout during a rollout',
    description: `The StatefulSet ${namespace}/${name} rolls out a new revision one broker at a time (OrderedReady), and this broker `
      + `has not been ready for longer than startupTimeout (${minutes(startupTimeoutSeconds)}): the rollout waits for it and no further `
      + 'broker is updated. Describe the pod (image pull, scheduling, volume attach, startup probe restarts) and read its logs; after '
      + 'fixing or reverting the change, delete the stuck pod: the StatefulSet does not replace a pod that never became ready.',
  }];
  // Without more brokers than copies (nonProduction) the threshold is met all the time; such a cluster has no failure to survive.
  if (replicas <= replication) return rules;
  return [...rules, {
    // One broker of a rollout is down for at most startupTimeout + minReadySeconds: longer is a scale-in or a failure, not a step.
    alert: HiveMQAlert.REPLICATION_AT_RISK, severity: 'critical', for: minutes(Math.ceil((startupTimeoutSeconds + minReadySeconds) / 60) * 60),
    expr: `kube_statefulset_status_replicas_ready${statefulSetSelector} <= ${replication}`,
    summary: `HiveMQ cluster ${name}: no more ready brokers than the ${replication} copies of each item`,
    description: `At most ${replication} brokers of ${namespace}/${name} are ready, no more than the ${replication} copies HiveMQ keeps of `
      + 'each item: the cluster cannot keep every copy through one more broker failure, and items whose copies were on the missing '
      + 'brokers may be down to their last copy until replication catches up. Stop scaling in and draining nodes; bring brokers back '
      + '(replicas, failed pods, nodes) and let replication finish before any other change.',
  }];
}

/** Whether a broker keeps up with its messages: overload protection, dropped messages, heap. */
function brokerLoadRules({ model, namespace, thresholds, brokerSelector }: RuleContext): AlertRule[] {
  return [
    {
      alert: HiveMQAlert.OVERLOAD_PROTECTION, severity: 'warning', for: '5m',
      expr: `max by (pod) (com_hivemq_overload_protection_level${brokerSelector}) > 0`,
      summary: 'HiveMQ broker {{ $labels.pod }} is throttling clients (overload protection)',
      description: 'The broker applies overload protection and slows down publishing clients. It needs more CPU or more brokers: '
        + 'compare the load with the sizing plan.',
    },
    {
      alert: HiveMQAlert.MESSAGES_DROPPED, severity: 'warning', for: '10m',
      expr: `${droppedMessagesRate(brokerMatchers(model, namespace), 'pod')} > ${thresholds.droppedMessagesPerSecond}`,
      summary: 'HiveMQ broker {{ $labels.pod }} drops messages',
      description: 'Messages are dropped (full queues, slow consumers, oversized or QoS 0 messages over the memory limit). '
        + 'The per-reason com_hivemq_messages_dropped_*_count metrics say why.',
    },
    {
      alert: HiveMQAlert.HEAP_HIGH, severity: 'warning', for: '15m',
      expr: `max by (pod) (com_hivemq_jvm_memory_heap_used${brokerSelector} / com_hivemq_jvm_memory_heap_max${brokerSelector}) `
        + `> ${thresholds.heapFraction}`,
      summary: `HiveMQ broker {{ $labels.pod }} uses more than ${percent(thresholds.heapFraction)} of its heap`,
      description: 'The heap stays nearly full: the broker risks long garbage collection pauses and an OutOfMemoryError. '
        + 'Add memory (the heap is 50 % of it, below 32 GiB) or brokers.',
    },
  ];
}

/** Whether the connections fit what a broker was sized for, and are spread over the brokers. */
function connectionRules({ model, thresholds, brokerSelector }: RuleContext): AlertRule[] {
  const { connectionCapacity, connectionCapacityFraction, unevenConnectionsRatio, unevenConnectionsMinimum } = thresholds;
  const connections = `com_hivemq_networking_connections_current${brokerSelector}`;
  return [
    {
      alert: HiveMQAlert.CONNECTIONS_NEAR_CAPACITY, severity: 'warning', for: '15m',
      expr: `max by (pod) (${connections}) > ${Math.floor(connectionCapacity * connectionCapacityFraction)}`,
      summary: `HiveMQ broker {{ $labels.pod }} holds more than ${percent(connectionCapacityFraction)} of the ${connectionCapacity} `
        + 'connections it was sized for',
      description: 'Connections approach what one broker was sized for; after a broker failure the others take its share. '
        + 'Re-run the sizing with the current connection count and add brokers.',
    },
    {
      alert: HiveMQAlert.CONNECTIONS_UNEVEN, severity: 'warning', for: '30m',
      expr: `max(${connections}) > ${unevenConnectionsRatio} * avg(${connections}) and avg(${connections}) > ${unevenConnectionsMinimum}`,
      summary: `HiveMQ cluster ${model.metadata.name}: connections spread unevenly over the brokers`,
      description: `The busiest broker holds more than ${unevenConnectionsRatio} times the mean. With externalTrafficPolicy Local, `
        + 'check that every node runs at most one broker (required anti-affinity); after a broker restart, long-lived connections '
        + 'stay where they reconnected until clients reconnect.',
    },
  ];
}

/** Limits of the nodes that run brokers, which the brokers' own metrics cannot see: connection tracking and disk I/O. */
function nodeRules({ model, namespace, thresholds }: RuleContext): AlertRule[] {
  const onBrokerNodes = (expression: string) => `(${onNode(expression)}) and on (node) max by (node) `
    + `(kube_pod_info{namespace="${namespace}", pod=~"${model.metadata.name}-[0-9]+"})`;
  return [
    {
      alert: HiveMQAlert.NODE_CONNTRACK_FILLING, severity: 'warning', for: '5m',
      expr: onBrokerNodes(`node_nf_conntrack_entries / node_nf_conntrack_entries_limit > ${thresholds.conntrackFraction}`),
      summary: 'The connection-tracking table of node {{ $labels.node }}, which runs a HiveMQ broker, is more than '
        + `${percent(thresholds.conntrackFraction)} full`,
      description: 'New connections through kube-proxy NAT are dropped when the table is full. Raise nf_conntrack_max (NodeTuning), '
        + 'shorten the established timeout, or avoid NAT (AWS IP targets, externalTrafficPolicy Local).',
    },
    {
      alert: HiveMQAlert.NODE_DISK_IO_SATURATED, severity: 'warning', for: '15m',
      expr: onBrokerNodes(`rate(node_disk_io_time_seconds_total[5m]) > ${thresholds.diskBusyFraction}`),
      summary: 'Disk {{ $labels.device }} of node {{ $labels.node }}, which runs a HiveMQ broker, is busy more than '
        + `${percent(thresholds.diskBusyFraction)} of the time`,
      description: 'Persistent sessions, queues and retained messages wait on the disk. Use a faster storage class (more IOPS and '
        + 'throughput) or spread the load over more brokers.',
    },
  ];
}

/** Whether the brokers' data volumes fill up; only for persistent storage, the only kind with a volume to watch. */
function volumeRules({ model, thresholds, dataClaimSelector }: RuleContext): AlertRule[] {
  const freeShare = `kubelet_volume_stats_available_bytes${dataClaimSelector} / kubelet_volume_stats_capacity_bytes${dataClaimSelector}`;
  const volume = `The data volume {{ $labels.persistentvolumeclaim }} of HiveMQ cluster ${model.metadata.name}`;
  return [
    {
      alert: HiveMQAlert.VOLUME_FILLING_UP, severity: 'critical', for: '5m',
      expr: `${freeShare} < ${thresholds.volumeFreeFraction}`,
      summary: `${volume} has less than ${percent(thresholds.volumeFreeFraction)} free`,
      description: 'A full volume stops persistence. Expand the PVC (if the storage class allows) or shrink queues and retained messages.',
    },
    {
      alert: HiveMQAlert.VOLUME_PREDICTED_FULL, severity: 'warning', for: '1h',
      expr: `${freeShare} < 0.4 `
        + `and predict_linear(kubelet_volume_stats_available_bytes${dataClaimSelector}[6h], ${thresholds.volumeFullWithinSeconds}) < 0`,
      summary: `${volume} fills within ${minutes(thresholds.volumeFullWithinSeconds)} at the current rate`,
      description: 'The last 6 hours\' growth fills the volume soon. Find what grows (offline sessions\' queues, retained messages) '
        + 'and expand the PVC.',
    },
  ];
}

/** Whether the autoscaler has room left; only with autoscaling. Both series carry the same labels, so they match one to one. */
function autoscalerRules({ model, namespace }: RuleContext): AlertRule[] {
  if (!model.autoscaling) return [];
  const name = model.metadata.names.horizontalPodAutoscaler;
  const selector = `{namespace="${namespace}", horizontalpodautoscaler="${name}"}`;
  return [{
    alert: HiveMQAlert.AUTOSCALER_AT_MAXIMUM, severity: 'warning', for: '30m',
    expr: `kube_horizontalpodautoscaler_status_current_replicas${selector} >= kube_horizontalpodautoscaler_spec_max_replicas${selector}`,
    summary: `HiveMQ cluster ${model.metadata.name}: the autoscaler has run at its maximum of ${model.autoscaling.maxReplicas} brokers `
      + 'for 30 minutes',
    description: `The HorizontalPodAutoscaler ${namespace}/${name} cannot add brokers although it has been at maxReplicas for 30 minutes: `
      + 'the brokers\' CPU may stay above the target and clients be throttled. Raise autoscaling.maxReplicas (with required anti-affinity '
      + 'also the nodes the brokers may use), or give each broker more CPU.',
  }];
}

/**
 * Node-exporter series carry the namespace and pod of the node-exporter pod that scraped them (prometheus-operator adds
 * them); kube_pod_info names that pod's node. Joining through it works whatever the instance label holds (an IP:port
 * in kube-prometheus-stack, the node name in kube-prometheus).
 */
function onNode(expression: string): string {
  return `(${expression}) * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)`;
}

/** A `for` duration in whole minutes, as the rules write it. */
function minutes(seconds: number): string {
  return `${Math.round(seconds / 60)}m`;
}

/** A share as a percentage with at most one decimal, for summaries. */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

function runbook(alert: HiveMQAlert): string {
  return ` Runbook: the "${alert}" section of the cdk8s-hivemq README.`;
}

const ALERT_OPTION_KEYS = ['disabled', 'ruleLabels', 'notReadyFor', 'connectionCapacity', 'connectionCapacityFraction', 'unevenConnectionsRatio',
  'unevenConnectionsMinimum', 'droppedMessagesPerSecond', 'heapFraction', 'conntrackFraction', 'diskBusyFraction', 'volumeFreeFraction',
  'volumeFullWithin'];
/** A busiest broker more than 100 times the mean is not "uneven" but one broker holding everything: the others alert. */
const MAX_UNEVEN_RATIO = 100;

/**
 * The labels of one prometheus-operator object: the labels shared by every such object of the cluster
 * (`monitoring.prometheusLabels`, already checked) plus this object's own. A key in both with different values is refused: one
 * of the two selectors would not match.
 */
export function prometheusObjectLabels(validator: Validator, prop: string, own: Record<string, string> | undefined,
  shared: Record<string, string>): Record<string, string> {
  if (own !== undefined && (own === null || typeof own !== 'object' || Array.isArray(own))) {
    validator.fail(prop, 'must be an object of label keys and values', own, 'Pass e.g. { release: \'prometheus\' }.');
  }
  const labels = validator.labels(prop, own ?? {});
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('app.kubernetes.io/')) {
      validator.fail(prop, 'must not set the labels the library manages', key, 'Use another key, e.g. \'release\'.');
    }
    if (Object.prototype.hasOwnProperty.call(shared, key) && shared[key] !== value) {
      validator.fail(`${prop}['${key}']`, `conflicts with monitoring.prometheusLabels['${key}'] = '${shared[key]}'`, value,
        'Give the key one value: set it in monitoring.prometheusLabels only, or remove it from one of them.');
    }
  }
  return { ...shared, ...labels };
}

/** Label matchers for the cluster's broker metrics: its namespace and its metrics Service. */
export function brokerMatchers(model: ClusterModel, namespace: string): string {
  return `namespace="${namespace}", service="${model.metadata.name}-metrics"`;
}

/**
 * Dropped messages per second, summed `by` the given labels. As HiveMQ's dashboard does: rate() drops the metric name, so
 * the reason is kept as a label first (there are several dropped-message counters per pod).
 */
export function droppedMessagesRate(matchers: string, by: string): string {
  return `sum by (${by}) (rate(label_replace({__name__=~"com_hivemq_messages_dropped_.+_count", __name__!~".*total.*", `
    + `__name__!~".*dropped_topic.*", ${matchers}}, "reason", "$1", "__name__", "com_hivemq_messages_dropped_(.+)_count")[5m:1m]))`;
}
