import { Duration } from 'cdk8s';
import { ClusterSizing, DeploymentMode, HiveMQAlert, StorageProfile } from '../lib';
import {
  DEFAULT_SCALE_DOWN_STABILIZATION, SCALE_DOWN_PERIOD_SECONDS, SCALE_UP_PERIOD_SECONDS, SCALE_UP_PODS,
} from '../lib/model/autoscaling';
import { alertRulesOf, brokerContainer, find, RESTRICTED_CONTAINER, synthCluster } from './util';

const A = { minReplicas: 3, maxReplicas: 6, targetCpuUtilization: 70 };
const WORKLOAD = {
  persistentSessions: 2_000_000, offlineSessions: 1_000_000, queuedMessagesPerSession: 1000, averagePayloadBytes: 512,
  retainedMessages: 500_000, averageRetainedPayloadBytes: 1024,
};
const P = 'HiveMQCluster \'broker\': ';

describe('autoscaling', () => {
  const { cluster, manifests } = synthCluster({ autoscaling: A });
  const hpa = find(manifests, 'HorizontalPodAutoscaler', 'broker');

  test('writes an autoscaling/v2 HorizontalPodAutoscaler on the StatefulSet, exposed as horizontalPodAutoscaler', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(cluster.horizontalPodAutoscaler?.name).toBe('broker');
    expect(hpa.metadata.labels['app.kubernetes.io/instance']).toBe('broker');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'broker' },
      minReplicas: 3,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      behavior: {
        scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }] },
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 120 }] },
      },
    });
  });

  test('with a sidecar: the broker container\'s CPU (ContainerResource), which the sidecar\'s request does not skew', () => {
    const shipper = { name: 'shipper', image: 'busybox:1.37.0', ...RESTRICTED_CONTAINER };
    const withSidecar = find(synthCluster({ autoscaling: A, sidecars: [shipper] }).manifests, 'HorizontalPodAutoscaler', 'broker');
    expect(withSidecar.spec.metrics).toEqual([{
      type: 'ContainerResource',
      containerResource: { name: 'cpu', container: 'hivemq', target: { type: 'Utilization', averageUtilization: 70 } },
    }]);
    // An init container does not run beside the broker, so the pod-wide metric stays.
    const withInit = find(synthCluster({ autoscaling: A, extraInitContainers: [shipper] }).manifests, 'HorizontalPodAutoscaler', 'broker');
    expect(withInit.spec.metrics).toEqual(hpa.spec.metrics);
    expect(hpa.spec.metrics[0].type).toBe('Resource');
  });

  test('defaults: 10 minutes of stabilization, one broker out per 600 s, two in per 120 s', () => {
    expect(DEFAULT_SCALE_DOWN_STABILIZATION.toSeconds()).toBe(600);
    expect([SCALE_DOWN_PERIOD_SECONDS, SCALE_UP_PODS, SCALE_UP_PERIOD_SECONDS]).toEqual([600, 2, 120]);
  });

  test('scaleDownStabilization sets the scale-down window (0 allowed)', () => {
    for (const [window, seconds] of [[Duration.minutes(30), 1800], [Duration.seconds(0), 0]] as const) {
      const out = synthCluster({ autoscaling: { ...A, scaleDownStabilization: window } }).manifests;
      expect(find(out, 'HorizontalPodAutoscaler', 'broker').spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(seconds);
    }
  });

  test('the StatefulSet carries no replicas, and everything else as without autoscaling', () => {
    const statefulSet = find(manifests, 'StatefulSet', 'broker');
    expect('replicas' in statefulSet.spec).toBe(false);
    const fixed = find(synthCluster({ replicas: 3 }).manifests, 'StatefulSet', 'broker');
    expect(fixed.spec.replicas).toBe(3);
    const { replicas: _replicas, ...rest } = fixed.spec;
    expect(statefulSet.spec).toEqual(rest);
  });

  test('the brokers request CPU, which Utilization is a share of', () => {
    expect(brokerContainer(manifests).resources.requests.cpu).toBe('4');
  });

  test('no autoscaler without the prop', () => {
    const plain = synthCluster().manifests;
    expect(plain.some((m) => m.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  test('a sizing plan: minReplicas may exceed the plan and sizes the pinned volume', () => {
    const sizing = ClusterSizing.forWorkload({ connections: 100_000, publishesPerSecond: 1000, fanOut: 2, payloadBytes: 64,
      qos: { qos0: 0, qos1: 1, qos2: 0 } });
    const out = synthCluster({ sizing, autoscaling: { ...A, minReplicas: sizing.replicas + 1, maxReplicas: sizing.replicas + 3 } }).manifests;
    expect(find(out, 'HorizontalPodAutoscaler', 'broker').spec.minReplicas).toBe(sizing.replicas + 1);
  });

  test('workload-sized storage with brokers pinned at or below minReplicas is accepted', () => {
    const out = synthCluster({ autoscaling: A, storage: StorageProfile.forWorkload({ ...WORKLOAD, brokers: 3 }) }).manifests;
    expect(find(out, 'StatefulSet', 'broker').spec.volumeClaimTemplates).toHaveLength(1);
  });

  test('nonProduction allows minReplicas not above replication', () => {
    const out = synthCluster({ nonProduction: true, autoscaling: { ...A, minReplicas: 1, maxReplicas: 2 } }).manifests;
    expect(find(out, 'HorizontalPodAutoscaler', 'broker').spec.minReplicas).toBe(1);
  });

  test.each<[string, object, string]>([
    ['operator mode', { mode: DeploymentMode.platformOperator({ schedulableNodes: 4 }), autoscaling: A },
      `${P}autoscaling is not available in operator mode: the HiveMQPlatform custom resource has no scale subresource (its CRD declares `
      + 'only status), so a HorizontalPodAutoscaler cannot target it, and one on the StatefulSet the operator derives would fight the '
      + 'operator over its replicas (got {"minReplicas":3,"maxReplicas":6,"targetCpuUtilization":70}). Remove autoscaling and set replicas, '
      + 'or use DeploymentMode.plain().'],
    ['replicas too', { replicas: 3, autoscaling: A },
      `${P}replicas cannot be set together with autoscaling: the autoscaler owns the number of brokers, and autoscaling.minReplicas is `
      + 'the first size (got 3). Remove replicas, or remove autoscaling.'],
    ['minReplicas 0', { autoscaling: { ...A, minReplicas: 0 } },
      `${P}autoscaling.minReplicas must be a whole number from 1 to 1000 (got 0). Set autoscaling.minReplicas to a whole number from 1 to 1000.`],
    ['maxReplicas 1001', { autoscaling: { ...A, maxReplicas: 1001 } },
      `${P}autoscaling.maxReplicas must be a whole number from 1 to 1000 (got 1001). Set autoscaling.maxReplicas to a whole number from 1 to 1000.`],
    ['minReplicas above maxReplicas', { autoscaling: { ...A, maxReplicas: 2 } },
      `${P}autoscaling.maxReplicas must be at least minReplicas (3) (got 2). Raise maxReplicas to 3 or more, or lower minReplicas.`],
    ['a fractional target', { autoscaling: { ...A, targetCpuUtilization: 70.5 } },
      `${P}autoscaling.targetCpuUtilization must be a whole number from 1 to 100 (got 70.5). `
      + 'Use a whole percentage of the CPU request from 1 to 100, e.g. 70.'],
    ['target 0', { autoscaling: { ...A, targetCpuUtilization: 0 } },
      `${P}autoscaling.targetCpuUtilization must be a whole number from 1 to 100 (got 0).`],
    ['target 101', { autoscaling: { ...A, targetCpuUtilization: 101 } },
      `${P}autoscaling.targetCpuUtilization must be a whole number from 1 to 100 (got 101).`],
    ['a window over the API\'s hour', { autoscaling: { ...A, scaleDownStabilization: Duration.hours(2) } },
      `${P}autoscaling.scaleDownStabilization must be a whole number of seconds from 0 to 3600 (got '1 hour 60 minutes'). `
      + 'Use Duration.seconds(n) with 0 <= n <= 3600.'],
    ['minReplicas not above replication', { autoscaling: { ...A, minReplicas: 2 } },
      `${P}autoscaling.minReplicas must be more than replication (2) in production: the autoscaler scales in down to minReplicas, and with `
      + 'no more brokers than copies one broker failure leaves some items without a copy (got 2). '
      + 'Set minReplicas to at least 3, or set nonProduction: true.'],
    ['workload storage without brokers', { autoscaling: A, storage: StorageProfile.forWorkload(WORKLOAD) },
      `${P}storage is sized from the workload for the number of brokers (StorageProfile.forWorkload without brokers), which the autoscaler `
      + 'changes: the claim template would change with it, and a StatefulSet\'s claim template cannot change after creation '
      + '(got \'StorageProfile.forWorkload({ ... })\'). Pin brokers: StorageProfile.forWorkload({ brokers: 3, ... }) (minReplicas, '
      + 'the fewest brokers the data must fit on).'],
    ['workload storage for more brokers than minReplicas', { autoscaling: A, storage: StorageProfile.forWorkload({ ...WORKLOAD, brokers: 4 }) },
      `${P}storage.brokers is more than autoscaling.minReplicas (3): the volumes are sized for 4 brokers, and after a scale-in to 3 the `
      + 'data no longer fits (got 4). Pin brokers to 3 or fewer, or raise minReplicas.'],
    ['minReplicas below a sizing plan', { autoscaling: A, sizing: ClusterSizing.forWorkload({ connections: 2_000_000,
      publishesPerSecond: 100_000, fanOut: 2, payloadBytes: 64, qos: { qos0: 0, qos1: 1, qos2: 0 } }) },
    `${P}autoscaling.minReplicas is below what the sizing plan requires (29, set by the binding constraint: cpu) (got '3'). `
      + 'Raise autoscaling.minReplicas to at least 29.'],
    ['an unknown key', { autoscaling: { ...A, replicas: 4 } }, `${P}autoscaling.replicas is not a known option of autoscaling (got 'replicas'). `
      + 'Known options: \'minReplicas\', \'maxReplicas\', \'targetCpuUtilization\', \'scaleDownStabilization\'.'],
  ])('refuses %s', (_name, props, message) => {
    expect(() => synthCluster(props)).toThrow(message);
  });

  test('HiveMQAutoscalerAtMaximum only with autoscaling, scoped to the autoscaler', () => {
    expect(alertRulesOf().rules.some((r) => r.alert === HiveMQAlert.AUTOSCALER_AT_MAXIMUM)).toBe(false);
    const rule = alertRulesOf({ autoscaling: A }).rules.find((r) => r.alert === HiveMQAlert.AUTOSCALER_AT_MAXIMUM)!;
    expect(rule.expr).toBe('kube_horizontalpodautoscaler_status_current_replicas{namespace="iot", horizontalpodautoscaler="broker"} '
      + '>= kube_horizontalpodautoscaler_spec_max_replicas{namespace="iot", horizontalpodautoscaler="broker"}');
    expect(rule.for).toBe('30m');
    expect(alertRulesOf({ autoscaling: A }, { disabled: [HiveMQAlert.AUTOSCALER_AT_MAXIMUM] }).rules
      .some((r) => r.alert === HiveMQAlert.AUTOSCALER_AT_MAXIMUM)).toBe(false);
  });

  test('HiveMQBrokersNotReady waits for a rolling restart of maxReplicas brokers', () => {
    const rule = alertRulesOf({ autoscaling: A }).rules.find((r) => r.alert === HiveMQAlert.BROKERS_NOT_READY)!;
    // 6 brokers x (10 min startup + 30 s min ready)
    expect(rule.for).toBe('63m');
  });
});
