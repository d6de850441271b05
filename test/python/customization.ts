// The TypeScript twin of test/python/customization.py: pod customization built from TypeScript, for test/python.test.ts to
// compare byte for byte with what the same props built from Python synthesize. The props whose jsii paths are the riskiest:
// cdk8s-plus `EnvValue`s and `Volume`s made in Python, a Python-built `ContainerProps` converted by cdk8s-plus, and a
// `k8s.NodeAffinity` struct.
import { App, Chart, Size } from 'cdk8s';
import { Capability, ConfigMap, Cpu, EnvValue, ImagePullPolicy, k8s, Secret, Volume } from 'cdk8s-plus-28';
import { HiveMQCluster } from '../../lib';

export function customizationChart(app: App): Chart {
  const chart = new Chart(app, 'customization', { namespace: 'iot' });
  const site = Volume.fromConfigMap(chart, 'site', ConfigMap.fromConfigMapName(chart, 'site-cm', 'site-config'));
  const shipperConfig = Volume.fromConfigMap(chart, 'shipper-config', ConfigMap.fromConfigMapName(chart, 'shipper-cm', 'shipper-config'));
  const nodeAffinity: k8s.NodeAffinity = {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6i.xlarge', 'm7i.xlarge'] }] }],
    },
  };
  new HiveMQCluster(chart, 'broker', {
    podLabels: { team: 'mqtt' },
    podAnnotations: { 'example.com/owner': 'iot-platform' },
    extraEnv: {
      FEATURE: EnvValue.fromValue('on'),
      DB_PASSWORD: EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, 'db', 'db-credentials'), key: 'password' }),
    },
    extraVolumes: [{ volume: site, mountPath: '/mnt/site', readOnly: true }],
    sidecars: [{
      name: 'shipper',
      image: 'busybox:1.37.0',
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      args: ['sh', '-c', 'while true; do sleep 3600; done'],
      // Pod Security "restricted", and requests equal to limits so the pod keeps its Guaranteed QoS class.
      securityContext: {
        ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: [Capability.ALL] },
      },
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } },
      volumeMounts: [{ path: '/etc/shipper', volume: shipperConfig, readOnly: true }],
    }],
    nodeAffinity,
  });
  return chart;
}
