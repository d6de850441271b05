// Providers as plug-ins: the factories return the provider classes, a constructor gives the same Service as its factory,
// and a provider added in one file (here: in this test) is bound like the built-in ones and named in messages.
import { Duration, Testing } from 'cdk8s';
import {
  AwsNlbLoadBalancerProvider, AzureLoadBalancerProvider, GenericLoadBalancerProvider, GkeLoadBalancerProvider, HiveMQCluster, LoadBalancerProvider,
  MqttLoadBalancer, Placement,
} from '../lib';
import type { ProviderBindInput, ProviderBinding, ProviderTraffic } from '../lib/load-balancing/providers/provider-binding';
import { find, Manifest, newChart } from './util';

function service(provider: LoadBalancerProvider): Manifest {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', { antiAffinity: Placement.REQUIRED });
  new MqttLoadBalancer(chart, 'public', { cluster, provider });
  return find(Testing.synth(chart) as Manifest[], 'Service', 'broker-public');
}

test.each<[string, () => LoadBalancerProvider, () => LoadBalancerProvider, abstract new (...args: never[]) => LoadBalancerProvider]>([
  ['awsNlb', () => LoadBalancerProvider.awsNlb({ internal: true }), () => new AwsNlbLoadBalancerProvider({ internal: true }), AwsNlbLoadBalancerProvider],
  ['azure', () => LoadBalancerProvider.azure({ internal: true }), () => new AzureLoadBalancerProvider({ internal: true }), AzureLoadBalancerProvider],
  ['gke', () => LoadBalancerProvider.gke({ internal: true }), () => new GkeLoadBalancerProvider({ internal: true }), GkeLoadBalancerProvider],
  ['generic', () => LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(5) }), () => new GenericLoadBalancerProvider({ idleTimeout: Duration.minutes(5) }),
    GenericLoadBalancerProvider],
])('LoadBalancerProvider.%s() returns its provider class, which gives the same Service', (_name, factory, constructed, cls) => {
  expect(factory()).toBeInstanceOf(cls);
  expect(service(constructed())).toEqual(service(factory()));
});

/** What adding a provider takes: one subclass that describes itself, binds, and registers. */
class ExampleProvider extends LoadBalancerProvider {
  public readonly _description = { factory: 'ExampleProvider.create()', optionKeys: ['idleTimeout', 'pool'] };
  constructor(public readonly _options: { readonly pool?: string; readonly idleTimeout?: Duration }) {
    super();
  }
  public _traffic(): ProviderTraffic {
    return { proxyProtocol: false, passesThroughNodes: true };
  }
  public _bind(input: ProviderBindInput): ProviderBinding {
    return {
      ...this._traffic(),
      annotations: { 'example.com/pool': this._options.pool ?? 'default', 'example.com/ports': input.listenerPorts.join(',') },
      managedAnnotations: [/^example\.com\//],
      idleTimeoutSeconds: input.validator.seconds('provider.idleTimeout', this._options.idleTimeout ?? Duration.minutes(2), 10, 3600),
      checksHealthApi: false,
    };
  }
}
LoadBalancerProvider._register({ factory: 'ExampleProvider.create()', optionKeys: ['idleTimeout', 'pool'] }, (options) => new ExampleProvider(options));

test('a provider added in one file is bound like the built-in ones', () => {
  expect(service(new ExampleProvider({ pool: 'edge' })).metadata.annotations).toEqual({ 'example.com/pool': 'edge', 'example.com/ports': '1883' });
});

test('its options are named in the messages about misplaced options, after the built-in providers', () => {
  const chart = newChart();
  const cluster = new HiveMQCluster(chart, 'broker', { antiAffinity: Placement.REQUIRED });
  expect(() => new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke({ pool: 'edge' } as any) })).toThrow(
    'MqttLoadBalancer \'public\': provider.pool is not an option here: it belongs to ExampleProvider.create(), not LoadBalancerProvider.gke() (got \'pool\'). '
    + 'Move it there, or remove it.');
  expect(() => new MqttLoadBalancer(chart, 'second', { cluster, provider: LoadBalancerProvider.gke({ idleTimeout: Duration.minutes(5) } as any) })).toThrow(
    'it belongs to LoadBalancerProvider.awsNlb() or LoadBalancerProvider.azure() or LoadBalancerProvider.generic() or ExampleProvider.create(), '
    + 'not LoadBalancerProvider.gke()');
  expect(() => new MqttLoadBalancer(chart, 'other', { cluster, provider: new ExampleProvider({ pool: 'edge' }), pool: 'edge' } as any)).toThrow(
    'MqttLoadBalancer \'other\': pool is not an option here: it belongs to the provider\'s options: ExampleProvider.create() (got \'pool\'). Move it there, or remove it.');
  expect(() => new MqttLoadBalancer(chart, 'third', { cluster, provider: new ExampleProvider({}), annotations: { 'example.com/pool': 'x' } })).toThrow(
    /annotations must not set an annotation that controls what the provider preset derives/);
});
