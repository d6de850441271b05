// HiveMQ on Amazon EKS behind Network Load Balancers of the AWS Load Balancer Controller (>= 2.9 for the idle timeout):
// a public NLB for devices and an internal one for backend services, both sending straight to the broker pods.
import { App, Chart, Duration } from 'cdk8s';
import { AwsTargetType, HiveMQCluster, LoadBalancerProvider, MqttLoadBalancer, StorageProfile } from '../lib';

export function awsChart(app: App): Chart {
  const chart = new Chart(app, 'aws', { namespace: 'iot' });
  const cluster = new HiveMQCluster(chart, 'broker', { storage: StorageProfile.persistent({ storageClassName: 'gp3' }) });
  new MqttLoadBalancer(chart, 'public', {
    cluster,
    provider: LoadBalancerProvider.awsNlb({ targetType: AwsTargetType.IP, idleTimeout: Duration.seconds(600) }),
    sourceRanges: ['0.0.0.0/0'],
  });
  new MqttLoadBalancer(chart, 'internal', { cluster, provider: LoadBalancerProvider.awsNlb({ internalLoadBalancer: true }) });
  return chart;
}
