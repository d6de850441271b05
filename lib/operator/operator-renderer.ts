/**
 * Operator mode: the same pod the plain renderer builds, minus what the HiveMQ Platform Operator owns (hivemq/helm-charts
 * charts/hivemq-platform templates): the start command, probes, init containers (discovery, extensions, the writable home copy),
 * the config mount (the operator mounts config.xml at /opt/hivemq/conf-k8s/) and the discovery environment.
 */
import { k8s } from 'cdk8s-plus-28';
import { HIVEMQ } from '../model/cluster-model';
import type { ClusterModel } from '../model/cluster-model';
import { VOLUMES } from '../render/pod-template';

/** The label the operator sets on every platform pod (hivemq/helm-charts IT HelmLegacyStatefulSetMigrationIT). */
const PLATFORM_LABEL = 'hivemq-platform';

const OPERATOR_OWNED_ENV = ['HIVEMQ_BIND_ADDRESS', 'POD_NAMESPACE', 'HIVEMQ_DNS_DISCOVERY_ADDRESS', 'HIVEMQ_DNS_DISCOVERY_TIMEOUT',
  'HIVEMQ_DNS_RELOAD_INTERVAL', 'HIVEMQ_LOG_LEVEL'];
// The operator mounts an extension's configuration itself (spec.extensions[].secretName), so ours go too.
const operatorOwnedVolume = (name: string) => [VOLUMES.home, VOLUMES.log, VOLUMES.tmp, VOLUMES.config].includes(name as never)
  || /^extension-\d+-config$/.test(name);

export function forOperator(template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
  const spec = template.spec!;
  const [broker, ...others] = spec.containers;
  return {
    // No config hash: the operator restarts the brokers itself when the config ConfigMap changes.
    metadata: { labels: template.metadata?.labels },
    spec: {
      ...spec,
      // The operator creates and validates the pod's ServiceAccount (it needs pods get/patch/update).
      serviceAccountName: undefined,
      automountServiceAccountToken: undefined,
      initContainers: undefined,
      volumes: nonEmpty(spec.volumes?.filter((v) => !operatorOwnedVolume(v.name))),
      containers: [{
        ...broker,
        command: undefined,
        startupProbe: undefined,
        livenessProbe: undefined,
        readinessProbe: undefined,
        env: broker.env?.filter((e) => !OPERATOR_OWNED_ENV.includes(e.name)),
        volumeMounts: broker.volumeMounts?.filter((mnt) => !operatorOwnedVolume(mnt.name)),
        // The operator's init app writes into /opt/hivemq/operator/bin at run time (HiveMQ Platform Operator 1.3.0 changelog).
        securityContext: { ...broker.securityContext, readOnlyRootFilesystem: false },
      }, ...others],
    },
  };
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list?.length ? list : undefined;
}

/** GitOps annotations that keep Argo CD, Flux, kapp (and Helm) from pruning or deleting an object (Argo CD sync-options docs). */
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

/** Names the operator reserves in the pod (hivemq/helm-charts charts/hivemq-platform/templates/_helpers.tpl). */
const RESERVED_VOLUMES = ['broker-configuration'];
const RESERVED_MOUNT = '/opt/hivemq/conf-k8s';
const RESERVED_ENV = ['HIVEMQ_CLUSTERING_BOOTSTRAP'];
const LOG_LEVELS = ['DEBUG', 'ERROR', 'INFO', 'TRACE', 'WARN']; // the CRD's spec.logLevel enum
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The checks the operator makes only when it reconciles (status.state: ERROR), or never (hivemq/helm-charts _helpers.tpl and the CRD), run on
 * the rendered custom resource and config.xml. Returns the problems; the construct fails synthesis on any.
 */
export function checkPlatform(cr: any, configXml: string): string[] {
  const out: string[] = [];
  const spec = cr.spec ?? {};
  const pod = spec.statefulSet?.spec?.template?.spec ?? {};
  const broker = (pod.containers ?? [])[0];
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(cr.metadata?.name ?? '') || `hivemq-${cr.metadata?.name}-cluster`.length > 63) {
    out.push(`platform name '${cr.metadata?.name}' must be a DNS-1035 label short enough for hivemq-<name>-cluster (63 characters)`);
  }
  if (broker?.name !== 'hivemq') out.push('the broker container must be named hivemq and come first');
  const ports: Array<{ name: string; containerPort: number }> = broker?.ports ?? [];
  for (const p of ports) {
    if (!IANA_SVC_NAME.test(p.name)) out.push(`container port name '${p.name}' must be an IANA service name of at most 15 characters`);
    if (!(p.containerPort >= 1 && p.containerPort <= 65535)) out.push(`container port ${p.containerPort} is out of range`);
  }
  if (new Set(ports.map((p) => p.containerPort)).size !== ports.length) out.push('container ports must be unique');
  for (const svc of spec.services ?? []) {
    const name = svc.metadata?.name ?? '';
    if (!DNS1035.test(name)) out.push(`Service name '${name}' must be a DNS-1035 label of at most 63 characters`);
    if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(svc.spec?.type ?? 'ClusterIP')) out.push(`Service ${name}: type ${svc.spec?.type} is not allowed`);
    if (svc.spec?.externalTrafficPolicy && !['NodePort', 'LoadBalancer'].includes(svc.spec?.type)) {
      out.push(`Service ${name}: externalTrafficPolicy only applies to NodePort and LoadBalancer Services`);
    }
    for (const p of svc.spec?.ports ?? []) {
      if (!ports.some((c) => c.name === p.targetPort)) out.push(`Service ${name}: targetPort '${p.targetPort}' is not a port of the hivemq container`);
    }
  }
  if (spec.logLevel !== undefined && !LOG_LEVELS.includes(spec.logLevel)) out.push(`logLevel ${spec.logLevel} is not in the CRD's enum (${LOG_LEVELS.join(', ')})`);
  if ((pod.volumes ?? []).some((v: any) => RESERVED_VOLUMES.includes(v.name))) out.push('the volume name broker-configuration is reserved by the operator');
  if ((broker?.volumeMounts ?? []).some((m: any) => m.mountPath.startsWith(RESERVED_MOUNT))) out.push(`the mount path ${RESERVED_MOUNT}/ is reserved by the operator`);
  if ((broker?.env ?? []).some((e: any) => RESERVED_ENV.includes(e.name))) out.push(`the env var ${RESERVED_ENV.join(', ')} is reserved by the operator`);
  // config.xml must be what the operator expects of it.
  const flat = configXml.replace(/\s+/g, '');
  if (!/<cluster>.*<enabled>true<\/enabled>.*<discovery><extension\/><\/discovery>.*<\/cluster>/.test(flat)) {
    out.push('config.xml must enable the cluster with extension discovery');
  }
  const health = spec.healthApiPort ?? HIVEMQ.healthPort;
  if (!flat.includes(`<health-api><enabled>true</enabled><listeners><http><port>${health}</port><bind-address>0.0.0.0</bind-address>`)) {
    out.push(`config.xml must enable the health API on 0.0.0.0:${health} (spec.healthApiPort)`);
  }
  const listenerPorts = [...flat.matchAll(/<(?:tls-)?(?:tcp|websocket)-listener><port>(\d+)<\/port>/g)].map((x) => Number(x[1]));
  for (const reserved of [HIVEMQ.clusterPort, spec.operatorRestApiPort ?? HIVEMQ.operatorPort, health]) {
    if (listenerPorts.includes(reserved)) out.push(`config.xml has a listener on the reserved port ${reserved}`);
  }
  if (spec.metricsPort && !ports.some((p) => p.containerPort === spec.metricsPort)) out.push(`metricsPort ${spec.metricsPort} is not a port of the hivemq container`);
  return out;
}
