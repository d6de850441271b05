/** The brokers' PodDisruptionBudget: one broker at a time, and never-ready brokers evictable. */
import { k8s } from 'cdk8s-plus-28';
import type { ClusterModel } from '../model/cluster-model';
import { clusterMetadata, podSelector, sideAnnotations } from './object-metadata';

export function renderPodDisruptionBudget(model: ClusterModel): k8s.KubePodDisruptionBudgetProps {
  return {
    metadata: clusterMetadata(model, model.metadata.names.podDisruptionBudget, sideAnnotations(model)),
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(1),
      selector: podSelector(model),
      // Let drains evict brokers that never became ready (beta, on by default from Kubernetes 1.27).
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
