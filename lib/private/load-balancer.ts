/**
 * Resolves MqttLoadBalancer props against its cluster: which listeners, which traffic policy, which provider annotations,
 * and which idle timeout the cluster's keep-alives must fit under.
 */
import { Duration } from 'cdk8s';
import type { MqttLoadBalancerProps } from '../mqtt-load-balancer';
import { AwsTargetType, LoadBalancerProvider, ProviderKind } from '../load-balancer-provider';
import { Placement } from '../placement';
import { TrafficPolicy } from '../traffic-policy';
import type { ClusterModel, ResolvedListener } from './model';
import { isCidr, isIpv4, isIpv6, isQualifiedName, Validator } from './validation';

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

const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
const AZURE = 'service.beta.kubernetes.io/azure-load-balancer';

export function resolveLoadBalancer(id: string, props: MqttLoadBalancerProps, cluster: ClusterModel): LoadBalancerModel {
  const v = new Validator('MqttLoadBalancer', id);
  if (!(props.provider instanceof LoadBalancerProvider)) {
    v.fail('provider', 'must be a LoadBalancerProvider', props.provider, 'Use LoadBalancerProvider.awsNlb(), .azure(), .gke() or .generic().');
  }
  const o = props.provider._options;
  const kind = props.provider.kind;
  const name = v.dns1035Label('name', props.name ?? `${cluster.name}-${id}`);
  const policy = v.oneOf('externalTrafficPolicy', props.externalTrafficPolicy ?? TrafficPolicy.LOCAL, Object.values(TrafficPolicy));
  const proxyProtocol = kind === ProviderKind.AWS_NLB && (o.proxyProtocol ?? false);

  // Listeners: by name from the cluster; by default every listener that matches the load balancer's PROXY protocol setting.
  let listeners: ResolvedListener[];
  if (props.listeners) {
    if (props.listeners.length === 0) v.fail('listeners', 'must name at least one listener', [], 'Leave listeners unset to expose every MQTT listener.');
    listeners = props.listeners.map((n, i) => {
      const l = cluster.listeners.find((x) => x.name === n);
      if (!l) {
        v.fail(`listeners[${i}]`, `is not a listener of HiveMQCluster '${cluster.id}' (it has ${cluster.listeners.map((x) => `'${x.name}'`).join(', ')})`, n,
          'Add the listener to the cluster\'s listeners prop, or name one it has.');
      }
      return l!;
    });
    if (new Set(props.listeners).size !== props.listeners.length) v.fail('listeners', 'must not name a listener twice', props.listeners, 'Remove the duplicate.');
  } else {
    listeners = cluster.listeners.filter((l) => l.proxyProtocol === proxyProtocol);
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
  if (policy === TrafficPolicy.LOCAL && throughNodes && cluster.antiAffinity !== Placement.REQUIRED) {
    v.failRule(`externalTrafficPolicy Local sends each node the same share of connections, so it needs at most one broker per node, but `
      + `HiveMQCluster '${cluster.id}' has antiAffinity ${cluster.antiAffinity}. Either set antiAffinity: Placement.REQUIRED on the cluster, or set `
      + 'externalTrafficPolicy: TrafficPolicy.CLUSTER here (even spread, but an extra hop between nodes and no client IPs).');
  }

  const sourceRanges = props.sourceRanges?.map((cidr, i) => {
    if (!isCidr(cidr)) v.fail(`sourceRanges[${i}]`, 'must be an IPv4 or IPv6 CIDR', cidr, 'Use e.g. \'203.0.113.0/24\'.');
    return cidr;
  });

  const provider = providerSettings(v, kind, o, listeners, policy, cluster);
  const userAnnotations = props.annotations ?? {};
  for (const key of Object.keys(userAnnotations)) {
    if (key in provider.annotations || MANAGED_ANNOTATIONS[kind].some((re) => re.test(key))) {
      v.fail('annotations', 'must not set an annotation that controls what the provider preset derives (traffic, health checks, timeouts, PROXY protocol)',
        key, 'Use the preset\'s typed option instead.');
    }
  }
  v.labels('annotations', Object.fromEntries(Object.keys(userAnnotations).map((k) => [k, '']))); // keys only: values are free text
  const userLabels = v.labels('labels', props.labels ?? {});

  return {
    name,
    listeners,
    externalTrafficPolicy: policy,
    annotations: { ...provider.annotations, ...userAnnotations },
    labels: { ...userLabels, ...cluster.labels, 'app.kubernetes.io/component': 'load-balancer' },
    loadBalancerClass: provider.loadBalancerClass,
    loadBalancerIp: provider.loadBalancerIp,
    sourceRanges,
    idleTimeoutSeconds: provider.idleTimeoutSeconds,
    checksHealthApi: provider.annotations[`${AWS}-healthcheck-port`] === String(cluster.healthPort),
  };
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
      const targetType = o.targetType ?? AwsTargetType.IP;
      const idle = v.seconds('provider.idleTimeout', o.idleTimeout ?? Duration.seconds(350), 60, 6000);
      const a: Record<string, string> = {
        [`${AWS}-type`]: 'external',
        [`${AWS}-nlb-target-type`]: targetType,
        [`${AWS}-scheme`]: o.internal ? 'internal' : 'internet-facing',
      };
      if (targetType === AwsTargetType.IP && !o.proxyProtocol) {
        // Pod targets: check the broker's own readiness.
        Object.assign(a, {
          [`${AWS}-healthcheck-protocol`]: 'http',
          [`${AWS}-healthcheck-port`]: String(cluster.healthPort),
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
      const lbAttributes = { 'load_balancing.cross_zone.enabled': String(o.crossZone ?? true), ...checkAttributes(v, 'provider.loadBalancerAttributes', o.loadBalancerAttributes) };
      // Client IPs for IP targets (sourceRanges are ignored without it); instance targets keep them with Local anyway.
      const tgAttributes = {
        ...(targetType === AwsTargetType.IP ? { 'preserve_client_ip.enabled': 'true' } : {}),
        ...checkAttributes(v, 'provider.targetGroupAttributes', o.targetGroupAttributes),
      };
      a[`${AWS}-attributes`] = joinAttributes(lbAttributes);
      if (Object.keys(tgAttributes).length) a[`${AWS}-target-group-attributes`] = joinAttributes(tgAttributes);
      if (o.eipAllocations) {
        if (o.internal) v.fail('provider.eipAllocations', 'only work with an internet-facing NLB', o.eipAllocations, 'Use privateIpv4Addresses for an internal NLB.');
        o.eipAllocations.forEach((e, i) => /^eipalloc-[0-9a-f]+$/.test(e) || v.fail(`provider.eipAllocations[${i}]`, 'must be an allocation id', e, 'Use e.g. \'eipalloc-0123abcd\'.'));
        a[`${AWS}-eip-allocations`] = o.eipAllocations.join(',');
      }
      if (o.privateIpv4Addresses) {
        if (!o.internal) v.fail('provider.privateIpv4Addresses', 'only work with an internal NLB', o.privateIpv4Addresses, 'Set internal: true, or use eipAllocations.');
        o.privateIpv4Addresses.forEach((ip, i) => isIpv4(ip) || v.fail(`provider.privateIpv4Addresses[${i}]`, 'must be an IPv4 address', ip, 'Use e.g. \'10.0.1.15\'.'));
        a[`${AWS}-private-ipv4-addresses`] = o.privateIpv4Addresses.join(',');
      }
      return { annotations: a, idleTimeoutSeconds: idle };
    }
    case ProviderKind.AZURE: {
      const idle = o.idleTimeout ?? Duration.minutes(4);
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
      if (o.internal) a[`${AZURE}-internal`] = 'true';
      if (o.ipv4Address !== undefined) {
        if (!isIpv4(o.ipv4Address)) v.fail('provider.ipv4Address', 'must be an IPv4 address', o.ipv4Address, 'Use the address of a static public IP.');
        a[`${AZURE}-ipv4`] = o.ipv4Address;
      }
      return { annotations: a, idleTimeoutSeconds: idleSeconds };
    }
    case ProviderKind.GKE: {
      const a: Record<string, string> = o.internal
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
      if (o.loadBalancerClass !== undefined && !isQualifiedName(o.loadBalancerClass)) {
        v.fail('provider.loadBalancerClass', 'must be a label-style name', o.loadBalancerClass, 'Use e.g. \'example.com/internal-lb\'.');
      }
      if (o.loadBalancerIp !== undefined && !isIpv4(o.loadBalancerIp) && !isIpv6(o.loadBalancerIp)) {
        v.fail('provider.loadBalancerIp', 'must be an IP address', o.loadBalancerIp, 'Use e.g. \'192.0.2.10\'.');
      }
      return { annotations: {}, idleTimeoutSeconds: idle, loadBalancerClass: o.loadBalancerClass, loadBalancerIp: o.loadBalancerIp };
    }
  }
}


