// The sizing model's constants, written once. Not exported from the package: users read them through `SizingConstants`.
import { ConstantTag } from './sizing-constant';

// Public sources the constants cite; abbreviated so each `source` string stays one readable line in the README's table.
const HELM_VALUES = 'hivemq/helm-charts charts/hivemq-platform/values.yaml';
const SYSTEM_REQUIREMENTS = 'docs.hivemq.com/hivemq/latest/user-guide/system-requirements.html';
const KB_HEAP = 'HiveMQ KB 784105510 "Recommendations: Heap and memory allocation for the HiveMQ process"';
const KB_MEMORY = 'HiveMQ KB 3549462531 "Understanding Memory Usage in HiveMQ Deployments"';
const ASYNC_MQTT = 'redboltz/async_mqtt README.md, Performance: hivemq-ce-2023.4 on c5.4xlarge';
const KUBE_PROXY = 'kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/';
const CE_SOURCE = 'hivemq/hivemq-community-edition src/main/java/com/hivemq';

/**
 * Every constant of the sizing model (cluster and storage), each with value, unit, source and tag. This object is the
 * only place they are written: the README's table is checked against it by a test (through `SizingConstants.all()`), and
 * `ClusterSizing` accepts overrides of the calibratable ones (`SizingConstantOverrides`).
 */
export const SIZING_CONSTANTS = {
  RAM_MIN_GIB: {
    value: 4, unit: 'GiB', tag: ConstantTag.PUBLISHED,
    source: `HiveMQ production minimum 4 CPU / 4 GB (${HELM_VALUES}, resources note; ${SYSTEM_REQUIREMENTS})`,
  },
  VCPU_MIN: { value: 4, unit: 'vCPU', tag: ConstantTag.PUBLISHED, source: `HiveMQ production minimum (${HELM_VALUES}, resources note)` },
  VCPU_MAX: {
    value: 16, unit: 'vCPU', tag: ConstantTag.DERIVED,
    source: 'HiveMQ CE gains only x1.25-x1.6 from 16 to 48 vCPU (redboltz/async_mqtt README.md, Performance: c5.4xlarge vs c5.12xlarge)',
  },
  RAM_MAX_GIB: { value: 64, unit: 'GiB', tag: ConstantTag.DERIVED, source: `32 GB heap cap / 50 % heap share (${KB_HEAP})` },
  HEAP_SHARE: {
    value: 0.5, unit: 'fraction', tag: ConstantTag.PUBLISHED,
    source: `HiveMQ heap recommendation 50 % (${KB_HEAP}); chart javaOpts MaxRAMPercentage=50 (${HELM_VALUES})`,
  },
  U_MEM: { value: 0.8, unit: 'fraction', tag: ConstantTag.DERIVED, source: `HiveMQ KB "Available > 20 % => safe" (${KB_MEMORY})` },
  K_OPS: { value: 6600, unit: 'ops/s/vCPU', tag: ConstantTag.DERIVED, source: `HiveMQ CE, QoS 0, 1 KiB: 53k pps x 2 / 16 vCPU (${ASYNC_MQTT})` },
  W0: { value: 1.0, unit: 'x', tag: ConstantTag.DERIVED, source: `QoS 0 cost weight, the reference (${ASYNC_MQTT})` },
  W1: { value: 1.47, unit: 'x', tag: ConstantTag.DERIVED, source: `QoS 1 cost weight, HiveMQ CE 53/36 kpps (${ASYNC_MQTT})` },
  W2: { value: 2.21, unit: 'x', tag: ConstantTag.DERIVED, source: `QoS 2 cost weight, HiveMQ CE 53/24 kpps (${ASYNC_MQTT})` },
  U_CPU: {
    value: 0.6, unit: 'fraction', tag: ConstantTag.ASSUMED,
    source: 'the benchmark figures are saturation points (RTT over 1 s, redboltz/async_mqtt README.md); keep 40 % headroom',
  },
  C_NOFILE: {
    value: 1_000_000, unit: 'connections/broker', tag: ConstantTag.PUBLISHED,
    source: `HiveMQ system requirements "hivemq hard nofile 1000000" (${SYSTEM_REQUIREMENTS})`,
  },
  CONNTRACK_PER_CORE: {
    value: 32768, unit: 'entries/core', tag: ConstantTag.PUBLISHED, source: `kube-proxy --conntrack-max-per-core default (${KUBE_PROXY})`,
  },
  CONNTRACK_MIN: { value: 131072, unit: 'entries', tag: ConstantTag.PUBLISHED, source: `kube-proxy --conntrack-min default (${KUBE_PROXY})` },
  CONNTRACK_CAP: {
    value: 1_048_576, unit: 'entries', tag: ConstantTag.PUBLISHED,
    source: 'kube-proxy caps conntrack max at 1048576 in recent versions (kubernetes/kubernetes pkg/proxy/conntrack/sysctls.go)',
  },
  CONNTRACK_USE: { value: 0.8, unit: 'fraction', tag: ConstantTag.ASSUMED, source: 'leave 20 % of the conntrack table to other traffic' },
  M_CONN_KIB: {
    value: 25, unit: 'KiB/connection', tag: ConstantTag.ASSUMED,
    source: 'no HiveMQ figure; upper end of peer brokers (EMQX 24.3 KB loaded, VerneMQ 18-22 KB; '
      + 'emqx/blog en/202305/open-mqtt-benchmarking-comparison-mqtt-brokers-in-2023.md)',
  },
  CR_TCP: {
    value: 2250, unit: 'connects/s/broker', tag: ConstantTag.DERIVED,
    source: 'HiveMQ 200M benchmark: 90,090 conn/s over 40 nodes (hivemq.com/resources/achieving-200-mil-concurrent-connections-with-hivemq; '
      + 'node count from a secondary source)',
  },
  TLS_CONN_FACTOR: {
    value: 7, unit: 'x', tag: ConstantTag.DERIVED,
    source: '700 vs 100 connects/s, one user report (github.com/emqx/emqx/issues/4567)',
  },
  OVH_WIRE: {
    value: 40, unit: 'B/message', tag: ConstantTag.ASSUMED,
    source: 'MQTT fixed + variable header with a 32-char topic (MQTT 5.0 §3.3 PUBLISH), an estimate',
  },
  TLS_WIRE: {
    value: 40, unit: 'B/message', tag: ConstantTag.ASSUMED,
    source: 'TLS record overhead "about 40 bytes" (secondary source, iot.stackexchange.com/questions/1509)',
  },
  DISK_MIN_GIB: {
    value: 100, unit: 'GiB', tag: ConstantTag.PUBLISHED,
    source: 'HiveMQ system requirements "100GB or more free disk space" (docs.hivemq.com/hivemq/3.4/user-guide/system-requirements.html); '
      + 'hivemq/helm-charts charts/hivemq-platform/values.yaml PVC example 100Gi',
  },
  OVH_MSG: {
    value: 340, unit: 'B/message', tag: ConstantTag.DERIVED,
    source: `HiveMQ CE PUBLISH.getEstimatedSizeInMemory() for a 32-char topic (${CE_SOURCE}/mqtt/message/publish/PUBLISH.java); `
      + 'on-disk encoding unpublished',
  },
  OVH_SESSION: {
    value: 280, unit: 'B/session', tag: ConstantTag.DERIVED,
    source: `HiveMQ CE ClientSession + Topic estimators (${CE_SOURCE}/util/ObjectMemoryEstimation.java)`,
  },
  SPACE_AMPLIFICATION: { value: 2, unit: 'x', tag: ConstantTag.ASSUMED, source: 'not published; an allowance for the on-disk stores\' compaction' },
  FILL_TARGET: {
    value: 0.8, unit: 'fraction', tag: ConstantTag.ASSUMED,
    source: 'operational margin, same 20 % free rule HiveMQ gives for memory ("Available > 20 % => safe", HiveMQ KB 3549462531)',
  },
  MAX_QUEUE_SIZE: {
    value: 1000, unit: 'messages/client', tag: ConstantTag.PUBLISHED,
    source: 'hivemq-community-edition MqttConfigurationDefaults.MAX_QUEUED_MESSAGES_DEFAULT = 1000',
  },
} as const;

/** The constants `StorageSizing` uses. */
export const STORAGE_CONSTANT_NAMES = ['DISK_MIN_GIB', 'OVH_MSG', 'OVH_SESSION', 'SPACE_AMPLIFICATION', 'FILL_TARGET', 'MAX_QUEUE_SIZE'] as const;

/** Floors, caps and HiveMQ settings the cluster itself enforces: a plan cannot calibrate them away. */
export const FIXED_CONSTANT_NAMES = ['RAM_MIN_GIB', 'VCPU_MIN', 'VCPU_MAX', 'RAM_MAX_GIB', 'HEAP_SHARE', 'DISK_MIN_GIB', 'MAX_QUEUE_SIZE'];

/** The `SizingConstantOverrides` property of a constant: `K_OPS` → `kOps`, `M_CONN_KIB` → `mConnKib` (jsii wants camelCase props). */
export function overrideProp(constantName: string): string {
  return constantName.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
