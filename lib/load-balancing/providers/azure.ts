/**
 * Azure Standard Load Balancer through cloud-provider-azure, with the annotations it reads:
 * kubernetes-sigs/cloud-provider-azure `content/en/topics/loadbalancer.md`.
 */
import { Duration } from 'cdk8s';
import { AzureLoadBalancerOptions, LoadBalancerProvider } from '../load-balancer-provider';
import { isIpv4, Validator } from '../../validation/validator';
import type { ProviderBindInput, ProviderBinding, ProviderDescription } from './provider-binding';

const DESCRIPTION: ProviderDescription = {
  factory: 'LoadBalancerProvider.azure()',
  optionKeys: ['internalLoadBalancer', 'idleTimeout', 'healthProbeInterval', 'healthProbeCount', 'ipv4Address'],
};
const AZURE = 'service.beta.kubernetes.io/azure-load-balancer';

/** Annotations whose effect the provider derives and checks: a user value would silently bypass those checks. */
const MANAGED_ANNOTATIONS = [
  /^service\.beta\.kubernetes\.io\/azure-load-balancer-(internal|tcp-idle-timeout|health-probe-.*|ipv4)$/,
  /^service\.beta\.kubernetes\.io\/port_\d+_health-probe_/,
];

/** An Azure Standard Load Balancer (`LoadBalancerProvider.azure()`). */
export class AzureLoadBalancerProvider extends LoadBalancerProvider {
  /** @internal */
  public readonly _description = DESCRIPTION;
  private readonly options: AzureLoadBalancerOptions;

  constructor(options: AzureLoadBalancerOptions = {}) {
    super(options);
    this.options = options ?? {};
  }

  /** @internal */
  public _bind(input: ProviderBindInput): ProviderBinding {
    const validator: Validator = input.validator;
    const options = this.options;
    const idleMinutes = wholeMinutes(validator, options.idleTimeout ?? Duration.minutes(4));
    // cloud-provider-azure rejects an interval below 5 s and fewer than 2 probes (azure_loadbalancer_healthprobe.go).
    const interval = validator.seconds('provider.healthProbeInterval', options.healthProbeInterval ?? Duration.seconds(5), 5, 120);
    const count = validator.integer('provider.healthProbeCount', options.healthProbeCount ?? 2, 2, 120);
    if (interval * count >= 120) {
      validator.failRule('provider.healthProbeInterval × healthProbeCount must stay under 120 s, as cloud-provider-azure requires '
        + `(got ${interval} s × ${count}). Lower either.`);
    }
    const annotations: Record<string, string> = {
      [`${AZURE}-tcp-idle-timeout`]: String(idleMinutes),
      [`${AZURE}-health-probe-interval`]: String(interval),
      [`${AZURE}-health-probe-num-of-probe`]: String(count),
    };
    if (validator.boolean('provider.internalLoadBalancer', options.internalLoadBalancer, false)) annotations[`${AZURE}-internal`] = 'true';
    if (options.ipv4Address !== undefined) {
      if (typeof options.ipv4Address !== 'string' || !isIpv4(options.ipv4Address)) {
        validator.fail('provider.ipv4Address', 'must be an IPv4 address', options.ipv4Address, 'Use the address of a static public IP.');
      }
      annotations[`${AZURE}-ipv4`] = options.ipv4Address;
    }
    return {
      ...this._traffic(input.validator),
      annotations,
      managedAnnotations: MANAGED_ANNOTATIONS,
      idleTimeoutSeconds: idleMinutes * 60,
      checksHealthApi: false,
    };
  }
}

/** The idle timeout in whole minutes from 4 to 100, the only values cloud-provider-azure accepts. */
function wholeMinutes(validator: Validator, idle: Duration): number {
  if (!(idle instanceof Duration)) validator.fail('provider.idleTimeout', 'must be a Duration', idle, 'Use Duration.minutes(n) with 4 <= n <= 100.');
  // NaN, Infinity and fractions of a millisecond, which cdk8s cannot convert: refused with the Validator's own wording.
  if (!Number.isFinite(finiteMillis(idle))) validator.seconds('provider.idleTimeout', idle, 240, 6000);
  const minutes = idle.toSeconds({ integral: false }) / 60;
  if (!Number.isInteger(minutes) || minutes < 4 || minutes > 100) {
    validator.fail('provider.idleTimeout', 'must be whole minutes from 4 to 100 (cloud-provider-azure)', idle.toHumanString(),
      'Use Duration.minutes(n) with 4 <= n <= 100.');
  }
  return minutes;
}

/** Milliseconds of a Duration, NaN where cdk8s cannot convert it. */
function finiteMillis(duration: Duration): number {
  try {
    return duration.toMilliseconds();
  } catch {
    return NaN;
  }
}

LoadBalancerProvider._register(DESCRIPTION, (options: AzureLoadBalancerOptions) => new AzureLoadBalancerProvider(options));
