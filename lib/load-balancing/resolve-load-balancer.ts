/**
 * Resolves MqttLoadBalancer props against its cluster: which listeners, which traffic policy, which provider annotations,
 * and which idle timeout the cluster's keep-alives must fit under.
 */
import type { MqttLoadBalancerProps } from './mqtt-load-balancer-props';
import { LoadBalancerProvider } from './load-balancer-provider';
// Registers the built-in providers, whose option keys the messages about misplaced options list.
import './providers';
import type { ProviderBinding } from './providers/provider-binding';
import { Placement } from '../cluster/placement';
import { TrafficPolicy } from './traffic-policy';
import type { ClusterModel, ResolvedListener } from '../model/cluster-model';
import { DNS1035_LABEL, isCidr, keysOf, Validator } from '../validation/validator';

export interface LoadBalancerModel {
  readonly name: string;
  readonly listeners: readonly ResolvedListener[];
  /** The Service port of each listener, in the order of `listeners`. */
  readonly servicePorts: readonly number[];
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

/** The props of MqttLoadBalancer, for the unknown-key check. */
/** The MqttLoadBalancerProps keys (the compiler checks the list against the interface). */
export const LB_PROPS = keysOf<MqttLoadBalancerProps>({
  cluster: true, provider: true, listeners: true, ports: true, externalTrafficPolicy: true, sourceRanges: true, name: true, annotations: true,
  labels: true,
});

/** Labels the library sets on every load balancer Service; a user value would be overwritten. */
const MANAGED_LABELS = [
  'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/component', 'app.kubernetes.io/managed-by',
];

/** Provider options given to MqttLoadBalancer itself, with the factories that take them. */
export function providerOptionsElsewhere(): Record<string, string> {
  return misplacedProviderOptions(undefined);
}

/**
 * Options of some registered provider that `provider` does not take (every option, without a provider), with where they belong:
 * `LoadBalancerProvider.azure() or LoadBalancerProvider.generic(), not LoadBalancerProvider.gke()`.
 */
function misplacedProviderOptions(provider: LoadBalancerProvider | undefined): Record<string, string> {
  const registered = LoadBalancerProvider._registered;
  const factoriesTaking = (key: string) => registered
    .filter((other) => other.factory !== provider?._description.factory && other.optionKeys.includes(key))
    .map((other) => other.factory).join(' or ');
  const keys = [...new Set(registered.flatMap((other) => other.optionKeys))].filter((key) => !provider?._description.optionKeys.includes(key));
  return Object.fromEntries(keys.map((key) => [key, provider
    ? `${factoriesTaking(key)}, not ${provider._description.factory}`
    : `the provider's options: ${factoriesTaking(key)}`]));
}

export function resolveLoadBalancer(id: string, props: MqttLoadBalancerProps, cluster: ClusterModel): LoadBalancerModel {
  const validator = new Validator('MqttLoadBalancer', id);
  const provider = props.provider;
  if (!(provider instanceof LoadBalancerProvider)) {
    validator.fail('provider', 'must be a LoadBalancerProvider', provider, 'Use LoadBalancerProvider.awsNlb(), .azure(), .gke() or .generic().');
  }
  // generic() requires its options; a JavaScript caller may still pass none.
  validator.keys('provider', provider._options ?? {}, provider._description.optionKeys, misplacedProviderOptions(provider));
  const name = props.name !== undefined ? validator.dns1035Label('name', props.name) : defaultName(validator, cluster.metadata.name, id);
  const policy = validator.oneOf('externalTrafficPolicy', props.externalTrafficPolicy ?? TrafficPolicy.LOCAL, Object.values(TrafficPolicy));
  const traffic = provider._traffic(validator);
  const listeners = resolveListeners(validator, props.listeners, traffic.proxyProtocol, cluster);
  checkTrafficPolicy(validator, policy, traffic.passesThroughNodes, cluster);
  const sourceRanges = resolveSourceRanges(validator, props.sourceRanges);
  const servicePorts = resolveServicePorts(validator, props.ports, listeners);
  const binding = provider._bind({ validator, listenerPorts: servicePorts, trafficPolicy: policy, healthPort: cluster.endpoints.healthPort });
  const userAnnotations = resolveAnnotations(validator, props.annotations, binding);
  const userLabels = resolveLabels(validator, props.labels, cluster);
  return {
    name,
    listeners,
    servicePorts,
    externalTrafficPolicy: policy,
    annotations: { ...binding.annotations, ...userAnnotations },
    labels: { ...userLabels, ...cluster.metadata.labels, 'app.kubernetes.io/component': 'load-balancer' },
    loadBalancerClass: binding.loadBalancerClass,
    loadBalancerIp: binding.loadBalancerIp,
    sourceRanges,
    idleTimeoutSeconds: binding.idleTimeoutSeconds,
    checksHealthApi: binding.checksHealthApi,
  };
}

/**
 * Listeners by name from the cluster; by default every listener that matches the load balancer's PROXY protocol setting.
 * Either way each must match it, or every connection would fail.
 */
function resolveListeners(validator: Validator, names: string[] | undefined, proxyProtocol: boolean, cluster: ClusterModel): ResolvedListener[] {
  const listeners = names !== undefined
    ? listenersNamed(validator, names, cluster)
    : cluster.endpoints.listeners.filter((listener) => listener.proxyProtocol === proxyProtocol);
  if (names === undefined && listeners.length === 0) {
    validator.failRule(`HiveMQCluster '${cluster.id}' has no listener ${proxyProtocol ? 'with' : 'without'} proxyProtocol, which this load balancer `
      + `${proxyProtocol ? 'sends' : 'does not send'}. Add one to the cluster, e.g. MqttListener.tcp({ proxyProtocol: ${proxyProtocol} }).`);
  }
  for (const listener of listeners) {
    if (listener.proxyProtocol !== proxyProtocol) {
      validator.failRule(`listener '${listener.name}' of HiveMQCluster '${cluster.id}' `
        + `${listener.proxyProtocol ? 'expects' : 'does not expect'} a PROXY protocol header, `
        + `but this load balancer ${proxyProtocol ? 'sends one' : 'sends none'}: every connection would fail. `
        + `Set proxyProtocol: ${proxyProtocol} on the listener, or `
        + `${proxyProtocol ? 'switch proxyProtocol off on' : 'use a provider that sends it on'} the load balancer.`);
    }
  }
  return listeners;
}

/** The cluster's listeners named in the `listeners` prop, in the prop's order. */
function listenersNamed(validator: Validator, names: string[], cluster: ClusterModel): ResolvedListener[] {
  if (!Array.isArray(names)) validator.fail('listeners', 'must be a list of listener names', names, 'Pass e.g. [\'mqtt\'].');
  if (names.length === 0) validator.fail('listeners', 'must name at least one listener', [], 'Leave listeners unset to expose every MQTT listener.');
  const listeners = names.map((name, i) => {
    const listener = cluster.endpoints.listeners.find((candidate) => candidate.name === name);
    if (!listener) {
      const known = cluster.endpoints.listeners.map((candidate) => `'${candidate.name}'`).join(', ');
      validator.fail(`listeners[${i}]`, `is not a listener of HiveMQCluster '${cluster.id}' (it has ${known})`,
        name, 'Add the listener to the cluster\'s listeners prop, or name one it has.');
    }
    return listener;
  });
  if (new Set(names).size !== names.length) validator.fail('listeners', 'must not name a listener twice', names, 'Remove the duplicate.');
  return listeners;
}

/**
 * The Service port of each exposed listener: its own port, or the one `ports` gives it. A map keyed by listener name rather
 * than a list of structs, like `annotations` and `labels`: a listener can appear only once, and jsii maps it to a dict in
 * Python, a Map in Java and a map in Go.
 */
function resolveServicePorts(validator: Validator, ports: Record<string, number> | undefined, listeners: readonly ResolvedListener[]): number[] {
  if (ports === undefined) return listeners.map((listener) => listener.port);
  if (ports === null || typeof ports !== 'object' || Array.isArray(ports)) {
    validator.fail('ports', 'must be an object mapping listener names to Service ports', ports, 'Pass e.g. { mqtts: 443 }.');
  }
  const exposed = listeners.map((listener) => listener.name);
  for (const [name, port] of Object.entries(ports)) {
    if (!exposed.includes(name)) {
      validator.fail('ports', `must name listeners this load balancer exposes (${exposed.map((known) => `'${known}'`).join(', ')})`, name,
        'Name one of them, or add the listener to listeners.');
    }
    validator.integer(`ports['${name}']`, port, 1, 65535);
  }
  const servicePorts = listeners.map((listener) => ports[listener.name] ?? listener.port);
  servicePorts.forEach((port, i) => {
    const first = servicePorts.indexOf(port);
    if (first !== i) {
      const moved = listeners[i].name in ports ? listeners[i].name : listeners[first].name;
      validator.fail(`ports['${moved}']`, `puts listeners '${listeners[first].name}' and '${listeners[i].name}' on the same Service port`, port,
        'Give each listener its own Service port.');
    }
  });
  return servicePorts;
}

/** Local keeps the client IP and skips the second hop, but a node with two brokers then gets one share of connections for both. */
function checkTrafficPolicy(validator: Validator, policy: TrafficPolicy, passesThroughNodes: boolean, cluster: ClusterModel): void {
  if (policy === TrafficPolicy.LOCAL && passesThroughNodes && cluster.placement.antiAffinity !== Placement.REQUIRED) {
    validator.failRule('externalTrafficPolicy Local sends each node the same share of connections, so it needs at most one broker per node, but '
      + `HiveMQCluster '${cluster.id}' has antiAffinity ${cluster.placement.antiAffinity}. `
      + 'Either set antiAffinity: Placement.REQUIRED on the cluster, or set '
      + 'externalTrafficPolicy: TrafficPolicy.CLUSTER here (even spread, but an extra hop between nodes and no client IPs).');
  }
}

function resolveSourceRanges(validator: Validator, sourceRanges: string[] | undefined): string[] | undefined {
  if (sourceRanges !== undefined && !Array.isArray(sourceRanges)) {
    validator.fail('sourceRanges', 'must be a list of CIDRs', sourceRanges, 'Pass e.g. [\'203.0.113.0/24\'].');
  }
  // An empty list means "everyone" to Kubernetes, the opposite of what an empty list looks like.
  if (sourceRanges?.length === 0) {
    validator.fail('sourceRanges', 'must not be empty: Kubernetes reads an empty source range list as "from anywhere"', [],
      'Leave sourceRanges unset for the default, or list the CIDRs.');
  }
  return sourceRanges?.map((cidr, i) => {
    if (typeof cidr !== 'string' || !isCidr(cidr)) {
      validator.fail(`sourceRanges[${i}]`, 'must be an IPv4 or IPv6 CIDR', cidr,
        'Use e.g. \'203.0.113.0/24\' (IPv4 prefixes stop at /32, IPv6 at /128).');
    }
    return cidr;
  });
}

/** User annotations, none of which may control what the provider derives. */
function resolveAnnotations(validator: Validator, annotations: Record<string, string> | undefined, binding: ProviderBinding): Record<string, string> {
  const userAnnotations = stringMap(validator, 'annotations', annotations);
  for (const key of Object.keys(userAnnotations)) {
    if (key in binding.annotations || binding.managedAnnotations.some((managed) => managed.test(key))) {
      validator.fail('annotations', 'must not set an annotation that controls what the provider preset derives '
        + '(traffic, health checks, timeouts, PROXY protocol)', key, 'Use the preset\'s typed option instead.');
    }
  }
  validator.labels('annotations', Object.fromEntries(Object.keys(userAnnotations).map((key) => [key, '']))); // keys only: values are free text
  return userAnnotations;
}

/** User labels, which must not fight the library's or the cluster's. */
function resolveLabels(validator: Validator, labels: Record<string, string> | undefined, cluster: ClusterModel): Record<string, string> {
  const userLabels = validator.labels('labels', stringMap(validator, 'labels', labels));
  for (const [key, value] of Object.entries(userLabels)) {
    if (MANAGED_LABELS.includes(key)) {
      validator.fail('labels', 'must not set the labels the library manages (they would be overwritten)', key,
        'Remove the key; the library sets it.');
    }
    if (key in cluster.metadata.labels && cluster.metadata.labels[key] !== value) {
      validator.fail(`labels['${key}']`, `differs from the label HiveMQCluster '${cluster.id}' sets on all its objects `
        + `('${cluster.metadata.labels[key]}'), which would overwrite it`, value, 'Remove the key here, or change it in the cluster\'s labels.');
    }
  }
  return userLabels;
}

/** `<cluster name>-<construct id>`, refused with the length each part may have when it is no Service name. */
function defaultName(validator: Validator, clusterName: string, id: string): string {
  const name = `${clusterName}-${id}`;
  if (name.length > 63) {
    validator.fail('name', `is unset, and its default '<cluster name>-<construct id>' is ${name.length} characters, `
      + 'over the 63 Kubernetes allows for a Service name', name,
    `Pass a shorter name, or use a construct id of at most ${Math.max(1, 63 - clusterName.length - 1)} characters.`);
  }
  if (!DNS1035_LABEL.test(name)) {
    validator.fail('name', 'is unset, and its default \'<cluster name>-<construct id>\' is no DNS-1035 label (lowercase letters, digits and \'-\', '
      + 'ending with a letter or digit)', name, 'Pass a name, or use a lowercase construct id such as \'public\'.');
  }
  return name;
}

/** Annotations and labels: an object of string values (JavaScript callers pass numbers and booleans, which Kubernetes refuses). */
function stringMap(validator: Validator, prop: string, map: Record<string, string> | undefined): Record<string, string> {
  if (map === undefined) return {};
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    validator.fail(prop, 'must be an object of string values', map, 'Pass e.g. { team: \'iot\' }.');
  }
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'string') validator.fail(`${prop}['${key}']`, 'must be a string', value, `Quote it: '${String(value)}'.`);
  }
  return map;
}
