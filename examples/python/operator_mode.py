"""The same production cluster for teams that run the HiveMQ Platform Operator: a HiveMQPlatform custom resource (plus the
ConfigMap, PodDisruptionBudget, NetworkPolicy and ServiceMonitor the operator does not create), protected from pruning.
The operator must be installed (it installs its own CRD); four nodes leave room for its surge broker during rolls.

The Python twin of examples/operator.ts; both synthesize byte-identical YAML (test/python.test.ts).
Not named operator.py: a script's folder comes first on sys.path, and that name would shadow the standard library's
`operator` module for every import (cdk8s imports it).
Usage: python3 operator_mode.py [OUTDIR]  (default: $CDK8S_OUTDIR, else dist)
"""
import sys

from cdk8s import App, Chart
from cdk8s_hivemq import (
    DeploymentMode,
    HiveMQCluster,
    LoadBalancerProvider,
    MonitoringOptions,
    MqttLoadBalancer,
    StorageProfile,
)


def operator_chart(app: App) -> Chart:
    chart = Chart(app, "operator", namespace="iot")
    cluster = HiveMQCluster(
        chart,
        "broker",
        mode=DeploymentMode.platform_operator(schedulable_nodes=4),
        storage=StorageProfile.persistent(storage_class_name="gp3"),
        monitoring=MonitoringOptions(service_monitor=True, prometheus_labels={"release": "prometheus"}),
    )
    MqttLoadBalancer(chart, "public", cluster=cluster, provider=LoadBalancerProvider.aws_nlb())
    return chart


if __name__ == "__main__":
    app = App(outdir=sys.argv[1]) if len(sys.argv) > 1 else App()
    operator_chart(app)
    app.synth()
