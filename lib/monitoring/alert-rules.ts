/**
 * The alert rules of a cluster, derived from its model. Metric names only from sources:
 * - HiveMQ: hivemq/helm-charts charts/hivemq-platform/files/grafana-dashboard.json (com_hivemq_* as the HiveMQ Prometheus
 *   extension exports HiveMQ's Dropwizard metrics: counters as monotonic gauges, so rate() applies, as the dashboard does)
 * - kube-state-metrics docs/metrics/workload/statefulset-metrics.md, pod-metrics.md
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

export function resolveAlerts(v: Validator, o: AlertOptions, m: ClusterModel, plan: ClusterSizing | undefined): ResolvedAlerts {
  if (!m.namespace) {
    v.failRule('monitoring.alerts needs the namespace of the cluster\'s chart, to scope the alerts to this cluster. Set namespace on the Chart.');
  }
  const namespace: string = m.namespace;
  const prop = (name: string) => `monitoring.alerts.${name}`;
  v.keys('monitoring.alerts', o, ALERT_OPTION_KEYS,
    { serviceMonitorLabels: 'monitoring', prometheusLabels: 'monitoring', scrapeInterval: 'monitoring' });
  // Every threshold below is written into PromQL: a NaN or Infinity there makes a rule that can never fire (or always does).
  const fraction = (name: keyof AlertOptions, value: number | undefined, fallback: number) => {
    const x = value ?? fallback;
    if (typeof x !== 'number' || !(x > 0 && x <= 1)) v.fail(prop(name), 'must be a share greater than 0 and at most 1', x, `Use e.g. ${fallback}.`);
    return x;
  };
  if (o.disabled !== undefined && !Array.isArray(o.disabled)) {
    v.fail(prop('disabled'), 'must be a list of HiveMQAlert members', o.disabled, 'Pass e.g. [HiveMQAlert.CONNECTIONS_UNEVEN].');
  }
  const disabled = new Set(o.disabled ?? []);
  for (const d of disabled) v.oneOf(prop('disabled'), d, Object.values(HiveMQAlert));
  const notReadySeconds = o.notReadyFor !== undefined ? v.seconds(prop('notReadyFor'), o.notReadyFor, 60, 86400)
    : Math.ceil(m.resources.replicas * (m.placement.startupTimeoutSeconds + m.placement.minReadySeconds) / 60) * 60;
  // What the broker was sized for: its memory's share of connections, never above the hard limit (the plan's, else open files).
  const capacity = o.connectionCapacity ?? plan?.connectionCapacity(m.resources.memoryBytes) ?? defaultConnectionCapacity(m.resources.memoryBytes);
  v.integer(prop('connectionCapacity'), capacity, 1, 100_000_000);
  const capacityFraction = fraction('connectionCapacityFraction', o.connectionCapacityFraction, 0.8);
  const ratio = o.unevenConnectionsRatio ?? 1.5;
  if (typeof ratio !== 'number' || !(ratio > 1 && ratio <= MAX_UNEVEN_RATIO)) {
    v.fail(prop('unevenConnectionsRatio'), `must be a number greater than 1 and at most ${MAX_UNEVEN_RATIO}`, ratio,
      `Use e.g. 1.5, or disable ${HiveMQAlert.CONNECTIONS_UNEVEN} with disabled: [HiveMQAlert.CONNECTIONS_UNEVEN].`);
  }
  const minimum = v.integer(prop('unevenConnectionsMinimum'), o.unevenConnectionsMinimum ?? 100, 0, 100_000_000);
  const dropped = v.number(prop('droppedMessagesPerSecond'), o.droppedMessagesPerSecond ?? 0, 0, 100_000_000,
    'Use 0 to alert on any sustained drop, or a rate in messages per second.');
  const heap = fraction('heapFraction', o.heapFraction, 0.9);
  const conntrack = fraction('conntrackFraction', o.conntrackFraction, 0.75);
  const disk = fraction('diskBusyFraction', o.diskBusyFraction, 0.9);
  const volumeFree = fraction('volumeFreeFraction', o.volumeFreeFraction, 0.15);
  const fullWithin = v.seconds(prop('volumeFullWithin'), o.volumeFullWithin ?? Duration.hours(4), 600, 30 * 86400);
  const ruleLabels = prometheusObjectLabels(v, prop('ruleLabels'), o.ruleLabels, m.monitoring?.prometheusLabels ?? {});

  const ns = `namespace="${namespace}"`;
  const broker = `{${brokerMatchers(m, namespace)}}`;
  const sts = `{${ns}, statefulset="${m.metadata.name}"}`;
  const pvc = `{${ns}, persistentvolumeclaim=~"data-${m.metadata.name}-[0-9]+"}`;
  // Node-exporter series carry the namespace and pod of the node-exporter pod that scraped them (prometheus-operator adds
  // them); kube_pod_info names that pod's node. Joining through it works whatever the instance label holds (an IP:port
  // in kube-prometheus-stack, the node name in kube-prometheus).
  const onNode = (expr: string) => `(${expr}) * on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)`;
  const onBrokerNodes = (expr: string) => `(${onNode(expr)}) and on (node) max by (node) (kube_pod_info{${ns}, pod=~"${m.metadata.name}-[0-9]+"})`;
  const minutes = (s: number) => `${Math.round(s / 60)}m`;
  const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
  const runbook = (a: HiveMQAlert) => ` Runbook: the "${a}" section of the cdk8s-hivemq README.`;

  const rules: AlertRule[] = [
    {
      // A rolling update or a drain (maxUnavailable 1) never takes two brokers at once: two missing is an outage now.
      alert: HiveMQAlert.BROKERS_DOWN, severity: 'critical', for: '5m',
      expr: `kube_statefulset_replicas${sts} - kube_statefulset_status_replicas_ready${sts} > 1`,
      summary: `HiveMQ cluster ${m.metadata.name}: more than one broker is not ready`,
      description: `More than one broker of ${namespace}/${m.metadata.name} is down, more than any rollout or drain takes at once: `
        + `with replication ${m.resources.replication} data may be unavailable. `
        + 'Check the nodes, the pods\' events and the brokers\' logs.',
    },
    {
      alert: HiveMQAlert.BROKERS_NOT_READY, severity: 'warning', for: minutes(notReadySeconds),
      expr: `kube_statefulset_replicas${sts} - kube_statefulset_status_replicas_ready${sts} > 0`,
      summary: `HiveMQ cluster ${m.metadata.name}: fewer ready brokers than replicas`,
      description: `Brokers of ${namespace}/${m.metadata.name} have not been ready for longer than `
        + `a rolling restart of all ${m.resources.replicas} takes. `
        + 'Check the pods\' events and logs (scheduling, volume attach, startup), and the PodDisruptionBudget before draining more nodes.',
    },
    {
      alert: HiveMQAlert.CLUSTER_SIZE_MISMATCH, severity: 'critical', for: minutes(notReadySeconds),
      expr: `min by (pod) (com_hivemq_cluster_nodes_count${broker}) < ${m.resources.replicas}`,
      summary: `HiveMQ broker {{ $labels.pod }} sees fewer than ${m.resources.replicas} cluster nodes`,
      description: `The broker's own view of the cluster is smaller than the ${m.resources.replicas} replicas: `
        + 'discovery (DNS, the headless Service) or the network between brokers (NetworkPolicy, port 7000) is broken, or the cluster is partitioned.',
    },
    {
      // The brokers' own series, not `up`: also silent when the target is up but the extension exports nothing, or when
      // metric relabelling drops the series. absent() returns one series with the equality matchers' labels.
      alert: HiveMQAlert.METRICS_ABSENT, severity: 'warning', for: '15m',
      expr: `absent(com_hivemq_cluster_nodes_count${broker})`,
      summary: `HiveMQ cluster ${m.metadata.name}: no broker metrics reach Prometheus`,
      description: `No broker of ${namespace}/${m.metadata.name} has delivered HiveMQ metrics for 15 minutes, so every other broker alert is blind. `
        + 'Check that a Prometheus selects the ServiceMonitor (its serviceMonitorSelector against monitoring.prometheusLabels), that the '
        + 'NetworkPolicy admits Prometheus\' namespace (networkPolicy.monitoringNamespaces), and that the brokers run.',
    },
    {
      alert: HiveMQAlert.OVERLOAD_PROTECTION, severity: 'warning', for: '5m',
      expr: `max by (pod) (com_hivemq_overload_protection_level${broker}) > 0`,
      summary: 'HiveMQ broker {{ $labels.pod }} is throttling clients (overload protection)',
      description: 'The broker applies overload protection and slows down publishing clients. It needs more CPU or more brokers: '
        + 'compare the load with the sizing plan.',
    },
    {
      alert: HiveMQAlert.MESSAGES_DROPPED, severity: 'warning', for: '10m',
      expr: `${droppedMessagesRate(brokerMatchers(m, namespace), 'pod')} > ${dropped}`,
      summary: 'HiveMQ broker {{ $labels.pod }} drops messages',
      description: 'Messages are dropped (full queues, slow consumers, oversized or QoS 0 messages over the memory limit). '
        + 'The per-reason com_hivemq_messages_dropped_*_count metrics say why.',
    },
    {
      alert: HiveMQAlert.HEAP_HIGH, severity: 'warning', for: '15m',
      expr: `max by (pod) (com_hivemq_jvm_memory_heap_used${broker} / com_hivemq_jvm_memory_heap_max${broker}) > ${heap}`,
      summary: `HiveMQ broker {{ $labels.pod }} uses more than ${pct(heap)} of its heap`,
      description: 'The heap stays nearly full: the broker risks long garbage collection pauses and an OutOfMemoryError. '
        + 'Add memory (the heap is 50 % of it, below 32 GiB) or brokers.',
    },
    {
      alert: HiveMQAlert.CONNECTIONS_NEAR_CAPACITY, severity: 'warning', for: '15m',
      expr: `max by (pod) (com_hivemq_networking_connections_current${broker}) > ${Math.floor(capacity * capacityFraction)}`,
      summary: `HiveMQ broker {{ $labels.pod }} holds more than ${pct(capacityFraction)} of the ${capacity} connections it was sized for`,
      description: 'Connections approach what one broker was sized for; after a broker failure the others take its share. Re-run the sizing with the '
        + 'current connection count and add brokers.',
    },
    {
      alert: HiveMQAlert.CONNECTIONS_UNEVEN, severity: 'warning', for: '30m',
      expr: `max(com_hivemq_networking_connections_current${broker}) > ${ratio} * avg(com_hivemq_networking_connections_current${broker}) `
        + `and avg(com_hivemq_networking_connections_current${broker}) > ${minimum}`,
      summary: `HiveMQ cluster ${m.metadata.name}: connections spread unevenly over the brokers`,
      description: `The busiest broker holds more than ${ratio} times the mean. `
        + 'With externalTrafficPolicy Local, check that every node runs at most one broker (required anti-affinity); '
        + 'after a broker restart, long-lived connections stay where they reconnected until clients reconnect.',
    },
    {
      alert: HiveMQAlert.NODE_CONNTRACK_FILLING, severity: 'warning', for: '5m',
      expr: onBrokerNodes(`node_nf_conntrack_entries / node_nf_conntrack_entries_limit > ${conntrack}`),
      summary: `The connection-tracking table of node {{ $labels.node }}, which runs a HiveMQ broker, is more than ${pct(conntrack)} full`,
      description: 'New connections through kube-proxy NAT are dropped when the table is full. Raise nf_conntrack_max (NodeTuning), shorten the '
        + 'established timeout, or avoid NAT (AWS IP targets, externalTrafficPolicy Local).',
    },
    {
      alert: HiveMQAlert.NODE_DISK_IO_SATURATED, severity: 'warning', for: '15m',
      expr: onBrokerNodes(`rate(node_disk_io_time_seconds_total[5m]) > ${disk}`),
      summary: `Disk {{ $labels.device }} of node {{ $labels.node }}, which runs a HiveMQ broker, is busy more than ${pct(disk)} of the time`,
      description: 'Persistent sessions, queues and retained messages wait on the disk. Use a faster storage class (more IOPS and throughput) or '
        + 'spread the load over more brokers.',
    },
    ...(m.storage.kind === StorageKind.PERSISTENT ? [
      {
        alert: HiveMQAlert.VOLUME_FILLING_UP, severity: 'critical' as const, for: '5m',
        expr: `kubelet_volume_stats_available_bytes${pvc} / kubelet_volume_stats_capacity_bytes${pvc} < ${volumeFree}`,
        summary: `The data volume {{ $labels.persistentvolumeclaim }} of HiveMQ cluster ${m.metadata.name} has less than ${pct(volumeFree)} free`,
        description: 'A full volume stops persistence. Expand the PVC (if the storage class allows) or shrink queues and retained messages.',
      },
      {
        alert: HiveMQAlert.VOLUME_PREDICTED_FULL, severity: 'warning' as const, for: '1h',
        expr: `kubelet_volume_stats_available_bytes${pvc} / kubelet_volume_stats_capacity_bytes${pvc} < 0.4 `
          + `and predict_linear(kubelet_volume_stats_available_bytes${pvc}[6h], ${fullWithin}) < 0`,
        summary: `The data volume {{ $labels.persistentvolumeclaim }} of HiveMQ cluster ${m.metadata.name} `
          + `fills within ${minutes(fullWithin)} at the current rate`,
        description: 'The last 6 hours\' growth fills the volume soon. '
          + 'Find what grows (offline sessions\' queues, retained messages) and expand the PVC.',
      },
    ] : []),
  ];
  return {
    rules: rules.filter((r) => !disabled.has(r.alert)).map((r) => ({ ...r, description: r.description + runbook(r.alert) })),
    ruleLabels,
    // On every alert, so Alertmanager can route by them whatever the expression keeps (node alerts carry node-exporter's namespace).
    staticLabels: { namespace, hivemq_cluster: m.metadata.name },
  };
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
export function prometheusObjectLabels(v: Validator, prop: string, own: Record<string, string> | undefined, shared: Record<string, string>):
Record<string, string> {
  if (own !== undefined && (own === null || typeof own !== 'object' || Array.isArray(own))) {
    v.fail(prop, 'must be an object of label keys and values', own, 'Pass e.g. { release: \'prometheus\' }.');
  }
  const labels = v.labels(prop, own ?? {});
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('app.kubernetes.io/')) v.fail(prop, 'must not set the labels the library manages', key, 'Use another key, e.g. \'release\'.');
    if (Object.prototype.hasOwnProperty.call(shared, key) && shared[key] !== value) {
      v.fail(`${prop}['${key}']`, `conflicts with monitoring.prometheusLabels['${key}'] = '${shared[key]}'`, value,
        'Give the key one value: set it in monitoring.prometheusLabels only, or remove it from one of them.');
    }
  }
  return { ...shared, ...labels };
}

/** Label matchers for the cluster's broker metrics: its namespace and its metrics Service. */
export function brokerMatchers(m: ClusterModel, namespace: string): string {
  return `namespace="${namespace}", service="${m.metadata.name}-metrics"`;
}

/**
 * Dropped messages per second, summed `by` the given labels. As HiveMQ's dashboard does: rate() drops the metric name, so
 * the reason is kept as a label first (there are several dropped-message counters per pod).
 */
export function droppedMessagesRate(matchers: string, by: string): string {
  return `sum by (${by}) (rate(label_replace({__name__=~"com_hivemq_messages_dropped_.+_count", __name__!~".*total.*", `
    + `__name__!~".*dropped_topic.*", ${matchers}}, "reason", "$1", "__name__", "com_hivemq_messages_dropped_(.+)_count")[5m:1m]))`;
}
