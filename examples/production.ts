// A production HiveMQ cluster: every default is HiveMQ's production practice; only the storage is chosen here.
import { App, Chart } from 'cdk8s';
import { HiveMQCluster, PvcRetention, StorageProfile } from '../lib';

export function productionChart(app: App): Chart {
  const chart = new Chart(app, 'production', { namespace: 'iot' });
  new HiveMQCluster(chart, 'broker', {
    storage: StorageProfile.forWorkload({
      persistentSessions: 2_000_000,
      offlineSessions: 200_000,
      queuedMessagesPerSession: 100,
      averagePayloadBytes: 512,
      retainedMessages: 500_000,
      averageRetainedPayloadBytes: 1024,
      storageClassName: 'fast-ssd',
      whenDeleted: PvcRetention.RETAIN,
    }),
  });
  return chart;
}
