/** The prometheus-operator ServiceMonitor that scrapes the metrics Service, when requested. */
import { ServiceMonitorProps } from '../../imports/servicemonitor-monitoring.coreos.com';
import type { ClusterModel } from '../model/cluster-model';
import { sideAnnotations } from '../render/object-metadata';

export function renderServiceMonitor(model: ClusterModel): ServiceMonitorProps | undefined {
  const serviceMonitor = model.monitoring?.serviceMonitor;
  if (!model.monitoring || !serviceMonitor) return undefined;
  return {
    metadata: { name: model.metadata.name, labels: { ...model.metadata.labels, ...serviceMonitor.labels }, annotations: sideAnnotations(model) },
    spec: {
      // Only the metrics Service, not the others with the same selector labels.
      selector: { matchLabels: { ...model.metadata.selectorLabels, 'app.kubernetes.io/component': 'metrics' } },
      endpoints: [{ port: 'metrics', path: model.monitoring.path, interval: `${serviceMonitor.intervalSeconds}s` }],
    },
  };
}
