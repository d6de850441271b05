/**
 * Resolves MqttLoadBalancer props against its cluster: which listeners, which traffic policy, which provider annotations,
 * and which idle timeout the cluster's keep-alives must fit under.
 */
import { Duration } from 'cdk8s';
import type { MqttLoadBalancerProps } from '../mqtt-load-balancer';
import { AwsTargetType, LoadBalancerProvider, ProviderKind } from '../load-balancer-provider';
import { Placement } from '../placement';
import type { ClusterModel, ResolvedListener } from './model';
import { Validator } from './validation';

/** `externalTrafficPolicy`, mirrored here to avoid a runtime import cycle with the construct file. */
export type Policy = 'Local' | 'Cluster';

export interface LoadBalancerModel {
  readonly name: string;
  readonly listeners: readonly ResolvedListener[];
  readonly externalTrafficPolicy: Policy;
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
  readonly loadBalancerClass?: string;
  readonly loadBalancerIp?: string;
  readonly sourceRanges?: string[];
  /** Seconds after which the load balancer (or the network under it) drops an idle connection. */
  readonly idleTimeoutSeconds: number;
}

const AWS = 'service.beta.kubernetes.io/aws-load-balancer';
const AZURE = 'service.beta.kubernetes.io/azure-load-balancer';

export function resolveLoadBalancer(id: string, props: MqttLoadBalancerProps, cluster: ClusterModel): LoadBalancerModel {
  const v = new Validator('MqttLoadBalancer', id);
  const o = props.provider._options;
  if (!(props.provider instanceof LoadBalancerProvider)) {
    v.fail('provider', 'must be a LoadBalancerProvider', props.provider, 'Use LoadBalancerProvider.awsNlb(), .azure(), .gke() or .generic().');
  }
  const kind = props.provider.kind;
  const name = v.dns1035Label('name', props.name ?? `${cluster.name}-${id}`);
  const policy = v.oneOf('externalTrafficPolicy', (props.externalTrafficPolicy ?? 'Local') as Policy, ['Local', 'Cluster']);
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
  if (policy === 'Local' && throughNodes && cluster.antiAffinity !== Placement.REQUIRED) {
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
    if (key in provider.annotations) {
      v.fail('annotations', 'must not set an annotation the provider preset writes', key, 'Use the preset\'s typed option instead.');
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
  };
}

interface ProviderSettings {
  readonly annotations: Record<string, string>;
  readonly idleTimeoutSeconds: number;
  readonly loadBalancerClass?: string;
  readonly loadBalancerIp?: string;
}

function providerSettings(
  v: Validator, kind: ProviderKind, o: LoadBalancerProvider['_options'],
  listeners: readonly ResolvedListener[], policy: Policy, cluster: ClusterModel,
): ProviderSettings {
  switch (kind) {
    case ProviderKind.AWS_NLB: {
      const targetType = o.targetType ?? AwsTargetType.IP;
      const idle = v.seconds('provider.idleTimeout', o.idleTimeout ?? Duration.seconds(350), 60, 6000);
      const a: Record<string, string> = {
        [`${AWS}-type`]: 'external',
        [`${AWS}-nlb-target-type`]: targetType,
        [`${AWS}-scheme`]: o.internal ? 'internal' : 'internet-facing',
        [`${AWS}-attributes`]: `load_balancing.cross_zone.enabled=${o.crossZone ?? true}`,
      };
      if (targetType === AwsTargetType.IP) {
        // Pod targets: check the broker's own readiness, and keep client IPs (sourceRanges are ignored without it).
        Object.assign(a, {
          [`${AWS}-healthcheck-protocol`]: 'http',
          [`${AWS}-healthcheck-port`]: String(cluster.healthPort),
          [`${AWS}-healthcheck-path`]: '/api/v1/health/readiness',
          [`${AWS}-target-group-attributes`]: 'preserve_client_ip.enabled=true',
        });
      } else if (policy === 'Cluster') {
        // Every node forwards, so every node is a healthy target while kube-proxy runs.
        Object.assign(a, { [`${AWS}-healthcheck-protocol`]: 'tcp', [`${AWS}-healthcheck-port`]: 'traffic-port' });
      } // instance + Local: the controller checks spec.healthCheckNodePort /healthz itself, so nodes without a broker get no traffic.
      if (o.proxyProtocol) {
        if (targetType === AwsTargetType.INSTANCE && policy === 'Local') {
          v.failRule('proxyProtocol with targetType INSTANCE and externalTrafficPolicy Local breaks the NLB\'s HTTP health checks '
            + '(aws-load-balancer-controller docs/guide/service/nlb.md). Use targetType: AwsTargetType.IP.');
        }
        a[`${AWS}-proxy-protocol`] = '*';
      }
      if (idle !== 350) {
        for (const l of listeners) a[`${AWS}-listener-attributes.TCP-${l.port}`] = `tcp.idle_timeout.seconds=${idle}`;
      }
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
      const idleSeconds = v.seconds('provider.idleTimeout', o.idleTimeout ?? Duration.seconds(240), 240, 6000);
      if (idleSeconds % 60 !== 0) v.fail('provider.idleTimeout', 'must be whole minutes', `${idleSeconds}s`, 'Use Duration.minutes(n) with 4 <= n <= 100.');
      const interval = v.seconds('provider.healthProbeInterval', o.healthProbeInterval ?? Duration.seconds(5), 1, 120);
      const count = v.integer('provider.healthProbeCount', o.healthProbeCount ?? 2, 1, 120);
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
      if (o.loadBalancerClass !== undefined && !isQualifiedClass(o.loadBalancerClass)) {
        v.fail('provider.loadBalancerClass', 'must be a label-style name with a prefix', o.loadBalancerClass, 'Use e.g. \'metallb.io/metallb\'.');
      }
      if (o.loadBalancerIp !== undefined && !isIpv4(o.loadBalancerIp) && !isIpv6(o.loadBalancerIp)) {
        v.fail('provider.loadBalancerIp', 'must be an IP address', o.loadBalancerIp, 'Use e.g. \'192.0.2.10\'.');
      }
      return { annotations: {}, idleTimeoutSeconds: idle, loadBalancerClass: o.loadBalancerClass, loadBalancerIp: o.loadBalancerIp };
    }
  }
}


function isIpv4(ip: string): boolean {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(ip: string): boolean {
  return /^[0-9a-fA-F:]+$/.test(ip) && ip.includes(':') && ip.split('::').length <= 2;
}

function isCidr(cidr: string): boolean {
  const [ip, bits, ...rest] = cidr.split('/');
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  return (isIpv4(ip) && Number(bits) <= 32) || (isIpv6(ip) && Number(bits) <= 128);
}

function isQualifiedClass(c: string): boolean {
  const [prefix, name, ...rest] = c.split('/');
  return !rest.length && name !== undefined && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(prefix) && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}
