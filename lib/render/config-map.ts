/** The config ConfigMap: config.xml and, in plain mode with monitoring, the Prometheus extension's properties. */
import { k8s } from 'cdk8s-plus-28';
import type { ClusterModel } from '../model/cluster-model';
import { protectionAnnotations } from '../operator/operator-renderer';
import { renderConfigXml, renderPrometheusProperties } from './config-xml';
import { clusterMetadata, isOperatorMode } from './object-metadata';
import { CONFIG_KEY, PROMETHEUS_KEY } from './pod-template';

/** The ConfigMap object; `data` is passed in because it is rendered at synthesis, from the final model. */
export function renderConfigMap(model: ClusterModel, data: Record<string, string>): k8s.KubeConfigMapProps {
  // A protected workload pointing at a pruned ConfigMap breaks at its next restart: protect both or neither.
  const annotations = model.mode.deletionProtection ? protectionAnnotations(-1)
    : isOperatorMode(model) ? { 'argocd.argoproj.io/sync-wave': '-1' } : undefined;
  return { metadata: clusterMetadata(model, model.metadata.names.configMap, annotations), data };
}

/** Every file of the ConfigMap. */
export function renderConfigData(model: ClusterModel): Record<string, string> {
  // In operator mode the operator configures its own Prometheus extension from metricsPort and metricsPath.
  const prometheus: Record<string, string> = model.monitoring && !isOperatorMode(model)
    ? { [PROMETHEUS_KEY]: renderPrometheusProperties(model.monitoring) } : {};
  return { [CONFIG_KEY]: renderConfigXml(model), ...prometheus };
}
