// HiveMQ on premises behind MetalLB and a firewall that drops connections idle for 15 minutes. Brokers may share nodes
// here (preferred anti-affinity), so the load balancer uses the Cluster traffic policy for an even spread.
import { App, Chart, Duration } from 'cdk8s';
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
    provider: LoadBalancerProvider.generic({ idleTimeout: Duration.minutes(15), loadBalancerClass: 'metallb.io/metallb' }),
    externalTrafficPolicy: TrafficPolicy.CLUSTER,
    annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' },
  });
  // Privileged: apply this chart's namespace with the Pod Security label "privileged", or move it to its own chart.
  new NodeTuning(chart, 'tuning', { cluster, conntrackMax: 2_097_152, conntrackTcpTimeoutEstablished: Duration.hours(1) });
  return chart;
}
