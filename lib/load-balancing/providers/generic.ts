/**
 * Any other load balancer implementation (MetalLB, on-premises appliances): the user states its idle timeout.
 */
import { GenericLoadBalancerOptions, LoadBalancerProvider } from '../load-balancer-provider';
import { isIpv4, isIpv6, isQualifiedName, Validator } from '../../validation/validator';
import type { ProviderBindInput, ProviderBinding, ProviderDescription } from './provider-binding';

const DESCRIPTION: ProviderDescription = {
  factory: 'LoadBalancerProvider.generic()',
  optionKeys: ['idleTimeout', 'loadBalancerClass', 'loadBalancerIp'],
};

/** Any other implementation (`LoadBalancerProvider.generic()`). */
export class GenericLoadBalancerProvider extends LoadBalancerProvider {
  /** @internal */
  public readonly _description = DESCRIPTION;
  private readonly options: Partial<GenericLoadBalancerOptions>;

  constructor(options: GenericLoadBalancerOptions) {
    super(options);
    // A JavaScript caller may pass no options; the missing idleTimeout is reported by _bind().
    this.options = options ?? {};
  }

  /** @internal */
  public _bind(input: ProviderBindInput): ProviderBinding {
    const validator: Validator = input.validator;
    const { idleTimeout, loadBalancerClass, loadBalancerIp } = this.options;
    if (!idleTimeout) {
      validator.fail('provider.idleTimeout', 'is required for a generic load balancer', idleTimeout,
        'State the idle timeout of what is in front of the brokers.');
    }
    const idle = validator.seconds('provider.idleTimeout', idleTimeout, 10, 86400);
    if (loadBalancerClass !== undefined && (typeof loadBalancerClass !== 'string' || !isQualifiedName(loadBalancerClass))) {
      validator.fail('provider.loadBalancerClass', 'must be a label-style name', loadBalancerClass, 'Use e.g. \'example.com/internal-lb\'.');
    }
    if (loadBalancerIp !== undefined && (typeof loadBalancerIp !== 'string' || (!isIpv4(loadBalancerIp) && !isIpv6(loadBalancerIp)))) {
      validator.fail('provider.loadBalancerIp', 'must be an IP address', loadBalancerIp, 'Use e.g. \'192.0.2.10\'.');
    }
    return {
      ...this._traffic(input.validator),
      annotations: {},
      managedAnnotations: [],
      idleTimeoutSeconds: idle,
      checksHealthApi: false,
      loadBalancerClass,
      loadBalancerIp,
    };
  }
}

LoadBalancerProvider._register(DESCRIPTION, (options: GenericLoadBalancerOptions) => new GenericLoadBalancerProvider(options));
