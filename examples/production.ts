// A production HiveMQ cluster: every default is HiveMQ's production practice; the storage is sized from the workload, and
// clients authenticate with the HiveMQ File RBAC extension instead of the image's allow-all extension.
// Create the Secret `hivemq-rbac` with the extension's conf/config.xml and conf/credentials.xml first.
import { App, Chart } from 'cdk8s';
import { ExtensionSource, HiveMQCluster, PvcRetention, StorageProfile } from '../lib';

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
      brokers: 3,
      storageClassName: 'fast-ssd',
      whenDeleted: PvcRetention.RETAIN,
    }),
    allowAllClients: false,
    extensions: [{
      // Release 4.6.16 of hivemq/hivemq-file-rbac-extension, checked against its published .zip.sha256 at download.
      source: ExtensionSource.fromUrl({
        url: 'https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/hivemq-file-rbac-extension-4.6.16.zip',
      }),
      folder: 'hivemq-file-rbac-extension',
      configSecret: 'hivemq-rbac',
    }],
  });
  return chart;
}
