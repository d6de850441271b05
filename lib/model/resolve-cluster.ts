/**
 * Resolves HiveMQClusterProps into the ClusterModel: validates every prop, applies every default, derives every value once.
 * Each area has its own resolver in lib/model/ (and exports its defaults); this file only composes them, in the order the
 * props are checked, so that the first wrong prop is the one reported.
 */
import { k8s } from 'cdk8s-plus-28';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { DeploymentModeKind } from '../cluster/deployment-mode';
import { formatBytes, Validator } from '../validation/validator';
import { checkAutoscalingRails, resolveAutoscaling } from './autoscaling';
import { resolveAllowAllClients, resolveBroker } from './broker';
import { brokerEndpoints, ClusterModel, HIVEMQ } from './cluster-model';
import { resolveCustomization } from './customization';
import { resolveDiscovery } from './discovery';
import { checkPorts, resolveControlCenter, resolveListeners, resolveRestApi } from './endpoints';
import { resolveImage, resolveImagePullPolicy } from './image';
import { resolveKeepAlive } from './keep-alive';
import { resolveMetadata, resolveName } from './metadata';
import { resolveMode, resolveModeProp } from './mode';
import { resolveMonitoring, resolveMonitoringAlerts } from './monitoring';
import { resolveNetworkPolicy } from './network-policy';
import { checkOptionKeys } from './option-keys';
import { resolveLifecycle, resolveScheduling } from './placement';
import { DEFAULT_NON_PRODUCTION, resolveCompute, resolveReplicas, resolveScratch, resolveSizingPlan } from './resources';
import { resolveClusterStorage } from './storage';
import { checkCertManagerSecrets } from './tls';

export { ALLOW_ALL_FOLDER, PROMETHEUS_FOLDER } from './extensions';

export function resolveCluster(id: string, props: HiveMQClusterProps, namespace: string | undefined): ClusterModel {
  const validator = new Validator('HiveMQCluster', id);
  checkOptionKeys(validator, props);
  const modeProp = resolveModeProp(validator, props);
  const name = resolveName(validator, props, id, modeProp.kind === DeploymentModeKind.OPERATOR);
  const nonProduction = validator.boolean('nonProduction', props.nonProduction, DEFAULT_NON_PRODUCTION);
  const plan = resolveSizingPlan(validator, props);
  const autoscaling = resolveAutoscaling(validator, props, modeProp.kind);
  const { replicas, replication } = resolveReplicas(validator, props, plan, autoscaling?.minReplicas);
  const image = resolveImage(validator, props);
  const compute = resolveCompute(validator, props, plan, nonProduction);
  checkAutoscalingRails(validator, props, autoscaling, { replication, nonProduction });
  const storage = resolveClusterStorage(validator, props, plan, { replicas, replication, nonProduction });
  const resources = { replicas, replication, ...compute, ...resolveScratch(compute.heapBytes, storage) };

  const listeners = resolveListeners(validator, props, name);
  const broker = resolveBroker(validator, props);
  const controlCenter = resolveControlCenter(validator, props, name);
  const restApi = resolveRestApi(validator, props, name);
  const endpoints = { listeners, clusterPort: HIVEMQ.clusterPort, healthPort: HIVEMQ.healthPort, controlCenter, restApi };
  const monitoring = resolveMonitoring(validator, props, namespace);
  const servedEndpoints = brokerEndpoints({ endpoints, monitoring });
  checkPorts(validator, servedEndpoints, controlCenter !== undefined);
  checkCertManagerSecrets(validator, servedEndpoints.flatMap((endpoint) => (endpoint.tls ? [endpoint.tls] : [])), [
    ...(broker.licenseSecret ? [broker.licenseSecret] : []),
    ...broker.extensions.flatMap((extension) => (extension.configSecret ? [extension.configSecret] : [])),
    ...(controlCenter ? [controlCenter.credentials.secretName] : []),
  ]);

  const networkPolicy = resolveNetworkPolicy(validator, props);
  const keepAlive = resolveKeepAlive(validator, props);
  const scheduling = resolveScheduling(validator, props);
  const pullPolicy = resolveImagePullPolicy(validator, props);
  const placement = { ...scheduling, ...resolveLifecycle(validator, props, nonProduction) };
  const discovery = resolveDiscovery(validator, props);
  const metadata = resolveMetadata(validator, props, name, image.version);
  const allowAllClients = resolveAllowAllClients(validator, props);
  const mode = resolveMode(validator, modeProp, props, { replicas, antiAffinity: placement.antiAffinity, extensions: broker.extensions });
  const customization = resolveCustomization(validator, props, pullPolicy);

  const model: ClusterModel = {
    id, namespace, nonProduction, metadata, image: { ...image, pullPolicy }, resources, storage, endpoints, keepAlive, placement,
    broker: { ...broker, allowAllClients }, mode, monitoring, networkPolicy, discovery, autoscaling, customization,
  };
  return resolveMonitoringAlerts(validator, props, model, plan);
}

/** Bytes as a Kubernetes quantity. */
export function quantity(bytes: number): k8s.Quantity {
  return k8s.Quantity.fromString(formatBytes(bytes));
}
