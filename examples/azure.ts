// HiveMQ on AKS behind an Azure Standard Load Balancer. Azure drops idle flows after 4 minutes by default, so the
// cluster's keep-alives (left unset here) are derived below 240 s.
import { App, Chart } from 'cdk8s';
import { HiveMQCluster, LoadBalancerProvider, MqttLoadBalancer, StorageProfile } from '../lib';

export function azureChart(app: App): Chart {
  const chart = new Chart(app, 'azure', { namespace: 'iot' });
  const cluster = new HiveMQCluster(chart, 'broker', { storage: StorageProfile.persistent({ storageClassName: 'managed-csi-premium' }) });
  new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.azure() });
  return chart;
}
