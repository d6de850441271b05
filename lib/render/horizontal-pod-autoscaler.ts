/** The brokers' HorizontalPodAutoscaler (plain mode, with autoscaling): CPU-driven, one broker out at a time, bounded growth. */
import { k8s } from 'cdk8s-plus-28';
import { SCALE_DOWN_PERIOD_SECONDS, SCALE_UP_PERIOD_SECONDS, SCALE_UP_PODS } from '../model/autoscaling';
import type { ClusterModel } from '../model/cluster-model';
import { clusterMetadata } from './object-metadata';
import { BROKER_CONTAINER } from './pod-template';

/** Undefined without autoscaling. The StatefulSet then carries no spec.replicas (see renderStatefulSet). */
export function renderHorizontalPodAutoscaler(model: ClusterModel): k8s.KubeHorizontalPodAutoscalerV2Props | undefined {
  const autoscaling = model.autoscaling;
  if (!autoscaling) return undefined;
  return {
    metadata: clusterMetadata(model, model.metadata.names.horizontalPodAutoscaler),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: model.metadata.names.statefulSet },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      // Utilization is a share of the CPU request, which the pod template always sets (requests = limits, see renderPodTemplate).
      metrics: [cpuMetric(model, { type: 'Utilization', averageUtilization: autoscaling.targetCpuUtilization })],
      behavior: {
        // Min of one policy is that policy; written out so the intent survives a second policy added later.
        scaleDown: {
          stabilizationWindowSeconds: autoscaling.scaleDownStabilizationSeconds,
          selectPolicy: 'Min',
          policies: [{ type: 'Pods', value: 1, periodSeconds: SCALE_DOWN_PERIOD_SECONDS }],
        },
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Pods', value: SCALE_UP_PODS, periodSeconds: SCALE_UP_PERIOD_SECONDS }],
        },
      },
    },
  };
}

/**
 * A Resource metric is the pod's summed CPU use over its summed requests, so a sidecar's request would change what
 * targetCpuUtilization means for the broker: with sidecars, the broker container's own (ContainerResource, autoscaling/v2,
 * kubernetes.io/blog/2023/05/02/hpa-container-resource-metric). Without them both are the same, and Resource works on every cluster.
 */
function cpuMetric(model: ClusterModel, target: k8s.MetricTargetV2): k8s.MetricSpecV2 {
  return model.customization.sidecars.length
    ? { type: 'ContainerResource', containerResource: { name: 'cpu', container: BROKER_CONTAINER, target } }
    : { type: 'Resource', resource: { name: 'cpu', target } };
}
