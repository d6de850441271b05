package main

import (
	"cdk8s-hivemq/go/cdk8shivemq"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

// OperatorChart is the same production cluster for teams that run the HiveMQ Platform Operator: a HiveMQPlatform custom
// resource (plus the ConfigMap, PodDisruptionBudget, NetworkPolicy and ServiceMonitor the operator does not create),
// protected from pruning. The operator must be installed (it installs its own CRD); four nodes leave room for its surge
// broker during rolls. The Go twin of examples/operator.ts.
func OperatorChart(app cdk8s.App) cdk8s.Chart {
	chart := cdk8s.NewChart(app, jsii.String("operator"), &cdk8s.ChartProps{Namespace: jsii.String("iot")})
	cluster := cdk8shivemq.NewHiveMQCluster(chart, jsii.String("broker"), &cdk8shivemq.HiveMQClusterProps{
		Mode:    cdk8shivemq.DeploymentMode_PlatformOperator(&cdk8shivemq.OperatorModeOptions{SchedulableNodes: jsii.Number(4)}),
		Storage: cdk8shivemq.StorageProfile_Persistent(&cdk8shivemq.PersistentStorageOptions{StorageClassName: jsii.String("gp3")}),
		Monitoring: &cdk8shivemq.MonitoringOptions{
			ServiceMonitor:   jsii.Bool(true),
			PrometheusLabels: &map[string]*string{"release": jsii.String("prometheus")},
		},
	})
	cdk8shivemq.NewMqttLoadBalancer(chart, jsii.String("public"), &cdk8shivemq.MqttLoadBalancerProps{
		Cluster:  cluster,
		Provider: cdk8shivemq.LoadBalancerProvider_AwsNlb(nil),
	})
	return chart
}
