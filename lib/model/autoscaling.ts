/**
 * The autoscaling area: a HorizontalPodAutoscaler on the brokers' CPU, and the rails that keep scaling from losing data —
 * enough brokers for the copies, a volume size that scaling never changes, plain mode only.
 */
import { Duration } from 'cdk8s';
import { DeploymentModeKind } from '../cluster/deployment-mode';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { StorageProfile } from '../storage/storage-profile';
import { Validator } from '../validation/validator';
import { AutoscalingModel } from './cluster-model';

/**
 * Twice Kubernetes' default scale-down stabilization of 300 s (autoscaling/v2 HPAScalingRules.stabilizationWindowSeconds):
 * for MQTT a scale-in is not free — the removed broker's clients are disconnected and reconnect to the others, and its
 * share of the data is handed over and copied again — so it should follow only load that stayed low for ten minutes.
 * A choice, not a measurement.
 */
export const DEFAULT_SCALE_DOWN_STABILIZATION = Duration.minutes(10);
/**
 * At most one broker removed per this period. The StatefulSet (OrderedReady) already waits for a removed broker to exit —
 * its hand-over, up to the termination grace period — before the next; the period also lets the disconnected clients
 * reconnect to the remaining brokers and their CPU show in the metrics before the autoscaler decides again.
 */
export const SCALE_DOWN_PERIOD_SECONDS = 600;
/** At most two brokers added per two minutes: the StatefulSet starts them one by one, each ready only after startup and minReadySeconds. */
export const SCALE_UP_PODS = 2;
export const SCALE_UP_PERIOD_SECONDS = 120;
/** The API's limit for stabilizationWindowSeconds (k8s.io/api autoscaling/v2 HPAScalingRules). */
const MAX_STABILIZATION_SECONDS = 3600;
const MAX_REPLICAS = 1000;

/** The autoscaler's own props, checked before the replicas (minReplicas is the first size); undefined without props.autoscaling. */
export function resolveAutoscaling(validator: Validator, props: HiveMQClusterProps, mode: DeploymentModeKind): AutoscalingModel | undefined {
  const options = props.autoscaling;
  if (options === undefined) return undefined;
  if (mode === DeploymentModeKind.OPERATOR) {
    validator.fail('autoscaling', 'is not available in operator mode: the HiveMQPlatform custom resource has no scale subresource (its CRD '
      + 'declares only status), so a HorizontalPodAutoscaler cannot target it, and one on the StatefulSet the operator derives would '
      + 'fight the operator over its replicas', options,
    'Remove autoscaling and set replicas, or use DeploymentMode.plain().');
  }
  if (props.replicas !== undefined) {
    validator.fail('replicas', 'cannot be set together with autoscaling: the autoscaler owns the number of brokers, and '
      + 'autoscaling.minReplicas is the first size', props.replicas, 'Remove replicas, or remove autoscaling.');
  }
  const minReplicas = validator.integer('autoscaling.minReplicas', options.minReplicas, 1, MAX_REPLICAS);
  const maxReplicas = validator.integer('autoscaling.maxReplicas', options.maxReplicas, 1, MAX_REPLICAS);
  if (minReplicas > maxReplicas) {
    validator.fail('autoscaling.maxReplicas', `must be at least minReplicas (${minReplicas})`, maxReplicas,
      `Raise maxReplicas to ${minReplicas} or more, or lower minReplicas.`);
  }
  const targetCpuUtilization = validator.integer('autoscaling.targetCpuUtilization', options.targetCpuUtilization, 1, 100,
    'Use a whole percentage of the CPU request from 1 to 100, e.g. 70.');
  const scaleDownStabilizationSeconds = validator.seconds('autoscaling.scaleDownStabilization',
    options.scaleDownStabilization ?? DEFAULT_SCALE_DOWN_STABILIZATION, 0, MAX_STABILIZATION_SECONDS);
  return { minReplicas, maxReplicas, targetCpuUtilization, scaleDownStabilizationSeconds };
}

interface ClusterShape {
  readonly replication: number;
  readonly nonProduction: boolean;
}

/** The rails that need the replication and the storage profile: checked before the storage, so their message is the one reported. */
export function checkAutoscalingRails(validator: Validator, props: HiveMQClusterProps, autoscaling: AutoscalingModel | undefined,
  shape: ClusterShape): void {
  if (!autoscaling) return;
  const { minReplicas } = autoscaling;
  const { replication, nonProduction } = shape;
  if (!nonProduction && minReplicas < replication + 1) {
    validator.fail('autoscaling.minReplicas', `must be more than replication (${replication}) in production: the autoscaler scales in `
      + 'down to minReplicas, and with no more brokers than copies one broker failure leaves some items without a copy', minReplicas,
    `Set minReplicas to at least ${replication + 1}, or set nonProduction: true.`);
  }
  const workload = props.storage instanceof StorageProfile ? props.storage.workload : undefined;
  if (workload && workload.brokers === undefined) {
    validator.fail('storage', 'is sized from the workload for the number of brokers (StorageProfile.forWorkload without brokers), which the '
      + 'autoscaler changes: the claim template would change with it, and a StatefulSet\'s claim template cannot change after creation',
    'StorageProfile.forWorkload({ ... })',
    `Pin brokers: StorageProfile.forWorkload({ brokers: ${minReplicas}, ... }) (minReplicas, the fewest brokers the data must fit on).`);
  }
  if (workload?.brokers !== undefined && workload.brokers > minReplicas) {
    validator.fail('storage.brokers', `is more than autoscaling.minReplicas (${minReplicas}): the volumes are sized for ${workload.brokers} `
      + `brokers, and after a scale-in to ${minReplicas} the data no longer fits`, workload.brokers,
    `Pin brokers to ${minReplicas} or fewer, or raise minReplicas.`);
  }
}
