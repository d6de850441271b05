"""One wrong-typed HiveMQCluster, left uncaught as in a user's app: test/python.test.ts reads what Python prints.

Usage: python3 wrong_types.py CASE OUTDIR
"""
import sys

from cdk8s import App, Chart
from cdk8s_hivemq import HiveMQCluster, StorageProfile

CASES = {
    # Strings where the API wants an enum member (PvcRetention.DELETE, ImagePullPolicy.ALWAYS): refused by the type
    # check of jsii's Python bindings (typeguard), before JavaScript runs.
    "when_deleted_str": lambda chart: HiveMQCluster(chart, "broker", storage=StorageProfile.persistent(when_deleted="Delete")),
    "image_pull_policy_str": lambda chart: HiveMQCluster(chart, "broker", image_pull_policy="Always"),
    "replicas_str": lambda chart: HiveMQCluster(chart, "broker", replicas="3"),
    # Numbers pass the type check (a jsii number is int or float): the library's own validation answers.
    "replicas_fraction": lambda chart: HiveMQCluster(chart, "broker", replicas=2.5),
    "replicas_negative": lambda chart: HiveMQCluster(chart, "broker", replicas=-1),
}

if __name__ == "__main__":
    app = App(outdir=sys.argv[2])
    CASES[sys.argv[1]](Chart(app, "wrong", namespace="iot"))
    app.synth()
