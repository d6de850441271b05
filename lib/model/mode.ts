/** The mode area: plain manifests, or a HiveMQPlatform for the HiveMQ Platform Operator, which owns some of what plain mode sets. */
import { Duration, Size } from 'cdk8s';
import { DeploymentMode, DeploymentModeKind } from '../cluster/deployment-mode';
import { ExtensionSource } from '../cluster/extension-source';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { Placement } from '../cluster/placement';
import { TcpKeepAliveMode } from '../cluster/tcp-keep-alive-mode';
import { Validator } from '../validation/validator';
import { ModeModel, ResolvedExtension } from './cluster-model';

export const DEFAULT_MODE = DeploymentMode.plain();
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** The mode prop, checked first: it decides how long the name may be. */
export function resolveModeProp(validator: Validator, props: HiveMQClusterProps): DeploymentMode {
  const mode = props.mode ?? DEFAULT_MODE;
  if (!(mode instanceof DeploymentMode)) {
    validator.fail('mode', 'must be a DeploymentMode', mode, 'Use DeploymentMode.plain() or DeploymentMode.platformOperator().');
  }
  return mode;
}

/** What the brokers look like to the mode: in operator mode, the props the operator owns are refused. */
interface ResolvedShape {
  readonly replicas: number;
  readonly antiAffinity: Placement;
  readonly extensions: readonly ResolvedExtension[];
}

export function resolveMode(validator: Validator, mode: DeploymentMode, props: HiveMQClusterProps, shape: ResolvedShape): ModeModel {
  if (mode.kind === DeploymentModeKind.PLAIN) return { kind: mode.kind, deletionProtection: mode.deletionProtection };
  const options = mode._options;
  checkOperatorOwned(validator, props, shape.extensions);
  if (options.selector !== undefined && !LABEL_VALUE.test(options.selector)) {
    validator.fail('mode.selector', 'must be a label value', options.selector, 'Use the operator\'s selector, e.g. \'hivemq-operator\'.');
  }
  const nodes = options.schedulableNodes === undefined ? undefined : validator.integer('mode.schedulableNodes', options.schedulableNodes, 1, 100000);
  const { replicas } = shape;
  if (shape.antiAffinity === Placement.REQUIRED && (nodes === undefined || nodes < replicas + 1)) {
    validator.fail('mode.schedulableNodes', `must be at least replicas + 1 (${replicas + 1}): the operator rolls with an extra (surge) broker, which `
      + 'required one-broker-per-node anti-affinity can only place on a free node, or every rolling restart hangs', nodes ?? 'unset',
    `State the nodes the brokers may run on (at least ${replicas + 1}), or set antiAffinity: Placement.PREFERRED.`);
  }
  if (options.operatorNamespace !== undefined) {
    validator.namespace('mode.operatorNamespace', options.operatorNamespace, 'Use the namespace the operator was installed in.');
  }
  return { kind: mode.kind, deletionProtection: mode.deletionProtection, selector: options.selector, schedulableNodes: nodes,
    operatorNamespace: options.operatorNamespace };
}

/** Props the HiveMQ Platform Operator decides itself. The message shows the value given, as every other message does. */
function checkOperatorOwned(validator: Validator, props: HiveMQClusterProps, extensions: readonly ResolvedExtension[]): void {
  const owned = (prop: string, value: unknown, why: string) => validator.fail(prop, `has no meaning in operator mode: ${why}`, value,
    `Remove ${prop}, or use DeploymentMode.plain().`);
  if (props.discovery !== undefined) owned('discovery', describe(props.discovery), 'the HiveMQ Platform Operator supplies cluster discovery itself');
  if (props.startupTimeout !== undefined) owned('startupTimeout', props.startupTimeout, 'the operator defines the probes');
  // The operator creates the pods' ServiceAccount hivemq-platform-pod-<name> with its Role and RoleBinding and validates it
  // (HiveMQ Platform Operator chart values hivemqPlatformServiceAccount.{create,validate}): annotations of ours never reach it.
  if (props.serviceAccountAnnotations !== undefined) {
    owned('serviceAccountAnnotations', props.serviceAccountAnnotations, 'the HiveMQ Platform Operator creates and owns the pods\' ServiceAccount '
      + '(hivemq-platform-pod-<name>); annotate that one through the operator\'s Helm values');
  }
  if (props.minReadyTime !== undefined) owned('minReadyTime', props.minReadyTime, 'the operator performs rolling restarts itself');
  if (props.tcpKeepAlive?.mode === TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER) {
    owned('tcpKeepAlive.mode', props.tcpKeepAlive.mode, 'the operator manages the pod\'s init containers; use POD_SYSCTLS');
  }
  if (props.monitoring?.source !== undefined) {
    owned('monitoring.source', describe(props.monitoring.source), 'the operator installs the Prometheus extension for metricsPort');
  }
  extensions.forEach((extension, index) => {
    if (extension.source.kind !== 'url') {
      owned(`extensions[${index}].source`, extension.source, 'the operator installs extensions from an extensionUri, not from an image');
    } else if (extension.source.sha256) {
      owned(`extensions[${index}].source.sha256`, extension.source.sha256, 'the operator downloads extensionUri without checking a SHA-256');
    }
  });
}

/** A value for a message: Durations and Sizes as people write them, extension sources by what they point at. */
function describe(value: unknown): unknown {
  if (value instanceof ExtensionSource) return value._spec;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Duration || value instanceof Size) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner)]));
}
