/**
 * A Grafana dashboard for one cluster, generated from the same metric names the alerts use (HiveMQ's own dashboard in
 * hivemq/helm-charts charts/hivemq-platform/files/grafana-dashboard.json queries them; its layout conventions — timeseries
 * panels, a `Prometheus` datasource variable, schemaVersion 39 — are followed, its JSON is not copied).
 */
import { k8s } from 'cdk8s-plus-28';
import { brokerMatchers, droppedMessagesRate } from './alert-rules';
import type { ClusterModel } from '../model/cluster-model';
import { sideAnnotations } from '../render/object-metadata';

/** The ConfigMap that Grafana's dashboard sidecar picks up (label `grafana_dashboard: "1"`), when requested. */
export function renderDashboardConfigMap(model: ClusterModel): k8s.KubeConfigMapProps | undefined {
  if (!model.monitoring?.grafanaDashboard) return undefined;
  return {
    metadata: {
      name: `${model.metadata.name}-grafana-dashboard`, namespace: model.monitoring.grafanaDashboard.namespace,
      labels: { ...model.metadata.labels, grafana_dashboard: '1' },
      annotations: sideAnnotations(model),
    },
    // The dashboard needs a namespace: the resolver refuses a dashboard for a chart without one.
    data: { [`hivemq-${model.metadata.name}.json`]: renderDashboard(model, model.namespace!) },
  };
}

export function renderDashboard(m: ClusterModel, namespace: string): string {
  const sel = brokerMatchers(m, namespace);
  const panels: Array<{ title: string; description: string; unit?: string; targets: Array<{ expr: string; legend: string }> }> = [
    {
      title: 'MQTT connections', description: 'Current MQTT connections per broker.',
      targets: [{ expr: `com_hivemq_networking_connections_current{${sel}}`, legend: '{{pod}}' }],
    },
    {
      title: 'Cluster nodes', description: `Cluster size as each broker sees it (expected: ${m.resources.replicas}).`,
      targets: [{ expr: `com_hivemq_cluster_nodes_count{${sel}}`, legend: '{{pod}}' }],
    },
    {
      title: 'Heap', description: 'JVM heap used and maximum per broker.', unit: 'bytes',
      targets: [
        { expr: `com_hivemq_jvm_memory_heap_used{${sel}}`, legend: '{{pod}} used' },
        { expr: `com_hivemq_jvm_memory_heap_max{${sel}}`, legend: '{{pod}} max' },
      ],
    },
    {
      title: 'Dropped messages', description: 'Dropped messages per second, by broker and reason.', unit: 'short',
      targets: [{
        expr: droppedMessagesRate(sel, 'pod, reason'),
        legend: '{{pod}} {{reason}}',
      }],
    },
    {
      title: 'Overload protection level', description: 'Above 0 while the broker throttles clients.',
      targets: [{ expr: `com_hivemq_overload_protection_level{${sel}}`, legend: '{{pod}}' }],
    },
    {
      title: 'Queued messages', description: 'Messages queued for offline or slow clients.',
      targets: [{ expr: `com_hivemq_messages_queued_count{${sel}}`, legend: '{{pod}}' }],
    },
    {
      title: 'Retained messages', description: 'Retained messages held by each broker.',
      targets: [{ expr: `com_hivemq_messages_retained_current{${sel}}`, legend: '{{pod}}' }],
    },
  ];
  const datasource = { type: 'prometheus', uid: '${Prometheus}' };
  const dashboard = {
    title: `HiveMQ ${namespace}/${m.metadata.name}`,
    uid: `hivemq-${namespace}-${m.metadata.name}`.slice(0, 40),
    tags: ['hivemq', 'mqtt'],
    editable: true,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    templating: { list: [{ name: 'Prometheus', label: 'Prometheus', type: 'datasource', query: 'prometheus', hide: 0 }] },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: p.title,
      description: p.description,
      datasource,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
      targets: p.targets.map((t, j) => ({ datasource, expr: t.expr, legendFormat: t.legend, refId: String.fromCharCode(65 + j) })),
    })),
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
