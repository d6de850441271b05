// The same production cluster for teams that run the HiveMQ Platform Operator: a HiveMQPlatform custom resource (plus the
// ConfigMap, PodDisruptionBudget, NetworkPolicy and ServiceMonitor the operator does not create), protected from pruning.
// The operator must be installed (it installs its own CRD); four nodes leave room for its surge broker during rolls.
//
// The Java twin of examples/operator.ts; both synthesize byte-identical YAML (test/java.test.ts).
// Usage: java examples.OperatorMode [OUTDIR]  (default: $CDK8S_OUTDIR, else dist)
package examples;

import cdk8shivemq.DeploymentMode;
import cdk8shivemq.HiveMQCluster;
import cdk8shivemq.LoadBalancerProvider;
import cdk8shivemq.MonitoringOptions;
import cdk8shivemq.MqttLoadBalancer;
import cdk8shivemq.OperatorModeOptions;
import cdk8shivemq.PersistentStorageOptions;
import cdk8shivemq.StorageProfile;
import java.util.Map;
import org.cdk8s.App;
import org.cdk8s.Chart;

public final class OperatorMode {
    private OperatorMode() {
    }

    public static Chart operatorChart(final App app) {
        Chart chart = Chart.Builder.create(app, "operator").namespace("iot").build();
        HiveMQCluster cluster = HiveMQCluster.Builder.create(chart, "broker")
                .mode(DeploymentMode.platformOperator(OperatorModeOptions.builder().schedulableNodes(4).build()))
                .storage(StorageProfile.persistent(PersistentStorageOptions.builder().storageClassName("gp3").build()))
                .monitoring(MonitoringOptions.builder()
                        .serviceMonitor(true)
                        .prometheusLabels(Map.of("release", "prometheus"))
                        .build())
                .build();
        MqttLoadBalancer.Builder.create(chart, "public").cluster(cluster).provider(LoadBalancerProvider.awsNlb()).build();
        return chart;
    }

    public static void main(final String[] args) {
        App app = args.length > 0 ? App.Builder.create().outdir(args[0]).build() : new App();
        operatorChart(app);
        app.synth();
    }
}
