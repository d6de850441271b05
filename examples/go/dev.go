package main

import (
	"cdk8s-hivemq/go/cdk8shivemq"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2"
)

// DevChart is a single-broker HiveMQ for a laptop cluster (kind, minikube, k3d): ephemeral storage, small resources.
// The Go twin of examples/dev.ts.
func DevChart(app cdk8s.App) cdk8s.Chart {
	chart := cdk8s.NewChart(app, jsii.String("dev"), &cdk8s.ChartProps{Namespace: jsii.String("mqtt-dev")})
	cdk8shivemq.NewHiveMQCluster(chart, jsii.String("dev"), &cdk8shivemq.HiveMQClusterProps{
		Replicas:      jsii.Number(1),
		Storage:       cdk8shivemq.StorageProfile_Ephemeral(nil),
		NonProduction: jsii.Bool(true),
		Cpu:           cdk8splus28.Cpu_Units(jsii.Number(1)),
		Memory:        cdk8s.Size_Gibibytes(jsii.Number(2)),
		ZoneSpread:    cdk8shivemq.Placement_NONE,
	})
	return chart
}
