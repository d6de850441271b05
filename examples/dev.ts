// A single-broker HiveMQ for a laptop cluster (kind, minikube, k3d): ephemeral storage, small resources.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { HiveMQCluster, Placement, StorageProfile } from '../lib';

export function devChart(app: App): Chart {
  const chart = new Chart(app, 'dev', { namespace: 'mqtt-dev' });
  new HiveMQCluster(chart, 'dev', {
    replicas: 1,
    storage: StorageProfile.ephemeral(),
    nonProduction: true,
    cpu: Cpu.units(1),
    memory: Size.gibibytes(2),
    zoneSpread: Placement.NONE,
  });
  return chart;
}
