/**
 * AWS Network Load Balancer through the AWS Load Balancer Controller, with the annotations it reads:
 * kubernetes-sigs/aws-load-balancer-controller `docs/guide/service/annotations.md`.
 */
import { Duration } from 'cdk8s';
import { AwsNlbOptions, AwsTargetType, LoadBalancerProvider } from '../load-balancer-provider';
import { TrafficPolicy } from '../traffic-policy';
import { isIpv4, Validator } from '../../validation/validator';
import type { ProviderBindInput, ProviderBinding, ProviderDescription, ProviderTraffic } from './provider-binding';

const DESCRIPTION: ProviderDescription = {
  factory: 'LoadBalancerProvider.awsNlb()',
  optionKeys: ['targetType', 'internalLoadBalancer', 'crossZone', 'idleTimeout', 'proxyProtocol', 'loadBalancerAttributes', 'targetGroupAttributes',
    'eipAllocations', 'privateIpv4Addresses'],
};
const AWS = 'service.beta.kubernetes.io/aws-load-balancer';

/** Annotations whose effect the provider derives and checks: a user value would silently bypass those checks. */
const MANAGED_ANNOTATIONS = [
  new RegExp('^service\\.beta\\.kubernetes\\.io/aws-load-balancer-(type|nlb-target-type|scheme|internal|proxy-protocol|attributes|'
    + 'target-group-attributes|eip-allocations|private-ipv4-addresses)$'),
  /^service\.beta\.kubernetes\.io\/aws-load-balancer-healthcheck-/,
  /^service\.beta\.kubernetes\.io\/aws-load-balancer-listener-attributes\./,
];

/** An AWS Network Load Balancer (`LoadBalancerProvider.awsNlb()`). */
export class AwsNlbLoadBalancerProvider extends LoadBalancerProvider {
  /** @internal */
  public readonly _description = DESCRIPTION;
  private readonly options: AwsNlbOptions;

  constructor(options: AwsNlbOptions = {}) {
    super(options);
    this.options = options ?? {};
  }

  /** @internal */
  public _traffic(validator: Validator): ProviderTraffic {
    return {
      proxyProtocol: validator.boolean('provider.proxyProtocol', this.options.proxyProtocol, false),
      // IP targets: the NLB sends to pod IPs, no node hop (read before targetType is checked, as the traffic policy check needs it).
      passesThroughNodes: (this.options.targetType ?? AwsTargetType.IP) !== AwsTargetType.IP,
    };
  }

  /** @internal */
  public _bind(input: ProviderBindInput): ProviderBinding {
    const validator: Validator = input.validator;
    const options = this.options;
    const traffic = this._traffic(validator);
    const targetType = validator.oneOf('provider.targetType', options.targetType ?? AwsTargetType.IP, Object.values(AwsTargetType));
    const internal = validator.boolean('provider.internalLoadBalancer', options.internalLoadBalancer, false);
    const crossZone = validator.boolean('provider.crossZone', options.crossZone, true);
    const idle = validator.seconds('provider.idleTimeout', options.idleTimeout ?? Duration.seconds(350), 60, 6000);
    const annotations: Record<string, string> = {
      [`${AWS}-type`]: 'external',
      [`${AWS}-nlb-target-type`]: targetType,
      [`${AWS}-scheme`]: internal ? 'internal' : 'internet-facing',
      ...healthCheckAnnotations(targetType, traffic.proxyProtocol, input),
    };
    if (traffic.proxyProtocol) {
      if (targetType === AwsTargetType.INSTANCE && input.trafficPolicy === TrafficPolicy.LOCAL) {
        validator.failRule('proxyProtocol with targetType INSTANCE and externalTrafficPolicy Local breaks the NLB\'s HTTP health checks '
          + '(aws-load-balancer-controller docs/guide/service/nlb.md). Use targetType: AwsTargetType.IP.');
      }
      annotations[`${AWS}-proxy-protocol`] = '*';
    }
    // Always written: removing a listener attribute annotation does not reset the NLB to its default. Keyed by the NLB listener's
    // port, which is the Service port (aws-load-balancer-controller docs/guide/service/annotations.md, listener-attributes).
    for (const port of input.listenerPorts) annotations[`${AWS}-listener-attributes.TCP-${port}`] = `tcp.idle_timeout.seconds=${idle}`;
    Object.assign(annotations, this.attributeAnnotations(validator, targetType, crossZone), this.addressAnnotations(validator, internal));
    return {
      ...traffic,
      annotations,
      managedAnnotations: MANAGED_ANNOTATIONS,
      idleTimeoutSeconds: idle,
      // Pod targets without PROXY protocol are checked on the brokers' health API (see healthCheckAnnotations).
      checksHealthApi: targetType === AwsTargetType.IP && !traffic.proxyProtocol,
    };
  }

  /** Load balancer and target group attributes, with the ones the preset manages. */
  private attributeAnnotations(validator: Validator, targetType: AwsTargetType, crossZone: boolean): Record<string, string> {
    const lbAttributes = {
      'load_balancing.cross_zone.enabled': String(crossZone),
      ...checkAttributes(validator, 'provider.loadBalancerAttributes', this.options.loadBalancerAttributes),
    };
    // Client IPs for IP targets (sourceRanges are ignored without it); instance targets keep them with Local anyway.
    const tgAttributes = {
      ...(targetType === AwsTargetType.IP ? { 'preserve_client_ip.enabled': 'true' } : {}),
      ...checkAttributes(validator, 'provider.targetGroupAttributes', this.options.targetGroupAttributes),
    };
    return {
      [`${AWS}-attributes`]: joinAttributes(lbAttributes),
      ...(Object.keys(tgAttributes).length ? { [`${AWS}-target-group-attributes`]: joinAttributes(tgAttributes) } : {}),
    };
  }

  /** Elastic IPs for an internet-facing NLB, private addresses for an internal one. */
  private addressAnnotations(validator: Validator, internal: boolean): Record<string, string> {
    const annotations: Record<string, string> = {};
    const eipFix = 'Pass the allocation ids, e.g. [\'eipalloc-0123abcd\'], or leave it unset.';
    const eipAllocations = stringList(validator, 'provider.eipAllocations', this.options.eipAllocations, eipFix);
    if (eipAllocations) {
      if (internal) {
        validator.fail('provider.eipAllocations', 'only work with an internet-facing NLB', eipAllocations,
          'Use privateIpv4Addresses for an internal NLB.');
      }
      eipAllocations.forEach((allocation, i) => /^eipalloc-[0-9a-f]+$/.test(allocation)
        || validator.fail(`provider.eipAllocations[${i}]`, 'must be an allocation id', allocation, 'Use e.g. \'eipalloc-0123abcd\'.'));
      annotations[`${AWS}-eip-allocations`] = eipAllocations.join(',');
    }
    const privateIpFix = 'Pass the addresses, e.g. [\'10.0.1.15\'], or leave it unset.';
    const privateIps = stringList(validator, 'provider.privateIpv4Addresses', this.options.privateIpv4Addresses, privateIpFix);
    if (privateIps) {
      if (!internal) {
        validator.fail('provider.privateIpv4Addresses', 'only work with an internal NLB', privateIps,
          'Set internalLoadBalancer: true, or use eipAllocations.');
      }
      privateIps.forEach((ip, i) => isIpv4(ip)
        || validator.fail(`provider.privateIpv4Addresses[${i}]`, 'must be an IPv4 address', ip, 'Use e.g. \'10.0.1.15\'.'));
      annotations[`${AWS}-private-ipv4-addresses`] = privateIps.join(',');
    }
    return annotations;
  }
}

/** How the NLB checks its targets. */
function healthCheckAnnotations(targetType: AwsTargetType, proxyProtocol: boolean, input: ProviderBindInput): Record<string, string> {
  if (targetType === AwsTargetType.IP && !proxyProtocol) {
    // Pod targets: check the broker's own readiness on the pod's health port (a container port, whatever the Service ports are).
    return {
      [`${AWS}-healthcheck-protocol`]: 'http',
      [`${AWS}-healthcheck-port`]: String(input.healthPort),
      [`${AWS}-healthcheck-path`]: '/api/v1/health/readiness',
    };
  }
  if (targetType === AwsTargetType.IP || input.trafficPolicy === TrafficPolicy.CLUSTER) {
    // IP targets with PROXY protocol: an HTTP check only works if the checked port speaks PROXY v2 (aws-load-balancer-controller
    // docs/guide/service/nlb.md); HiveMQ's health API does not, so check the listener itself over TCP.
    // Instance targets with policy Cluster: every node forwards, so every node is a healthy target while kube-proxy runs.
    return { [`${AWS}-healthcheck-protocol`]: 'tcp', [`${AWS}-healthcheck-port`]: 'traffic-port' };
  }
  // instance + Local: the controller checks spec.healthCheckNodePort /healthz itself, so nodes without a broker get no traffic.
  return {};
}

function checkAttributes(validator: Validator, prop: string, attributes: Record<string, string> | undefined): Record<string, string> {
  if (attributes !== undefined && (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes))) {
    validator.fail(prop, 'must be an object of AWS attribute keys and values', attributes,
      'Pass e.g. { \'deregistration_delay.timeout_seconds\': \'120\' }.');
  }
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (!/^[a-z0-9_.]+$/.test(key) || !/^[A-Za-z0-9_.:/-]*$/.test(String(value))) {
      validator.fail(prop, 'must map AWS attribute keys to plain values (no \',\' or \'=\')', `${key}=${value}`,
        'Use e.g. { \'deregistration_delay.timeout_seconds\': \'120\' }.');
    }
    if (['load_balancing.cross_zone.enabled', 'preserve_client_ip.enabled'].includes(key)) {
      validator.fail(prop, 'must not set an attribute the preset manages', key,
        key.startsWith('load') ? 'Use crossZone.' : 'It is set for IP targets.');
    }
  }
  return { ...attributes };
}

function joinAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes).map(([key, value]) => `${key}=${value}`).join(',');
}

/** A list of strings, or nothing. */
function stringList(validator: Validator, prop: string, list: string[] | undefined, fix: string): string[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string')) {
    validator.fail(prop, 'must be a non-empty list of strings', list, fix);
  }
  return list;
}

LoadBalancerProvider._register(DESCRIPTION, (options: AwsNlbOptions) => new AwsNlbLoadBalancerProvider(options));
