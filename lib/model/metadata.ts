/** The metadata area: the cluster's name, the names of its objects, and its labels. */
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { Validator } from '../validation/validator';
import { MetadataModel } from './cluster-model';

/** The operator derives hivemq-<name>-cluster (a Service name, at most 63 characters) from the platform name. */
const MAX_NAME_LENGTH_OPERATOR = 48;
const MAX_NAME_LENGTH_PLAIN = 52;
/** Labels the library sets itself (Kubernetes recommended labels). */
const MANAGED_LABELS = ['app.kubernetes.io/version', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by'];
const SELECTOR_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'];
/** Every label key the library selects or identifies its objects by. */
export const LIBRARY_LABEL_KEYS: readonly string[] = [...SELECTOR_LABELS, ...MANAGED_LABELS];

/** The base name of every object; the construct id unless props.name is set. */
export function resolveName(validator: Validator, props: HiveMQClusterProps, id: string, operator: boolean): string {
  return validator.dns1035Label('name', props.name ?? id, operator ? MAX_NAME_LENGTH_OPERATOR : MAX_NAME_LENGTH_PLAIN);
}

export function resolveMetadata(validator: Validator, props: HiveMQClusterProps, name: string, version: string): MetadataModel {
  const userLabels = validator.labels('labels', props.labels ?? {});
  const selectorLabels = { [SELECTOR_LABELS[0]]: 'hivemq', [SELECTOR_LABELS[1]]: name };
  for (const key of LIBRARY_LABEL_KEYS) {
    if (key in userLabels) validator.fail('labels', 'must not set the labels the library manages', key, 'Remove the key; the library sets it.');
  }
  const labels = {
    ...userLabels,
    ...selectorLabels,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/component': 'broker',
    'app.kubernetes.io/managed-by': 'cdk8s-hivemq',
  };
  const names = {
    statefulSet: name,
    headlessService: `${name}-cluster`,
    service: name,
    configMap: `${name}-config`,
    podDisruptionBudget: name,
    serviceAccount: name,
    horizontalPodAutoscaler: name,
  };
  return { name, names, selectorLabels, labels };
}
