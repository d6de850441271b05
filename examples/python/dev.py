"""A single-broker HiveMQ for a laptop cluster (kind, minikube, k3d): ephemeral storage, small resources.

The Python twin of examples/dev.ts; both synthesize byte-identical YAML (test/python.test.ts).
Usage: python3 dev.py [OUTDIR]  (default: $CDK8S_OUTDIR, else dist)
"""
import sys

from cdk8s import App, Chart, Size
from cdk8s_plus_28 import Cpu
from cdk8s_hivemq import HiveMQCluster, Placement, StorageProfile


def dev_chart(app: App) -> Chart:
    chart = Chart(app, "dev", namespace="mqtt-dev")
    HiveMQCluster(
        chart,
        "dev",
        replicas=1,
        storage=StorageProfile.ephemeral(),
        non_production=True,
        cpu=Cpu.units(1),
        memory=Size.gibibytes(2),
        zone_spread=Placement.NONE,
    )
    return chart


if __name__ == "__main__":
    app = App(outdir=sys.argv[1]) if len(sys.argv) > 1 else App()
    dev_chart(app)
    app.synth()
