/**
 * The HiveMQPlatform custom resource of operator mode (hivemq/helm-charts charts/hivemq-platform): the operator creates the
 * StatefulSet, its Services and the pods' ServiceAccount from it.
 */
import { k8s } from 'cdk8s-plus-28';
import { HiveMqPlatformProps, HiveMqPlatformSpecLogLevel } from '../../imports/hivemq.com';
import { HIVEMQ } from '../model/cluster-model';
import type { ClusterModel } from '../model/cluster-model';
import { ALLOW_ALL_FOLDER } from '../model/resolve-cluster';
import { podSelector } from '../render/object-metadata';
import { renderClaimRetention, renderVolumeClaimTemplates } from '../render/stateful-set';
import type { BrokerService } from '../render/services';
import { protectionAnnotations } from './operator-renderer';

/** The custom resource without its embedded StatefulSet and Services, which are added in wire format at synthesis. */
export function renderPlatform(model: ClusterModel): HiveMqPlatformProps {
  return {
    metadata: {
      name: model.metadata.name,
      labels: { ...model.metadata.labels, ...(model.mode.selector ? { operator: model.mode.selector } : {}) },
      annotations: model.mode.deletionProtection
        ? protectionAnnotations(0, ['SkipDryRunOnMissingResource=true']) : { 'argocd.argoproj.io/sync-wave': '0' },
    },
    spec: {
      configMapName: model.metadata.names.configMap,
      logLevel: model.broker.logLevel as HiveMqPlatformSpecLogLevel,
      healthApiPort: model.endpoints.healthPort,
      operatorRestApiPort: HIVEMQ.operatorPort,
      // 0 switches metrics off, as HiveMQ's chart writes it.
      metricsPort: model.monitoring?.port ?? 0,
      metricsPath: model.monitoring?.path,
      extensions: [
        { id: ALLOW_ALL_FOLDER, enabled: model.broker.allowAllClients, extensionUri: 'preinstalled', supportsHotReload: false },
        ...model.broker.extensions.map((extension) => ({
          id: extension.folder, enabled: true, extensionUri: (extension.source as { url: string }).url, secretName: extension.configSecret,
        })),
      ],
    },
  };
}

/** The embedded `spec.statefulSet` in wire format, with the operator's pod template. */
export function renderEmbeddedStatefulSet(model: ClusterModel, template: k8s.PodTemplateSpec): { spec: unknown } {
  // selector and serviceName are the operator's (hivemq/helm-charts charts/hivemq-platform values.yaml): rendered, then left out.
  const { selector: _selector, serviceName: _serviceName, ...spec } = k8s.toJson_StatefulSetSpec({
    replicas: model.resources.replicas,
    selector: podSelector(model),
    serviceName: '',
    template,
    persistentVolumeClaimRetentionPolicy: renderClaimRetention(model),
    volumeClaimTemplates: renderVolumeClaimTemplates(model)?.map((claim) => ({ metadata: claim.metadata, spec: claim.spec })),
  })!;
  return { spec };
}

/** The embedded `spec.services` in wire format (the operator fills in each selector). */
export function renderEmbeddedServices(services: readonly BrokerService[]): unknown[] {
  return services.map((service) => ({ metadata: service.metadata, spec: k8s.toJson_ServiceSpec(service.spec) }));
}
