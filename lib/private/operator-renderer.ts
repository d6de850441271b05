/**
 * Operator mode: the same pod the plain renderer builds, minus what the HiveMQ Platform Operator owns (shared/reference/
 * operator-mode.md §7.2): the start command, probes, init containers (discovery, extensions, the writable home copy),
 * the config mount (the operator mounts config.xml at /opt/hivemq/conf-k8s/) and the discovery environment.
 */
import { k8s } from 'cdk8s-plus-28';
import type { ClusterModel } from './model';
import { VOLUMES } from './pod-template';

/** The label the operator sets on every platform pod (hivemq/helm-charts IT HelmLegacyStatefulSetMigrationIT). */
export const PLATFORM_LABEL = 'hivemq-platform';

const OPERATOR_OWNED_ENV = ['HIVEMQ_BIND_ADDRESS', 'POD_NAMESPACE', 'HIVEMQ_DNS_DISCOVERY_ADDRESS', 'HIVEMQ_DNS_DISCOVERY_TIMEOUT',
  'HIVEMQ_DNS_RELOAD_INTERVAL', 'HIVEMQ_LOG_LEVEL'];
const OPERATOR_OWNED_VOLUMES: string[] = [VOLUMES.home, VOLUMES.log, VOLUMES.tmp, VOLUMES.config];

export function forOperator(template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
  const spec = template.spec!;
  const [broker, ...others] = spec.containers;
  return {
    metadata: template.metadata,
    spec: {
      ...spec,
      // The operator creates and validates the pod's ServiceAccount (it needs pods get/patch/update).
      serviceAccountName: undefined,
      automountServiceAccountToken: undefined,
      initContainers: undefined,
      volumes: nonEmpty(spec.volumes?.filter((v) => !OPERATOR_OWNED_VOLUMES.includes(v.name))),
      containers: [{
        ...broker,
        command: undefined,
        startupProbe: undefined,
        livenessProbe: undefined,
        readinessProbe: undefined,
        env: broker.env?.filter((e) => !OPERATOR_OWNED_ENV.includes(e.name)),
        volumeMounts: broker.volumeMounts?.filter((mnt) => !OPERATOR_OWNED_VOLUMES.includes(mnt.name)),
        // The operator's init app writes into /opt/hivemq/operator/bin at run time (operator-mode.md §8 question 4).
        securityContext: { ...broker.securityContext, readOnlyRootFilesystem: false },
      }, ...others],
    },
  };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list?.length ? list : undefined;
}

/** GitOps annotations that keep Argo CD, Flux, kapp (and Helm) from pruning or deleting an object (operator-mode.md §7.4). */
export function protectionAnnotations(wave: number, extraArgoOptions: string[] = []): Record<string, string> {
  return {
    'argocd.argoproj.io/sync-options': ['Prune=false', 'Delete=false', ...extraArgoOptions].join(','),
    'argocd.argoproj.io/sync-wave': String(wave),
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    'kapp.k14s.io/delete-strategy': 'orphan',
    'helm.sh/resource-policy': 'keep',
  };
}

/** The selector of the platform's pods in operator mode. */
export function platformSelector(m: ClusterModel): Record<string, string> {
  return { [PLATFORM_LABEL]: m.name };
}
