// Providers as plug-ins: the factories return the provider classes, a constructor gives the same Service as its factory,
// and a provider added in one file (here: in this test) is bound like the built-in ones and named in messages.
import { Duration, Testing } from 'cdk8s';
import {
  AwsNlbLoadBalancerProvider, AzureLoadBalancerProvider, GenericLoadBalancerProvider, GkeLoadBalancerProvider, HiveMQCluster, LoadBalancerProvider,
  MqttLoadBalancer, MqttLoadBalancerProps, Placement,
} from '../lib';
import type { ProviderBindInput, ProviderBinding } from '../lib/load-balancing/providers/provider-binding';
import { find, Manifest, newChart } from './util';

type ProviderClass = abstract new (...args: never[]) => LoadBalancerProvider;

function service(provider: LoadBalancerProvider): Manifest {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', { antiAffinity: Placement.REQUIRED });
  new MqttLoadBalancer(chart, 'public', { cluster, provider });
  return find(Testing.synth(chart) as Manifest[], 'Service', 'broker-public');
}

/** The message a load balancer with these props is refused with. */
function refusal(props: Omit<MqttLoadBalancerProps, 'cluster'>): string {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', { antiAffinity: Placement.REQUIRED });
  try {
    new MqttLoadBalancer(chart, 'public', { cluster, ...props });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
}

const idle = { idleTimeout: Duration.minutes(5) };
test.each<[string, () => LoadBalancerProvider, () => LoadBalancerProvider, ProviderClass]>([
  ['awsNlb', () => LoadBalancerProvider.awsNlb({ internalLoadBalancer: true }), () => new AwsNlbLoadBalancerProvider({ internalLoadBalancer: true }),
    AwsNlbLoadBalancerProvider],
  ['azure', () => LoadBalancerProvider.azure({ internalLoadBalancer: true }), () => new AzureLoadBalancerProvider({ internalLoadBalancer: true }),
    AzureLoadBalancerProvider],
  ['gke', () => LoadBalancerProvider.gke({ internalLoadBalancer: true }), () => new GkeLoadBalancerProvider({ internalLoadBalancer: true }),
    GkeLoadBalancerProvider],
  ['generic', () => LoadBalancerProvider.generic(idle), () => new GenericLoadBalancerProvider(idle), GenericLoadBalancerProvider],
])('LoadBalancerProvider.%s() returns its provider class, which gives the same Service', (_name, factory, constructed, cls) => {
  expect(factory()).toBeInstanceOf(cls);
  expect(service(constructed())).toEqual(service(factory()));
});

/** What adding a provider takes: one subclass that describes itself, binds, and registers. */
class ExampleProvider extends LoadBalancerProvider {
  public readonly _description = { factory: 'ExampleProvider.create()', optionKeys: ['idleTimeout', 'pool'] };
  constructor(private readonly options: { readonly pool?: string; readonly idleTimeout?: Duration }) {
    super(options);
  }
  public _bind(input: ProviderBindInput): ProviderBinding {
    return {
      ...this._traffic(input.validator),
      annotations: { 'example.com/pool': this.options.pool ?? 'default', 'example.com/ports': input.listenerPorts.join(',') },
      managedAnnotations: [/^example\.com\//],
      idleTimeoutSeconds: input.validator.seconds('provider.idleTimeout', this.options.idleTimeout ?? Duration.minutes(2), 10, 3600),
      checksHealthApi: false,
    };
  }
}
LoadBalancerProvider._register(new ExampleProvider({})._description, (options) => new ExampleProvider(options));

test('a provider added in one file is bound like the built-in ones', () => {
  expect(service(new ExampleProvider({ pool: 'edge' })).metadata.annotations).toEqual({ 'example.com/pool': 'edge', 'example.com/ports': '1883' });
  expect(refusal({ provider: new ExampleProvider({}), annotations: { 'example.com/pool': 'x' } }))
    .toMatch(/annotations must not set an annotation that controls what the provider preset derives/);
});

test('its options are named in the messages about misplaced options, after the built-in providers', () => {
  expect(refusal({ provider: LoadBalancerProvider.gke({ pool: 'edge' } as any) })).toBe(
    'MqttLoadBalancer \'public\': provider.pool is not an option here: it belongs to ExampleProvider.create(), not LoadBalancerProvider.gke() '
    + '(got \'pool\'). Move it there, or remove it.');
  expect(refusal({ provider: LoadBalancerProvider.gke(idle as any) })).toContain('it belongs to LoadBalancerProvider.awsNlb() or '
    + 'LoadBalancerProvider.azure() or LoadBalancerProvider.generic() or ExampleProvider.create(), not LoadBalancerProvider.gke()');
  expect(refusal({ provider: new ExampleProvider({}), pool: 'edge' } as any)).toBe('MqttLoadBalancer \'public\': pool is not an option here: '
    + 'it belongs to the provider\'s options: ExampleProvider.create() (got \'pool\'). Move it there, or remove it.');
});
