/**
 * The broker pod, built from the model. Plain mode puts it into a StatefulSet; operator mode embeds the parts both modes
 * share into the HiveMQPlatform custom resource, so both give the brokers the same settings.
 */
import { k8s } from 'cdk8s-plus-28';
import { StorageKind } from '../storage/storage-profile';
import { Placement } from '../cluster/placement';
import { ExtensionSourceSpec } from '../cluster/extension-source-spec';
import { BIND_ADDRESS_ENV, CONTROL_CENTER_ENV, tlsEnv, tlsPath } from './config-xml';
import { ALLOW_ALL_FOLDER, PROMETHEUS_FOLDER, quantity } from '../model/resolve-cluster';
import { brokerEndpoints, ClusterModel, HIVEMQ, PodCustomizationModel, ResolvedTls, TcpKeepAliveModel } from '../model/cluster-model';
import { TcpKeepAliveMode } from '../cluster/tcp-keep-alive-mode';
import { isOperatorMode } from './object-metadata';

/** Annotation on the pod template that changes whenever config.xml changes, so the StatefulSet rolls its pods. */
const CONFIG_HASH_ANNOTATION = 'cdk8s-hivemq/config-sha256';
export const CONFIG_KEY = 'config.xml';
export const PROMETHEUS_KEY = 'prometheus-extension.properties';


/** The broker's container (the HorizontalPodAutoscaler names it). */
export const BROKER_CONTAINER = 'hivemq';
export const VOLUMES = { home: 'hivemq-home', log: 'log', tmp: 'tmp', data: 'data', config: 'config', license: 'license' } as const;
/** Secret files readable by the broker's group (GID 0) only. */
const SECRET_MODE = 0o440;
export const PATHS = {
  home: HIVEMQ.home,
  data: `${HIVEMQ.home}/data`,
  log: `${HIVEMQ.home}/log`,
  license: `${HIVEMQ.home}/license`,
  configFile: `${HIVEMQ.home}/conf/config.xml`,
  extensions: `${HIVEMQ.home}/extensions`,
  tmp: '/tmp',
  /** Where init containers see the home volume. */
  initHome: '/hivemq-home',
  /** HiveMQ CE/Enterprise start script; the image's CMD (hivemq4-docker-images base-image/Dockerfile). */
  runScript: `${HIVEMQ.home}/bin/run.sh`,
} as const;

/** Like the HiveMQ Platform Operator's own init container (helm-charts PO/values.yaml: cpu 250m, memory 100Mi). */
const INIT_RESOURCES: k8s.ResourceRequirements = {
  requests: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('100Mi') },
  limits: { cpu: k8s.Quantity.fromString('250m'), memory: k8s.Quantity.fromString('100Mi') },
};

/** Pod Security "restricted" for every container; UID 10000 / GID 0 as in the image. */
const CONTAINER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: HIVEMQ.uid,
  runAsGroup: HIVEMQ.gid,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Options of `renderPodTemplate`. */
export interface PodTemplateOptions {
  /** SHA-256 of the ConfigMap's files (plain mode): a changed config changes the template and rolls the brokers. */
  readonly configHash?: string;
}

/**
 * The brokers' pod: the parts both modes share (image, ports, resources, JVM and TLS settings, data, license and TLS
 * volumes, placement), plus in plain mode what the HiveMQ Platform Operator otherwise owns (hivemq/helm-charts
 * charts/hivemq-platform templates): the start command, probes, init containers (keep-alive sysctls, the writable home
 * copy, discovery and extensions), the config mount, the discovery environment and the ServiceAccount.
 */
export function renderPodTemplate(model: ClusterModel, options: PodTemplateOptions = {}): k8s.PodTemplateSpec {
  return withCustomization(renderLibraryPodTemplate(model, options), model.customization);
}

/**
 * The user's additions, after the library's own parts, the same in both modes: labels and annotations (the library's win,
 * and clashes were refused), env and mounts of the broker, sidecars after it, init containers after the library's, volumes,
 * and node affinity beside the pod anti-affinity.
 */
function withCustomization(template: k8s.PodTemplateSpec, customization: PodCustomizationModel): k8s.PodTemplateSpec {
  const spec = template.spec!;
  const [broker, ...others] = spec.containers;
  const initContainers = [...spec.initContainers ?? [], ...customization.initContainers];
  const volumes = [...spec.volumes ?? [], ...customization.volumes.map((added) => added.volume)];
  const annotations = { ...customization.podAnnotations, ...template.metadata?.annotations };
  return {
    metadata: {
      labels: { ...customization.podLabels, ...template.metadata?.labels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      ...spec,
      initContainers: initContainers.length ? initContainers : undefined,
      containers: [
        { ...broker, env: [...broker.env ?? [], ...customization.env], volumeMounts: [...broker.volumeMounts ?? [], ...customization.brokerMounts] },
        ...others,
        ...customization.sidecars,
      ],
      volumes: volumes.length ? volumes : undefined,
      affinity: customization.nodeAffinity ? { nodeAffinity: customization.nodeAffinity, ...spec.affinity } : spec.affinity,
    },
  };
}

/** The pod as the library alone builds it: what the user's additions are checked against (lib/render/pod-customization.ts). */
export function renderLibraryPodTemplate(model: ClusterModel, options: PodTemplateOptions = {}): k8s.PodTemplateSpec {
  const plain = !isOperatorMode(model);
  const broker: k8s.Container = {
    name: BROKER_CONTAINER,
    image: model.image.reference,
    imagePullPolicy: model.image.pullPolicy,
    ...(plain ? plainLifecycle(model) : {}),
    ports: brokerPorts(model),
    env: brokerEnv(model, plain),
    resources: { requests: brokerResources(model), limits: brokerResources(model) },
    volumeMounts: brokerMounts(model, plain),
    // In operator mode the operator's init app writes into /opt/hivemq/operator/bin at run time.
    securityContext: plain ? CONTAINER_SECURITY : { ...CONTAINER_SECURITY, readOnlyRootFilesystem: false },
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  const volumes = podVolumes(model, plain);
  const spec: k8s.PodSpec = {
    // In operator mode the operator creates and validates the pod's ServiceAccount (it needs pods get/patch/update).
    ...(plain ? { serviceAccountName: model.metadata.names.serviceAccount, automountServiceAccountToken: false } : {}),
    enableServiceLinks: false,
    terminationGracePeriodSeconds: model.placement.terminationGracePeriodSeconds,
    securityContext: podSecurity(model),
    imagePullSecrets: model.image.pullSecrets.length ? model.image.pullSecrets.map((name) => ({ name })) : undefined,
    initContainers: plain ? initContainers(model) : undefined,
    containers: [broker],
    volumes: volumes.length ? volumes : undefined,
    ...scheduling(model),
  };
  // No config hash in operator mode: the operator restarts the brokers itself when the config ConfigMap changes.
  const annotations = plain ? { annotations: { [CONFIG_HASH_ANNOTATION]: options.configHash! } } : {};
  return { metadata: { labels: { ...model.metadata.labels }, ...annotations }, spec };
}

/** Plain mode only: the start command and the probes (the operator sets its own). */
function plainLifecycle(model: ClusterModel): Pick<k8s.Container, 'command' | 'startupProbe' | 'livenessProbe' | 'readinessProbe'> {
  const healthProbe = (path: string, periodSeconds: number, timeoutSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path, port: k8s.IntOrString.fromString('health'), scheme: 'HTTP' },
    periodSeconds, timeoutSeconds, failureThreshold, successThreshold: 1,
  });
  return {
    // Start HiveMQ directly, as HiveMQ's operator does: the legacy entrypoint scripts edit files under the read-only root.
    command: [PATHS.runScript],
    startupProbe: healthProbe('/api/v1/health/liveness', 10, 5, Math.ceil(model.placement.startupTimeoutSeconds / 10)),
    livenessProbe: healthProbe('/api/v1/health/liveness', 15, 5, 4),
    readinessProbe: healthProbe('/api/v1/health/readiness', 5, 3, 3),
  };
}

function brokerPorts(model: ClusterModel): k8s.ContainerPort[] {
  return [
    ...model.endpoints.listeners.map((listener) => ({ name: listener.name, containerPort: listener.port, protocol: 'TCP' })),
    { name: 'cluster', containerPort: model.endpoints.clusterPort, protocol: 'TCP' },
    { name: 'health', containerPort: model.endpoints.healthPort, protocol: 'TCP' },
    ...(model.endpoints.controlCenter ? [{ name: 'cc', containerPort: model.endpoints.controlCenter.port, protocol: 'TCP' }] : []),
    ...(model.endpoints.restApi ? [{ name: 'rest', containerPort: model.endpoints.restApi.port, protocol: 'TCP' }] : []),
    ...(model.monitoring ? [{ name: 'metrics', containerPort: model.monitoring.port, protocol: 'TCP' }] : []),
  ];
}

/** JVM, JMX, TLS and Control Center settings in both modes; bind address, discovery and log level only in plain mode. */
function brokerEnv(model: ClusterModel, plain: boolean): k8s.EnvVar[] {
  return [
    { name: 'JAVA_OPTS', value: model.resources.javaOpts },
    // run.sh otherwise opens remote JMX on 9010 without authentication (hivemq-community-edition bin/run.sh).
    { name: 'HIVEMQ_JMX_ENABLED', value: 'false' },
    ...(plain ? [
      { name: BIND_ADDRESS_ENV, valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      // Resolved through the pod's DNS search path, so the cluster domain is never assumed (it is not always cluster.local).
      { name: 'HIVEMQ_DNS_DISCOVERY_ADDRESS', value: discoveryAddress(model) },
      { name: 'HIVEMQ_DNS_DISCOVERY_TIMEOUT', value: String(model.discovery.resolutionTimeoutSeconds) },
      { name: 'HIVEMQ_DNS_RELOAD_INTERVAL', value: String(model.discovery.reloadIntervalSeconds) },
      // Read by the image's logback.xml: <root level="${HIVEMQ_LOG_LEVEL:-INFO}"> (hivemq-community-edition conf/logback.xml).
      { name: 'HIVEMQ_LOG_LEVEL', value: model.broker.logLevel },
    ] : []),
    ...tlsEndpoints(model).flatMap((endpoint) => tlsPasswordEnv(endpoint.name, endpoint.tls)),
    ...(model.endpoints.controlCenter ? [
      secretEnv(CONTROL_CENTER_ENV.username, model.endpoints.controlCenter.credentials.secretName,
        model.endpoints.controlCenter.credentials.usernameKey),
      secretEnv(CONTROL_CENTER_ENV.passwordHash, model.endpoints.controlCenter.credentials.secretName,
        model.endpoints.controlCenter.credentials.passwordHashKey),
    ] : []),
  ];
}

/**
 * Data, license and TLS stores in both modes. Plain mode only: the writable home, log, config and tmp (the operator mounts
 * its own, and config.xml at /opt/hivemq/conf-k8s/) and the extensions' configuration (the operator mounts
 * `spec.extensions[].secretName` itself).
 */
function brokerMounts(model: ClusterModel, plain: boolean): k8s.VolumeMount[] {
  const onlyPlain = (mounts: k8s.VolumeMount[]) => (plain ? mounts : []);
  return [
    ...onlyPlain([{ name: VOLUMES.home, mountPath: PATHS.home }]),
    { name: VOLUMES.data, mountPath: PATHS.data },
    ...onlyPlain([
      { name: VOLUMES.log, mountPath: PATHS.log },
      { name: VOLUMES.config, mountPath: PATHS.configFile, subPath: CONFIG_KEY, readOnly: true },
      { name: VOLUMES.tmp, mountPath: PATHS.tmp },
    ]),
    ...(model.broker.licenseSecret ? [{ name: VOLUMES.license, mountPath: PATHS.license, readOnly: true }] : []),
    ...onlyPlain(extensionConfigs(model).map((config) => ({
      name: config.volume, mountPath: `${PATHS.extensions}/${config.folder}/conf`, readOnly: true,
    }))),
    ...tlsEndpoints(model).flatMap((endpoint) => tlsStores(endpoint).map((store) => ({
      name: store.volume, mountPath: tlsPath(endpoint.name, store.store), readOnly: true,
    }))),
    ...onlyPlain(model.monitoring ? [{
      name: VOLUMES.config, mountPath: `${PATHS.extensions}/${PROMETHEUS_FOLDER}/conf/config.properties`, subPath: PROMETHEUS_KEY, readOnly: true,
    }] : []),
  ];
}

/** The volumes behind `brokerMounts`, in the same split between shared and plain-only. */
function podVolumes(model: ClusterModel, plain: boolean): k8s.Volume[] {
  const onlyPlain = (volumes: k8s.Volume[]) => (plain ? volumes : []);
  return [
    ...onlyPlain([
      { name: VOLUMES.home, emptyDir: { sizeLimit: quantity(model.resources.homeScratchBytes) } },
      { name: VOLUMES.log, emptyDir: { sizeLimit: quantity(model.resources.logScratchBytes) } },
      { name: VOLUMES.tmp, emptyDir: { sizeLimit: quantity(model.resources.tmpScratchBytes) } },
      {
        name: VOLUMES.config,
        configMap: {
          name: model.metadata.names.configMap,
          items: [{ key: CONFIG_KEY, path: CONFIG_KEY }, ...(model.monitoring ? [{ key: PROMETHEUS_KEY, path: PROMETHEUS_KEY }] : [])],
        },
      },
    ]),
    ...(model.storage.kind === StorageKind.EPHEMERAL ? [{ name: VOLUMES.data, emptyDir: { sizeLimit: quantity(model.storage.sizeBytes) } }] : []),
    ...(model.broker.licenseSecret ? [{ name: VOLUMES.license, secret: { secretName: model.broker.licenseSecret, defaultMode: SECRET_MODE } }] : []),
    ...onlyPlain(extensionConfigs(model).map((config) => ({
      name: config.volume, secret: { secretName: config.secretName, defaultMode: SECRET_MODE },
    }))),
    ...tlsEndpoints(model).flatMap((endpoint) => tlsStores(endpoint).map((store) => ({
      name: store.volume, secret: { secretName: store.secretName, items: [{ key: store.key, path: store.key }], defaultMode: SECRET_MODE },
    }))),
  ];
}

/** Plain mode only: keep-alive sysctls (privileged variant), the writable home copy, discovery and extension installers. */
function initContainers(model: ClusterModel): k8s.Container[] {
  const homeMount = { name: VOLUMES.home, mountPath: PATHS.initHome };
  const keepAliveInit: k8s.Container[] = model.keepAlive.tcp?.mode === TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER ? [{
    // Runs in the pod's own network namespace, where the keep-alive values live; privileged because the kubelet (< 1.29)
    // does not allow these sysctls in securityContext.
    name: 'tcp-keepalive',
    image: model.keepAlive.tcp.initImage,
    imagePullPolicy: model.image.pullPolicy,
    command: ['/bin/sh', '-c', 'set -eu; for s in $SETTINGS; do sysctl -w "$s"; done'],
    env: [{ name: 'SETTINGS', value: keepAliveSysctls(model.keepAlive.tcp).map((sysctl) => `${sysctl.name}=${sysctl.value}`).join(' ') }],
    resources: INIT_RESOURCES,
    securityContext: { privileged: true, runAsUser: 0, runAsNonRoot: false, readOnlyRootFilesystem: true },
  }] : [];
  return [...keepAliveInit, {
    // run.sh refuses to start unless HIVEMQ_HOME is writable (hivemq-community-edition bin/run.sh L76-79), so the root
    // filesystem stays read-only and HIVEMQ_HOME becomes a writable copy of the image's distribution.
    name: 'hivemq-home',
    image: model.image.reference,
    imagePullPolicy: model.image.pullPolicy,
    command: ['/bin/sh', '-c', `cp -R ${PATHS.home}/. ${PATHS.initHome}/`
      // As the image's own entrypoint does for HIVEMQ_ALLOW_ALL_CLIENTS != true (hivemq4-docker-images 20_handle_envs.sh).
      + (model.broker.allowAllClients ? '' : ` && rm -rf ${PATHS.initHome}/extensions/${ALLOW_ALL_FOLDER}`)],
    resources: INIT_RESOURCES,
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [homeMount],
  },
  extensionInitContainer(model, 'dns-discovery-extension', model.discovery.source, homeMount),
  ...(model.monitoring ? [extensionInitContainer(model, 'prometheus-extension', model.monitoring.source, homeMount)] : []),
  ...model.broker.extensions.map((extension, index) => extensionInitContainer(model, `extension-${index + 1}`, extension.source, homeMount))];
}

function podSecurity(model: ClusterModel): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: HIVEMQ.uid,
    runAsGroup: HIVEMQ.gid,
    // Volumes group-owned by GID 0, the image's group, as HiveMQ's chart advises for PVCs (values.yaml L48-51).
    fsGroup: HIVEMQ.gid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
    sysctls: model.keepAlive.tcp?.mode === TcpKeepAliveMode.POD_SYSCTLS ? keepAliveSysctls(model.keepAlive.tcp) : undefined,
  };
}

/** Where the brokers may run: anti-affinity, zone spread, node selector, tolerations, priority. */
type Scheduling = Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints' | 'nodeSelector' | 'tolerations' | 'priorityClassName'>;

function scheduling(model: ClusterModel): Scheduling {
  return {
    affinity: antiAffinity(model),
    topologySpreadConstraints: model.placement.zoneSpread === Placement.NONE ? undefined : [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: model.placement.zoneSpread === Placement.REQUIRED ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...model.metadata.selectorLabels } },
    }],
    nodeSelector: Object.keys(model.placement.nodeSelector).length ? { ...model.placement.nodeSelector } : undefined,
    tolerations: model.placement.tolerations.length ? [...model.placement.tolerations] : undefined,
    priorityClassName: model.placement.priorityClassName,
  };
}

function brokerResources(model: ClusterModel): Record<string, k8s.Quantity> {
  return {
    'cpu': k8s.Quantity.fromString(`${model.resources.cpuMillis % 1000 === 0 ? model.resources.cpuMillis / 1000 : `${model.resources.cpuMillis}m`}`),
    'memory': quantity(model.resources.memoryBytes),
    'ephemeral-storage': quantity(model.resources.ephemeralStorageBytes),
  };
}

function discoveryAddress(model: ClusterModel): string {
  const domain = model.discovery.clusterDomain ? `.${model.discovery.clusterDomain}.` : '';
  return `${model.metadata.names.headlessService}.$(POD_NAMESPACE).svc${domain}`;
}

function extensionInitContainer(model: ClusterModel, name: string, source: ExtensionSourceSpec, homeMount: k8s.VolumeMount): k8s.Container {
  const common = {
    name,
    imagePullPolicy: model.image.pullPolicy,
    resources: INIT_RESOURCES,
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [homeMount],
  };
  const target = `${PATHS.initHome}/extensions`;
  if (source.kind === 'image') {
    return {
      ...common,
      image: source.image,
      command: ['/bin/sh', '-c', `set -eu; cp -R "$EXTENSION_PATH" ${target}/`],
      env: [{ name: 'EXTENSION_PATH', value: source.path }],
    };
  }
  // URL and checksum come in as env values, never spliced into the script.
  const script = DOWNLOAD_SCRIPT.replace(/\$TARGET/g, target);
  return {
    ...common,
    image: source.downloaderImage!,
    command: ['/bin/sh', '-c', script],
    env: [
      { name: 'EXTENSION_URL', value: source.url },
      { name: 'EXTENSION_SHA256', value: source.sha256 ?? '' },
    ],
  };
}

/**
 * Downloads an extension zip, checks its SHA-256 and unpacks it into $TARGET. URL and checksum come in as env values,
 * never spliced into the script. The published `.zip.sha256` holds only the hex digest (hivemq-dns-cluster-discovery-extension
 * .github/workflows/releaseExtension.yml), so it is checked to be 64 hex digits before use.
 */
export const DOWNLOAD_SCRIPT = [
  'set -eu',
  'zip=$TARGET/.download.zip',
  'get() { curl --fail --silent --show-error --location --proto =https --tlsv1.2 --connect-timeout 10 --max-time 300 '
    + '--retry 5 --retry-connrefused "$@"; }',
  'get --output "$zip" "$EXTENSION_URL"',
  'expected="${EXTENSION_SHA256:-}"',
  'if [ -z "$expected" ]; then get --output "$zip.sha256" "$EXTENSION_URL.sha256"; expected="$(cut -c1-64 "$zip.sha256")"; rm -f "$zip.sha256"; fi',
  'case "$expected" in *[!0-9a-f]*|"") echo "no SHA-256 to check $EXTENSION_URL against (got \'$expected\')" >&2; exit 1;; esac',
  '[ "${#expected}" -eq 64 ] || { echo "SHA-256 for $EXTENSION_URL has ${#expected} digits, expected 64" >&2; exit 1; }',
  'actual="$(sha256sum "$zip" | cut -c1-64)"',
  'if [ "$actual" != "$expected" ]; then echo "SHA-256 of $EXTENSION_URL is $actual, expected $expected" >&2; rm -f "$zip"; exit 1; fi',
  'unzip -o -q "$zip" -d $TARGET',
  'rm -f "$zip"',
].join('\n');

function tlsPasswordEnv(listener: string, tls: ResolvedTls): k8s.EnvVar[] {
  const env = tlsEnv(listener);
  const fromSecret = (name: string, ref: { name: string; key: string }) => secretEnv(name, ref.name, ref.key);
  return [
    fromSecret(env.keystorePassword, tls.keystore.password),
    fromSecret(env.privateKeyPassword, tls.keystore.privateKeyPassword),
    ...(tls.truststore ? [fromSecret(env.truststorePassword, tls.truststore.password)] : []),
  ];
}

/** Extensions with a configuration Secret, and the pod volume that carries it (numbered by the extension's position). */
function extensionConfigs(model: ClusterModel): Array<{ folder: string; secretName: string; volume: string }> {
  return model.broker.extensions.flatMap((e, i) => (e.configSecret
    ? [{ folder: e.folder, secretName: e.configSecret, volume: `extension-${i + 1}-config` }] : []));
}

/** Every endpoint that serves TLS: listeners, Control Center (`cc`), REST API (`rest`). */
export function tlsEndpoints(model: ClusterModel): Array<{ name: string; tls: ResolvedTls }> {
  return brokerEndpoints(model).flatMap((e) => (e.tls ? [{ name: e.name, tls: e.tls }] : []));
}

function tlsStores(
  e: { name: string; tls: ResolvedTls },
): Array<{ store: 'keystore' | 'truststore'; volume: string; secretName: string; key: string }> {
  const t = e.tls;
  return [
    { store: 'keystore' as const, volume: `tls-${e.name}-keystore`, secretName: t.keystore.secretName, key: t.keystore.key },
    ...(t.truststore
      ? [{ store: 'truststore' as const, volume: `tls-${e.name}-truststore`, secretName: t.truststore.secretName, key: t.truststore.key }] : []),
  ];
}

function keepAliveSysctls(t: TcpKeepAliveModel): k8s.Sysctl[] {
  return [
    { name: 'net.ipv4.tcp_keepalive_time', value: String(t.timeSeconds) },
    { name: 'net.ipv4.tcp_keepalive_intvl', value: String(t.intervalSeconds) },
    { name: 'net.ipv4.tcp_keepalive_probes', value: String(t.probes) },
  ];
}

function secretEnv(name: string, secretName: string, key: string): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

function antiAffinity(model: ClusterModel): k8s.Affinity | undefined {
  const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: { ...model.metadata.selectorLabels } }, topologyKey: 'kubernetes.io/hostname' };
  switch (model.placement.antiAffinity) {
    case Placement.REQUIRED: return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    case Placement.PREFERRED:
      return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    default: return undefined;
  }
}
