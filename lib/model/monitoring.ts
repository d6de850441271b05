/** The monitoring area: the Prometheus metrics endpoint, the ServiceMonitor, the Grafana dashboard and the hand-off to the alert rules. */
import { Duration } from 'cdk8s';
import { ExtensionSource } from '../cluster/extension-source';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { prometheusObjectLabels, resolveAlerts } from '../monitoring/alert-rules';
import { ClusterSizing } from '../sizing/cluster-sizing';
import { Validator } from '../validation/validator';
import { ClusterModel, MonitoringModel } from './cluster-model';
import { resolveExtensionSource } from './extensions';

/** The Prometheus extension's release zip from GitHub, SHA-256 checked. */
export const DEFAULT_METRICS_SOURCE = ExtensionSource.prometheusRelease();
/** HiveMQ's chart and the Prometheus extension's default. */
export const DEFAULT_METRICS_PORT = 9399;
/** The Prometheus extension's default. */
export const DEFAULT_METRICS_PATH = '/metrics';
/** HiveMQ's chart. */
export const DEFAULT_SCRAPE_INTERVAL = Duration.seconds(15);
export const DEFAULT_SERVICE_MONITOR = false;

/** The metrics endpoint, ServiceMonitor and dashboard; undefined without props.monitoring. Alerts follow in {@link resolveMonitoringAlerts}. */
export function resolveMonitoring(validator: Validator, props: HiveMQClusterProps, namespace: string | undefined): MonitoringModel | undefined {
  const options = props.monitoring;
  const prometheusLabels = prometheusObjectLabels(validator, 'monitoring.prometheusLabels', options?.prometheusLabels, {});
  const metrics = options && {
    port: validator.integer('monitoring.port', options.port ?? DEFAULT_METRICS_PORT, 1024, 65535),
    path: options.path ?? DEFAULT_METRICS_PATH,
    source: resolveExtensionSource(validator, options.source ?? DEFAULT_METRICS_SOURCE, 'monitoring.source'),
    serviceMonitor: validator.boolean('monitoring.serviceMonitor', options.serviceMonitor, DEFAULT_SERVICE_MONITOR) ? {
      intervalSeconds: validator.seconds('monitoring.scrapeInterval', options.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL, 1, 3600),
      labels: prometheusObjectLabels(validator, 'monitoring.serviceMonitorLabels', options.serviceMonitorLabels, prometheusLabels),
    } : undefined,
    prometheusLabels,
  };
  if (options?.prometheusLabels !== undefined && !options.serviceMonitor && !options.alerts) {
    validator.failRule('monitoring.prometheusLabels only apply with serviceMonitor: true or alerts. Set one of them, or remove the labels.');
  }
  if (metrics && !/^\/[A-Za-z0-9._~/-]*$/.test(metrics.path)) {
    validator.fail('monitoring.path', 'must be an absolute URL path', metrics.path, 'Use e.g. \'/metrics\'.');
  }
  if (options?.grafanaDashboard && !namespace) {
    validator.failRule('monitoring.grafanaDashboard needs the namespace of the cluster\'s chart, to scope the dashboard\'s queries. '
      + 'Set namespace on the Chart.');
  }
  if (!options?.grafanaDashboard && options?.grafanaDashboardNamespace) {
    validator.failRule('monitoring.grafanaDashboardNamespace only applies with grafanaDashboard: true. Set it, or remove the namespace.');
  }
  const grafanaDashboard = options?.grafanaDashboard ? {
    namespace: options.grafanaDashboardNamespace === undefined ? undefined
      : validator.namespace('monitoring.grafanaDashboardNamespace', options.grafanaDashboardNamespace,
        'Use the namespace your Grafana sidecar watches.'),
  } : undefined;
  if (options && !options.serviceMonitor && (options.scrapeInterval || options.serviceMonitorLabels)) {
    validator.failRule('monitoring.scrapeInterval and serviceMonitorLabels only apply with serviceMonitor: true. Set it, or remove them.');
  }
  return metrics && { ...metrics, grafanaDashboard };
}

/** The model with its alert rules, which are derived from the rest of the model (replicas, timeouts, memory, storage). */
export function resolveMonitoringAlerts(validator: Validator, props: HiveMQClusterProps, model: ClusterModel, plan: ClusterSizing | undefined)
  : ClusterModel {
  const alertOptions = props.monitoring?.alerts;
  if (!alertOptions || !model.monitoring) return model;
  return { ...model, monitoring: { ...model.monitoring, alerts: resolveAlerts(validator, alertOptions, model, plan) } };
}
