/** The ClusterIP Services on the brokers' endpoints, the headless Service for discovery, and the pods' ServiceAccount. */
import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { ClusterModel } from '../model/cluster-model';
import { clusterMetadata } from './object-metadata';

/** A Service that selects the brokers, before the selector is known (the operator fills it in for its `spec.services`). */
export interface BrokerService {
  readonly metadata: ApiObjectMetadata;
  readonly spec: k8s.ServiceSpec;
}

/** A Service of the cluster and the construct id it is added under (ids are a public contract: they name objects). */
export interface RenderedService {
  readonly id: string;
  readonly service: BrokerService;
}

/**
 * ClusterIP Services on the brokers' endpoints: MQTT listeners without PROXY protocol, Control Center, REST API, metrics.
 * In plain mode they become Service objects, in operator mode entries of the HiveMQPlatform's `spec.services`.
 */
export function renderEndpointServices(model: ClusterModel): RenderedService[] {
  const inClusterListeners = model.endpoints.listeners.filter((listener) => !listener.proxyProtocol);
  const endpoints: Array<{ id: string; name: string; ports: Array<{ name: string; port: number }>; affinity?: string; component?: string }> = [
    ...(inClusterListeners.length
      ? [{
        id: 'Service', name: model.metadata.names.service,
        ports: inClusterListeners.map((listener) => ({ name: listener.name, port: listener.port })),
      }]
      : []),
    // The Control Center keeps its session on one broker (HiveMQ's chart defaults it to ClientIP affinity).
    ...(model.endpoints.controlCenter ? [{
      id: 'ControlCenterService', name: `${model.metadata.name}-control-center`,
      ports: [{ name: 'cc', port: model.endpoints.controlCenter.port }], affinity: 'ClientIP',
    }] : []),
    ...(model.endpoints.restApi ? [{
      id: 'RestApiService', name: `${model.metadata.name}-rest-api`, ports: [{ name: 'rest', port: model.endpoints.restApi.port }],
    }] : []),
    ...(model.monitoring
      ? [{
        id: 'MetricsService', name: `${model.metadata.name}-metrics`, ports: [{ name: 'metrics', port: model.monitoring.port }],
        component: 'metrics',
      }]
      : []),
  ];
  return endpoints.map((endpoint) => ({
    id: endpoint.id,
    service: {
      metadata: {
        name: endpoint.name,
        labels: { ...model.metadata.labels, ...(endpoint.component ? { 'app.kubernetes.io/component': endpoint.component } : {}) },
      },
      spec: {
        type: 'ClusterIP',
        sessionAffinity: endpoint.affinity,
        ports: endpoint.ports.map((port) => ({
          name: port.name, port: port.port, targetPort: k8s.IntOrString.fromString(port.name), protocol: 'TCP',
        })),
      },
    },
  }));
}

/** A plain-mode Service object selecting the brokers. */
export function renderBrokerService(model: ClusterModel, service: BrokerService): k8s.KubeServiceProps {
  return { metadata: service.metadata, spec: { ...service.spec, selector: { ...model.metadata.selectorLabels } } };
}

/** Headless Service (plain mode): StatefulSet identity and the DNS records the discovery extension resolves. */
export function renderHeadlessService(model: ClusterModel): k8s.KubeServiceProps {
  return {
    metadata: clusterMetadata(model, model.metadata.names.headlessService),
    spec: {
      clusterIp: 'None',
      // Starting brokers must find each other before they are ready.
      publishNotReadyAddresses: true,
      selector: { ...model.metadata.selectorLabels },
      ports: [{ name: 'cluster', port: model.endpoints.clusterPort, targetPort: k8s.IntOrString.fromString('cluster'), protocol: 'TCP' }],
    },
  };
}

/** The pods' ServiceAccount (plain mode; the operator creates its own), without an API token. */
export function renderServiceAccount(model: ClusterModel): k8s.KubeServiceAccountProps {
  const annotations = model.customization.serviceAccountAnnotations;
  return {
    metadata: clusterMetadata(model, model.metadata.names.serviceAccount, Object.keys(annotations).length ? { ...annotations } : undefined),
    automountServiceAccountToken: false,
  };
}
