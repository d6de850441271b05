// Alerts (issue #8): thresholds derived from the cluster and every expression parsed with the PromQL grammar; the rules'
// behaviour is tested with Prometheus' own promtool in test/alerts-promtool.test.ts.
import { parser } from '@prometheus-io/lezer-promql';
import * as fc from 'fast-check';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { AlertOptions, ClusterSizing, HiveMQAlert, HiveMQCluster, HiveMQClusterProps, StorageProfile } from '../lib';
import { alertRulesOf as rulesOf, find, synthCluster } from './util';

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
    // Every alert but the autoscaler's, which needs autoscaling (test/autoscaling.test.ts).
    expect(rules.map((r) => r.alert)).toEqual(Object.values(HiveMQAlert).filter((a) => a !== HiveMQAlert.AUTOSCALER_AT_MAXIMUM));
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
    // a rollout waits startupTimeout (10 min) for one broker; one broker's roll is startupTimeout + minReadyTime (10.5 min), rounded up
    expect(byName(HiveMQAlert.ROLLOUT_STALLED).expr).toBe('(max by (namespace, pod) (kube_pod_status_ready{namespace="iot", '
      + 'pod=~"broker-[0-9]+", condition!="true"}) > 0 unless on (namespace, pod) kube_pod_deletion_timestamp{namespace="iot", '
      + 'pod=~"broker-[0-9]+"}) and on (namespace) (kube_statefulset_status_replicas_updated{namespace="iot", statefulset="broker"} '
      + '< kube_statefulset_replicas{namespace="iot", statefulset="broker"})');
    expect(byName(HiveMQAlert.REPLICATION_AT_RISK).expr).toBe('kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"} <= 2');
    expect(rules.map((r) => [r.alert, r.labels.severity, r.for]).slice(4, 6)).toEqual([[HiveMQAlert.ROLLOUT_STALLED, 'warning', '10m'],
      [HiveMQAlert.REPLICATION_AT_RISK, 'critical', '11m']]);
    expect(rules.map((r) => r.for)).toEqual(['5m', '32m', '32m', '15m', '10m', '11m', '5m', '10m', '15m', '15m', '30m', '5m', '15m', '5m', '1h']);
    for (const r of rules) expect(r.labels).toEqual({ severity: r.labels.severity, namespace: 'iot', hivemq_cluster: 'broker' });
  });

  test('thresholds from the sizing plan and from options; alerts can be switched off; rule labels', () => {
    const plan = ClusterSizing.forWorkload({ connections: 1_000_000, publishesPerSecond: 1000, fanOut: 1, payloadBytes: 100, qos: { qos0: 1, qos1: 0,
      qos2: 0 }, workerNodeCores: 16 });
    const fromPlan = rulesOf({ sizing: plan }).rules.find((r) => r.alert === HiveMQAlert.CONNECTIONS_NEAR_CAPACITY)!;
    // what the plan's memory holds (memory x 0.8 / 25 KiB), below the plan's hard limit per broker
    const memoryCapacity = Math.floor(plan.memory.toGibibytes() * 2 ** 30 * 0.8 / (25 * 1024));
    expect(plan.connectionsPerBroker).toBeGreaterThan(memoryCapacity);
    expect(fromPlan.expr).toContain(`> ${Math.floor(memoryCapacity * 0.8)}`);
    // a plan with a calibrated memory per connection: the alert measures with the plan's constant, not the published one
    const calibrated = ClusterSizing.forWorkload({ connections: 1_000_000, publishesPerSecond: 1000, fanOut: 1, payloadBytes: 100,
      qos: { qos0: 1, qos1: 0, qos2: 0 }, workerNodeCores: 16 }, { constants: { mConnKib: 50 } });
    const calibratedCapacity = Math.floor(calibrated.memory.toGibibytes() * 2 ** 30 * 0.8 / (50 * 1024));
    expect(calibrated.connectionCapacity(calibrated.memory.toGibibytes() * 2 ** 30)).toBe(calibratedCapacity);
    expect(calibrated.connectionCapacity(2 ** 50)).toBe(calibrated.connectionsPerBroker);
    expect(rulesOf({ sizing: calibrated }).rules.find((x) => x.alert === HiveMQAlert.CONNECTIONS_NEAR_CAPACITY)!.expr)
      .toContain(`> ${Math.floor(calibratedCapacity * 0.8)}`);
    const { rule: r, rules: custom } = rulesOf({ memory: Size.gibibytes(16) }, {
      disabled: [HiveMQAlert.NODE_DISK_IO_SATURATED, HiveMQAlert.CONNECTIONS_UNEVEN], ruleLabels: { release: 'prometheus' },
      notReadyFor: Duration.minutes(10), connectionCapacity: 500_000, connectionCapacityFraction: 0.9, heapFraction: 0.8,
      volumeFullWithin: Duration.hours(12),
    });
    expect(custom.map((x) => x.alert)).not.toContain(HiveMQAlert.NODE_DISK_IO_SATURATED);
    expect(custom.map((x) => x.alert)).not.toContain(HiveMQAlert.CONNECTIONS_UNEVEN);
    expect(custom).toHaveLength(Object.values(HiveMQAlert).length - 3); // two disabled, the autoscaler's not applicable
    expect(r.metadata.labels.release).toBe('prometheus');
    expect(custom.find((x) => x.alert === HiveMQAlert.BROKERS_NOT_READY)!.for).toBe('10m');
    expect(custom.find((x) => x.alert === HiveMQAlert.CONNECTIONS_NEAR_CAPACITY)!.expr).toContain('> 450000');
    expect(custom.find((x) => x.alert === HiveMQAlert.HEAP_HIGH)!.expr).toMatch(/> 0.8$/);
    expect(custom.find((x) => x.alert === HiveMQAlert.VOLUME_PREDICTED_FULL)!.expr).toContain('[6h], 43200) < 0');
  });

  test('the day-2 alerts follow the cluster\'s startup timeout, min ready time and replication, and can be switched off', () => {
    const custom = rulesOf({ replicas: 5, replication: 3, startupTimeout: Duration.minutes(20), minReadyTime: Duration.minutes(2) }).rules;
    expect(custom.find((r) => r.alert === HiveMQAlert.ROLLOUT_STALLED)!.for).toBe('20m');
    const atRisk = custom.find((r) => r.alert === HiveMQAlert.REPLICATION_AT_RISK)!;
    expect([atRisk.for, atRisk.expr]).toEqual(['22m', 'kube_statefulset_status_replicas_ready{namespace="iot", statefulset="broker"} <= 3']);
    const off = rulesOf({}, { disabled: [HiveMQAlert.ROLLOUT_STALLED, HiveMQAlert.REPLICATION_AT_RISK] }).rules.map((r) => r.alert);
    expect(off).toHaveLength(Object.values(HiveMQAlert).length - 3); // two disabled, the autoscaler's not applicable
    expect(off).not.toContain(HiveMQAlert.ROLLOUT_STALLED);
    expect(off).not.toContain(HiveMQAlert.REPLICATION_AT_RISK);
  });

  test('no replication alert without more brokers than copies (nonProduction): it would fire all the time', () => {
    const alerts = rulesOf({ nonProduction: true, replicas: 2, replication: 2 }).rules.map((r) => r.alert);
    expect(alerts).not.toContain(HiveMQAlert.REPLICATION_AT_RISK);
    expect(alerts).toContain(HiveMQAlert.ROLLOUT_STALLED);
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
    [{ unevenConnectionsRatio: Infinity },
      new RegExp("^HiveMQCluster 'broker': monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 "
      + 'and at most 100 \\(got Infinity\\)\\. Use e.g. 1.5, or disable HiveMQConnectionsUneven with disabled: '
        + '\\[HiveMQAlert.CONNECTIONS_UNEVEN\\]\\.$')],
    [{ unevenConnectionsRatio: NaN }, /monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 and at most 100 \(got NaN\)/],
    [{ unevenConnectionsRatio: '2' as unknown as number },
      /monitoring.alerts.unevenConnectionsRatio must be a number greater than 1 and at most 100 \(got '2'\)/],
    [{ unevenConnectionsMinimum: 10.5 }, /monitoring.alerts.unevenConnectionsMinimum must be a whole number from 0 to 100000000 \(got 10.5\)/],
    [{ unevenConnectionsMinimum: Infinity },
      /monitoring.alerts.unevenConnectionsMinimum must be a whole number from 0 to 100000000 \(got Infinity\)/],
    [{ heapFraction: NaN }, /monitoring.alerts.heapFraction must be a share greater than 0 and at most 1 \(got NaN\)/],
    [{ connectionCapacity: 1.5 }, /monitoring.alerts.connectionCapacity must be a whole number from 1 to 100000000 \(got 1.5\)/],
    [{ connectionCapacity: Infinity }, /monitoring.alerts.connectionCapacity must be a whole number from 1 to 100000000 \(got Infinity\)/],
    [{ notReadyFor: Duration.seconds(NaN) },
      /monitoring.alerts.notReadyFor must be a whole number of seconds from 60 to 86400 \(got 'NaN seconds'\)/],
    [{ notReadyFor: '10m' as unknown as Duration }, /monitoring.alerts.notReadyFor must be a Duration \(got '10m'\)/],
    [{ volumeFullWithin: Duration.hours(Infinity) },
      /monitoring.alerts.volumeFullWithin must be a whole number of seconds from 600 to 2592000 \(got 'Infinity hours'\)/],
    [{ disabled: 'HiveMQHeapUsageHigh' as unknown as HiveMQAlert[] },
      /monitoring.alerts.disabled must be a list of HiveMQAlert members \(got 'HiveMQHeapUsageHigh'\)/],
    [{ heapFraktion: 0.8 } as AlertOptions, /^HiveMQCluster 'broker': monitoring.alerts.heapFraktion is not a known option of monitoring.alerts \(got 'heapFraktion'\)\. Did you mean 'heapFraction'\?$/],
    [{ serviceMonitorLabels: { release: 'x' } } as AlertOptions,
      /monitoring.alerts.serviceMonitorLabels is not an option here: it belongs to monitoring \(got 'serviceMonitorLabels'\)/],
    [{ ruleLabels: { 'app.kubernetes.io/name': 'x' } },
      /monitoring.alerts.ruleLabels must not set the labels the library manages \(got 'app.kubernetes.io\/name'\)/],
    [{ ruleLabels: 'release=prometheus' as unknown as Record<string, string> },
      /monitoring.alerts.ruleLabels must be an object of label keys and values \(got 'release=prometheus'\)/],
    [{ unevenConnectionsMinimum: -1 }, /monitoring.alerts.unevenConnectionsMinimum must be a whole number/],
    [{ droppedMessagesPerSecond: -1 }, /monitoring.alerts.droppedMessagesPerSecond must be a number from 0 to 100000000 \(got -1\)/],
    [{ droppedMessagesPerSecond: Infinity },
      /monitoring.alerts.droppedMessagesPerSecond must be a number from 0 to 100000000 \(got Infinity\)\. Use 0 to alert/],
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
    return { serviceMonitor: find(manifests, 'ServiceMonitor', 'broker').metadata.labels, rule: find(manifests, 'PrometheusRule',
      'broker-alerts').metadata.labels };
  };

  test('one setting labels both the ServiceMonitor and the PrometheusRule (what kube-prometheus-stack selects both by)', () => {
    const { serviceMonitor, rule } = both({ serviceMonitor: true, prometheusLabels: { release: 'prometheus' }, alerts: {} });
    expect(serviceMonitor.release).toBe('prometheus');
    expect(rule.release).toBe('prometheus');
    expect(serviceMonitor['app.kubernetes.io/instance']).toBe('broker');
  });

  test('the specific options add to it; the same value twice is fine', () => {
    const { serviceMonitor, rule } = both({ serviceMonitor: true, prometheusLabels: { release: 'prometheus' }, serviceMonitorLabels: { team: 'mqtt',
      release: 'prometheus' },
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
