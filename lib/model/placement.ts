/** The placement area: where the brokers run (affinity, spread, node selector, tolerations, priority) and how long they get to start and stop. */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { Placement } from '../cluster/placement';
import { Validator } from '../validation/validator';
import { PlacementModel } from './cluster-model';
import { list } from './optional-values';
import { TOLERATION_KEYS } from './option-keys';

/** At most one broker per node, so a node failure takes at most one broker. */
export const DEFAULT_ANTI_AFFINITY = Placement.REQUIRED;
/** Spread evenly where zones exist, still schedulable on clusters without zone labels. */
export const DEFAULT_ZONE_SPREAD = Placement.PREFERRED;
/** HiveMQ's legacy operator ("Wait longer for replication tasks"); the broker exits as soon as it is done. */
export const DEFAULT_TERMINATION_GRACE_PERIOD = Duration.hours(1);
export const DEFAULT_MIN_READY_TIME = Duration.seconds(30);
export const DEFAULT_STARTUP_TIMEOUT = Duration.minutes(10);
/** Below this a stopping broker cannot hand its sessions and queues to the others before it is killed. */
const PRODUCTION_MIN_GRACE_SECONDS = 60;
const WEEK_SECONDS = 86400 * 7;

/** Node selector, tolerations and the two spreads (the image pull policy is checked between them and the rest, see resolveCluster). */
export function resolveScheduling(validator: Validator, props: HiveMQClusterProps)
  : Pick<PlacementModel, 'nodeSelector' | 'tolerations' | 'antiAffinity' | 'zoneSpread'> {
  const nodeSelector = validator.labels('nodeSelector', props.nodeSelector ?? {});
  const tolerations = (list(validator, 'tolerations', props.tolerations) ?? [])
    .map((toleration, index) => checkToleration(validator, `tolerations[${index}]`, toleration));
  const antiAffinity = validator.oneOf('antiAffinity', props.antiAffinity ?? DEFAULT_ANTI_AFFINITY, Object.values(Placement));
  const zoneSpread = validator.oneOf('zoneSpread', props.zoneSpread ?? DEFAULT_ZONE_SPREAD, Object.values(Placement));
  return { nodeSelector, tolerations, antiAffinity, zoneSpread };
}

/** Priority class and the broker's lifecycle times. */
export function resolveLifecycle(validator: Validator, props: HiveMQClusterProps, nonProduction: boolean)
  : Pick<PlacementModel, 'priorityClassName' | 'terminationGracePeriodSeconds' | 'minReadySeconds' | 'startupTimeoutSeconds'> {
  const priorityClassName = props.priorityClassName === undefined ? undefined
    : validator.dns1123Subdomain('priorityClassName', props.priorityClassName);
  const terminationGracePeriodSeconds = validator.seconds('terminationGracePeriod', props.terminationGracePeriod ?? DEFAULT_TERMINATION_GRACE_PERIOD,
    1, WEEK_SECONDS);
  if (terminationGracePeriodSeconds < PRODUCTION_MIN_GRACE_SECONDS && !nonProduction) {
    validator.fail('terminationGracePeriod', `is below the production minimum of ${PRODUCTION_MIN_GRACE_SECONDS} seconds: a stopping broker is `
      + 'killed before it has handed its sessions and queued messages to the others, and clients lose them', `${terminationGracePeriodSeconds}s`,
    'Leave it unset (1 hour; the broker exits as soon as it is done), use at least Duration.seconds(60), or set nonProduction: true.');
  }
  const minReadySeconds = validator.seconds('minReadyTime', props.minReadyTime ?? DEFAULT_MIN_READY_TIME, 0, 3600);
  const startupTimeoutSeconds = validator.seconds('startupTimeout', props.startupTimeout ?? DEFAULT_STARTUP_TIMEOUT, 10, 86400);
  return { priorityClassName, terminationGracePeriodSeconds, minReadySeconds, startupTimeoutSeconds };
}

/**
 * A toleration, to the API server's rules (k8s.io/kubernetes pkg/apis/core/validation ValidateTolerations): a qualified key,
 * or no key with operator Exists; a label value with Equal, none with Exists; tolerationSeconds only with NoExecute.
 */
function checkToleration(validator: Validator, prop: string, toleration: k8s.Toleration): k8s.Toleration {
  validator.keys(prop, toleration, TOLERATION_KEYS);
  const operator = validator.oneOf(`${prop}.operator`, toleration.operator ?? 'Equal', ['Equal', 'Exists']);
  if (toleration.effect !== undefined) validator.oneOf(`${prop}.effect`, toleration.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  const hasKey = toleration.key !== undefined && toleration.key !== '';
  if (hasKey) validator.qualifiedName(`${prop}.key`, toleration.key, 'Use the taint\'s key, e.g. \'dedicated\' or \'example.com/pool\'.');
  if (!hasKey && operator !== 'Exists') {
    validator.fail(`${prop}.operator`, 'must be Exists when key is empty (a toleration without a key matches every taint)', operator,
      'Set the taint\'s key, or operator: \'Exists\'.');
  }
  if (operator === 'Exists' && toleration.value) {
    validator.fail(`${prop}.value`, 'must be empty with operator Exists', toleration.value, 'Remove the value or use operator Equal.');
  }
  if (operator === 'Equal' && toleration.value !== undefined) validator.labelValue(`${prop}.value`, toleration.value, 'Use the taint\'s value.');
  if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
    validator.fail(`${prop}.tolerationSeconds`, 'only applies with effect NoExecute', toleration.tolerationSeconds,
      'Set effect: \'NoExecute\' or remove tolerationSeconds.');
  }
  if (toleration.tolerationSeconds !== undefined && !Number.isSafeInteger(toleration.tolerationSeconds)) {
    validator.fail(`${prop}.tolerationSeconds`, 'must be a whole number of seconds (the API field is an integer)', toleration.tolerationSeconds,
      'Use e.g. 300.');
  }
  return { ...toleration };
}
