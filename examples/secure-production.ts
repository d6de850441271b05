// A locked-down production cluster on EKS: MQTT only over TLS (certificate from cert-manager), no allow-all extension,
// clients authenticated by the HiveMQ File RBAC extension, a licence, the Control Center for operators only, Prometheus
// metrics with a ServiceMonitor, and the default NetworkPolicy narrowed for monitoring and admin access.
//
// Create these Secrets in the namespace first (never in Git in plain text; use Sealed Secrets, SOPS or External Secrets):
//   hivemq-license           license.lic                          the HiveMQ licence file
//   hivemq-tls-password      password                             password cert-manager encrypts keystore.p12 with
//   hivemq-rbac              config.xml, credentials.xml          File RBAC extension configuration (conf/ folder)
//   hivemq-control-center    username, password-sha256            SHA-256 hex of username + password
import { App, Chart } from 'cdk8s';
import {
  ExtensionSource, HiveMQCluster, IssuerKind, Keystore, LoadBalancerProvider, MqttListener, MqttLoadBalancer, StorageProfile,
} from '../lib';

export function secureProductionChart(app: App): Chart {
  const chart = new Chart(app, 'secure-production', { namespace: 'iot' });
  const cluster = new HiveMQCluster(chart, 'broker', {
    storage: StorageProfile.persistent({ storageClassName: 'gp3' }),
    listeners: [MqttListener.tls({
      keystore: Keystore.fromCertManager({
        issuerName: 'letsencrypt', issuerKind: IssuerKind.CLUSTER_ISSUER, dnsNames: ['mqtt.example.com'],
        password: { name: 'hivemq-tls-password', key: 'password' },
      }),
    })],
    licenseSecret: 'hivemq-license',
    allowAllClients: false,
    extensions: [{
      // Release 4.6.16 of hivemq/hivemq-file-rbac-extension, checked against its published .zip.sha256 at download.
      source: ExtensionSource.fromUrl({
        url: 'https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/hivemq-file-rbac-extension-4.6.16.zip',
      }),
      folder: 'hivemq-file-rbac-extension',
      configSecret: 'hivemq-rbac',
    }],
    controlCenter: { credentialsSecret: 'hivemq-control-center' },
    monitoring: {
      serviceMonitor: true, prometheusLabels: { release: 'prometheus' }, alerts: {}, grafanaDashboard: true,
    },
    networkPolicy: {
      monitoringNamespaces: ['monitoring'],
      adminPeers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }],
    },
  });
  new MqttLoadBalancer(chart, 'public', { cluster, provider: LoadBalancerProvider.awsNlb() });
  return chart;
}
