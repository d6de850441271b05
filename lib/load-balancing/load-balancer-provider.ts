import { Duration } from 'cdk8s';
import type { ProviderBindInput, ProviderBinding, ProviderDescription, ProviderTraffic } from './providers/provider-binding';
import type { Validator } from '../validation/validator';
import { inputError } from '../validation/input-error';

/** Target type of an AWS Network Load Balancer. */
export enum AwsTargetType {
  /** The NLB sends to pod IPs directly (no node hop; the traffic policy does not route). Needs the Amazon VPC CNI. */
  IP = 'ip',
  /** The NLB sends to a NodePort on each node; kube-proxy forwards to a broker. */
  INSTANCE = 'instance',
}

/** Options of `LoadBalancerProvider.awsNlb()`. */
export interface AwsNlbOptions {
  /**
   * Target type (`service.beta.kubernetes.io/aws-load-balancer-nlb-target-type`).
   * @default AwsTargetType.IP - no extra hop, client IPs preserved, health checks on the brokers' readiness endpoint
   */
  readonly targetType?: AwsTargetType;
  /**
   * An internal NLB (scheme `internal`) instead of an internet-facing one.
   * @default false
   */
  readonly internalLoadBalancer?: boolean;
  /**
   * Spread connections over the targets of every zone (`load_balancing.cross_zone.enabled`).
   * @default true - without it a zone with fewer brokers gets as many connections per broker as the others get per zone
   */
  readonly crossZone?: boolean;
  /**
   * TCP idle timeout of the NLB's listeners (60-6000 s), written as a listener attribute per port (AWS Load Balancer
   * Controller >= 2.9).
   * @default Duration.seconds(350) - AWS's default
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html
   */
  readonly idleTimeout?: Duration;
  /**
   * Send PROXY protocol v2 headers to the brokers; every exposed listener must then be created with `proxyProtocol: true`.
   * @default false
   */
  readonly proxyProtocol?: boolean;
  /**
   * More NLB attributes (`aws-load-balancer-attributes`), e.g. access logs.
   * @default - none besides cross-zone
   */
  readonly loadBalancerAttributes?: Record<string, string>;
  /**
   * More target group attributes (`aws-load-balancer-target-group-attributes`), e.g. `deregistration_delay.timeout_seconds`.
   * @default - none besides client IP preservation for IP targets
   */
  readonly targetGroupAttributes?: Record<string, string>;
  /**
   * Elastic IP allocation ids, one per subnet (internet-facing only).
   * @default - addresses assigned by AWS
   */
  readonly eipAllocations?: string[];
  /**
   * Private IPv4 addresses, one per subnet (internal only).
   * @default - addresses assigned by AWS
   */
  readonly privateIpv4Addresses?: string[];
}

/** Options of `LoadBalancerProvider.azure()`. */
export interface AzureLoadBalancerOptions {
  /**
   * An internal load balancer (`azure-load-balancer-internal`).
   * @default false
   */
  readonly internalLoadBalancer?: boolean;
  /**
   * TCP idle timeout, in whole minutes from 4 to 100 (`azure-load-balancer-tcp-idle-timeout`).
   * @default Duration.minutes(4) - Azure's default
   */
  readonly idleTimeout?: Duration;
  /**
   * Time between health probes (`azure-load-balancer-health-probe-interval`), at least 5 s.
   * @default Duration.seconds(5) - cloud-provider-azure's default
   */
  readonly healthProbeInterval?: Duration;
  /**
   * Failed probes before a node is taken out (`azure-load-balancer-health-probe-num-of-probe`), at least 2.
   * @default 2 - cloud-provider-azure's default
   */
  readonly healthProbeCount?: number;
  /**
   * A static IPv4 address (`azure-load-balancer-ipv4`).
   * @default - an address assigned by Azure
   */
  readonly ipv4Address?: string;
}

/** Options of `LoadBalancerProvider.gke()`. */
export interface GkeLoadBalancerOptions {
  /**
   * An internal passthrough load balancer (`networking.gke.io/load-balancer-type: Internal`) instead of the
   * backend-service-based external one (`cloud.google.com/l4-rbs: enabled`, GKE >= 1.25.5).
   * @default false
   */
  readonly internalLoadBalancer?: boolean;
  /**
   * Name of a reserved static address (`networking.gke.io/load-balancer-ip-addresses`).
   * @default - an ephemeral address
   */
  readonly ipAddressName?: string;
}

/** Options of `LoadBalancerProvider.generic()`. */
export interface GenericLoadBalancerOptions {
  /** The idle timeout of your load balancer, firewall or NAT in front of the brokers; keep-alives are fitted below it. */
  readonly idleTimeout: Duration;
  /**
   * `spec.loadBalancerClass`, to pick an implementation (MetalLB started with `--lb-class`, an appliance's controller).
   * @default - the cluster's default implementation
   */
  readonly loadBalancerClass?: string;
  /**
   * `spec.loadBalancerIP` (deprecated upstream, still read by many implementations; MetalLB reads the annotation
   * `metallb.io/loadBalancerIPs`, pass it in `annotations`).
   * @default - an address assigned by the implementation
   */
  readonly loadBalancerIp?: string;
}

/**
 * The controller that turns the Service into a load balancer, with the annotations it actually reads:
 * - AWS Load Balancer Controller: kubernetes-sigs/aws-load-balancer-controller `docs/guide/service/annotations.md`
 * - Azure: kubernetes-sigs/cloud-provider-azure `content/en/topics/loadbalancer.md`
 * - GKE: https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
 *
 * Get one from the static factories (`awsNlb()`, `azure()`, `gke()`, `generic()`). The class is not meant to be subclassed
 * outside the library: how a provider binds to the cluster is internal, so a subclass from your code (in any language) cannot
 * work. For a load balancer the factories do not cover, use `generic()` with its idle timeout, and `MqttLoadBalancerProps.annotations`.
 */
// A provider is a subclass in `lib/load-balancing/providers/` (one file each, like aws-ecs's log drivers) that registers
// itself with `LoadBalancerProvider._register()`. The factories below look their class up in that registry instead of
// importing it: the subclasses import this class, so an import back would be a cycle.
export abstract class LoadBalancerProvider {
  /** AWS Network Load Balancer through the AWS Load Balancer Controller (`aws-load-balancer-type: external`). */
  public static awsNlb(options: AwsNlbOptions = {}): LoadBalancerProvider {
    return LoadBalancerProvider.create('LoadBalancerProvider.awsNlb()', options);
  }

  /** Azure Standard Load Balancer through cloud-provider-azure. */
  public static azure(options: AzureLoadBalancerOptions = {}): LoadBalancerProvider {
    return LoadBalancerProvider.create('LoadBalancerProvider.azure()', options);
  }

  /**
   * GKE passthrough Network Load Balancer. It has no idle timer, but Google Cloud's VPC connection tracking forgets a flow
   * idle for 10 minutes, so keep-alives are fitted below 600 s.
   */
  public static gke(options: GkeLoadBalancerOptions = {}): LoadBalancerProvider {
    return LoadBalancerProvider.create('LoadBalancerProvider.gke()', options);
  }

  /** Any other implementation (MetalLB, on-premises appliances): you state its idle timeout. */
  public static generic(options: GenericLoadBalancerOptions): LoadBalancerProvider {
    return LoadBalancerProvider.create('LoadBalancerProvider.generic()', options);
  }

  /**
   * Makes a provider known: its factory can then create it, and messages about an option given to the wrong provider name it.
   * @internal
   */
  public static _register<Options extends object>(description: ProviderDescription, create: (options: Options) => LoadBalancerProvider): void {
    if (!LoadBalancerProvider.registry.some((known) => known.description.factory === description.factory)) {
      // The registry holds every provider, so it cannot name each one's options type; the factory of that name
      // (`LoadBalancerProvider.gke(options: GkeLoadBalancerOptions)`) is what passes the matching options.
      LoadBalancerProvider.registry.push({ description, create: create as (options: object | undefined) => LoadBalancerProvider });
    }
  }

  /** Every registered provider, in registration order (the order messages list them in). @internal */
  public static get _registered(): readonly ProviderDescription[] {
    return LoadBalancerProvider.registry.map((known) => known.description);
  }

  private static readonly registry: Array<{
    readonly description: ProviderDescription;
    readonly create: (options: object | undefined) => LoadBalancerProvider;
  }> = [];

  private static create(factory: string, options: object | undefined): LoadBalancerProvider {
    const known = LoadBalancerProvider.registry.find((candidate) => candidate.description.factory === factory);
    if (!known) throw inputError(`${factory}: the provider is not loaded; import LoadBalancerProvider from the package, not from its file.`);
    return known.create(options);
  }

  /** How users make this provider and which options it takes. @internal */
  public abstract readonly _description: ProviderDescription;

  /** The options as given (JavaScript callers may pass anything; `_bind()` checks them). @internal */
  public readonly _options: unknown;

  /**
   * For the library's own providers only: use the static factories, this class is not meant to be subclassed outside the library.
   * @param options the options the factory was given
   */
  protected constructor(options: unknown) {
    this._options = options;
  }

  /**
   * PROXY protocol and the node hop, checked and known before the load balancer chooses its listeners. Most load
   * balancers send no PROXY header and reach the brokers through the nodes' Service ports; a provider that differs
   * overrides this.
   * @internal
   */
  public _traffic(_validator: Validator): ProviderTraffic {
    return { proxyProtocol: false, passesThroughNodes: true };
  }

  /**
   * Checks the options against what the load balancer knows and returns everything it needs from the provider.
   * @internal
   */
  public abstract _bind(input: ProviderBindInput): ProviderBinding;
}
