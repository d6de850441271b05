/** The network-policy area: who may reach the brokers, and where they may connect besides DNS and each other. */
import { k8s } from 'cdk8s-plus-28';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { Validator } from '../validation/validator';
import { NetworkPolicyModel } from './cluster-model';
import { list } from './optional-values';

export const DEFAULT_NETWORK_POLICY_ENABLED = true;

export function resolveNetworkPolicy(validator: Validator, props: HiveMQClusterProps): NetworkPolicyModel | undefined {
  const options = props.networkPolicy ?? {};
  const networkPolicy = validator.boolean('networkPolicy.enabled', options.enabled, DEFAULT_NETWORK_POLICY_ENABLED) ? {
    mqttPeers: list(validator, 'networkPolicy.mqttPeers', options.mqttPeers) && [...options.mqttPeers!],
    monitoringNamespaces: (list(validator, 'networkPolicy.monitoringNamespaces', options.monitoringNamespaces) ?? [])
      .map((namespace, index) => validator.namespace(`networkPolicy.monitoringNamespaces[${index}]`, namespace, 'Use e.g. \'monitoring\'.')),
    adminPeers: list(validator, 'networkPolicy.adminPeers', options.adminPeers) && [...options.adminPeers!],
    extraEgress: [...(list(validator, 'networkPolicy.extraEgress', options.extraEgress) ?? [])],
    extraIngress: [...(list(validator, 'networkPolicy.extraIngress', options.extraIngress) ?? [])],
  } : undefined;
  const setOptions = (['mqttPeers', 'monitoringNamespaces', 'adminPeers', 'extraEgress', 'extraIngress'] as const)
    .filter((option) => options[option] !== undefined);
  if (!networkPolicy && setOptions.length) {
    const verb = setOptions.length > 1 ? 'have' : 'has';
    validator.failRule(`networkPolicy.${setOptions.join(', networkPolicy.')} ${verb} no effect when networkPolicy.enabled is false. `
      + 'Remove them, or enable the policy.');
  }
  for (const peers of ['mqttPeers', 'adminPeers'] as const) {
    // An empty `from` list means "everyone" to Kubernetes, the opposite of what an empty list looks like.
    if (options[peers]?.length === 0) {
      validator.fail(`networkPolicy.${peers}`, 'must not be empty: Kubernetes reads an empty peer list as "from anywhere"', [],
        `Leave ${peers} unset for the default, or list the peers.`);
    }
    (list(validator, `networkPolicy.${peers}`, options[peers]) ?? [])
      .forEach((peer, index) => validator.networkPolicyPeer(`networkPolicy.${peers}[${index}]`, peer));
  }
  (options.extraEgress ?? []).forEach((rule, index) => checkEgressRule(validator, `networkPolicy.extraEgress[${index}]`, rule));
  (options.extraIngress ?? []).forEach((rule, index) => checkIngressRule(validator, `networkPolicy.extraIngress[${index}]`, rule));
  return networkPolicy;
}

/** An extra ingress rule, to the same API server rules as an egress rule; it may not open every port to every source. */
function checkIngressRule(validator: Validator, prop: string, rule: k8s.NetworkPolicyIngressRule): void {
  validator.keys(prop, rule, ['ports', 'from'], { to: 'egress rules: an ingress rule names its sources in from' });
  (list(validator, `${prop}.from`, rule.from) ?? []).forEach((peer, index) => validator.networkPolicyPeer(`${prop}.from[${index}]`, peer));
  (list(validator, `${prop}.ports`, rule.ports) ?? [])
    .forEach((port, index) => validator.networkPolicyPort(`${prop}.ports[${index}]`, port, k8s.IntOrString));
  // Kubernetes reads a rule without sources and ports as "anyone, any port": the whole ingress policy would be void.
  if (!rule.from?.length && !rule.ports?.length) {
    validator.fail(prop, 'allows every source on every port (no from and no ports), which voids the ingress policy', rule,
      'List the sources or the ports, e.g. { ports: [{ port: k8s.IntOrString.fromNumber(9000), protocol: \'TCP\' }], from: [...] }.');
  }
}

/** An extra egress rule: its peers and ports to the API server's rules (pkg/apis/networking/validation ValidateNetworkPolicySpec). */
function checkEgressRule(validator: Validator, prop: string, rule: k8s.NetworkPolicyEgressRule): void {
  validator.keys(prop, rule, ['ports', 'to'], { from: 'ingress rules: an egress rule names its destinations in to' });
  (list(validator, `${prop}.to`, rule.to) ?? []).forEach((peer, index) => validator.networkPolicyPeer(`${prop}.to[${index}]`, peer));
  (list(validator, `${prop}.ports`, rule.ports) ?? [])
    .forEach((port, index) => validator.networkPolicyPort(`${prop}.ports[${index}]`, port, k8s.IntOrString));
  // Kubernetes reads a rule without destinations and ports as "anywhere, any port": the whole egress policy would be void.
  if (!rule.to?.length && !rule.ports?.length) {
    validator.fail(prop, 'allows every destination on every port (no to and no ports), which voids the egress policy', rule,
      'List the destinations or the ports; to allow all egress on purpose, say so with to: [{ ipBlock: { cidr: \'0.0.0.0/0\' } }].');
  }
}
