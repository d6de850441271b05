// Alerts (issue #8): thresholds derived from the cluster, every expression parsed with the PromQL grammar, and the rules'
// behaviour tested with Prometheus' own promtool (Debian's prometheus package; .ci/run installs it).
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parser } from '@prometheus-io/lezer-promql';
import * as fc from 'fast-check';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { AlertOptions, ClusterSizing, HiveMQAlert, HiveMQCluster, HiveMQClusterProps, StorageProfile } from '../lib';
import { find, synthCluster } from './util';

function rulesOf(props: HiveMQClusterProps = {}, alerts: AlertOptions = {}) {
  const { manifests } = synthCluster({ ...props, monitoring: { serviceMonitor: true, ...props.monitoring, alerts } });
  const rule = find(manifests, 'PrometheusRule', 'broker-alerts');
  return { rule, rules: rule.spec.groups[0].rules as Array<{ alert: string; expr: string; for: string; labels: any; annotations: any }> };
}

function promqlErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({ enter: (n) => { if (n.type.isError) errors.push(n.from); } });
  return errors;
}

describe('PrometheusRule', () => {
  const { rule, rules } = rulesOf();
  const byName = (a: HiveMQAlert) => rules.find((r) => r.alert === a)!;

  test('one group with every alert, scoped to this cluster, each with a severity, a summary and a description with a runbook', () => {
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rules.map((r) => r.alert)).toEqual(Object.values(HiveMQAlert));
    for (const r of rules) {
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description).toContain(`Runbook: the "${r.alert}" section of the cdk8s-hivemq README.`);
      expect(r.expr).toMatch(/namespace="iot"/);
    }
  });

  test('every expression parses with the PromQL grammar (and the check can fail)', () => {
    for (const r of rules) expect({ alert: r.alert, errors: promqlErrors(r.expr) }).toEqual({ alert: r.alert, errors: [] });
    expect(promqlErrors('sum by (pod) (rate(x[5m])').length).toBeGreaterThan(0);
  });

  test('default thresholds derived from the cluster', () => {
    // 3 replicas x (10 min startup + 30 s min ready) = 31.5 min, rounded up
    expect(byName(HiveMQAlert.BROKERS_NOT_READY).for).toBe('32m');
    expect(byName(HiveMQAlert.BROKERS_DOWN).expr).toMatch(/> 1$/);
    expect(byName(HiveMQAlert.CLUSTER_SIZE_MISMATCH).expr).toContain('< 3');
    // 8 GiB x 0.8 / 25 KiB = 268,435 connections per broker; 80 % of it
    expect(byName(HiveMQAlert.CONNECTIONS_NEAR_CAPACITY).expr).toContain('> 214748');
    expect(byName(HiveMQAlert.CONNECTIONS_UNEVEN).expr).toContain('> 1.5 * avg(');
    expect(byName(HiveMQAlert.CONNECTIONS_UNEVEN).expr).toContain('> 100');
    expect(byName(HiveMQAlert.MESSAGES_DROPPED).expr).toMatch(/\) > 0$/);
    expect(byName(HiveMQAlert.HEAP_HIGH).expr).toMatch(/> 0.9$/);
    expect(byName(HiveMQAlert.NODE_CONNTRACK_FILLING).expr).toContain('> 0.75');
    expect(byName(HiveMQAlert.NODE_DISK_IO_SATURATED).expr).toContain('> 0.9');
    expect(byName(HiveMQAlert.VOLUME_FILLING_UP).expr).toContain('< 0.15');
    expect(byName(HiveMQAlert.VOLUME_PREDICTED_FULL).expr).toContain('[6h], 14400) < 0');
    expect(byName(HiveMQAlert.METRICS_ABSENT).expr).toBe('absent(com_hivemq_cluster_nodes_count{namespace="iot", service="broker-metrics"})');
    expect(rules.map((r) => r.for)).toEqual(['5m', '32m', '32m', '15m', '5m', '10m', '15m', '15m', '30m', '5m', '15m', '5m', '1h']);
    for (const r of rules) expect(r.labels).toEqual({ severity: r.labels.severity, namespace: 'iot', hivemq_cluster: 'broker' });
  });

  test('thresholds from the sizing plan and from options; alerts can be switched off; rule labels', () => {
    const plan = ClusterSizing.forWorkload({ connections: 1_000_000, publishesPerSecond: 1000, fanOut: 1, payloadBytes: 100, qos: { qos0: 1, qos1: 0, qos2: 0 }, workerNodeCores: 16 });
    const fromPlan = rulesOf({ sizing: plan }).rules.find((r) => r.alert === HiveMQAlert.CONNECTIONS_NEAR_CAPACITY)!;
    // what the plan's memory holds (memory x 0.8 / 25 KiB), below the plan's hard limit per broker
    const memoryCapacity = Math.floor(plan.memory.toGibibytes() * 2 ** 30 * 0.8 / (25 * 1024));
    expect(plan.connectionsPerBroker).toBeGreaterThan(memoryCapacity);
    expect(fromPlan.expr).toContain(`> ${Math.floor(memoryCapacity * 0.8)}`);
    // a plan with a calibrated memory per connection: the alert measures with the plan's constant, not the published one
    const calibrated = ClusterSizing.forWorkload({ connections: 1_000_000, publishesPerSecond: 1000, fanOut: 1, payloadBytes: 100,
      qos: { qos0: 1, qos1: 0, qos2: 0 }, workerNodeCores: 16 }, { constants: { M_CONN_KIB: 50 } });
    const calibratedCapacity = Math.floor(calibrated.memory.toGibibytes() * 2 ** 30 * 0.8 / (50 * 1024));
    expect(calibrated.connectionCapacity(calibrated.memory.toGibibytes() * 2 ** 30)).toBe(calibratedCapacity);
    expect(calibrated.connectionCapacity(2 ** 50)).toBe(calibrated.connectionsPerBroker);
    expect(rulesOf({ sizing: calibrated }).rules.find((x) => x.alert === HiveMQAlert.CONNECTIONS_NEAR_CAPACITY)!.expr)
      .toContain(`> ${Math.floor(calibratedCapacity * 0.8)}`);
    const { rule: r, rules: custom } = rulesOf({ memory: Size.gibibytes(16) }, {
      disabled: [HiveMQAlert.NODE_DISK_IO_SATURATED, HiveMQAlert.CONNECTIONS_UNEVEN], ruleLabels: { release: 'prometheus' },
      notReadyFor: Duration.minutes(10), connectionCapacity: 500_000, connectionCapacityFraction: 0.9, heapFraction: 0.8, volumeFullWithin: Duration.hours(12),
    });
    expect(custom.map((x) => x.alert)).not.toContain(HiveMQAlert.NODE_DISK_IO_SATURATED);
    expect(custom.map((x) => x.alert)).not.toContain(HiveMQAlert.CONNECTIONS_UNEVEN);
    expect(custom).toHaveLength(Object.values(HiveMQAlert).length - 2);
    expect(r.metadata.labels.release).toBe('prometheus');
    expect(custom.find((x) => x.alert === HiveMQAlert.BROKERS_NOT_READY)!.for).toBe('10m');
    expect(custom.find((x) => x.alert === HiveMQAlert.CONNECTIONS_NEAR_CAPACITY)!.expr).toContain('> 450000');
    expect(custom.find((x) => x.alert === HiveMQAlert.HEAP_HIGH)!.expr).toMatch(/> 0.8$/);
    expect(custom.find((x) => x.alert === HiveMQAlert.VOLUME_PREDICTED_FULL)!.expr).toContain('[6h], 43200) < 0');
  });

  test('ephemeral storage has no volume alerts', () => {
    const alerts = rulesOf({ storage: StorageProfile.ephemeral() }).rules.map((r) => r.alert);
    expect(alerts).not.toContain(HiveMQAlert.VOLUME_FILLING_UP);
    expect(alerts).not.toContain(HiveMQAlert.VOLUME_PREDICTED_FULL);
  });

  test.each<[AlertOptions, RegExp]>([
    [{ disabled: ['Bogus' as HiveMQAlert] }, /monitoring.alerts.disabled must be one of/],
    [{ heapFraction: 1.5 }, /monitoring.alerts.heapFraction must be a share greater than 0 and at most 1 \(got 1.5\)/],
    [{ connectionCapacityFraction: 0 }, /monitoring.alerts.connectionCapacityFraction must be a share/],
    [{ unevenConnectionsRatio: 1 }, /monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 and at most 100 \(got 1\)/],
    // Infinity wrote `> Infinity * avg(...)`: a rule that can never fire
    [{ unevenConnectionsRatio: Infinity }, new RegExp("^HiveMQCluster 'broker': monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 "
      + "and at most 100 \\(got Infinity\\)\\. Use e.g. 1.5, or disable HiveMQConnectionsUneven with disabled: \\[HiveMQAlert.CONNECTIONS_UNEVEN\\]\\.$")],
    [{ unevenConnectionsRatio: NaN }, /monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 and at most 100 \(got NaN\)/],
    [{ unevenConnectionsRatio: '2' as unknown as number }, /monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 and at most 100 \(got '2'\)/],
    [{ unevenConnectionsMinimum: 10.5 }, /monitoring.alerts.unevenConnectionsMinimum must be a whole number from 0 to 100000000 \(got 10.5\)/],
    [{ unevenConnectionsMinimum: Infinity }, /monitoring.alerts.unevenConnectionsMinimum must be a whole number from 0 to 100000000 \(got Infinity\)/],
    [{ heapFraction: NaN }, /monitoring.alerts.heapFraction must be a share greater than 0 and at most 1 \(got NaN\)/],
    [{ connectionCapacity: 1.5 }, /monitoring.alerts.connectionCapacity must be a whole number from 1 to 100000000 \(got 1.5\)/],
    [{ connectionCapacity: Infinity }, /monitoring.alerts.connectionCapacity must be a whole number from 1 to 100000000 \(got Infinity\)/],
    [{ notReadyFor: Duration.seconds(NaN) }, /monitoring.alerts.notReadyFor must be a whole number of seconds from 60 to 86400 \(got 'NaN seconds'\)/],
    [{ notReadyFor: '10m' as unknown as Duration }, /monitoring.alerts.notReadyFor must be a Duration \(got '10m'\)/],
    [{ volumeFullWithin: Duration.hours(Infinity) }, /monitoring.alerts.volumeFullWithin must be a whole number of seconds from 600 to 2592000 \(got 'Infinity hours'\)/],
    [{ disabled: 'HiveMQHeapUsageHigh' as unknown as HiveMQAlert[] }, /monitoring.alerts.disabled must be a list of HiveMQAlert members \(got 'HiveMQHeapUsageHigh'\)/],
    [{ heapFraktion: 0.8 } as AlertOptions, /^HiveMQCluster 'broker': monitoring.alerts.heapFraktion is not a known option of monitoring.alerts \(got 'heapFraktion'\)\. Did you mean 'heapFraction'\?$/],
    [{ serviceMonitorLabels: { release: 'x' } } as AlertOptions, /monitoring.alerts.serviceMonitorLabels is not an option here: it belongs to monitoring \(got 'serviceMonitorLabels'\)/],
    [{ ruleLabels: { 'app.kubernetes.io/name': 'x' } }, /monitoring.alerts.ruleLabels must not set the labels the library manages \(got 'app.kubernetes.io\/name'\)/],
    [{ ruleLabels: 'release=prometheus' as unknown as Record<string, string> }, /monitoring.alerts.ruleLabels must be an object of label keys and values \(got 'release=prometheus'\)/],
    [{ unevenConnectionsMinimum: -1 }, /monitoring.alerts.unevenConnectionsMinimum must be a whole number/],
    [{ droppedMessagesPerSecond: -1 }, /monitoring.alerts.droppedMessagesPerSecond must be a number from 0 to 100000000 \(got -1\)/],
    [{ droppedMessagesPerSecond: Infinity }, /monitoring.alerts.droppedMessagesPerSecond must be a number from 0 to 100000000 \(got Infinity\)\. Use 0 to alert/],
    [{ droppedMessagesPerSecond: NaN }, /monitoring.alerts.droppedMessagesPerSecond must be a number from 0 to 100000000 \(got NaN\)/],
    [{ conntrackFraction: 1.5 }, /monitoring.alerts.conntrackFraction must be a share greater than 0 and at most 1 \(got 1.5\)/],
    [{ diskBusyFraction: 0 }, /monitoring.alerts.diskBusyFraction must be a share/],
    [{ volumeFreeFraction: -0.1 }, /monitoring.alerts.volumeFreeFraction must be a share/],
    [{ connectionCapacity: 0 }, /monitoring.alerts.connectionCapacity must be a whole number from 1/],
    [{ notReadyFor: Duration.seconds(30) }, /monitoring.alerts.notReadyFor must be a whole number of seconds from 60 to 86400/],
    [{ volumeFullWithin: Duration.minutes(5) }, /monitoring.alerts.volumeFullWithin must be a whole number of seconds from 600/],
    [{ ruleLabels: { 'bad key': 'x' } }, /monitoring.alerts.ruleLabels keys must be qualified names/],
  ])('%o is rejected', (alerts, message) => expect(() => rulesOf({}, alerts)).toThrow(message));

  test('alerts need the chart\'s namespace', () => {
    expect(() => new HiveMQCluster(new Chart(Testing.app(), 'x'), 'broker', { monitoring: { alerts: {} } }))
      .toThrow(/HiveMQCluster 'broker': monitoring.alerts needs the namespace of the cluster's chart/);
  });
});

describe('every threshold written into PromQL is a finite number', () => {
  const share = fc.double({ min: 1e-6, max: 1, noNaN: true }).filter((x) => x > 0);
  // Every AlertOptions key, each with any valid value: also checks that no documented option is refused as unknown.
  const options: fc.Arbitrary<AlertOptions> = fc.record({
    disabled: fc.subarray(Object.values(HiveMQAlert), { maxLength: 3 }),
    ruleLabels: fc.constantFrom<Record<string, string>>({}, { release: 'prometheus' }),
    notReadyFor: fc.integer({ min: 1, max: 1440 }).map((m) => Duration.minutes(m)),
    connectionCapacity: fc.integer({ min: 1, max: 100_000_000 }),
    connectionCapacityFraction: share,
    unevenConnectionsRatio: fc.double({ min: 1, max: 100, noNaN: true }).filter((x) => x > 1),
    unevenConnectionsMinimum: fc.integer({ min: 0, max: 100_000_000 }),
    droppedMessagesPerSecond: fc.double({ min: 0, max: 100_000_000, noNaN: true }),
    heapFraction: share,
    conntrackFraction: share,
    diskBusyFraction: share,
    volumeFreeFraction: share,
    volumeFullWithin: fc.integer({ min: 10, max: 43200 }).map((m) => Duration.minutes(m)),
  }, { requiredKeys: [] });

  test('property: any valid options give rules whose expressions parse and hold no NaN or Infinity', () => {
    fc.assert(fc.property(options, (alerts) => {
      for (const r of rulesOf({}, alerts).rules) {
        expect(r.expr).not.toMatch(/NaN|Infinity|undefined/);
        expect({ alert: r.alert, errors: promqlErrors(r.expr) }).toEqual({ alert: r.alert, errors: [] });
      }
    }), { numRuns: 60 });
  }, 60_000);
});

describe('monitoring.prometheusLabels', () => {
  const both = (monitoring: HiveMQClusterProps['monitoring']) => {
    const { manifests } = synthCluster({ monitoring });
    return { serviceMonitor: find(manifests, 'ServiceMonitor', 'broker').metadata.labels, rule: find(manifests, 'PrometheusRule', 'broker-alerts').metadata.labels };
  };

  test('one setting labels both the ServiceMonitor and the PrometheusRule (what kube-prometheus-stack selects both by)', () => {
    const { serviceMonitor, rule } = both({ serviceMonitor: true, prometheusLabels: { release: 'prometheus' }, alerts: {} });
    expect(serviceMonitor.release).toBe('prometheus');
    expect(rule.release).toBe('prometheus');
    expect(serviceMonitor['app.kubernetes.io/instance']).toBe('broker');
  });

  test('the specific options add to it; the same value twice is fine', () => {
    const { serviceMonitor, rule } = both({ serviceMonitor: true, prometheusLabels: { release: 'prometheus' }, serviceMonitorLabels: { team: 'mqtt', release: 'prometheus' },
      alerts: { ruleLabels: { role: 'alert-rules' } } });
    expect(serviceMonitor).toMatchObject({ release: 'prometheus', team: 'mqtt' });
    expect(serviceMonitor.role).toBeUndefined();
    expect(rule).toMatchObject({ release: 'prometheus', role: 'alert-rules' });
    expect(rule.team).toBeUndefined();
  });

  test('without it, serviceMonitorLabels and ruleLabels label their own object only (as before)', () => {
    const { serviceMonitor, rule } = both({ serviceMonitor: true, serviceMonitorLabels: { release: 'a' }, alerts: { ruleLabels: { release: 'b' } } });
    expect(serviceMonitor.release).toBe('a');
    expect(rule.release).toBe('b');
  });

  test.each<[HiveMQClusterProps['monitoring'], RegExp]>([
    [{ serviceMonitor: true, prometheusLabels: { release: 'prometheus' }, serviceMonitorLabels: { release: 'other' } },
      /^HiveMQCluster 'broker': monitoring.serviceMonitorLabels\['release'\] conflicts with monitoring.prometheusLabels\['release'\] = 'prometheus' \(got 'other'\)\. Give the key one value: set it in monitoring.prometheusLabels only, or remove it from one of them\.$/],
    [{ prometheusLabels: { release: 'prometheus' }, alerts: { ruleLabels: { release: 'kps' } } },
      /monitoring.alerts.ruleLabels\['release'\] conflicts with monitoring.prometheusLabels\['release'\] = 'prometheus' \(got 'kps'\)/],
    [{ prometheusLabels: { release: 'prometheus' } },
      /^HiveMQCluster 'broker': monitoring.prometheusLabels only apply with serviceMonitor: true or alerts\. Set one of them, or remove the labels\.$/],
    [{ serviceMonitor: true, prometheusLabels: { 'app.kubernetes.io/part-of': 'x' } },
      /monitoring.prometheusLabels must not set the labels the library manages \(got 'app.kubernetes.io\/part-of'\)/],
    [{ serviceMonitor: true, prometheusLabels: { release: 'not a label value' } }, /monitoring.prometheusLabels\['release'\] must be a label value/],
    [{ serviceMonitor: true, prometheusLabel: { release: 'prometheus' } } as HiveMQClusterProps['monitoring'],
      /^HiveMQCluster 'broker': monitoring.prometheusLabel is not a known option of monitoring \(got 'prometheusLabel'\)\. Did you mean 'prometheusLabels'\?$/],
    [{ serviceMonitor: true, ruleLabels: { release: 'prometheus' } } as HiveMQClusterProps['monitoring'],
      /monitoring.ruleLabels is not an option here: it belongs to monitoring.alerts \(got 'ruleLabels'\)/],
    [{ serviceMonitor: 'true' as unknown as boolean }, /monitoring.serviceMonitor must be true or false \(got 'true'\)/],
  ])('%o is rejected', (monitoring, message) => expect(() => synthCluster({ monitoring })).toThrow(message));
});

// ---- promtool: the rules load, fire when they should and stay silent when they should not ----

// promtool is not an npm package: on a machine with npm alone these tests are not registered (a notice says so); in CI
// (CI=true) a missing promtool fails the suite.
const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool && process.env.CI) throw new Error('promtool is missing: .ci/run installs Debian\'s prometheus package, which provides it.');
if (!promtool) console.warn('promtool not found: the alert rule tests with promtool did not run (apt-get install prometheus).');

type Case = { alert: HiveMQAlert; at: string; series: Record<string, string>; fires?: Record<string, string> };
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
  ['two brokers down', { alert: HiveMQAlert.BROKERS_DOWN, at: '10m', series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x20', 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '1x20' }, fires: { statefulset: 'broker' } }],
  ['one broker rolling', { alert: HiveMQAlert.BROKERS_DOWN, at: '10m', series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x20', 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '2x20' } }],
  ['not ready too long', { alert: HiveMQAlert.BROKERS_NOT_READY, at: '40m', series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x60', 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '2x60' }, fires: { statefulset: 'broker' } }],
  ['a short rollout', { alert: HiveMQAlert.BROKERS_NOT_READY, at: '40m', series: { 'kube_statefulset_replicas{namespace="iot", statefulset="broker"}': '3x60', 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"}': '2x10 3x50' } }],
  ['a broker sees 2 of 3', { alert: HiveMQAlert.CLUSTER_SIZE_MISMATCH, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '2x60' }, fires: { pod: 'broker-0' } }],
  ['all brokers joined', { alert: HiveMQAlert.CLUSTER_SIZE_MISMATCH, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x60' } }],
  // What a default kube-prometheus-stack did with the README's old sample: the PrometheusRule loaded, the ServiceMonitor not selected.
  ['nothing scraped from this cluster (another cluster is)', { alert: HiveMQAlert.METRICS_ABSENT, at: '20m', series: { 'com_hivemq_cluster_nodes_count{namespace="iot", service="edge-metrics", pod="edge-0"}': '3x30' }, fires: { service: 'broker-metrics' } }],
  ['broker metrics stop arriving', { alert: HiveMQAlert.METRICS_ABSENT, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x10 _x50' }, fires: { service: 'broker-metrics' } }],
  ['broker metrics arrive', { alert: HiveMQAlert.METRICS_ABSENT, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x60' } }],
  ['a short scrape gap', { alert: HiveMQAlert.METRICS_ABSENT, at: '40m', series: { [`com_hivemq_cluster_nodes_count{${B0}}`]: '3x30 _x5 3x25' } }],
  ['overload protection on', { alert: HiveMQAlert.OVERLOAD_PROTECTION, at: '10m', series: { [`com_hivemq_overload_protection_level{${B0}}`]: '2x20' }, fires: { pod: 'broker-0' } }],
  ['overload protection off', { alert: HiveMQAlert.OVERLOAD_PROTECTION, at: '10m', series: { [`com_hivemq_overload_protection_level{${B0}}`]: '0x20' } }],
  ['queue-full drops, next to another drop counter', { alert: HiveMQAlert.MESSAGES_DROPPED, at: '20m', series: { [`com_hivemq_messages_dropped_queue_full_count{${B0}}`]: '0+10x30', [`com_hivemq_messages_dropped_not_writable_count{${B0}}`]: '3x30' }, fires: { pod: 'broker-0' } }],
  ['no new drops', { alert: HiveMQAlert.MESSAGES_DROPPED, at: '20m', series: { [`com_hivemq_messages_dropped_queue_full_count{${B0}}`]: '5x30' } }],
  ['heap at 95 %', { alert: HiveMQAlert.HEAP_HIGH, at: '20m', series: { [`com_hivemq_jvm_memory_heap_used{${B0}}`]: '95x30', [`com_hivemq_jvm_memory_heap_max{${B0}}`]: '100x30' }, fires: { pod: 'broker-0' } }],
  ['heap at 50 %', { alert: HiveMQAlert.HEAP_HIGH, at: '20m', series: { [`com_hivemq_jvm_memory_heap_used{${B0}}`]: '50x30', [`com_hivemq_jvm_memory_heap_max{${B0}}`]: '100x30' } }],
  ['250k connections', { alert: HiveMQAlert.CONNECTIONS_NEAR_CAPACITY, at: '20m', series: { [`com_hivemq_networking_connections_current{${B0}}`]: '250000x30' }, fires: { pod: 'broker-0' } }],
  ['100k connections', { alert: HiveMQAlert.CONNECTIONS_NEAR_CAPACITY, at: '20m', series: { [`com_hivemq_networking_connections_current{${B0}}`]: '100000x30' } }],
  ['one broker holds most', { alert: HiveMQAlert.CONNECTIONS_UNEVEN, at: '40m', series: unevenSeries([3000, 500, 500]), fires: {} }],
  ['even spread', { alert: HiveMQAlert.CONNECTIONS_UNEVEN, at: '40m', series: unevenSeries([1000, 1000, 1000]) }],
  ['uneven but tiny', { alert: HiveMQAlert.CONNECTIONS_UNEVEN, at: '40m', series: unevenSeries([30, 5, 5]) }],
  ['conntrack 90 % on a broker node', { alert: HiveMQAlert.NODE_CONNTRACK_FILLING, at: '10m', series: { [`node_nf_conntrack_entries{${NE_A}}`]: '90x20', [`node_nf_conntrack_entries_limit{${NE_A}}`]: '100x20', ...PODS }, fires: { instance: '10.0.0.1:9100', pod: 'node-exporter-a', node: 'node-a' } }],
  ['conntrack 90 % on another node', { alert: HiveMQAlert.NODE_CONNTRACK_FILLING, at: '10m', series: { [`node_nf_conntrack_entries{${NE_B}}`]: '90x20', [`node_nf_conntrack_entries_limit{${NE_B}}`]: '100x20', ...PODS } }],
  ['disk busy 95 %', { alert: HiveMQAlert.NODE_DISK_IO_SATURATED, at: '25m', series: { [`node_disk_io_time_seconds_total{${NE_A}, device="sda"}`]: '0+57x40', ...PODS }, fires: { instance: '10.0.0.1:9100', pod: 'node-exporter-a', node: 'node-a', device: 'sda' } }],
  ['disk busy 95 % on another node', { alert: HiveMQAlert.NODE_DISK_IO_SATURATED, at: '25m', series: { [`node_disk_io_time_seconds_total{${NE_B}, device="sda"}`]: '0+57x40', ...PODS } }],
  ['disk busy 50 %', { alert: HiveMQAlert.NODE_DISK_IO_SATURATED, at: '25m', series: { [`node_disk_io_time_seconds_total{${NE_A}, device="sda"}`]: '0+30x40', ...PODS } }],
  ['volume 10 % free', { alert: HiveMQAlert.VOLUME_FILLING_UP, at: '10m', series: volumeSeries('10x20'), fires: { persistentvolumeclaim: 'data-broker-0' } }],
  ['volume 50 % free', { alert: HiveMQAlert.VOLUME_FILLING_UP, at: '10m', series: volumeSeries('50x20') }],
  ['volume filling fast', { alert: HiveMQAlert.VOLUME_PREDICTED_FULL, at: '240m', series: volumeSeries('39-0.1x300'), fires: { persistentvolumeclaim: 'data-broker-0' } }],
  ['volume steady', { alert: HiveMQAlert.VOLUME_PREDICTED_FULL, at: '240m', series: volumeSeries('30x300') }],
];

function unevenSeries(counts: number[]): Record<string, string> {
  return Object.fromEntries(counts.map((c, i) => [`com_hivemq_networking_connections_current{namespace="iot", service="broker-metrics", pod="broker-${i}"}`, `${c}x60`]));
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
    ['ephemeral storage, custom thresholds', { storage: StorageProfile.ephemeral(), replicas: 5 }, { droppedMessagesPerSecond: 2.5, unevenConnectionsRatio: 2 }],
    ['a sizing plan', { sizing: ClusterSizing.forWorkload({ connections: 100_000, publishesPerSecond: 1000, fanOut: 2, payloadBytes: 64, qos: { qos0: 0, qos1: 1, qos2: 0 } }) }, {}],
  ])('promtool check rules accepts the rule group: %s', (name, props, alerts) => {
    const file = join(dir, `check-${name.replace(/\W+/g, '-')}.yaml`);
    const group = rulesOf(props, alerts).rules;
    writeFileSync(file, stringify({ groups: [{ name: 'hivemq-broker', rules: group }] }));
    const out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    expect(out).toContain(`SUCCESS: ${group.length} rules found`);
  });

  test.each(CASES)('%s', (_name, c) => {
    const rule = rules.find((r) => r.alert === c.alert)!;
    const render = (text: string, labels: Record<string, string>) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_a, l) => labels[l]);
    const exp = c.fires ? [{ exp_labels: { ...c.fires, ...rule.labels },
      exp_annotations: { summary: render(rule.annotations.summary, c.fires), description: render(rule.annotations.description, c.fires) } }] : [];
    const file = join(dir, `${c.alert}-${_name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, stringify({
      rule_files: [join(dir, 'rules.yaml')],
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
