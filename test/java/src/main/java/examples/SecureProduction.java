// A locked-down production cluster on EKS: MQTT only over TLS (certificate from cert-manager), no allow-all extension,
// clients authenticated by the HiveMQ File RBAC extension, a licence, the Control Center for operators only, Prometheus
// metrics with a ServiceMonitor, and the default NetworkPolicy narrowed for monitoring and admin access.
//
// Create these Secrets in the namespace first (never in Git in plain text; use Sealed Secrets, SOPS or External Secrets):
//   hivemq-license           license.lic                          the HiveMQ licence file
//   hivemq-tls-password      password                             password cert-manager encrypts keystore.p12 with
//   hivemq-rbac              config.xml, credentials.xml          File RBAC extension configuration (conf/ folder)
//   hivemq-control-center    username, password-sha256            SHA-256 hex of username + password
//
// The Java twin of examples/secure-production.ts; both synthesize byte-identical YAML (test/java.test.ts).
// Usage: java examples.SecureProduction [OUTDIR]  (default: $CDK8S_OUTDIR, else dist)
package examples;

import cdk8shivemq.AlertOptions;
import cdk8shivemq.CertManagerKeystoreOptions;
import cdk8shivemq.ControlCenterOptions;
import cdk8shivemq.ExtensionOptions;
import cdk8shivemq.ExtensionSource;
import cdk8shivemq.HiveMQCluster;
import cdk8shivemq.IssuerKind;
import cdk8shivemq.Keystore;
import cdk8shivemq.LoadBalancerProvider;
import cdk8shivemq.MonitoringOptions;
import cdk8shivemq.MqttListener;
import cdk8shivemq.MqttLoadBalancer;
import cdk8shivemq.NetworkPolicyOptions;
import cdk8shivemq.PersistentStorageOptions;
import cdk8shivemq.SecretKeySelector;
import cdk8shivemq.StorageProfile;
import cdk8shivemq.TlsListenerOptions;
import cdk8shivemq.UrlExtensionSourceOptions;
import java.util.List;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.plus28.k8s.LabelSelector;
import org.cdk8s.plus28.k8s.NetworkPolicyPeer;

public final class SecureProduction {
    private SecureProduction() {
    }

    public static Chart secureProductionChart(final App app) {
        Chart chart = Chart.Builder.create(app, "secure-production").namespace("iot").build();
        HiveMQCluster cluster = HiveMQCluster.Builder.create(chart, "broker")
                .storage(StorageProfile.persistent(PersistentStorageOptions.builder().storageClassName("gp3").build()))
                .listeners(List.of(MqttListener.tls(TlsListenerOptions.builder()
                        .keystore(Keystore.fromCertManager(CertManagerKeystoreOptions.builder()
                                .issuerName("letsencrypt")
                                .issuerKind(IssuerKind.CLUSTER_ISSUER)
                                .dnsNames(List.of("mqtt.example.com"))
                                .password(SecretKeySelector.builder().name("hivemq-tls-password").key("password").build())
                                .build()))
                        .build())))
                .licenseSecret("hivemq-license")
                .allowAllClients(false)
                .extensions(List.of(ExtensionOptions.builder()
                        // Release 4.6.16 of hivemq/hivemq-file-rbac-extension, checked against its published .zip.sha256 at download.
                        .source(ExtensionSource.fromUrl(UrlExtensionSourceOptions.builder()
                                .url("https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/"
                                        + "hivemq-file-rbac-extension-4.6.16.zip")
                                .build()))
                        .folder("hivemq-file-rbac-extension")
                        .configSecret("hivemq-rbac")
                        .build()))
                .controlCenter(ControlCenterOptions.builder().credentialsSecret("hivemq-control-center").build())
                .monitoring(MonitoringOptions.builder()
                        .serviceMonitor(true)
                        .prometheusLabels(Map.of("release", "prometheus"))
                        .alerts(AlertOptions.builder().build())
                        .grafanaDashboard(true)
                        .build())
                .networkPolicy(NetworkPolicyOptions.builder()
                        .monitoringNamespaces(List.of("monitoring"))
                        .adminPeers(List.of(NetworkPolicyPeer.builder()
                                .namespaceSelector(LabelSelector.builder()
                                        .matchLabels(Map.of("kubernetes.io/metadata.name", "ops"))
                                        .build())
                                .build()))
                        .build())
                .build();
        MqttLoadBalancer.Builder.create(chart, "public").cluster(cluster).provider(LoadBalancerProvider.awsNlb()).build();
        return chart;
    }

    public static void main(final String[] args) {
        App app = args.length > 0 ? App.Builder.create().outdir(args[0]).build() : new App();
        secureProductionChart(app);
        app.synth();
    }
}
