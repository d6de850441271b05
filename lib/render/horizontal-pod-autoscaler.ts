/** The brokers' HorizontalPodAutoscaler (plain mode, with autoscaling): CPU-driven, one broker out at a time, bounded growth. */
import { k8s } from 'cdk8s-plus-28';
import { SCALE_DOWN_PERIOD_SECONDS, SCALE_UP_PERIOD_SECONDS, SCALE_UP_PODS } from '../model/autoscaling';
import type { ClusterModel } from '../model/cluster-model';
import { clusterMetadata } from './object-metadata';

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
      metrics: [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCpuUtilization } },
      }],
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
