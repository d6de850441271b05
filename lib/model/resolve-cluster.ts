/** Resolves HiveMQClusterProps into the ClusterModel: validates every prop, applies every default, derives every value once. */
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-28';
import { ExtensionSource, ExtensionSourceSpec, DEFAULT_DOWNLOADER_IMAGE } from '../cluster/extension-source';
import { TcpKeepAliveMode } from '../cluster/tcp-keep-alive-mode';
import type { ControlCenterOptions, DiscoveryOptions, ExtensionOptions, HiveMQClusterProps, MonitoringOptions, NetworkPolicyOptions, RestApiOptions, TcpKeepAliveOptions } from '../cluster/hivemq-cluster-props';
import { ListenerProtocol, MqttListener } from '../cluster/listener';
import { Placement } from '../cluster/placement';
import { PvcRetention, StorageKind, StorageProfile, VolumeAccessMode } from '../storage/storage-profile';
import { ClientAuthentication, DEFAULT_CIPHER_SUITES, IssuerKind, Keystore, ListenerTlsOptions, SecretKeySelector, Truststore } from '../cluster/tls';
import { ClusterSizing } from '../sizing/cluster-sizing';
import { DeploymentMode, DeploymentModeKind } from '../cluster/deployment-mode';
import { prometheusObjectLabels, resolveAlerts } from '../monitoring/alert-rules';
import { DNS1123_SUBDOMAIN, formatBytes, IMAGE_REPOSITORY, keysOf, sizeToBytes, Validator } from '../validation/validator';
import { brokerEndpoints, ClusterModel, HIVEMQ, ResolvedCertificate, ResolvedExtension, ResolvedListener, ResolvedStorage, ResolvedTls, TcpKeepAliveModel } from './cluster-model';

/** Linux include/net/tcp.h: MAX_TCP_KEEPIDLE 32767, MAX_TCP_KEEPINTVL 32767, MAX_TCP_KEEPCNT 127. */
const KERNEL = { maxKeepIdle: 32767, maxKeepIntvl: 32767, maxKeepCnt: 127 } as const;

const GIB = 2 ** 30;
/** HiveMQ's production minimum per broker: 4 CPUs and 4 GB of RAM (docs.hivemq.com system requirements, "Minimum Hardware Requirements"). */
const PRODUCTION_MIN_CPU_MILLIS = 4000;
const PRODUCTION_MIN_MEMORY = 4 * GIB;
/**
 * The least a broker may have even with nonProduction. HiveMQ publishes no start minimum; the smallest setup it ships is its
 * platform chart's test default, `nodes.resources` cpu 1024m and memory 2048M (hivemq/helm-charts
 * charts/hivemq-platform/values.yaml, "suitable for testing", README). The floors are derived from it, not measured: 2 GiB
 * of memory (a little above 2048M = 1.91 GiB, so a 1 GiB heap at the 50 % share plus the off-heap share the KB asks for),
 * and 1 CPU (the chart's 1024m rounded down to a whole CPU: with less, the JVM's start-up, persistence recovery and
 * cluster join run throttled and can outlast the startup probe).
 */
const START_MIN_CPU_MILLIS = 1000;
const START_MIN_MEMORY = 2 * GIB;
/** Below this a stopping broker cannot hand its sessions and queues to the others before it is killed. */
const PRODUCTION_MIN_GRACE_SECONDS = 60;

export function resolveCluster(id: string, props: HiveMQClusterProps, namespace: string | undefined): ClusterModel {
  const v = new Validator('HiveMQCluster', id);
  checkOptionKeys(v, props);

  const modeProp = props.mode ?? DeploymentMode.plain();
  if (!(modeProp instanceof DeploymentMode)) v.fail('mode', 'must be a DeploymentMode', modeProp, 'Use DeploymentMode.plain() or DeploymentMode.operator().');
  const operator = modeProp.kind === DeploymentModeKind.OPERATOR;
  // The operator derives hivemq-<name>-cluster (a Service name, at most 63 characters) from the platform name.
  const name = v.dns1035Label('name', props.name ?? id, operator ? 48 : 52);
  const nonProduction = v.boolean('nonProduction', props.nonProduction, false);
  const plan = props.sizing;
  if (plan !== undefined && !(plan instanceof ClusterSizing)) v.fail('sizing', 'must be a ClusterSizing plan', plan, 'Use ClusterSizing.forWorkload({...}).');
  // A plan sets the defaults; an explicit prop may exceed it, never fall below it. The error names the rule behind the value.
  const atLeastPlan = (prop: string, value: number | undefined, planned: number | undefined, rule: string, show: (n: number) => string = String) => {
    if (value !== undefined && planned !== undefined && value < planned) {
      v.fail(prop, `is below what the sizing plan requires (${show(planned)}, set by ${rule})`, show(value),
        `Raise ${prop} to at least ${show(planned)}, or leave it unset to take the plan's value.`);
    }
    return value ?? planned;
  };
  const replicas = v.integer('replicas', atLeastPlan('replicas', props.replicas, plan?.replicas, `the binding constraint: ${plan?.binding}`) ?? 3, 1, 1000,
    'Set replicas to 1 or more (3 or more for production).');
  const replication = v.integer('replication', atLeastPlan('replication', props.replication, plan?.replication, 'the availability the plan was made for')
    ?? Math.min(2, replicas), 1, replicas,
    `Keep replication between 1 and replicas (${replicas}): HiveMQ cannot keep more copies than there are brokers.`);

  const version = props.version ?? HIVEMQ.version;
  v.imageTag('version', version);
  const repository = props.image ?? HIVEMQ.imageRepository;
  if (typeof repository !== 'string' || !IMAGE_REPOSITORY.test(repository)) {
    v.fail('image', 'must be an image repository without tag or digest', repository, 'Use e.g. \'registry.example.com/hivemq/hivemq4\' and set the tag with version.');
  }
  if (props.imageDigest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(props.imageDigest)) {
    v.fail('imageDigest', 'must be \'sha256:\' and 64 lowercase hex digits', props.imageDigest, 'Copy the digest from your registry.');
  }
  const image = `${repository}:${version}${props.imageDigest ? `@${props.imageDigest}` : ''}`;
  const imagePullSecrets = (list(v, 'imagePullSecrets', props.imagePullSecrets) ?? []).map((s, i) => v.dns1123Subdomain(`imagePullSecrets[${i}]`, s));

  const cpuMillis = atLeastPlan('cpu', props.cpu === undefined ? undefined : parseCpu(v, props.cpu), plan && plan.cpu * 1000, 'vcpuPerBroker', (m) => `${m}m`)
    ?? 4000; // Cpu.units(4), see HiveMQClusterProps.cpu
  const memoryBytes = atLeastPlan('memory', props.memory === undefined ? undefined : v.bytes('memory', props.memory, 1), plan && sizeToBytes(plan.memory),
    'the memory for the failover share of connections', formatBytes)
    ?? 8 * GIB; // see HiveMQClusterProps.memory
  const heapBytes = Math.floor(memoryBytes * HIVEMQ.heapPercent / 100);
  if (heapBytes >= HIVEMQ.maxHeapBytes) {
    v.fail('memory', `gives a heap of ${formatBytes(heapBytes)} (50 % of memory), not below HiveMQ's 32 GiB heap limit`, formatBytes(memoryBytes),
      'Use less than Size.gibibytes(64) per broker (e.g. Size.gibibytes(60)) and add replicas instead.');
  }
  // The start floor holds with nonProduction too: below it the broker does not come up, whatever the cluster is for.
  if (memoryBytes < START_MIN_MEMORY) {
    v.fail('memory', 'is below the 2 GiB a broker needs to start (a 1 GiB heap plus off-heap memory), even with nonProduction', formatBytes(memoryBytes),
      'Use at least Size.gibibytes(2) (4 GiB for production).');
  }
  if (cpuMillis < START_MIN_CPU_MILLIS) {
    v.fail('cpu', 'is below the 1 CPU a broker needs to start within its startup probe, even with nonProduction', `${cpuMillis}m`,
      'Use at least Cpu.units(1) (4 for production).');
  }
  if (!nonProduction && (cpuMillis < PRODUCTION_MIN_CPU_MILLIS || memoryBytes < PRODUCTION_MIN_MEMORY)) {
    v.fail('cpu/memory', 'are below HiveMQ\'s production minimum of 4 CPU and 4 GiB per broker',
      `${cpuMillis}m / ${formatBytes(memoryBytes)}`, 'Raise them, or set nonProduction: true for a test cluster.');
  }

  // With more brokers or copies than planned, the same workload needs a different volume: size it for the cluster as built.
  const plannedStorage = plan && plan.storageFor(replicas, replication);
  if (props.storage !== undefined) v.instance('storage', props.storage, StorageProfile, 'Use StorageProfile.persistent(), .forWorkload() or .ephemeral().');
  const storage = resolveStorage(v, props.storage ?? StorageProfile.persistent(plannedStorage ? { size: plannedStorage } : {}), replicas, replication, nonProduction);
  if (plannedStorage && (storage.kind !== StorageKind.PERSISTENT || storage.sizeBytes < sizeToBytes(plannedStorage))) {
    v.fail('storage', `is below what the sizing plan requires (a persistent ${formatBytes(sizeToBytes(plannedStorage))} volume per broker, set by the stored `
      + `workload with ${replicas} brokers and ${replication} copies)`,
      storage.kind === StorageKind.PERSISTENT ? formatBytes(storage.sizeBytes) : 'ephemeral', 'Leave storage unset to take the plan\'s, or pass a larger persistent profile.');
  }
  // Production data must survive one broker failure: at least two copies, on more brokers than copies.
  if (storage.kind === StorageKind.PERSISTENT && !nonProduction && (replication < 2 || replicas < replication + 1)) {
    v.failRule(`replicas ${replicas} with replication ${replication} cannot keep a copy of every message through one broker failure: production needs `
      + 'replication of at least 2 and more brokers than copies (e.g. replicas 3, replication 2). Adjust them, or set nonProduction: true.');
  }
  const homeScratchBytes = 1 * GIB + heapBytes;
  const logScratchBytes = 2 * GIB;
  const tmpScratchBytes = 1 * GIB;
  // Headroom for what the kubelet also counts against the limit: the container's stdout log and writable layer.
  const ephemeralStorageBytes = homeScratchBytes + logScratchBytes + tmpScratchBytes + 1 * GIB
    + (storage.kind === StorageKind.EPHEMERAL ? storage.sizeBytes : 0);

  const listeners = resolveListeners(v, list(v, 'listeners', props.listeners) ?? [MqttListener.tcp()], name);
  const licenseSecret = props.licenseSecret === undefined ? undefined : v.dns1123Subdomain('licenseSecret', props.licenseSecret);
  const extensions = (list(v, 'extensions', props.extensions) ?? []).map((e, i) => resolveExtension(v, `extensions[${i}]`, e));
  const folders = extensions.map((e) => e.folder);
  folders.forEach((f, i) => {
    if (folders.indexOf(f) !== i || [DNS_EXTENSION_FOLDER, ALLOW_ALL_FOLDER, PROMETHEUS_FOLDER].includes(f)) {
      v.fail(`extensions[${i}].folder`, 'is already used by another extension', f, 'Give every extension its own folder.');
    }
  });
  const logLevel = v.oneOf('logLevel', props.logLevel ?? 'INFO', ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']);

  const cc = props.controlCenter;
  const controlCenter = cc && {
    port: v.integer('controlCenter.port', cc.port ?? (isSet(cc.keystore) ? 8443 : HIVEMQ.controlCenterPort), 1024, 65535),
    credentials: {
      secretName: v.dns1123Subdomain('controlCenter.credentialsSecret', cc.credentialsSecret),
      usernameKey: secretKey(v, 'controlCenter', { name: cc.credentialsSecret, key: cc.usernameKey ?? 'username' }, 'usernameKey').key,
      passwordHashKey: secretKey(v, 'controlCenter', { name: cc.credentialsSecret, key: cc.passwordHashKey ?? 'password-sha256' }, 'passwordHashKey').key,
    },
    tls: isSet(cc.keystore) ? resolveTls(v, 'controlCenter', { keystore: cc.keystore }, name, 'cc') : undefined,
  };
  const ra = props.restApi;
  const restApi = ra && {
    port: v.integer('restApi.port', ra.port ?? 8888, 1024, 65535),
    authentication: v.boolean('restApi.authentication', ra.authentication, true),
    tls: isSet(ra.keystore) ? resolveTls(v, 'restApi', { keystore: ra.keystore }, name, 'rest') : undefined,
  };
  const mo = props.monitoring;
  const prometheusLabels = prometheusObjectLabels(v, 'monitoring.prometheusLabels', mo?.prometheusLabels, {});
  const monitoring = mo && {
    port: v.integer('monitoring.port', mo.port ?? 9399, 1024, 65535),
    path: mo.path ?? '/metrics',
    source: resolveSource(v, mo.source ?? ExtensionSource.prometheusRelease(), 'monitoring.source'),
    serviceMonitor: v.boolean('monitoring.serviceMonitor', mo.serviceMonitor, false) ? {
      intervalSeconds: v.seconds('monitoring.scrapeInterval', mo.scrapeInterval ?? Duration.seconds(15), 1, 3600),
      labels: prometheusObjectLabels(v, 'monitoring.serviceMonitorLabels', mo.serviceMonitorLabels, prometheusLabels),
    } : undefined,
    prometheusLabels,
  };
  if (mo?.prometheusLabels !== undefined && !mo.serviceMonitor && !mo.alerts) {
    v.failRule('monitoring.prometheusLabels only apply with serviceMonitor: true or alerts. Set one of them, or remove the labels.');
  }
  if (monitoring && !/^\/[A-Za-z0-9._~\/-]*$/.test(monitoring.path)) {
    v.fail('monitoring.path', 'must be an absolute URL path', monitoring.path, 'Use e.g. \'/metrics\'.');
  }
  if (mo?.grafanaDashboard && !namespace) {
    v.failRule('monitoring.grafanaDashboard needs the namespace of the cluster\'s chart, to scope the dashboard\'s queries. Set namespace on the Chart.');
  }
  if (!mo?.grafanaDashboard && mo?.grafanaDashboardNamespace) {
    v.failRule('monitoring.grafanaDashboardNamespace only applies with grafanaDashboard: true. Set it, or remove the namespace.');
  }
  const grafanaDashboard = mo?.grafanaDashboard ? {
    namespace: mo.grafanaDashboardNamespace === undefined ? undefined
      : v.namespace('monitoring.grafanaDashboardNamespace', mo.grafanaDashboardNamespace, 'Use the namespace your Grafana sidecar watches.'),
  } : undefined;
  if (mo && !mo.serviceMonitor && (mo.scrapeInterval || mo.serviceMonitorLabels)) {
    v.failRule('monitoring.scrapeInterval and serviceMonitorLabels only apply with serviceMonitor: true. Set it, or remove them.');
  }
  // Every port a container or Service uses must be distinct.
  const endpoints = brokerEndpoints({ listeners, controlCenter, restApi, monitoring });
  const usedPorts = endpoints.map((e): [string, number] => [e.prop, e.port]);
  // Without controlCenter, config.xml keeps HiveMQ's Control Center on its default port on the loopback interface.
  const reserved = controlCenter ? RESERVED_PORTS
    : { ...RESERVED_PORTS, [HIVEMQ.controlCenterPort]: 'the Control Center, which HiveMQ serves on 127.0.0.1 when controlCenter is not set' };
  usedPorts.forEach(([prop, port], i) => {
    if (reserved[port]) v.fail(prop, `is reserved for ${reserved[port]}`, port, 'Choose another port.');
    const other = usedPorts.findIndex(([, p]) => p === port);
    if (other !== i) v.fail(prop, `is already used by ${usedPorts[other][0]}`, port, 'Give every listener and endpoint its own port.');
  });
  // cert-manager writes the Secrets of its Certificates: none may be one the user provides, or another Certificate's.
  const tlsSources = endpoints.flatMap((e) => (e.tls ? [e.tls] : []));
  const written = tlsSources.filter((t) => t.certificate).map((t) => t.certificate!.secretName);
  const provided = [
    ...tlsSources.flatMap((t) => [t.keystore.password.name, t.keystore.privateKeyPassword.name, ...(t.truststore ? [t.truststore.secretName, t.truststore.password.name] : []),
      ...(t.certificate ? [] : [t.keystore.secretName])]),
    ...(licenseSecret ? [licenseSecret] : []),
    ...extensions.flatMap((e) => (e.configSecret ? [e.configSecret] : [])),
    ...(controlCenter ? [controlCenter.credentials.secretName] : []),
  ];
  written.forEach((name, i) => {
    if (written.indexOf(name) !== i || provided.includes(name)) {
      v.fail('tls keystore.secretName', 'is a Secret that cert-manager would write over (another Certificate or a Secret you provide uses it)', name,
        'Give every cert-manager keystore its own secretName.');
    }
  });

  const np = props.networkPolicy ?? {};
  const networkPolicy = v.boolean('networkPolicy.enabled', np.enabled, true) ? {
    mqttPeers: list(v, 'networkPolicy.mqttPeers', np.mqttPeers) && [...np.mqttPeers!],
    monitoringNamespaces: (list(v, 'networkPolicy.monitoringNamespaces', np.monitoringNamespaces) ?? []).map((n, i) => {
      return v.namespace(`networkPolicy.monitoringNamespaces[${i}]`, n, 'Use e.g. \'monitoring\'.');
    }),
    adminPeers: list(v, 'networkPolicy.adminPeers', np.adminPeers) && [...np.adminPeers!],
    extraEgress: [...(list(v, 'networkPolicy.extraEgress', np.extraEgress) ?? [])],
  } : undefined;
  const setOptions = (['mqttPeers', 'monitoringNamespaces', 'adminPeers', 'extraEgress'] as const).filter((o) => np[o] !== undefined);
  if (!networkPolicy && setOptions.length) {
    v.failRule(`networkPolicy.${setOptions.join(', networkPolicy.')} ${setOptions.length > 1 ? 'have' : 'has'} no effect when networkPolicy.enabled is false. `
      + 'Remove them, or enable the policy.');
  }
  for (const peers of ['mqttPeers', 'adminPeers'] as const) {
    // An empty `from` list means "everyone" to Kubernetes, the opposite of what an empty list looks like.
    if (np[peers]?.length === 0) v.fail(`networkPolicy.${peers}`, 'must not be empty: Kubernetes reads an empty peer list as "from anywhere"', [], `Leave ${peers} unset for the default, or list the peers.`);
    (list(v, `networkPolicy.${peers}`, np[peers]) ?? []).forEach((peer, i) => v.networkPolicyPeer(`networkPolicy.${peers}[${i}]`, peer));
  }
  (np.extraEgress ?? []).forEach((rule, i) => checkEgressRule(v, `networkPolicy.extraEgress[${i}]`, rule));

  const mqttMaxKeepAliveSeconds = v.seconds('mqttMaxKeepAlive', props.mqttMaxKeepAlive ?? Duration.seconds(300), 1, HIVEMQ.maxMqttKeepAlive);
  const tcp = props.tcpKeepAlive ?? {};
  let tcpKeepAlive: TcpKeepAliveModel | undefined;
  if (v.boolean('tcpKeepAlive.enabled', tcp.enabled, true)) {
    tcpKeepAlive = {
      mode: v.oneOf('tcpKeepAlive.mode', tcp.mode ?? TcpKeepAliveMode.POD_SYSCTLS, Object.values(TcpKeepAliveMode)),
      initImage: tcp.initImage ?? 'busybox:1.37.0',
      timeSeconds: v.seconds('tcpKeepAlive.time', tcp.time ?? Duration.seconds(300), 1, KERNEL.maxKeepIdle),
      intervalSeconds: v.seconds('tcpKeepAlive.interval', tcp.interval ?? Duration.seconds(300), 1, KERNEL.maxKeepIntvl),
      probes: v.integer('tcpKeepAlive.probes', tcp.probes ?? 2, 1, KERNEL.maxKeepCnt),
    };
    v.image('tcpKeepAlive.initImage', tcpKeepAlive.initImage);
    if (tcp.initImage && tcpKeepAlive.mode !== TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER) {
      v.failRule('tcpKeepAlive.initImage only applies with mode PRIVILEGED_INIT_CONTAINER. Remove it, or set the mode.');
    }
  } else if (tcp.time || tcp.interval || tcp.probes !== undefined || tcp.mode || tcp.initImage) {
    v.failRule('tcpKeepAlive.time, interval, probes, mode and initImage have no effect when tcpKeepAlive.enabled is false. Remove them, or enable the keep-alive.');
  }

  const nodeSelector = v.labels('nodeSelector', props.nodeSelector ?? {});
  const tolerations = (list(v, 'tolerations', props.tolerations) ?? []).map((t, i) => checkToleration(v, `tolerations[${i}]`, t));
  const antiAffinity = v.oneOf('antiAffinity', props.antiAffinity ?? Placement.REQUIRED, Object.values(Placement));
  const zoneSpread = v.oneOf('zoneSpread', props.zoneSpread ?? Placement.PREFERRED, Object.values(Placement));
  const imagePullPolicy = v.oneOf('imagePullPolicy', props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT, Object.values(ImagePullPolicy));
  const priorityClassName = props.priorityClassName === undefined ? undefined : v.dns1123Subdomain('priorityClassName', props.priorityClassName);
  const terminationGracePeriodSeconds = v.seconds('terminationGracePeriod', props.terminationGracePeriod ?? Duration.hours(1), 1, 86400 * 7);
  if (terminationGracePeriodSeconds < PRODUCTION_MIN_GRACE_SECONDS && !nonProduction) {
    v.fail('terminationGracePeriod', `is below the production minimum of ${PRODUCTION_MIN_GRACE_SECONDS} seconds: a stopping broker is killed before it `
      + 'has handed its sessions and queued messages to the others, and clients lose them', `${terminationGracePeriodSeconds}s`,
    'Leave it unset (1 hour; the broker exits as soon as it is done), use at least Duration.seconds(60), or set nonProduction: true.');
  }
  const minReadySeconds = v.seconds('minReadyTime', props.minReadyTime ?? Duration.seconds(30), 0, 3600);
  const startupTimeoutSeconds = v.seconds('startupTimeout', props.startupTimeout ?? Duration.minutes(10), 10, 86400);

  const d = props.discovery ?? {};
  const reloadIntervalSeconds = v.seconds('discovery.reloadInterval', d.reloadInterval ?? Duration.seconds(15), 1, 3600);
  const resolutionTimeoutSeconds = v.seconds('discovery.resolutionTimeout', d.resolutionTimeout ?? Duration.seconds(10), 1, 3600);
  if (resolutionTimeoutSeconds >= reloadIntervalSeconds) {
    v.fail('discovery.resolutionTimeout', `must be shorter than discovery.reloadInterval (${reloadIntervalSeconds}s), as the extension's `
      + 'config.properties advises (a query must finish before the next starts)',
      `${resolutionTimeoutSeconds}s`, 'Lower the timeout or raise the reload interval.');
  }
  if (d.clusterDomain !== undefined && (typeof d.clusterDomain !== 'string' || !DNS1123_SUBDOMAIN.test(d.clusterDomain) || d.clusterDomain.length > 200)) {
    v.fail('discovery.clusterDomain', 'must be a DNS domain such as \'cluster.local\'', d.clusterDomain, 'Use the kubelet\'s --cluster-domain value.');
  }
  const source = resolveSource(v, d.source ?? ExtensionSource.dnsDiscoveryRelease(), 'discovery.source');

  const userLabels = v.labels('labels', props.labels ?? {});
  const selectorLabels = { 'app.kubernetes.io/name': 'hivemq', 'app.kubernetes.io/instance': name };
  for (const key of [...Object.keys(selectorLabels), 'app.kubernetes.io/version', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by']) {
    if (key in userLabels) v.fail('labels', 'must not set the labels the library manages', key, 'Remove the key; the library sets it.');
  }
  const labels = {
    ...userLabels,
    ...selectorLabels,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/component': 'broker',
    'app.kubernetes.io/managed-by': 'cdk8s-hivemq',
  };

  const model: ClusterModel = {
    id,
    namespace,
    name,
    names: {
      statefulSet: name,
      headlessService: `${name}-cluster`,
      service: name,
      configMap: `${name}-config`,
      podDisruptionBudget: name,
      serviceAccount: name,
    },
    selectorLabels,
    labels,
    replicas,
    replication,
    nonProduction,
    image,
    version,
    imagePullPolicy,
    imagePullSecrets,
    cpuMillis,
    memoryBytes,
    heapBytes,
    javaOpts: `-XX:+UnlockExperimentalVMOptions -XX:InitialRAMPercentage=${HIVEMQ.heapPercent} -XX:MaxRAMPercentage=${HIVEMQ.heapPercent}`,
    storage,
    homeScratchBytes,
    logScratchBytes,
    tmpScratchBytes,
    ephemeralStorageBytes,
    listeners,
    clusterPort: HIVEMQ.clusterPort,
    healthPort: HIVEMQ.healthPort,
    mqttMaxKeepAliveSeconds,
    explicit: { mqttMaxKeepAlive: props.mqttMaxKeepAlive !== undefined, tcpKeepAliveTime: tcp.time !== undefined, tcpKeepAliveInterval: tcp.interval !== undefined },
    tcpKeepAlive,
    antiAffinity,
    zoneSpread,
    nodeSelector,
    tolerations,
    priorityClassName,
    terminationGracePeriodSeconds,
    minReadySeconds,
    startupTimeoutSeconds,
    discovery: { source, reloadIntervalSeconds, resolutionTimeoutSeconds, clusterDomain: d.clusterDomain },
    licenseSecret,
    allowAllClients: v.boolean('allowAllClients', props.allowAllClients, true),
    extensions,
    logLevel,
    mode: resolveMode(v, modeProp, props, replicas, antiAffinity, extensions),
    controlCenter,
    restApi,
    monitoring,
    grafanaDashboard,
    networkPolicy,
  };
  return mo?.alerts ? { ...model, alerts: resolveAlerts(v, mo.alerts, model, plan) } : model;
}

function resolveMode(
  v: Validator, mode: DeploymentMode, props: HiveMQClusterProps, replicas: number, antiAffinity: Placement,
  extensions: readonly ResolvedExtension[],
): ClusterModel['mode'] {
  if (mode.kind === DeploymentModeKind.PLAIN) return { kind: mode.kind, deletionProtection: mode.deletionProtection };
  const o = mode._options;
  // The message shows the value given, as every other message does.
  const owned = (prop: string, value: unknown, why: string) => v.fail(prop, `has no meaning in operator mode: ${why}`, value,
    `Remove ${prop}, or use DeploymentMode.plain().`);
  if (props.discovery !== undefined) owned('discovery', describe(props.discovery), 'the HiveMQ Platform Operator supplies cluster discovery itself');
  if (props.startupTimeout !== undefined) owned('startupTimeout', props.startupTimeout, 'the operator defines the probes');
  if (props.minReadyTime !== undefined) owned('minReadyTime', props.minReadyTime, 'the operator performs rolling restarts itself');
  if (props.tcpKeepAlive?.mode === TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER) {
    owned('tcpKeepAlive.mode', props.tcpKeepAlive.mode, 'the operator manages the pod\'s init containers; use POD_SYSCTLS');
  }
  if (props.monitoring?.source !== undefined) owned('monitoring.source', describe(props.monitoring.source), 'the operator installs the Prometheus extension for metricsPort');
  extensions.forEach((e, i) => {
    if (e.source.kind !== 'url') owned(`extensions[${i}].source`, e.source, 'the operator installs extensions from an extensionUri, not from an image');
    else if (e.source.sha256) owned(`extensions[${i}].source.sha256`, e.source.sha256, 'the operator downloads extensionUri without checking a SHA-256');
  });
  if (o.selector !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(o.selector)) {
    v.fail('mode.selector', 'must be a label value', o.selector, 'Use the operator\'s selector, e.g. \'hivemq-operator\'.');
  }
  const nodes = o.schedulableNodes === undefined ? undefined : v.integer('mode.schedulableNodes', o.schedulableNodes, 1, 100000);
  if (antiAffinity === Placement.REQUIRED && (nodes === undefined || nodes < replicas + 1)) {
    v.fail('mode.schedulableNodes', `must be at least replicas + 1 (${replicas + 1}): the operator rolls with an extra (surge) broker, which required `
      + 'one-broker-per-node anti-affinity can only place on a free node, or every rolling restart hangs', nodes ?? 'unset',
      `State the nodes the brokers may run on (at least ${replicas + 1}), or set antiAffinity: Placement.PREFERRED.`);
  }
  if (o.operatorNamespace !== undefined) v.namespace('mode.operatorNamespace', o.operatorNamespace, 'Use the namespace the operator was installed in.');
  return { kind: mode.kind, deletionProtection: mode.deletionProtection, selector: o.selector, schedulableNodes: nodes, operatorNamespace: o.operatorNamespace };
}

function parseCpu(v: Validator, cpu: Cpu): number {
  v.instance('cpu', cpu, Cpu, 'Use Cpu.units(4) or Cpu.millis(4000).');
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(cpu.amount);
  const millis = m ? (m[2] ? Number(m[1]) : Number(m[1]) * 1000) : NaN;
  if (!Number.isInteger(millis) || millis <= 0) {
    v.fail('cpu', 'must be a positive whole number of millicores', cpu.amount, 'Use Cpu.units(4) or Cpu.millis(4000).');
  }
  // More than any node offers (the largest cloud instances have fewer than 1024 vCPUs): a typo, not a plan.
  if (millis > MAX_CPU_MILLIS) v.fail('cpu', `must be at most ${MAX_CPU_MILLIS / 1000} CPUs`, cpu.amount, 'Use Cpu.units(n) with the CPUs of one broker, e.g. Cpu.units(8).');
  return millis;
}

function resolveStorage(v: Validator, profile: StorageProfile, replicas: number, replication: number, nonProduction: boolean): ResolvedStorage {
  const prop = 'storage';
  if (profile.workload) {
    // A workload far beyond any volume would otherwise surface as a size in exponent notation or a NaN.
    const needed = profile._size(replicas, replication).toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!(needed * GIB <= MAX_VOLUME_BYTES)) {
      v.fail(`${prop}.size`, `is what the workload needs per broker (StorageProfile.forWorkload with ${replicas} brokers and ${replication} copies), `
        + 'more than the 1 PiB one volume may have', `${Math.ceil(needed / 2 ** 20)} PiB`, 'Check the workload numbers, or spread the data over more brokers.');
    }
  }
  const sizeBytes = v.bytes(`${prop}.size`, profile._size(replicas, replication), 2 ** 20);
  if (profile.kind === StorageKind.PERSISTENT) {
    const minimum = 100 * GIB;
    if (sizeBytes < minimum && !profile._nonProduction && !nonProduction) {
      v.fail(`${prop}.size`, 'is below HiveMQ\'s production minimum of 100Gi per broker', formatBytes(sizeBytes),
        'Use at least Size.gibibytes(100), or pass nonProduction: true to StorageProfile.persistent() for a test cluster.');
    }
    if (profile._storageClassName !== undefined) v.dns1123Subdomain(`${prop}.storageClassName`, profile._storageClassName);
  }
  const resolved: ResolvedStorage = {
    kind: profile.kind,
    sizeBytes,
    storageClassName: profile._storageClassName,
    accessMode: v.oneOf(`${prop}.accessMode`, profile._accessMode, Object.values(VolumeAccessMode)),
    whenDeleted: v.oneOf(`${prop}.whenDeleted`, profile._whenDeleted, Object.values(PvcRetention)),
    whenScaled: v.oneOf(`${prop}.whenScaled`, profile._whenScaled, Object.values(PvcRetention)),
  };
  for (const retention of ['whenDeleted', 'whenScaled'] as const) {
    if (resolved[retention] === PvcRetention.DELETE && !profile._nonProduction && !nonProduction) {
      v.fail(`${prop}.${retention}`, `is Delete, which deletes the brokers' volumes ${retention === 'whenDeleted' ? 'with the StatefulSet' : 'on scale-down'}: `
        + 'persistent sessions, queued and retained messages are lost', resolved[retention],
      'Keep PvcRetention.RETAIN for production, or set nonProduction: true (on the cluster or the profile) for a test cluster.');
    }
  }
  return resolved;
}

const MAX_CPU_MILLIS = 1024 * 1000;
/** 1 PiB: the Validator's ceiling for any size (a larger volume is a typo). */
const MAX_VOLUME_BYTES = 2 ** 50;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const RESERVED_PORTS: Record<number, string> = {
  [HIVEMQ.clusterPort]: 'the cluster transport',
  [HIVEMQ.healthPort]: 'the health API',
  [HIVEMQ.operatorPort]: 'the HiveMQ Platform Operator REST API',
};
const RESERVED_NAMES = ['cluster', 'health', 'cc', 'rest', 'metrics'];

/** Folder of the DNS discovery extension in the release zip (hivemq-dns-cluster-discovery-extension settings.gradle.kts). */
const DNS_EXTENSION_FOLDER = 'hivemq-dns-cluster-discovery';
/** Folder of the Prometheus extension in its release zip (hivemq-prometheus-extension settings.gradle.kts). */
export const PROMETHEUS_FOLDER = 'hivemq-prometheus-extension';
/** The image's allow-all extension (hivemq4-docker-images README; HiveMQ chart values.yaml). */
export const ALLOW_ALL_FOLDER = 'hivemq-allow-all-extension';
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

function secretKey(v: Validator, prop: string, ref: SecretKeySelector, keyProp = 'key'): SecretKeySelector {
  if (!ref || typeof ref !== 'object') v.fail(prop, 'must name a Secret and a key', ref, 'Pass { name: \'my-secret\', key: \'password\' }.');
  v.dns1123Subdomain(`${prop}.name`, ref.name);
  if (typeof ref.key !== 'string' || !SECRET_KEY.test(ref.key)) {
    v.fail(`${prop}.${keyProp}`, 'must be a Secret key (letters, digits, \'-\', \'_\' and \'.\')', ref.key, 'Use the key under data: in the Secret.');
  }
  return { name: ref.name, key: ref.key };
}

const ALLOWED_PROTOCOLS = ['TLSv1.3', 'TLSv1.2'];

function resolveTls(v: Validator, prop: string, tls: ListenerTlsOptions, clusterName: string, listenerName: string): ResolvedTls {
  if (!tls.keystore) v.fail(`${prop}.keystore`, 'is required', tls.keystore, 'Pass Keystore.fromSecret({...}) or Keystore.fromCertManager({...}).');
  v.instance(`${prop}.keystore`, tls.keystore, Keystore, 'Pass Keystore.fromSecret({...}) or Keystore.fromCertManager({...}).');
  if (tls.truststore !== undefined) v.instance(`${prop}.truststore`, tls.truststore, Truststore, 'Pass Truststore.fromSecret({...}).');
  for (const listProp of ['protocols', 'cipherSuites'] as const) {
    const value = tls[listProp];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      v.fail(`${prop}.${listProp}`, 'must be a list of strings', value, listProp === 'protocols' ? 'Pass e.g. [\'TLSv1.3\'].' : 'Pass JSSE names, e.g. [\'TLS_AES_128_GCM_SHA256\'].');
    }
  }
  const clientAuthentication = v.oneOf(`${prop}.clientAuthentication`, tls.clientAuthentication ?? ClientAuthentication.NONE, Object.values(ClientAuthentication));
  let keystore: ResolvedTls['keystore'];
  let certificate: ResolvedCertificate | undefined;
  const fromSecret = tls.keystore._secret;
  const cm = tls.keystore._certManager;
  if (fromSecret) {
    const password = secretKey(v, `${prop}.keystore.password`, fromSecret.password);
    keystore = {
      secretName: v.dns1123Subdomain(`${prop}.keystore.secretName`, fromSecret.secretName),
      key: secretKey(v, `${prop}.keystore`, { name: fromSecret.secretName, key: fromSecret.key ?? 'keystore' }).key,
      password,
      privateKeyPassword: fromSecret.privateKeyPassword ? secretKey(v, `${prop}.keystore.privateKeyPassword`, fromSecret.privateKeyPassword) : password,
    };
  } else {
    const password = secretKey(v, `${prop}.keystore.password`, cm!.password);
    const secretName = v.dns1123Subdomain(`${prop}.keystore.secretName`, cm!.secretName ?? `${clusterName}-${listenerName}-tls`);
    if (!Array.isArray(cm!.dnsNames) || cm!.dnsNames.length === 0) {
      v.fail(`${prop}.keystore.dnsNames`, 'must hold at least one DNS name', cm!.dnsNames, 'List the names clients connect to, e.g. [\'mqtt.example.com\'].');
    }
    cm!.dnsNames.forEach((n, i) => {
      if (typeof n !== 'string' || !DNS1123_SUBDOMAIN.test(n.replace(/^\*\./, ''))) v.fail(`${prop}.keystore.dnsNames[${i}]`, 'must be a DNS name', n, 'Use e.g. \'mqtt.example.com\'.');
    });
    const durationSeconds = cm!.duration ? v.seconds(`${prop}.keystore.duration`, cm!.duration, 3600, 10 * 365 * 86400) : undefined;
    const renewBeforeSeconds = cm!.renewBefore ? v.seconds(`${prop}.keystore.renewBefore`, cm!.renewBefore, 300, 10 * 365 * 86400) : undefined;
    if (durationSeconds && renewBeforeSeconds && renewBeforeSeconds >= durationSeconds) {
      v.fail(`${prop}.keystore.renewBefore`, `must be shorter than the duration (${durationSeconds}s)`, `${renewBeforeSeconds}s`,
        'Renew some time before the certificate expires.');
    }
    certificate = {
      name: `${clusterName}-${listenerName}`,
      secretName,
      issuerName: v.dns1123Subdomain(`${prop}.keystore.issuerName`, cm!.issuerName),
      issuerKind: v.oneOf(`${prop}.keystore.issuerKind`, cm!.issuerKind ?? IssuerKind.ISSUER, Object.values(IssuerKind)),
      dnsNames: [...cm!.dnsNames],
      password,
      durationSeconds,
      renewBeforeSeconds,
    };
    // cert-manager writes keystore.p12 into the Secret, encrypted with the password (certificate CRD, spec.keystores.pkcs12).
    keystore = { secretName, key: 'keystore.p12', password, privateKeyPassword: password };
  }
  let truststore: ResolvedTls['truststore'];
  if (tls.truststore) {
    const t = tls.truststore._options;
    truststore = {
      secretName: v.dns1123Subdomain(`${prop}.truststore.secretName`, t.secretName),
      key: secretKey(v, `${prop}.truststore`, { name: t.secretName, key: t.key ?? 'truststore' }).key,
      password: secretKey(v, `${prop}.truststore.password`, t.password),
    };
    if (clientAuthentication === ClientAuthentication.NONE) {
      v.fail(`${prop}.truststore`, 'has no effect with clientAuthentication NONE', t.secretName,
        'Set clientAuthentication to OPTIONAL or REQUIRED, or remove the truststore.');
    }
  } else if (clientAuthentication !== ClientAuthentication.NONE) {
    v.fail(`${prop}.truststore`, `is required with clientAuthentication ${clientAuthentication}`, undefined,
      'Pass Truststore.fromSecret({...}) with the CAs of your client certificates.');
  }
  const protocols = tls.protocols ?? ALLOWED_PROTOCOLS;
  if (protocols.length === 0) v.fail(`${prop}.protocols`, 'must not be empty', protocols, 'Leave it unset for TLSv1.3 and TLSv1.2.');
  protocols.forEach((p, i) => v.oneOf(`${prop}.protocols[${i}]`, p, ALLOWED_PROTOCOLS));
  const cipherSuites = tls.cipherSuites ?? DEFAULT_CIPHER_SUITES;
  if (cipherSuites.length === 0) v.fail(`${prop}.cipherSuites`, 'must not be empty', cipherSuites, 'Leave it unset for the secure defaults.');
  cipherSuites.forEach((c, i) => {
    if (!/^TLS_[A-Z0-9_]+$/.test(c)) v.fail(`${prop}.cipherSuites[${i}]`, 'must be a JSSE cipher suite name', c, 'Use e.g. \'TLS_AES_128_GCM_SHA256\'.');
  });
  const tls13Suite = (c: string) => /^TLS_(AES_|CHACHA20_POLY1305_SHA256$)/.test(c);
  // A TLS 1.3 suite only works with TLSv1.3, every other suite only with TLSv1.2: at least one must fit an allowed protocol.
  if (!cipherSuites.some((c) => protocols.includes(tls13Suite(c) ? 'TLSv1.3' : 'TLSv1.2'))) {
    const [only, other, example] = protocols.includes('TLSv1.3')
      ? ['TLS 1.2', 'TLS 1.3', 'TLS_AES_128_GCM_SHA256'] : ['TLS 1.3', 'TLS 1.2', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'];
    v.fail(`${prop}.cipherSuites`, `holds only ${only} suites, but protocols allow only ${other}: every handshake would fail`, cipherSuites,
      `Add ${other} suites such as ${example}, or allow TLSv${only.slice(4)}.`);
  }
  return { keystore, truststore, clientAuthentication, protocols: [...protocols], cipherSuites: [...cipherSuites], certificate };
}

function resolveExtension(v: Validator, prop: string, e: ExtensionOptions): ResolvedExtension {
  v.keys(prop, e, EXTENSION_KEYS, { url: 'ExtensionSource.fromUrl({ url }), passed as source', image: 'ExtensionSource.fromImage({ image, path }), passed as source',
    sha256: 'ExtensionSource.fromUrl({ url, sha256 }), passed as source' });
  if (!e || !(e.source instanceof ExtensionSource)) v.fail(`${prop}.source`, 'must be an ExtensionSource', e?.source, 'Use ExtensionSource.fromUrl() or .fromImage().');
  const folder = e.folder;
  if (typeof folder !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(folder)) {
    v.fail(`${prop}.folder`, 'must be a folder name (letters, digits, \'.\', \'_\' and \'-\')', folder, 'Use the folder the zip unpacks into.');
  }
  const source = resolveSource(v, e.source, `${prop}.source`);
  if (source.kind === 'image' && source.path.split('/').pop() !== folder) {
    v.fail(`${prop}.source.path`, `must end in the extension folder '${folder}'`, source.path, 'Point path at the folder that holds hivemq-extension.xml.');
  }
  return { folder, source, configSecret: e.configSecret === undefined ? undefined : v.dns1123Subdomain(`${prop}.configSecret`, e.configSecret) };
}

function resolveListeners(v: Validator, listeners: MqttListener[], clusterName: string): ResolvedListener[] {
  if (listeners.length === 0) v.fail('listeners', 'must hold at least one MQTT listener', [], 'Pass [MqttListener.tcp()] or leave listeners unset.');
  const names = new Set<string>();
  return listeners.map((l, i) => {
    const prop = `listeners[${i}]`;
    v.instance(prop, l, MqttListener, 'Use MqttListener.tcp(), .websocket(), .tls() or .secureWebsocket().');
    v.boolean(`${prop}.proxyProtocol`, l.proxyProtocol, false);
    v.integer(`${prop}.port`, l.port, 1024, 65535, `Use a port from 1024 to 65535: the broker runs as UID 10000 without capabilities and cannot bind `
      + 'lower ones. Load balancers can still expose 443 or 8883 in front of it.');
    v.oneOf(`${prop}.protocol`, l.protocol, Object.values(ListenerProtocol));
    if (l.name.length > 15 || !IANA_SVC_NAME.test(l.name)) {
      v.fail(`${prop}.name`, 'must be an IANA service name: at most 15 lowercase letters, digits and single \'-\', with a letter', l.name,
        'Use a name such as \'mqtt\' or \'ws\'.');
    }
    if (names.has(l.name) || RESERVED_NAMES.includes(l.name)) {
      v.fail(`${prop}.name`, `is already used (${RESERVED_NAMES.slice(0, -1).join(', ')} and ${RESERVED_NAMES[RESERVED_NAMES.length - 1]} are reserved)`, l.name,
        'Give every listener its own name.');
    }
    if (l.path !== undefined && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(l.path)) {
      v.fail(`${prop}.path`, 'must be an absolute URL path', l.path, 'Use e.g. \'/mqtt\'.');
    }
    names.add(l.name);
    const tls = l.tls ? resolveTls(v, `${prop}.tls`, l.tls, clusterName, l.name) : undefined;
    return { protocol: l.protocol, name: l.name, port: l.port, path: l.path, proxyProtocol: l.proxyProtocol, tls };
  });
}

function resolveSource(v: Validator, source: ExtensionSource, prop: string): ExtensionSourceSpec {
  v.instance(prop, source, ExtensionSource, 'Use ExtensionSource.fromUrl({...}), .fromImage({...}) or a release source such as ExtensionSource.dnsDiscoveryRelease().');
  const s = source._spec;
  if (s.kind === 'url') {
    if (!/^https:\/\/[^\s'"`$\\]+$/.test(s.url)) {
      v.fail(`${prop}.url`, 'must be an https:// URL without spaces, quotes, \'$\' or \'\\\'', s.url, 'Use the https address of the release zip.');
    }
    if (s.sha256 !== undefined && !/^[a-f0-9]{64}$/.test(s.sha256)) {
      v.fail(`${prop}.sha256`, 'must be 64 lowercase hex digits', s.sha256, 'Copy the value of the release\'s .zip.sha256 file.');
    }
    const downloaderImage = s.downloaderImage ?? DEFAULT_DOWNLOADER_IMAGE;
    v.image(`${prop}.downloaderImage`, downloaderImage);
    return { ...s, downloaderImage };
  }
  v.image(`${prop}.image`, s.image);
  if (!/^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/.test(s.path)) {
    v.fail(`${prop}.path`, 'must be an absolute path of letters, digits, \'.\', \'_\', \'-\' and \'/\'', s.path,
      'Use e.g. \'/hivemq-dns-cluster-discovery\'.');
  }
  return s;
}

/**
 * A toleration, to the API server's rules (k8s.io/kubernetes pkg/apis/core/validation ValidateTolerations): a qualified key,
 * or no key with operator Exists; a label value with Equal, none with Exists; tolerationSeconds only with NoExecute.
 */
function checkToleration(v: Validator, prop: string, t: k8s.Toleration): k8s.Toleration {
  v.keys(prop, t, TOLERATION_KEYS);
  const operator = v.oneOf(`${prop}.operator`, t.operator ?? 'Equal', ['Equal', 'Exists']);
  if (t.effect !== undefined) v.oneOf(`${prop}.effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  if (t.key !== undefined && t.key !== '') v.qualifiedName(`${prop}.key`, t.key, 'Use the taint\'s key, e.g. \'dedicated\' or \'example.com/pool\'.');
  if ((t.key === undefined || t.key === '') && operator !== 'Exists') {
    v.fail(`${prop}.operator`, 'must be Exists when key is empty (a toleration without a key matches every taint)', operator, 'Set the taint\'s key, or operator: \'Exists\'.');
  }
  if (operator === 'Exists' && t.value) v.fail(`${prop}.value`, 'must be empty with operator Exists', t.value, 'Remove the value or use operator Equal.');
  if (operator === 'Equal' && t.value !== undefined) v.labelValue(`${prop}.value`, t.value, 'Use the taint\'s value.');
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
    v.fail(`${prop}.tolerationSeconds`, 'only applies with effect NoExecute', t.tolerationSeconds, 'Set effect: \'NoExecute\' or remove tolerationSeconds.');
  }
  if (t.tolerationSeconds !== undefined && !Number.isSafeInteger(t.tolerationSeconds)) {
    v.fail(`${prop}.tolerationSeconds`, 'must be a whole number of seconds (the API field is an integer)', t.tolerationSeconds, 'Use e.g. 300.');
  }
  return { ...t };
}

/** An extra egress rule: its peers and ports to the API server's rules (pkg/apis/networking/validation ValidateNetworkPolicySpec). */
function checkEgressRule(v: Validator, prop: string, rule: k8s.NetworkPolicyEgressRule): void {
  v.keys(prop, rule, ['ports', 'to'], { from: 'ingress rules: an egress rule names its destinations in to' });
  (list(v, `${prop}.to`, rule.to) ?? []).forEach((peer, i) => v.networkPolicyPeer(`${prop}.to[${i}]`, peer));
  (list(v, `${prop}.ports`, rule.ports) ?? []).forEach((port, i) => v.networkPolicyPort(`${prop}.ports[${i}]`, port, k8s.IntOrString));
  // Kubernetes reads a rule without destinations and ports as "anywhere, any port": the whole egress policy would be void.
  if (!rule.to?.length && !rule.ports?.length) {
    v.fail(prop, 'allows every destination on every port (no to and no ports), which voids the egress policy', rule,
      'List the destinations or the ports; to allow all egress on purpose, say so with to: [{ ipBlock: { cidr: \'0.0.0.0/0\' } }].');
  }
}

/** Set to anything, even a falsy value, which is then checked rather than read as "off". */
function isSet<T>(value: T | undefined | null): value is T {
  return value !== undefined && value !== null;
}

/** An optional list prop: an array, or undefined. */
function list<T>(v: Validator, prop: string, value: T[] | undefined): T[] | undefined {
  if (value !== undefined && !Array.isArray(value)) v.fail(prop, 'must be a list', value, `Pass [...] or leave ${prop} unset.`);
  return value;
}

/** A value for a message: Durations and Sizes as people write them, extension sources by what they point at. */
function describe(value: unknown): unknown {
  if (value instanceof ExtensionSource) return value._spec;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Duration || value instanceof Size) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describe(inner)]));
}

/**
 * The keys of every props and options object of the cluster: a misspelled or misplaced key (easy from JavaScript, or in any
 * language that bypasses the types) would otherwise be ignored, e.g. `restApi: { truststore }` would serve without client
 * certificates. The compiler checks each list against its interface.
 */
const CLUSTER_KEYS = keysOf<HiveMQClusterProps>({
  name: true, replicas: true, replication: true, mode: true, sizing: true, nonProduction: true, image: true, version: true, imageDigest: true,
  imagePullPolicy: true, imagePullSecrets: true, cpu: true, memory: true, storage: true, listeners: true, mqttMaxKeepAlive: true, tcpKeepAlive: true,
  antiAffinity: true, zoneSpread: true, nodeSelector: true, tolerations: true, priorityClassName: true, terminationGracePeriod: true, minReadyTime: true,
  startupTimeout: true, discovery: true, licenseSecret: true, allowAllClients: true, extensions: true, logLevel: true, controlCenter: true, restApi: true,
  monitoring: true, networkPolicy: true, labels: true,
});
const CLUSTER_ELSEWHERE: Record<string, string> = {
  namespace: 'the Chart (new Chart(app, id, { namespace })): every object goes to the chart\'s namespace',
  port: 'a listener: listeners: [MqttListener.tcp({ port })]',
  size: 'the storage profile: storage: StorageProfile.persistent({ size })',
  storageClassName: 'the storage profile: storage: StorageProfile.persistent({ storageClassName })',
  whenDeleted: 'the storage profile: storage: StorageProfile.persistent({ whenDeleted })',
  whenScaled: 'the storage profile: storage: StorageProfile.persistent({ whenScaled })',
  keystore: 'a TLS listener: listeners: [MqttListener.tls({ keystore })]',
  truststore: 'a TLS listener: listeners: [MqttListener.tls({ truststore, clientAuthentication })]',
  clientAuthentication: 'a TLS listener: listeners: [MqttListener.tls({ truststore, clientAuthentication })]',
  proxyProtocol: 'a listener: listeners: [MqttListener.tcp({ proxyProtocol })]',
  deletionProtection: 'the mode: mode: DeploymentMode.plain({ deletionProtection }) or DeploymentMode.operator({ ... })',
  selector: 'the mode: mode: DeploymentMode.operator({ selector })',
  schedulableNodes: 'the mode: mode: DeploymentMode.operator({ schedulableNodes })',
  operatorNamespace: 'the mode: mode: DeploymentMode.operator({ operatorNamespace })',
  alerts: 'monitoring: monitoring: { alerts }',
  serviceMonitor: 'monitoring: monitoring: { serviceMonitor }',
  grafanaDashboard: 'monitoring: monitoring: { grafanaDashboard }',
  mqttPeers: 'networkPolicy: networkPolicy: { mqttPeers }',
  adminPeers: 'networkPolicy: networkPolicy: { adminPeers }',
  extraEgress: 'networkPolicy: networkPolicy: { extraEgress }',
  loadBalancer: 'the MqttLoadBalancer construct: new MqttLoadBalancer(scope, id, { cluster, ... })',
};
const TCP_KEEP_ALIVE_KEYS = keysOf<TcpKeepAliveOptions>({ enabled: true, mode: true, initImage: true, time: true, interval: true, probes: true });
const DISCOVERY_KEYS = keysOf<DiscoveryOptions>({ source: true, reloadInterval: true, resolutionTimeout: true, clusterDomain: true });
const EXTENSION_KEYS = keysOf<ExtensionOptions>({ source: true, folder: true, configSecret: true });
const CONTROL_CENTER_KEYS = keysOf<ControlCenterOptions>({ port: true, credentialsSecret: true, usernameKey: true, passwordHashKey: true, keystore: true });
const REST_API_KEYS = keysOf<RestApiOptions>({ port: true, authentication: true, keystore: true });
const MONITORING_KEYS = keysOf<MonitoringOptions>({
  source: true, port: true, path: true, serviceMonitor: true, scrapeInterval: true, serviceMonitorLabels: true, grafanaDashboard: true,
  grafanaDashboardNamespace: true, alerts: true, prometheusLabels: true,
});
const NETWORK_POLICY_KEYS = keysOf<NetworkPolicyOptions>({ enabled: true, mqttPeers: true, monitoringNamespaces: true, adminPeers: true, extraEgress: true });
const TOLERATION_KEYS = keysOf<k8s.Toleration>({ key: true, operator: true, value: true, effect: true, tolerationSeconds: true });
/** TLS options only listeners take: the Control Center and the REST API serve HTTPS with a keystore alone. */
const LISTENER_ONLY_TLS = (endpoint: string): Record<string, string> => Object.fromEntries(['truststore', 'clientAuthentication', 'protocols', 'cipherSuites']
  .map((key) => [key, `MqttListener.tls() and MqttListener.secureWebsocket(): only TLS listeners take it; the ${endpoint} serves HTTPS with keystore alone, `
    + 'without client certificates']));

/** Every props and options object of the cluster holds only its own keys (values are checked where they are used). */
function checkOptionKeys(v: Validator, props: HiveMQClusterProps): void {
  v.required('props', props, 'Pass a props object, or none.');
  v.keys('', props, CLUSTER_KEYS, CLUSTER_ELSEWHERE);
  v.keys('tcpKeepAlive', props.tcpKeepAlive, TCP_KEEP_ALIVE_KEYS);
  v.keys('discovery', props.discovery, DISCOVERY_KEYS);
  v.keys('controlCenter', props.controlCenter, CONTROL_CENTER_KEYS, LISTENER_ONLY_TLS('Control Center'));
  v.keys('restApi', props.restApi, REST_API_KEYS, {
    ...LISTENER_ONLY_TLS('REST API'),
    credentialsSecret: 'controlCenter: the REST API takes its users from an Enterprise Security Extension configuration',
  });
  v.keys('monitoring', props.monitoring, MONITORING_KEYS, { ruleLabels: 'monitoring.alerts' });
  v.keys('networkPolicy', props.networkPolicy, NETWORK_POLICY_KEYS);
}

/** Bytes as a Kubernetes quantity. */
export function quantity(bytes: number): k8s.Quantity {
  return k8s.Quantity.fromString(formatBytes(bytes));
}

