// HiveMQ on premises behind MetalLB and a firewall that drops connections idle for 15 minutes. Brokers may share nodes
// here (preferred anti-affinity), so the load balancer uses the Cluster traffic policy for an even spread, and every node
// NATs MQTT connections: a second chart tunes the nodes' connection-tracking table from a privileged namespace.
import { App, Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { HiveMQCluster, LoadBalancerProvider, MqttListener, MqttLoadBalancer, NodeTuning, Placement, TrafficPolicy } from '../lib';

export function onPremChart(app: App): Chart {
  const chart = new Chart(app, 'on-prem', { namespace: 'iot' });
  const cluster = new HiveMQCluster(chart, 'broker', {
    antiAffinity: Placement.PREFERRED,
    listeners: [MqttListener.tcp(), MqttListener.websocket()],
    nodeSelector: { 'node-role.example.com/mqtt': 'true' },
  });
  new MqttLoadBalancer(chart, 'public', {
    cluster,
    provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(15) }),
    externalTrafficPolicy: TrafficPolicy.CLUSTER,
    // MetalLB's address pick (metallb.io/loadBalancerIPs, MetalLB usage docs); the address must be in one of its pools.
    annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' },
  });

  // Privileged, so in its own namespace with the Pod Security level that allows it.
  const tuning = new Chart(app, 'on-prem-node-tuning', { namespace: 'hivemq-node-tuning' });
  new k8s.KubeNamespace(tuning, 'namespace', {
    metadata: { name: 'hivemq-node-tuning', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
  });
  new NodeTuning(tuning, 'tuning', { cluster, conntrackMax: 2_097_152, conntrackTcpTimeoutEstablished: Duration.hours(1) });
  return chart;
}
