/** The brokers' StatefulSet (plain mode) and the storage parts the HiveMQPlatform's embedded StatefulSet shares with it. */
import { k8s } from 'cdk8s-plus-28';
import type { ClusterModel } from '../model/cluster-model';
import { quantity } from '../model/resolve-cluster';
import { protectionAnnotations } from '../operator/operator-renderer';
import { StorageKind } from '../storage/storage-profile';
import { clusterMetadata, isOperatorMode, podSelector } from './object-metadata';
import { VOLUMES } from './pod-template';

/** The data volume's claim template, with persistent storage. */
export function renderVolumeClaimTemplates(model: ClusterModel): k8s.KubePersistentVolumeClaimProps[] | undefined {
  if (model.storage.kind !== StorageKind.PERSISTENT) return undefined;
  return [{
    // Selector labels only: a claim template cannot change after creation (and GitOps tracking labels must stay off it).
    metadata: { name: VOLUMES.data, labels: isOperatorMode(model) ? undefined : { ...model.metadata.selectorLabels } },
    spec: {
      accessModes: [model.storage.accessMode],
      storageClassName: model.storage.storageClassName,
      volumeMode: 'Filesystem',
      resources: { requests: { storage: quantity(model.storage.sizeBytes) } },
    },
  }];
}

/** What happens to the claims when the StatefulSet is deleted or scaled down, with persistent storage. */
export function renderClaimRetention(model: ClusterModel): k8s.StatefulSetPersistentVolumeClaimRetentionPolicy | undefined {
  return model.storage.kind === StorageKind.PERSISTENT ? { whenDeleted: model.storage.whenDeleted, whenScaled: model.storage.whenScaled } : undefined;
}

/**
 * The StatefulSet of plain mode. `template` is passed in because it is rendered at synthesis (from the final model, with
 * the config hash); every file of the ConfigMap counts, since subPath mounts never see updates and any change must roll the brokers.
 */
export function renderStatefulSet(model: ClusterModel, template: k8s.PodTemplateSpec): k8s.KubeStatefulSetProps {
  return {
    metadata: clusterMetadata(model, model.metadata.names.statefulSet, model.mode.deletionProtection ? protectionAnnotations(0) : undefined),
    spec: {
      // With an autoscaler, no replicas: an applied manifest would reset the autoscaler's count on every sync (Argo CD, Flux).
      replicas: model.autoscaling ? undefined : model.resources.replicas,
      serviceName: model.metadata.names.headlessService,
      selector: podSelector(model),
      // One broker at a time, also on scale-down: removing two at once can remove both copies of an item (replication 2).
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      minReadySeconds: model.placement.minReadySeconds,
      template,
      persistentVolumeClaimRetentionPolicy: renderClaimRetention(model),
      volumeClaimTemplates: renderVolumeClaimTemplates(model),
    },
  };
}
