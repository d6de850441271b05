// Alert rules through Prometheus' own promtool (Debian's prometheus package; .ci/run installs it): the rules load, fire
// when they should and stay silent when they should not. Apart from test/alerts.test.ts so the unit suite runs without the tool.
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { AlertOptions, ClusterSizing, HiveMQAlert, HiveMQClusterProps, StorageProfile } from '../lib';
import { alertRulesOf as rulesOf } from './util';

// promtool is not an npm package: on a machine with npm alone these tests are not registered (a notice says so); in CI
// (CI=true) a missing promtool fails the suite.
const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool && process.env.CI) throw new Error('promtool is missing: .ci/run installs Debian\'s prometheus package, which provides it.');
if (!promtool) console.warn('promtool not found: the alert rule tests with promtool did not run (apt-get install prometheus).');

/** `cluster`: props for alerts the default cluster does not have (its rules go to their own file). */
type Case = { alert: HiveMQAlert; at: string; series: Record<string, string>; fires?: Record<string, string>; cluster?: HiveMQClusterProps };
const AUTOSCALING = { minReplicas: 3, maxReplicas: 6, targetCpuUtilization: 70 };
const B0 = 'namespace="iot", service="broker-metrics", pod="broker-0"';
// As kube-prometheus-stack scrapes node-exporter: instance is IP:port; namespace and pod are the node-exporter pod's.
const NE_A = 'instance="10.0.0.1:9100", namespace="monitoring", pod="node-exporter-a"';
const NE_B = 'instance="10.0.0.2:9100", namespace="monitoring", pod="node-exporter-b"';
const PODS = {
  'kube_pod_info{namespace="iot", pod="broker-0", node="node-a"}': '1x60',
  'kube_pod_info{namespace="monitoring", pod="node-exporter-a", node="node-a"}': '1x60',
  'kube_pod_info{namespace="monitoring", pod="node-exporter-b", node="node-b"}': '1x60',
};
const CASES: Array<[string, Case]> = [
  ['two brokers down', { alert: HiveMQAlert.BROKERS_DOWN, at: '10m',
    series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x20',
      'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '1x20' }, fires: { statefulset: 'broker' } }],
  ['one broker rolling', { alert: HiveMQAlert.BROKERS_DOWN, at: '10m',
    series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x20',
      'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '2x20' } }],
  ['not ready too long', { alert: HiveMQAlert.BROKERS_NOT_READY, at: '40m',
    series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x60',
      'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '2x60' }, fires: { statefulset: 'broker' } }],
  ['a short rollout', { alert: HiveMQAlert.BROKERS_NOT_READY, at: '40m',
    series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x60',
      'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '2x10 3x50' } }],
  ['a broker sees 2 of 3', { alert: HiveMQAlert.CLUSTER_SIZE_MISMATCH, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '2x60' },
    fires: { pod: 'broker-0' } }],
  ['all brokers joined', { alert: HiveMQAlert.CLUSTER_SIZE_MISMATCH, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x60' } }],
  // What a default kube-prometheus-stack did with the README's old sample: the PrometheusRule loaded, the ServiceMonitor not selected.
  ['nothing scraped from this cluster (another cluster is)', { alert: HiveMQAlert.METRICS_ABSENT, at: '20m',
    series: { 'com_hivemq_cluster_nodes_count{namespace="iot", service="edge-metrics", pod="edge-0"}': '3x30' },
    fires: { service: 'broker-metrics' } }],
  ['broker metrics stop arriving', { alert: HiveMQAlert.METRICS_ABSENT, at: '40m',
    series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x10 _x50' }, fires: { service: 'broker-metrics' } }],
  ['broker metrics arrive', { alert: HiveMQAlert.METRICS_ABSENT, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x60' } }],
  ['a short scrape gap', { alert: HiveMQAlert.METRICS_ABSENT, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x30 _x5 3x25' } }],
  ['a rollout waits on a broker that never becomes ready', { alert: HiveMQAlert.ROLLOUT_STALLED, at: '15m',
    series: rollout({ 'broker-2': '1x30', 'broker-1': '0x30' }, '1x30'), fires: { pod: 'broker-2' } }],
  ['a rollout step that becomes ready within the startup timeout', { alert: HiveMQAlert.ROLLOUT_STALLED, at: '15m',
    series: rollout({ 'broker-2': '1x8 0x22' }, '1x8 2x22') }],
  ['a broker not ready outside a rollout', { alert: HiveMQAlert.ROLLOUT_STALLED, at: '15m', series: rollout({ 'broker-2': '1x30' }, '3x30') }],
  ['a stopping broker hands over its data for 30 min during a rollout', { alert: HiveMQAlert.ROLLOUT_STALLED, at: '30m',
    series: { ...rollout({ 'broker-2': '1x40' }, '0x40'),
      'kube_pod_deletion_timestamp{namespace="iot", pod="broker-2", uid="uid-broker-2"}': '1.7e9x40' } }],
  ['scaled in to as many brokers as copies', { alert: HiveMQAlert.REPLICATION_AT_RISK, at: '20m',
    series: { 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '3x2 2x30' }, fires: { statefulset: 'broker' } }],
  ['one broker rolling within its startup timeout', { alert: HiveMQAlert.REPLICATION_AT_RISK, at: '20m',
    series: { 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '3x2 2x9 3x20' } }],
  ['overload protection on', { alert: HiveMQAlert.OVERLOAD_PROTECTION, at: '10m',
    series: { [`com_hivemq_overload_protection_level{${B0}}`]: '2x20' }, fires: { pod: 'broker-0' } }],
  ['overload protection off', { alert: HiveMQAlert.OVERLOAD_PROTECTION, at: '10m',
    series: { [`com_hivemq_overload_protection_level{${B0}}`]: '0x20' } }],
  ['queue-full drops, next to another drop counter', { alert: HiveMQAlert.MESSAGES_DROPPED, at: '20m',
    series: { [`com_hivemq_messages_dropped_queue_full_count{${B0}}`]: '0+10x30',
      [`com_hivemq_messages_dropped_not_writable_count{${B0}}`]: '3x30' }, fires: { pod: 'broker-0' } }],
  ['no new drops', { alert: HiveMQAlert.MESSAGES_DROPPED, at: '20m', series: { [`com_hivemq_messages_dropped_queue_full_count{${B0}}`]: '5x30' } }],
  ['heap at 95 %', { alert: HiveMQAlert.HEAP_HIGH, at: '20m', series: { [`com_hivemq_jvm_memory_heap_used{${B0}}`]: '95x30',
    [`com_hivemq_jvm_memory_heap_max{${B0}}`]: '100x30' }, fires: { pod: 'broker-0' } }],
  ['heap at 50 %', { alert: HiveMQAlert.HEAP_HIGH, at: '20m', series: { [`com_hivemq_jvm_memory_heap_used{${B0}}`]: '50x30',
    [`com_hivemq_jvm_memory_heap_max{${B0}}`]: '100x30' } }],
  ['250k connections', { alert: HiveMQAlert.CONNECTIONS_NEAR_CAPACITY, at: '20m',
    series: { [`com_hivemq_networking_connections_current{${B0}}`]: '250000x30' }, fires: { pod: 'broker-0' } }],
  ['100k connections', { alert: HiveMQAlert.CONNECTIONS_NEAR_CAPACITY, at: '20m',
    series: { [`com_hivemq_networking_connections_current{${B0}}`]: '100000x30' } }],
  ['one broker holds most', { alert: HiveMQAlert.CONNECTIONS_UNEVEN, at: '40m', series: unevenSeries([3000, 500, 500]), fires: {} }],
  ['even spread', { alert: HiveMQAlert.CONNECTIONS_UNEVEN, at: '40m', series: unevenSeries([1000, 1000, 1000]) }],
  ['uneven but tiny', { alert: HiveMQAlert.CONNECTIONS_UNEVEN, at: '40m', series: unevenSeries([30, 5, 5]) }],
  ['conntrack 90 % on a broker node', { alert: HiveMQAlert.NODE_CONNTRACK_FILLING, at: '10m',
    series: { [`node_nf_conntrack_entries{${NE_A}}`]: '90x20', [`node_nf_conntrack_entries_limit{${NE_A}}`]: '100x20', ...PODS },
    fires: { instance: '10.0.0.1:9100', pod: 'node-exporter-a', node: 'node-a' } }],
  ['conntrack 90 % on another node', { alert: HiveMQAlert.NODE_CONNTRACK_FILLING, at: '10m',
    series: { [`node_nf_conntrack_entries{${NE_B}}`]: '90x20', [`node_nf_conntrack_entries_limit{${NE_B}}`]: '100x20', ...PODS } }],
  ['disk busy 95 %', { alert: HiveMQAlert.NODE_DISK_IO_SATURATED, at: '25m',
    series: { [`node_disk_io_time_seconds_total{${NE_A}, device="sda"}`]: '0+57x40', ...PODS }, fires: { instance: '10.0.0.1:9100',
      pod: 'node-exporter-a', node: 'node-a', device: 'sda' } }],
  ['disk busy 95 % on another node', { alert: HiveMQAlert.NODE_DISK_IO_SATURATED, at: '25m',
    series: { [`node_disk_io_time_seconds_total{${NE_B}, device="sda"}`]: '0+57x40', ...PODS } }],
  ['disk busy 50 %', { alert: HiveMQAlert.NODE_DISK_IO_SATURATED, at: '25m',
    series: { [`node_disk_io_time_seconds_total{${NE_A}, device="sda"}`]: '0+30x40', ...PODS } }],
  ['volume 10 % free', { alert: HiveMQAlert.VOLUME_FILLING_UP, at: '10m', series: volumeSeries('10x20'),
    fires: { persistentvolumeclaim: 'data-broker-0' } }],
  ['volume 50 % free', { alert: HiveMQAlert.VOLUME_FILLING_UP, at: '10m', series: volumeSeries('50x20') }],
  ['volume filling fast', { alert: HiveMQAlert.VOLUME_PREDICTED_FULL, at: '240m', series: volumeSeries('39-0.1x300'),
    fires: { persistentvolumeclaim: 'data-broker-0' } }],
  ['volume steady', { alert: HiveMQAlert.VOLUME_PREDICTED_FULL, at: '240m', series: volumeSeries('30x300') }],
  ['autoscaler at its maximum for 40 minutes', { alert: HiveMQAlert.AUTOSCALER_AT_MAXIMUM, at: '40m', cluster: { autoscaling: AUTOSCALING },
    series: hpaSeries('6x60'), fires: { horizontalpodautoscaler: 'broker' } }],
  ['autoscaler at its maximum for 20 minutes', { alert: HiveMQAlert.AUTOSCALER_AT_MAXIMUM, at: '40m', cluster: { autoscaling: AUTOSCALING },
    series: hpaSeries('4x20 6x40') }],
];

function hpaSeries(current: string): Record<string, string> {
  const hpa = 'namespace="iot", horizontalpodautoscaler="broker"';
  return { [`kube_horizontalpodautoscaler_status_current_replicas{${hpa}}`]: current,
    [`kube_horizontalpodautoscaler_spec_max_replicas{${hpa}}`]: '6x60' };
}

function unevenSeries(counts: number[]): Record<string, string> {
  const series = (i: number) => `com_hivemq_networking_connections_current{namespace="iot", service="broker-metrics", pod="broker-${i}"}`;
  return Object.fromEntries(counts.map((c, i) => [series(i), `${c}x60`]));
}
/** A rollout of the 3-broker StatefulSet with `updated` brokers on the new revision, and the not-ready (1) or ready (0) history of some pods. */
function rollout(notReady: Record<string, string>, updated: string): Record<string, string> {
  const statefulSet = 'namespace="iot", statefulset="broker"';
  const series: Record<string, string> = { [`kube_statefulset_replicas{${statefulSet}}`]: '3x40',
    [`kube_statefulset_status_replicas_updated{${statefulSet}}`]: updated };
  for (const [pod, values] of Object.entries(notReady)) {
    const labels = `namespace="iot", pod="${pod}", uid="uid-${pod}"`;
    // kube-state-metrics writes one series per condition: 1 on the pod's current one
    series[`kube_pod_status_ready{${labels}, condition="false"}`] = values;
    series[`kube_pod_status_ready{${labels}, condition="true"}`] = values.replace(/\b([01])x/g, (_m, v) => `${1 - Number(v)}x`);
    series[`kube_pod_status_ready{${labels}, condition="unknown"}`] = '0x40';
  }
  return series;
}
function volumeSeries(available: string): Record<string, string> {
  const pvc = 'namespace="iot", persistentvolumeclaim="data-broker-0"';
  return { [`kubelet_volume_stats_available_bytes{${pvc}}`]: available, [`kubelet_volume_stats_capacity_bytes{${pvc}}`]: '100x300' };
}

if (promtool) describe('promtool', () => {
  let dir: string;
  const { rules } = rulesOf();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hivemq-rules-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [{ name: 'hivemq-broker', rules }] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each<[string, HiveMQClusterProps, AlertOptions]>([
    ['defaults', {}, {}],
    ['ephemeral storage, custom thresholds', { storage: StorageProfile.ephemeral(), replicas: 5 }, { droppedMessagesPerSecond: 2.5,
      unevenConnectionsRatio: 2 }],
    ['autoscaling', { autoscaling: AUTOSCALING }, {}],
    ['a sizing plan', { sizing: ClusterSizing.forWorkload({ connections: 100_000, publishesPerSecond: 1000, fanOut: 2, payloadBytes: 64,
      qos: { qos0: 0, qos1: 1, qos2: 0 } }) }, {}],
  ])('promtool check rules accepts the rule group: %s', (name, props, alerts) => {
    const file = join(dir, `check-${name.replace(/\W+/g, '-')}.yaml`);
    const group = rulesOf(props, alerts).rules;
    writeFileSync(file, stringify({ groups: [{ name: 'hivemq-broker', rules: group }] }));
    const out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    expect(out).toContain(`SUCCESS: ${group.length} rules found`);
  });

  test.each(CASES)('%s', (_name, c) => {
    const caseRules = c.cluster ? rulesOf(c.cluster).rules : rules;
    const rulesFile = c.cluster ? join(dir, `rules-${_name.replace(/\W+/g, '-')}.yaml`) : join(dir, 'rules.yaml');
    if (c.cluster) writeFileSync(rulesFile, stringify({ groups: [{ name: 'hivemq-broker', rules: caseRules }] }));
    const rule = caseRules.find((r) => r.alert === c.alert)!;
    const render = (text: string, labels: Record<string, string>) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_a, l) => labels[l]);
    const exp = c.fires ? [{ exp_labels: { ...c.fires, ...rule.labels },
      exp_annotations: { summary: render(rule.annotations.summary, c.fires), description: render(rule.annotations.description, c.fires) } }] : [];
    const file = join(dir, `${c.alert}-${_name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, stringify({
      rule_files: [rulesFile],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
        alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: exp }],
      }],
    }));
    const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  test('every alert has a firing and a silent case', () => {
    for (const a of Object.values(HiveMQAlert)) {
      expect(CASES.some(([, c]) => c.alert === a && c.fires)).toBe(true);
      expect(CASES.some(([, c]) => c.alert === a && !c.fires)).toBe(true);
    }
  });
});
