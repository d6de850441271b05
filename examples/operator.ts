// The same production cluster for teams that run the HiveMQ Platform Operator: a HiveMQPlatform custom resource (plus the
// ConfigMap, PodDisruptionBudget, NetworkPolicy and ServiceMonitor the operator does not create), protected from pruning.
// The operator must be installed (it installs its own CRD); four nodes leave room for its surge broker during rolls.
import { App, Chart } from 'cdk8s';
import { DeploymentMode, HiveMQCluster, LoadBalancerProvider, MqttLoadBalancer, StorageProfile } from '../lib';

export function operatorChart(app: App): Chart {
  const chart = new Chart(app, 'operator', { namespace: 'iot' });
  const cluster = new HiveMQCluster(chart, 'broker', {
    mode: DeploymentMode.platformOperator({ schedulableNodes: 4 }),
    storage: StorageProfile.persistent({ storageClassName: 'gp3' }),
    monitoring: { serviceMonitor: true, prometheusLabels: { release: 'prometheus' } },
  });
  new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.awsNlb() });
  return chart;
}
