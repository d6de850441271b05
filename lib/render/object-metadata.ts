/** Metadata and selectors every object of a cluster shares, in both deployment modes. */
import { ApiObjectMetadata } from 'cdk8s';
import { DeploymentModeKind } from '../cluster/deployment-mode';
import type { ClusterModel } from '../model/cluster-model';
import { platformSelector } from '../operator/operator-renderer';

/** Whether the HiveMQ Platform Operator runs the brokers (a HiveMQPlatform) rather than a StatefulSet of our own. */
export function isOperatorMode(model: ClusterModel): boolean {
  return model.mode.kind === DeploymentModeKind.OPERATOR;
}

/** Metadata of an object of the cluster: its name, the cluster's labels, and optional annotations. */
export function clusterMetadata(model: ClusterModel, name: string, annotations?: Record<string, string>): ApiObjectMetadata {
  return { name, labels: { ...model.metadata.labels }, annotations };
}

/**
 * Annotations of the objects beside the workload (monitoring, NetworkPolicy, PodDisruptionBudget): in operator mode Argo CD
 * syncs them after the HiveMQPlatform (wave 1), whose CRD must exist first.
 */
export function sideAnnotations(model: ClusterModel): Record<string, string> | undefined {
  return isOperatorMode(model) ? { 'argocd.argoproj.io/sync-wave': '1' } : undefined;
}

/** The brokers' pods: in operator mode the operator labels the pods it creates with `hivemq-platform: <name>`. */
export function podSelector(model: ClusterModel): { matchLabels: Record<string, string> } {
  return { matchLabels: isOperatorMode(model) ? platformSelector(model) : { ...model.metadata.selectorLabels } };
}
