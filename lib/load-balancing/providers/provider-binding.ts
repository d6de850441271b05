/**
 * What a load balancer and its provider exchange when it binds: internal types, not exported from the package.
 */
import type { TrafficPolicy } from '../traffic-policy';
import type { Validator } from '../../validation/validator';

/**
 * What the load balancer knows when it binds its provider: the exposed listeners' Service ports, the traffic policy, the cluster's
 * health port, and the validator whose messages name the load balancer (`MqttLoadBalancer 'public': provider.x ...`).
 * @internal
 */
export interface ProviderBindInput {
  readonly validator: Validator;
  /** The Service ports the exposed listeners are reachable on (the load balancer's listener ports), in the Service's order. */
  readonly listenerPorts: readonly number[];
  readonly trafficPolicy: TrafficPolicy;
  /** Port of the brokers' health API. */
  readonly healthPort: number;
}

/**
 * What a provider does to the traffic, known before the listeners are chosen (the default listeners are those whose PROXY
 * protocol setting matches the provider's).
 * @internal
 */
export interface ProviderTraffic {
  /** The load balancer sends PROXY protocol v2 headers. */
  readonly proxyProtocol: boolean;
  /** Traffic reaches a broker through a node (NodePort and kube-proxy), so externalTrafficPolicy decides the spread. */
  readonly passesThroughNodes: boolean;
}

/** Everything the load balancer takes from its provider. @internal */
export interface ProviderBinding extends ProviderTraffic {
  readonly annotations: Record<string, string>;
  /** Annotation keys whose effect the provider derives and checks: refused as user annotations (besides those it writes). */
  readonly managedAnnotations: readonly RegExp[];
  /** Seconds after which the load balancer (or the network under it) drops an idle connection. */
  readonly idleTimeoutSeconds: number;
  /** The load balancer health-checks the brokers' health API directly (its sources must pass the NetworkPolicy). */
  readonly checksHealthApi: boolean;
  readonly loadBalancerClass?: string;
  readonly loadBalancerIp?: string;
}

/** How users make a provider, and the options it takes (for messages about misplaced options). @internal */
export interface ProviderDescription {
  /** How users make it, as messages name it: `LoadBalancerProvider.awsNlb()`. */
  readonly factory: string;
  /** The keys of its options object. */
  readonly optionKeys: readonly string[];
}
