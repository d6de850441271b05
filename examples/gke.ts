// HiveMQ on GKE behind a backend-service-based external passthrough Network Load Balancer. It has no idle timer, but the
// VPC forgets connections idle for 10 minutes, so keep-alives stay below 540 s (the 300 s defaults fit).
import { App, Chart } from 'cdk8s';
import { HiveMQCluster, LoadBalancerProvider, MqttLoadBalancer, StorageProfile } from '../lib';

export function gkeChart(app: App): Chart {
  const chart = new Chart(app, 'gke', { namespace: 'iot' });
  const cluster = new HiveMQCluster(chart, 'broker', { storage: StorageProfile.persistent({ storageClassName: 'premium-rwo' }) });
  new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.gke() });
  return chart;
}
