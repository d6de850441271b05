/**
 * Resolves MqttLoadBalancer props against its cluster: which listeners, which traffic policy, which provider annotations,
 * and which idle timeout the cluster's keep-alives must fit under.
 */
import { Duration } from 'cdk8s';
import type { MqttLoadBalancerProps } from './mqtt-load-balancer-props';
import { AwsTargetType, LoadBalancerProvider, ProviderKind } from './load-balancer-provider';
import { Placement } from '../cluster/placement';
import { TrafficPolicy } from './traffic-policy';
import type { ClusterModel, ResolvedListener } from '../model/cluster-model';
import { isCidr, isIpv4, isIpv6, isQualifiedName, Validator } from '../validation/validator';

export interface LoadBalancerModel {
  readonly name: string;
  readonly listeners: readonly ResolvedListener[];
  readonly externalTrafficPolicy: TrafficPolicy;
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly loadBalancerClass?: string;
  readonly loadBalancerIp?: string;
  readonly sourceRanges?: string[];
  /** Seconds after which the load balancer (or the network under it) drops an idle connection. */
  readonly idleTimeoutSeconds: number;
  /** The load balancer health-checks the brokers' health API directly (its sources must pass the NetworkPolicy). */
  readonly checksHealthApi: boolean;
}

/** The props of MqttLoadBalancer, for the unknown-key check. */
export const LB_PROPS = ['cluster', 'provider', 'listeners', 'externalTrafficPolicy', 'sourceRanges', 'name', 'annotations', 'labels'];

/** The options each provider factory takes. */
const PROVIDER_OPTIONS: Record<ProviderKind, string[]> = {
  [ProviderKind.AWS_NLB]: ['targetType', 'internal', 'crossZone', 'idleTimeout', 'proxyProtocol', 'loadBalancerAttributes', 'targetGroupAttributes',
    'eipAllocations', 'privateIpv4Addresses'],
  [ProviderKind.AZURE]: ['internal', 'idleTimeout', 'healthProbeInterval', 'healthProbeCount', 'ipv4Address'],
  [ProviderKind.GKE]: ['internal', 'ipAddressName'],
  [ProviderKind.GENERIC]: ['idleTimeout', 'loadBalancerClass', 'loadBalancerIp'],
};
const FACTORY: Record<ProviderKind, string> = {
  [ProviderKind.AWS_NLB]: 'LoadBalancerProvider.awsNlb()', [ProviderKind.AZURE]: 'LoadBalancerProvider.azure()',
  [ProviderKind.GKE]: 'LoadBalancerProvider.gke()', [ProviderKind.GENERIC]: 'LoadBalancerProvider.generic()',
};

/** Where an option of some provider factory belongs, for a key found in the wrong place. */
function factoriesOf(key: string, except?: ProviderKind): string {
  return Object.values(ProviderKind).filter((k) => k !== except && PROVIDER_OPTIONS[k].includes(key)).map((k) => FACTORY[k]).join(' or ');
}

/** Provider options given to MqttLoadBalancer itself, with the factories that take them. */
export const PROVIDER_OF_OPTION: Record<string, string> = Object.fromEntries(
  [...new Set(Object.values(PROVIDER_OPTIONS).flat())].map((key) => [key, `the provider's options: ${factoriesOf(key)}`]),
);

/** Labels the library sets on every load balancer Service; a user value would be overwritten. */
const MANAGED_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by'];

const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
const AZURE = 'service.beta.kubernetes.io/azure-load-balancer';

export function resolveLoadBalancer(id: string, props: MqttLoadBalancerProps, cluster: ClusterModel): LoadBalancerModel {
  const v = new Validator('MqttLoadBalancer', id);
  if (!(props.provider instanceof LoadBalancerProvider)) {
    v.fail('provider', 'must be a LoadBalancerProvider', props.provider, 'Use LoadBalancerProvider.awsNlb(), .azure(), .gke() or .generic().');
  }
  // generic() requires its options; a JavaScript caller may still pass none.
  const o: LoadBalancerProvider['_options'] = props.provider._options ?? {};
  const kind = props.provider.kind;
  v.keys('provider', o, PROVIDER_OPTIONS[kind], Object.fromEntries(
    [...new Set(Object.values(PROVIDER_OPTIONS).flat())].filter((k) => !PROVIDER_OPTIONS[kind].includes(k)).map((k) => [k, `${factoriesOf(k, kind)}, not ${FACTORY[kind]}`]),
  ));
  const name = props.name !== undefined ? v.dns1035Label('name', props.name) : defaultName(v, cluster.metadata.name, id);
  const policy = v.oneOf('externalTrafficPolicy', props.externalTrafficPolicy ?? TrafficPolicy.LOCAL, Object.values(TrafficPolicy));
  const proxyProtocol = kind === ProviderKind.AWS_NLB && v.boolean('provider.proxyProtocol', o.proxyProtocol, false);

  // Listeners: by name from the cluster; by default every listener that matches the load balancer's PROXY protocol setting.
  let listeners: ResolvedListener[];
  if (props.listeners !== undefined) {
    if (!Array.isArray(props.listeners)) v.fail('listeners', 'must be a list of listener names', props.listeners, 'Pass e.g. [\'mqtt\'].');
    if (props.listeners.length === 0) v.fail('listeners', 'must name at least one listener', [], 'Leave listeners unset to expose every MQTT listener.');
    listeners = props.listeners.map((n, i) => {
      const l = cluster.endpoints.listeners.find((x) => x.name === n);
      if (!l) {
        v.fail(`listeners[${i}]`, `is not a listener of HiveMQCluster '${cluster.id}' (it has ${cluster.endpoints.listeners.map((x) => `'${x.name}'`).join(', ')})`, n,
          'Add the listener to the cluster\'s listeners prop, or name one it has.');
      }
      return l!;
    });
    if (new Set(props.listeners).size !== props.listeners.length) v.fail('listeners', 'must not name a listener twice', props.listeners, 'Remove the duplicate.');
  } else {
    listeners = cluster.endpoints.listeners.filter((l) => l.proxyProtocol === proxyProtocol);
    if (listeners.length === 0) {
      v.failRule(`HiveMQCluster '${cluster.id}' has no listener ${proxyProtocol ? 'with' : 'without'} proxyProtocol, which this load balancer `
        + `${proxyProtocol ? 'sends' : 'does not send'}. Add one to the cluster, e.g. MqttListener.tcp({ proxyProtocol: ${proxyProtocol} }).`);
    }
  }
  for (const l of listeners) {
    if (l.proxyProtocol !== proxyProtocol) {
      v.failRule(`listener '${l.name}' of HiveMQCluster '${cluster.id}' ${l.proxyProtocol ? 'expects' : 'does not expect'} a PROXY protocol header, `
        + `but this load balancer ${proxyProtocol ? 'sends one' : 'sends none'}: every connection would fail. `
        + `Set proxyProtocol: ${proxyProtocol} on the listener, or ${proxyProtocol ? 'switch proxyProtocol off on' : 'use a provider that sends it on'} the load balancer.`);
    }
  }

  // Local keeps the client IP and skips the second hop, but a node with two brokers then gets one share of connections for both.
  const throughNodes = !(kind === ProviderKind.AWS_NLB && (o.targetType ?? AwsTargetType.IP) === AwsTargetType.IP);
  if (policy === TrafficPolicy.LOCAL && throughNodes && cluster.placement.antiAffinity !== Placement.REQUIRED) {
    v.failRule(`externalTrafficPolicy Local sends each node the same share of connections, so it needs at most one broker per node, but `
      + `HiveMQCluster '${cluster.id}' has antiAffinity ${cluster.placement.antiAffinity}. Either set antiAffinity: Placement.REQUIRED on the cluster, or set `
      + 'externalTrafficPolicy: TrafficPolicy.CLUSTER here (even spread, but an extra hop between nodes and no client IPs).');
  }

  if (props.sourceRanges !== undefined && !Array.isArray(props.sourceRanges)) {
    v.fail('sourceRanges', 'must be a list of CIDRs', props.sourceRanges, 'Pass e.g. [\'203.0.113.0/24\'].');
  }
  // An empty list means "everyone" to Kubernetes, the opposite of what an empty list looks like.
  if (props.sourceRanges?.length === 0) {
    v.fail('sourceRanges', 'must not be empty: Kubernetes reads an empty source range list as "from anywhere"', [],
      'Leave sourceRanges unset for the default, or list the CIDRs.');
  }
  const sourceRanges = props.sourceRanges?.map((cidr, i) => {
    if (typeof cidr !== 'string' || !isCidr(cidr)) {
      v.fail(`sourceRanges[${i}]`, 'must be an IPv4 or IPv6 CIDR', cidr, 'Use e.g. \'203.0.113.0/24\' (IPv4 prefixes stop at /32, IPv6 at /128).');
    }
    return cidr;
  });

  const provider = providerSettings(v, kind, o, listeners, policy, cluster);
  const userAnnotations = stringMap(v, 'annotations', props.annotations);
  for (const key of Object.keys(userAnnotations)) {
    if (key in provider.annotations || MANAGED_ANNOTATIONS[kind].some((re) => re.test(key))) {
      v.fail('annotations', 'must not set an annotation that controls what the provider preset derives (traffic, health checks, timeouts, PROXY protocol)',
        key, 'Use the preset\'s typed option instead.');
    }
  }
  v.labels('annotations', Object.fromEntries(Object.keys(userAnnotations).map((k) => [k, '']))); // keys only: values are free text
  const userLabels = v.labels('labels', stringMap(v, 'labels', props.labels));
  for (const [key, value] of Object.entries(userLabels)) {
    if (MANAGED_LABELS.includes(key)) {
      v.fail('labels', 'must not set the labels the library manages (they would be overwritten)', key, 'Remove the key; the library sets it.');
    }
    if (key in cluster.metadata.labels && cluster.metadata.labels[key] !== value) {
      v.fail(`labels['${key}']`, `differs from the label HiveMQCluster '${cluster.id}' sets on all its objects ('${cluster.metadata.labels[key]}'), which would overwrite it`,
        value, 'Remove the key here, or change it in the cluster\'s labels.');
    }
  }

  return {
    name,
    listeners,
    externalTrafficPolicy: policy,
    annotations: { ...provider.annotations, ...userAnnotations },
    labels: { ...userLabels, ...cluster.metadata.labels, 'app.kubernetes.io/component': 'load-balancer' },
    loadBalancerClass: provider.loadBalancerClass,
    loadBalancerIp: provider.loadBalancerIp,
    sourceRanges,
    idleTimeoutSeconds: provider.idleTimeoutSeconds,
    checksHealthApi: provider.annotations[`${AWS}-healthcheck-port`] === String(cluster.endpoints.healthPort),
  };
}

/** `<cluster name>-<construct id>`, refused with the length each part may have when it is no Service name. */
function defaultName(v: Validator, clusterName: string, id: string): string {
  const name = `${clusterName}-${id}`;
  if (name.length > 63) {
    v.fail('name', `is unset, and its default '<cluster name>-<construct id>' is ${name.length} characters, over the 63 Kubernetes allows for a Service name`,
      name, `Pass a shorter name, or use a construct id of at most ${Math.max(1, 63 - clusterName.length - 1)} characters.`);
  }
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    v.fail('name', 'is unset, and its default \'<cluster name>-<construct id>\' is no DNS-1035 label (lowercase letters, digits and \'-\', '
      + 'ending with a letter or digit)', name, 'Pass a name, or use a lowercase construct id such as \'public\'.');
  }
  return name;
}

/** Annotations and labels: an object of string values (JavaScript callers pass numbers and booleans, which Kubernetes refuses). */
function stringMap(v: Validator, prop: string, map: Record<string, string> | undefined): Record<string, string> {
  if (map === undefined) return {};
  if (map === null || typeof map !== 'object' || Array.isArray(map)) v.fail(prop, 'must be an object of string values', map, `Pass e.g. { team: 'iot' }.`);
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'string') v.fail(`${prop}['${key}']`, 'must be a string', value, `Quote it: '${String(value)}'.`);
  }
  return map;
}

/** A list of strings, or nothing. */
function stringList(v: Validator, prop: string, list: string[] | undefined, fix: string): string[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== 'string')) v.fail(prop, 'must be a non-empty list of strings', list, fix);
  return list;
}

/** Annotations whose effect the library derives and checks: a user value would silently bypass those checks. */
const MANAGED_ANNOTATIONS: Record<ProviderKind, RegExp[]> = {
  [ProviderKind.AWS_NLB]: [
    /^service\.beta\.kubernetes\.io\/aws-load-balancer-(type|nlb-target-type|scheme|internal|proxy-protocol|attributes|target-group-attributes|eip-allocations|private-ipv4-addresses)$/,
    /^service\.beta\.kubernetes\.io\/aws-load-balancer-healthcheck-/,
    /^service\.beta\.kubernetes\.io\/aws-load-balancer-listener-attributes\./,
  ],
  [ProviderKind.AZURE]: [/^service\.beta\.kubernetes\.io\/azure-load-balancer-(internal|tcp-idle-timeout|health-probe-.*|ipv4)$/, /^service\.beta\.kubernetes\.io\/port_\d+_health-probe_/],
  [ProviderKind.GKE]: [/^cloud\.google\.com\/l4-rbs$/, /^networking\.gke\.io\/load-balancer-(type|ip-addresses)$/],
  [ProviderKind.GENERIC]: [],
};

function checkAttributes(v: Validator, prop: string, attributes: Record<string, string> | undefined): Record<string, string> {
  if (attributes !== undefined && (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes))) {
    v.fail(prop, 'must be an object of AWS attribute keys and values', attributes, 'Pass e.g. { \'deregistration_delay.timeout_seconds\': \'120\' }.');
  }
  for (const [k, val] of Object.entries(attributes ?? {})) {
    if (!/^[a-z0-9_.]+$/.test(k) || !/^[A-Za-z0-9_.:/-]*$/.test(String(val))) {
      v.fail(prop, 'must map AWS attribute keys to plain values (no \',\' or \'=\')', `${k}=${val}`, 'Use e.g. { \'deregistration_delay.timeout_seconds\': \'120\' }.');
    }
    if (['load_balancing.cross_zone.enabled', 'preserve_client_ip.enabled'].includes(k)) {
      v.fail(prop, 'must not set an attribute the preset manages', k, k.startsWith('load') ? 'Use crossZone.' : 'It is set for IP targets.');
    }
  }
  return { ...attributes };
}

function joinAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes).map(([k, val]) => `${k}=${val}`).join(',');
}

interface ProviderSettings {
  readonly annotations: Record<string, string>;
  readonly idleTimeoutSeconds: number;
  readonly loadBalancerClass?: string;
  readonly loadBalancerIp?: string;
}

function providerSettings(
  v: Validator, kind: ProviderKind, o: LoadBalancerProvider['_options'],
  listeners: readonly ResolvedListener[], policy: TrafficPolicy, cluster: ClusterModel,
): ProviderSettings {
  switch (kind) {
    case ProviderKind.AWS_NLB: {
      const targetType = v.oneOf('provider.targetType', o.targetType ?? AwsTargetType.IP, Object.values(AwsTargetType));
      const internal = v.boolean('provider.internal', o.internal, false);
      const crossZone = v.boolean('provider.crossZone', o.crossZone, true);
      const idle = v.seconds('provider.idleTimeout', o.idleTimeout ?? Duration.seconds(350), 60, 6000);
      const a: Record<string, string> = {
        [`${AWS}-type`]: 'external',
        [`${AWS}-nlb-target-type`]: targetType,
        [`${AWS}-scheme`]: internal ? 'internal' : 'internet-facing',
      };
      if (targetType === AwsTargetType.IP && !o.proxyProtocol) {
        // Pod targets: check the broker's own readiness.
        Object.assign(a, {
          [`${AWS}-healthcheck-protocol`]: 'http',
          [`${AWS}-healthcheck-port`]: String(cluster.endpoints.healthPort),
          [`${AWS}-healthcheck-path`]: '/api/v1/health/readiness',
        });
      } else if (targetType === AwsTargetType.IP || policy === TrafficPolicy.CLUSTER) {
        // IP targets with PROXY protocol: an HTTP check only works if the checked port speaks PROXY v2 (aws-load-balancer-controller
        // docs/guide/service/nlb.md); HiveMQ's health API does not, so check the listener itself over TCP.
        // Instance targets with policy Cluster: every node forwards, so every node is a healthy target while kube-proxy runs.
        Object.assign(a, { [`${AWS}-healthcheck-protocol`]: 'tcp', [`${AWS}-healthcheck-port`]: 'traffic-port' });
      } // instance + Local: the controller checks spec.healthCheckNodePort /healthz itself, so nodes without a broker get no traffic.
      if (o.proxyProtocol) {
        if (targetType === AwsTargetType.INSTANCE && policy === TrafficPolicy.LOCAL) {
          v.failRule('proxyProtocol with targetType INSTANCE and externalTrafficPolicy Local breaks the NLB\'s HTTP health checks '
            + '(aws-load-balancer-controller docs/guide/service/nlb.md). Use targetType: AwsTargetType.IP.');
        }
        a[`${AWS}-proxy-protocol`] = '*';
      }
      // Always written: removing a listener attribute annotation does not reset the NLB to its default.
      for (const l of listeners) a[`${AWS}-listener-attributes.TCP-${l.port}`] = `tcp.idle_timeout.seconds=${idle}`;
      const lbAttributes = { 'load_balancing.cross_zone.enabled': String(crossZone), ...checkAttributes(v, 'provider.loadBalancerAttributes', o.loadBalancerAttributes) };
      // Client IPs for IP targets (sourceRanges are ignored without it); instance targets keep them with Local anyway.
      const tgAttributes = {
        ...(targetType === AwsTargetType.IP ? { 'preserve_client_ip.enabled': 'true' } : {}),
        ...checkAttributes(v, 'provider.targetGroupAttributes', o.targetGroupAttributes),
      };
      a[`${AWS}-attributes`] = joinAttributes(lbAttributes);
      if (Object.keys(tgAttributes).length) a[`${AWS}-target-group-attributes`] = joinAttributes(tgAttributes);
      const eipFix = 'Pass the allocation ids, e.g. [\'eipalloc-0123abcd\'], or leave it unset.';
      const eipAllocations = stringList(v, 'provider.eipAllocations', o.eipAllocations, eipFix);
      if (eipAllocations) {
        if (internal) v.fail('provider.eipAllocations', 'only work with an internet-facing NLB', eipAllocations, 'Use privateIpv4Addresses for an internal NLB.');
        eipAllocations.forEach((e, i) => /^eipalloc-[0-9a-f]+$/.test(e) || v.fail(`provider.eipAllocations[${i}]`, 'must be an allocation id', e, 'Use e.g. \'eipalloc-0123abcd\'.'));
        a[`${AWS}-eip-allocations`] = eipAllocations.join(',');
      }
      const privateIps = stringList(v, 'provider.privateIpv4Addresses', o.privateIpv4Addresses, 'Pass the addresses, e.g. [\'10.0.1.15\'], or leave it unset.');
      if (privateIps) {
        if (!internal) v.fail('provider.privateIpv4Addresses', 'only work with an internal NLB', privateIps, 'Set internal: true, or use eipAllocations.');
        privateIps.forEach((ip, i) => isIpv4(ip) || v.fail(`provider.privateIpv4Addresses[${i}]`, 'must be an IPv4 address', ip, 'Use e.g. \'10.0.1.15\'.'));
        a[`${AWS}-private-ipv4-addresses`] = privateIps.join(',');
      }
      return { annotations: a, idleTimeoutSeconds: idle };
    }
    case ProviderKind.AZURE: {
      const idle = o.idleTimeout ?? Duration.minutes(4);
      if (!(idle instanceof Duration)) v.fail('provider.idleTimeout', 'must be a Duration', idle, 'Use Duration.minutes(n) with 4 <= n <= 100.');
      // NaN, Infinity and fractions of a millisecond, which cdk8s cannot convert: refused with the Validator's own wording.
      if (!Number.isFinite(finiteMillis(idle))) v.seconds('provider.idleTimeout', idle, 240, 6000);
      const minutes = idle.toSeconds({ integral: false }) / 60;
      if (!Number.isInteger(minutes) || minutes < 4 || minutes > 100) {
        v.fail('provider.idleTimeout', 'must be whole minutes from 4 to 100 (cloud-provider-azure)', idle.toHumanString(), 'Use Duration.minutes(n) with 4 <= n <= 100.');
      }
      const idleSeconds = minutes * 60;
      // cloud-provider-azure rejects an interval below 5 s and fewer than 2 probes (azure_loadbalancer_healthprobe.go).
      const interval = v.seconds('provider.healthProbeInterval', o.healthProbeInterval ?? Duration.seconds(5), 5, 120);
      const count = v.integer('provider.healthProbeCount', o.healthProbeCount ?? 2, 2, 120);
      if (interval * count >= 120) {
        v.failRule(`provider.healthProbeInterval × healthProbeCount must stay under 120 s, as cloud-provider-azure requires (got ${interval} s × ${count}). Lower either.`);
      }
      const a: Record<string, string> = {
        [`${AZURE}-tcp-idle-timeout`]: String(idleSeconds / 60),
        [`${AZURE}-health-probe-interval`]: String(interval),
        [`${AZURE}-health-probe-num-of-probe`]: String(count),
      };
      if (v.boolean('provider.internal', o.internal, false)) a[`${AZURE}-internal`] = 'true';
      if (o.ipv4Address !== undefined) {
        if (typeof o.ipv4Address !== 'string' || !isIpv4(o.ipv4Address)) v.fail('provider.ipv4Address', 'must be an IPv4 address', o.ipv4Address, 'Use the address of a static public IP.');
        a[`${AZURE}-ipv4`] = o.ipv4Address;
      }
      return { annotations: a, idleTimeoutSeconds: idleSeconds };
    }
    case ProviderKind.GKE: {
      const a: Record<string, string> = v.boolean('provider.internal', o.internal, false)
        ? { 'networking.gke.io/load-balancer-type': 'Internal' }
        : { 'cloud.google.com/l4-rbs': 'enabled' };
      if (o.ipAddressName !== undefined) {
        v.dns1035Label('provider.ipAddressName', o.ipAddressName);
        a['networking.gke.io/load-balancer-ip-addresses'] = o.ipAddressName;
      }
      return { annotations: a, idleTimeoutSeconds: 600 };
    }
    default: {
      if (!o.idleTimeout) v.fail('provider.idleTimeout', 'is required for a generic load balancer', o.idleTimeout, 'State the idle timeout of what is in front of the brokers.');
      const idle = v.seconds('provider.idleTimeout', o.idleTimeout, 10, 86400);
      if (o.loadBalancerClass !== undefined && (typeof o.loadBalancerClass !== 'string' || !isQualifiedName(o.loadBalancerClass))) {
        v.fail('provider.loadBalancerClass', 'must be a label-style name', o.loadBalancerClass, 'Use e.g. \'example.com/internal-lb\'.');
      }
      if (o.loadBalancerIp !== undefined && (typeof o.loadBalancerIp !== 'string' || (!isIpv4(o.loadBalancerIp) && !isIpv6(o.loadBalancerIp)))) {
        v.fail('provider.loadBalancerIp', 'must be an IP address', o.loadBalancerIp, 'Use e.g. \'192.0.2.10\'.');
      }
      return { annotations: {}, idleTimeoutSeconds: idle, loadBalancerClass: o.loadBalancerClass, loadBalancerIp: o.loadBalancerIp };
    }
  }
}



/** Milliseconds of a Duration, NaN where cdk8s cannot convert it. */
function finiteMillis(duration: Duration): number {
  try {
    return duration.toMilliseconds();
  } catch {
    return NaN;
  }
}
