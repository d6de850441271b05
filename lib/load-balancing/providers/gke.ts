/**
 * GKE passthrough Network Load Balancer, with the annotations GKE reads:
 * https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters
 */
import { GkeLoadBalancerOptions, LoadBalancerProvider } from '../load-balancer-provider';
import type { ProviderBindInput, ProviderBinding, ProviderDescription } from './provider-binding';

const DESCRIPTION: ProviderDescription = {
  factory: 'LoadBalancerProvider.gke()',
  optionKeys: ['internalLoadBalancer', 'ipAddressName'],
};

/** Annotations whose effect the provider derives and checks: a user value would silently bypass those checks. */
const MANAGED_ANNOTATIONS = [/^cloud\.google\.com\/l4-rbs$/, /^networking\.gke\.io\/load-balancer-(type|ip-addresses)$/];

/** Google Cloud's VPC connection tracking forgets a flow idle for 10 minutes (the load balancer itself has no idle timer). */
const CONNECTION_TRACKING_SECONDS = 600;

/** A GKE passthrough Network Load Balancer (`LoadBalancerProvider.gke()`). */
export class GkeLoadBalancerProvider extends LoadBalancerProvider {
  /** @internal */
  public readonly _description = DESCRIPTION;
  private readonly options: GkeLoadBalancerOptions;

  constructor(options: GkeLoadBalancerOptions = {}) {
    super(options);
    this.options = options ?? {};
  }

  /** @internal */
  public _bind(input: ProviderBindInput): ProviderBinding {
    const annotations: Record<string, string> = input.validator.boolean('provider.internalLoadBalancer', this.options.internalLoadBalancer, false)
      ? { 'networking.gke.io/load-balancer-type': 'Internal' }
      : { 'cloud.google.com/l4-rbs': 'enabled' };
    if (this.options.ipAddressName !== undefined) {
      input.validator.dns1035Label('provider.ipAddressName', this.options.ipAddressName);
      annotations['networking.gke.io/load-balancer-ip-addresses'] = this.options.ipAddressName;
    }
    return {
      ...this._traffic(input.validator),
      annotations,
      managedAnnotations: MANAGED_ANNOTATIONS,
      idleTimeoutSeconds: CONNECTION_TRACKING_SECONDS,
      checksHealthApi: false,
    };
  }
}

LoadBalancerProvider._register(DESCRIPTION, (options: GkeLoadBalancerOptions) => new GkeLoadBalancerProvider(options));
