/**
 * The NetworkPolicy around the brokers: MQTT from the configured peers, the cluster transport only between brokers, health
 * and metrics from the namespace (and named monitoring namespaces), admin endpoints from admin peers; egress to DNS, the
 * other brokers, HTTPS for extension downloads, and whatever the user adds. Kubelet probes come from the node, which
 * NetworkPolicy always allows ("traffic to and from the node where a Pod is running is always allowed", Kubernetes docs).
 */
import { k8s } from 'cdk8s-plus-28';
import { DeploymentModeKind } from '../cluster/deployment-mode';
import { ClusterModel, HIVEMQ } from '../model/cluster-model';
import { clusterMetadata, sideAnnotations } from './object-metadata';

const tcp = (port: number): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' });

/** A rule on these ports from these peers; none when there are no ports (an empty port list means every port). */
function rule(ports: k8s.NetworkPolicyPort[], from: k8s.NetworkPolicyPeer[]): k8s.NetworkPolicyIngressRule[] {
  return ports.length ? [{ ports, from }] : [];
}

/** The NetworkPolicy object; `spec` is passed in because it is rendered at synthesis (load balancers may open the health API). */
export function renderNetworkPolicyObject(model: ClusterModel, spec: k8s.NetworkPolicySpec): k8s.KubeNetworkPolicyProps {
  return { metadata: clusterMetadata(model, model.metadata.name, sideAnnotations(model)), spec };
}

export function renderNetworkPolicy(
  m: ClusterModel, options: { healthApiFromAnywhere: boolean; podSelector: Record<string, string> },
): k8s.NetworkPolicySpec {
  const np = m.networkPolicy!;
  const operator = m.mode.kind === DeploymentModeKind.OPERATOR;
  const brokers: k8s.NetworkPolicyPeer = { podSelector: { matchLabels: { ...options.podSelector } } };
  const sameNamespace: k8s.NetworkPolicyPeer = { podSelector: {} };
  const monitoringPeers: k8s.NetworkPolicyPeer[] = [
    sameNamespace,
    ...np.monitoringNamespaces.map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })),
  ];
  const adminPorts = [m.endpoints.controlCenter?.port, m.endpoints.restApi?.port].filter((p): p is number => p !== undefined);
  const downloads = [m.discovery.source, ...m.broker.extensions.map((e) => e.source), ...(m.monitoring ? [m.monitoring.source] : [])]
    .some((s) => s.kind === 'url');

  const ingress: k8s.NetworkPolicyIngressRule[] = [
    // No `from`: any source, as clients arrive through load balancers with their own addresses.
    { ports: m.endpoints.listeners.map((l) => tcp(l.port)), from: np.mqttPeers ? [...np.mqttPeers] : undefined },
    // Brokers talk to each other on the transport port and on failure-detection ports HiveMQ picks itself: all TCP.
    { from: [brokers] },
    // An AWS NLB with IP targets checks /api/v1/health/readiness from its own addresses, which no selector can name.
    ...(options.healthApiFromAnywhere ? [{ ports: [tcp(m.endpoints.healthPort)] }] : []),
    ...rule(
      [...(options.healthApiFromAnywhere ? [] : [tcp(m.endpoints.healthPort)]), ...(m.monitoring ? [tcp(m.monitoring.port)] : [])],
      monitoringPeers,
    ),
    ...(adminPorts.length ? [{ ports: adminPorts.map(tcp), from: np.adminPeers ? [...np.adminPeers] : [sameNamespace] }] : []),
    // The HiveMQ Platform Operator calls each broker's operator REST API (7979) and reads its health from its own namespace;
    // unless it is named, 7979 stays open to every source.
    ...(operator ? [{
      ports: [tcp(HIVEMQ.operatorPort), ...(m.mode.operatorNamespace ? [tcp(m.endpoints.healthPort)] : [])],
      from: m.mode.operatorNamespace
        ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': m.mode.operatorNamespace } } }] : undefined,
    }] : []),
    // Sidecar ports stay closed unless the user opens them here.
    ...np.extraIngress,
  ];
  const egress: k8s.NetworkPolicyEgressRule[] = [
    // DNS wherever the cluster serves it (kube-dns pods or a node-local cache).
    { ports: [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }, tcp(53)] },
    { to: [brokers] },
    // Extension downloads at pod start (init containers share the pod's network policy).
    ...(downloads ? [{ ports: [tcp(443)] }] : []),
    // Operator mode: the operator's init app in each pod patches its pod through the Kubernetes API (the pod ServiceAccount
    // needs pods get/patch/update, helm-charts IT), reached on 443 or, after the Service DNAT, on the API server's 6443.
    ...(operator ? [{ ports: [tcp(443), tcp(6443)] }] : []),
    ...np.extraEgress,
  ];
  return { podSelector: { matchLabels: { ...options.podSelector } }, policyTypes: ['Ingress', 'Egress'], ingress, egress };
}
