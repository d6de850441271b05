package main

import (
	"cdk8s-hivemq/go/cdk8shivemq"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2/k8s"
)

// SecureProductionChart is a locked-down production cluster on EKS: MQTT only over TLS (certificate from cert-manager),
// no allow-all extension, clients authenticated by the HiveMQ File RBAC extension, a licence, the Control Center for
// operators only, Prometheus metrics with a ServiceMonitor, and the default NetworkPolicy narrowed for monitoring and
// admin access. The Go twin of examples/secure-production.ts.
//
// Create these Secrets in the namespace first (never in Git in plain text; use Sealed Secrets, SOPS or External Secrets):
//
//	hivemq-license           license.lic                          the HiveMQ licence file
//	hivemq-tls-password      password                             password cert-manager encrypts keystore.p12 with
//	hivemq-rbac              config.xml, credentials.xml          File RBAC extension configuration (conf/ folder)
//	hivemq-control-center    username, password-sha256            SHA-256 hex of username + password
func SecureProductionChart(app cdk8s.App) cdk8s.Chart {
	chart := cdk8s.NewChart(app, jsii.String("secure-production"), &cdk8s.ChartProps{Namespace: jsii.String("iot")})
	cluster := cdk8shivemq.NewHiveMQCluster(chart, jsii.String("broker"), &cdk8shivemq.HiveMQClusterProps{
		Storage: cdk8shivemq.StorageProfile_Persistent(&cdk8shivemq.PersistentStorageOptions{StorageClassName: jsii.String("gp3")}),
		Listeners: &[]cdk8shivemq.MqttListener{
			cdk8shivemq.MqttListener_Tls(&cdk8shivemq.TlsListenerOptions{
				Keystore: cdk8shivemq.Keystore_FromCertManager(&cdk8shivemq.CertManagerKeystoreOptions{
					IssuerName: jsii.String("letsencrypt"),
					IssuerKind: cdk8shivemq.IssuerKind_CLUSTER_ISSUER,
					DnsNames:   jsii.Strings("mqtt.example.com"),
					Password:   &cdk8shivemq.SecretKeySelector{Name: jsii.String("hivemq-tls-password"), Key: jsii.String("password")},
				}),
			}),
		},
		LicenseSecret:   jsii.String("hivemq-license"),
		AllowAllClients: jsii.Bool(false),
		Extensions: &[]*cdk8shivemq.ExtensionOptions{{
			// Release 4.6.16 of hivemq/hivemq-file-rbac-extension, checked against its published .zip.sha256 at download.
			Source: cdk8shivemq.ExtensionSource_FromUrl(&cdk8shivemq.UrlExtensionSourceOptions{
				Url: jsii.String("https://github.com/hivemq/hivemq-file-rbac-extension/releases/download/4.6.16/hivemq-file-rbac-extension-4.6.16.zip"),
			}),
			Folder:       jsii.String("hivemq-file-rbac-extension"),
			ConfigSecret: jsii.String("hivemq-rbac"),
		}},
		ControlCenter: &cdk8shivemq.ControlCenterOptions{CredentialsSecret: jsii.String("hivemq-control-center")},
		Monitoring: &cdk8shivemq.MonitoringOptions{
			ServiceMonitor:   jsii.Bool(true),
			PrometheusLabels: &map[string]*string{"release": jsii.String("prometheus")},
			Alerts:           &cdk8shivemq.AlertOptions{},
			GrafanaDashboard: jsii.Bool(true),
		},
		NetworkPolicy: &cdk8shivemq.NetworkPolicyOptions{
			MonitoringNamespaces: jsii.Strings("monitoring"),
			AdminPeers: &[]*k8s.NetworkPolicyPeer{{
				NamespaceSelector: &k8s.LabelSelector{MatchLabels: &map[string]*string{"kubernetes.io/metadata.name": jsii.String("ops")}},
			}},
		},
	})
	cdk8shivemq.NewMqttLoadBalancer(chart, jsii.String("public"), &cdk8shivemq.MqttLoadBalancerProps{
		Cluster:  cluster,
		Provider: cdk8shivemq.LoadBalancerProvider_AwsNlb(nil),
	})
	return chart
}
