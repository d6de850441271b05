"""Pod customization from Python: the twin of test/python/customization.ts; test/python.test.ts requires byte-identical YAML.

cdk8s-plus EnvValues and Volumes made in Python, a sidecar given as Python ContainerProps (converted by cdk8s-plus in
JavaScript), and a k8s.NodeAffinity struct.
Usage: python3 customization.py OUTDIR
"""
import sys

from cdk8s import App, Chart, Size
from cdk8s_plus_28 import (Capability, ConfigMap, ContainerProps, ContainerResources, ContainerSecurityContextProps,
                           ContainerSecutiryContextCapabilities, Cpu, CpuResources, EnvValue, ImagePullPolicy, MemoryResources,
                           Secret, SecretValue, Volume, VolumeMount, k8s)
from cdk8s_hivemq import ExtraVolume, HiveMQCluster


def customization_chart(app: App) -> Chart:
    chart = Chart(app, "customization", namespace="iot")
    site = Volume.from_config_map(chart, "site", ConfigMap.from_config_map_name(chart, "site-cm", "site-config"))
    shipper_config = Volume.from_config_map(chart, "shipper-config", ConfigMap.from_config_map_name(chart, "shipper-cm", "shipper-config"))
    node_affinity = k8s.NodeAffinity(
        required_during_scheduling_ignored_during_execution=k8s.NodeSelector(node_selector_terms=[
            k8s.NodeSelectorTerm(match_expressions=[
                k8s.NodeSelectorRequirement(key="node.kubernetes.io/instance-type", operator="In", values=["m6i.xlarge", "m7i.xlarge"]),
            ]),
        ]),
    )
    HiveMQCluster(
        chart,
        "broker",
        pod_labels={"team": "mqtt"},
        pod_annotations={"example.com/owner": "iot-platform"},
        extra_env={
            "FEATURE": EnvValue.from_value("on"),
            "DB_PASSWORD": EnvValue.from_secret_value(SecretValue(secret=Secret.from_secret_name(chart, "db", "db-credentials"), key="password")),
        },
        extra_volumes=[ExtraVolume(volume=site, mount_path="/mnt/site", read_only=True)],
        sidecars=[ContainerProps(
            name="shipper",
            image="busybox:1.37.0",
            image_pull_policy=ImagePullPolicy.IF_NOT_PRESENT,
            args=["sh", "-c", "while true; do sleep 3600; done"],
            # Pod Security "restricted", and requests equal to limits so the pod keeps its Guaranteed QoS class.
            security_context=ContainerSecurityContextProps(
                ensure_non_root=True, read_only_root_filesystem=True, allow_privilege_escalation=False, capabilities=ContainerSecutiryContextCapabilities(drop=[Capability.ALL]),
            ),
            resources=ContainerResources(
                cpu=CpuResources(request=Cpu.millis(100), limit=Cpu.millis(100)),
                memory=MemoryResources(request=Size.mebibytes(64), limit=Size.mebibytes(64)),
            ),
            volume_mounts=[VolumeMount(path="/etc/shipper", volume=shipper_config, read_only=True)],
        )],
        node_affinity=node_affinity,
    )
    return chart


if __name__ == "__main__":
    app = App(outdir=sys.argv[1])
    customization_chart(app)
    app.synth()
