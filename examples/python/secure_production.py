"""A locked-down production cluster on EKS: MQTT only over TLS (certificate from cert-manager), no allow-all extension,
clients authenticated by the HiveMQ File RBAC extension, a licence, the Control Center for operators only, Prometheus
metrics with a ServiceMonitor, and the default NetworkPolicy narrowed for monitoring and admin access.

Create these Secrets in the namespace first (never in Git in plain text; use Sealed Secrets, SOPS or External Secrets):
  hivemq-license           license.lic                          the HiveMQ licence file
  hivemq-tls-password      password                             password cert-manager encrypts keystore.p12 with
  hivemq-rbac              config.xml, credentials.xml          File RBAC extension configuration (conf/ folder)
  hivemq-control-center    username, password-sha256            SHA-256 hex of username + password

The Python twin of examples/secure-production.ts; both synthesize byte-identical YAML (test/python.test.ts).
Usage: python3 secure_production.py [OUTDIR]  (default: $CDK8S_OUTDIR, else dist)
"""
import sys

from cdk8s import App, Chart
from cdk8s_plus_28 import k8s
from cdk8s_hivemq import (
    AlertOptions,
    ControlCenterOptions,
    ExtensionOptions,
    ExtensionSource,
    HiveMQCluster,
    IssuerKind,
    Keystore,
    LoadBalancerProvider,
    MonitoringOptions,
    MqttListener,
    MqttLoadBalancer,
    NetworkPolicyOptions,
    SecretKeySelector,
    StorageProfile,
)


def secure_production_chart(app: App) -> Chart:
    chart = Chart(app, "secure-production", namespace="iot")
    cluster = HiveMQCluster(
        chart,
        "broker",
        storage=StorageProfile.persistent(storage_class_name="gp3"),
        listeners=[
            MqttListener.tls(
                keystore=Keystore.from_cert_manager(
                    issuer_name="letsencrypt",
                    issuer_kind=IssuerKind.CLUSTER_ISSUER,
                    dns_names=["mqtt.example.com"],
                    password=SecretKeySelector(name="hivemq-tls-password", key="password"),
                ),
            ),
        ],
        license_secret="hivemq-license",
        allow_all_clients=False,
        extensions=[
            ExtensionOptions(
                # Release 4.6.16 of hivemq/hivemq-file-rbac-extension, checked against its published .zip.sha256 at download.
                source=ExtensionSource.from_url(
                    url="https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/"
                    "hivemq-file-rbac-extension-4.6.16.zip",
                ),
                folder="hivemq-file-rbac-extension",
                config_secret="hivemq-rbac",
            ),
        ],
        control_center=ControlCenterOptions(credentials_secret="hivemq-control-center"),
        monitoring=MonitoringOptions(
            service_monitor=True,
            prometheus_labels={"release": "prometheus"},
            alerts=AlertOptions(),
            grafana_dashboard=True,
        ),
        network_policy=NetworkPolicyOptions(
            monitoring_namespaces=["monitoring"],
            admin_peers=[
                k8s.NetworkPolicyPeer(
                    namespace_selector=k8s.LabelSelector(match_labels={"kubernetes.io/metadata.name": "ops"}),
                ),
            ],
        ),
    )
    MqttLoadBalancer(chart, "public", cluster=cluster, provider=LoadBalancerProvider.aws_nlb())
    return chart


if __name__ == "__main__":
    app = App(outdir=sys.argv[1]) if len(sys.argv) > 1 else App()
    secure_production_chart(app)
    app.synth()
