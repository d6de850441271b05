/**
 * The resources area: how many brokers and copies, the CPU and memory of each, the heap derived from it, and the scratch
 * space every broker writes. A sizing plan (ClusterSizing) sets the defaults; an explicit prop may exceed it, never fall below it.
 */
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { ClusterSizing } from '../sizing/cluster-sizing';
import { StorageKind } from '../storage/storage-profile';
import { formatBytes, GIB, sizeToBytes, Validator } from '../validation/validator';
import { HIVEMQ, ResolvedStorage, ResourcesModel } from './cluster-model';

export const DEFAULT_REPLICAS = 3;
export const DEFAULT_NON_PRODUCTION = false;
/** HiveMQ's default `<replica-count>`, capped at the number of brokers. */
export const DEFAULT_REPLICATION = 2;
/** HiveMQ's production minimum (see PRODUCTION_MIN_CPU_MILLIS). */
export const DEFAULT_CPU = Cpu.units(4);
/** A 4 GiB heap, HiveMQ's "recommended staging setup" row. */
export const DEFAULT_MEMORY = Size.gibibytes(8);
/** HiveMQ's production minimum per broker: 4 CPUs and 4 GB of RAM (docs.hivemq.com system requirements, "Minimum Hardware Requirements"). */
const PRODUCTION_MIN_CPU_MILLIS = 4000;
const PRODUCTION_MIN_MEMORY_BYTES = 4 * GIB;
/**
 * The least a broker may have even with nonProduction. HiveMQ publishes no start minimum; the smallest setup it ships is its
 * platform chart's test default, `nodes.resources` cpu 1024m and memory 2048M (hivemq/helm-charts
 * charts/hivemq-platform/values.yaml, "suitable for testing", README). The floors are derived from it, not measured: 2 GiB
 * of memory (a little above 2048M = 1.91 GiB, so a 1 GiB heap at the 50 % share plus the off-heap share the KB asks for),
 * and 1 CPU (the chart's 1024m rounded down to a whole CPU: with less, the JVM's start-up, persistence recovery and
 * cluster join run throttled and can outlast the startup probe).
 */
const START_MIN_CPU_MILLIS = 1000;
const START_MIN_MEMORY_BYTES = 2 * GIB;
/** More than any node offers (the largest cloud instances have fewer than 1024 vCPUs): a typo, not a plan. */
const MAX_CPU_MILLIS = 1024 * 1000;
/** Scratch space besides the heap dump: the distribution copy, the logs, /tmp, and headroom for what the kubelet also counts. */
const HOME_SCRATCH_BASE_BYTES = 1 * GIB;
const LOG_SCRATCH_BYTES = 2 * GIB;
const TMP_SCRATCH_BYTES = 1 * GIB;
const EPHEMERAL_HEADROOM_BYTES = 1 * GIB;

/** The sizing plan, if any. */
export function resolveSizingPlan(validator: Validator, props: HiveMQClusterProps): ClusterSizing | undefined {
  const plan = props.sizing;
  if (plan !== undefined && !(plan instanceof ClusterSizing)) {
    validator.fail('sizing', 'must be a ClusterSizing plan', plan, 'Use ClusterSizing.forWorkload({...}).');
  }
  return plan;
}

/** A prop that a plan sets the default of: the error names the rule behind the planned value. */
function atLeastPlan(validator: Validator, prop: string, value: number | undefined, planned: number | undefined, rule: string,
  show: (amount: number) => string = String, optional = true): number | undefined {
  if (value !== undefined && planned !== undefined && value < planned) {
    validator.fail(prop, `is below what the sizing plan requires (${show(planned)}, set by ${rule})`, show(value),
      `Raise ${prop} to at least ${show(planned)}${optional ? ', or leave it unset to take the plan\'s value' : ''}.`);
  }
  return value ?? planned;
}

/** The brokers and copies; with autoscaling, `minReplicas` (already checked) stands for replicas, the fewest brokers there will be. */
export function resolveReplicas(validator: Validator, props: HiveMQClusterProps, plan: ClusterSizing | undefined, minReplicas?: number)
  : { replicas: number; replication: number } {
  const replicasProp = minReplicas === undefined ? 'replicas' : 'autoscaling.minReplicas';
  const plannedReplicas = atLeastPlan(validator, replicasProp, minReplicas ?? props.replicas, plan?.replicas,
    `the binding constraint: ${plan?.binding}`, String, minReplicas === undefined);
  const replicas = validator.integer(replicasProp, plannedReplicas ?? DEFAULT_REPLICAS, 1, 1000,
    'Set replicas to 1 or more (3 or more for production).');
  const plannedReplication = atLeastPlan(validator, 'replication', props.replication, plan?.replication, 'the availability the plan was made for');
  const replication = validator.integer('replication', plannedReplication ?? Math.min(DEFAULT_REPLICATION, replicas), 1, replicas,
    `Keep replication between 1 and replicas (${replicas}): HiveMQ cannot keep more copies than there are brokers.`);
  return { replicas, replication };
}

/** CPU, memory and the heap of one broker, against the start floor and (unless nonProduction) HiveMQ's production minimum. */
export function resolveCompute(validator: Validator, props: HiveMQClusterProps, plan: ClusterSizing | undefined, nonProduction: boolean) {
  const cpuMillis = atLeastPlan(validator, 'cpu', props.cpu === undefined ? undefined : parseCpu(validator, props.cpu), plan && plan.cpu * 1000,
    'vcpuPerBroker', (millis) => `${millis}m`) ?? parseCpu(validator, DEFAULT_CPU);
  const memoryBytes = atLeastPlan(validator, 'memory', props.memory === undefined ? undefined : validator.bytes('memory', props.memory, 1),
    plan && sizeToBytes(plan.memory), 'the memory for the failover share of connections', formatBytes) ?? sizeToBytes(DEFAULT_MEMORY);
  const heapBytes = Math.floor(memoryBytes * HIVEMQ.heapPercent / 100);
  if (heapBytes >= HIVEMQ.maxHeapBytes) {
    validator.fail('memory', `gives a heap of ${formatBytes(heapBytes)} (50 % of memory), not below HiveMQ's 32 GiB heap limit`,
      formatBytes(memoryBytes), 'Use less than Size.gibibytes(64) per broker (e.g. Size.gibibytes(60)) and add replicas instead.');
  }
  // The start floor holds with nonProduction too: below it the broker does not come up, whatever the cluster is for.
  if (memoryBytes < START_MIN_MEMORY_BYTES) {
    validator.fail('memory', 'is below the 2 GiB a broker needs to start (a 1 GiB heap plus off-heap memory), even with nonProduction',
      formatBytes(memoryBytes), 'Use at least Size.gibibytes(2) (4 GiB for production).');
  }
  if (cpuMillis < START_MIN_CPU_MILLIS) {
    validator.fail('cpu', 'is below the 1 CPU a broker needs to start within its startup probe, even with nonProduction', `${cpuMillis}m`,
      'Use at least Cpu.units(1) (4 for production).');
  }
  if (!nonProduction && (cpuMillis < PRODUCTION_MIN_CPU_MILLIS || memoryBytes < PRODUCTION_MIN_MEMORY_BYTES)) {
    validator.fail('cpu/memory', 'are below HiveMQ\'s production minimum of 4 CPU and 4 GiB per broker',
      `${cpuMillis}m / ${formatBytes(memoryBytes)}`, 'Raise them, or set nonProduction: true for a test cluster.');
  }
  const javaOpts = `-XX:+UnlockExperimentalVMOptions -XX:InitialRAMPercentage=${HIVEMQ.heapPercent} -XX:MaxRAMPercentage=${HIVEMQ.heapPercent}`;
  return { cpuMillis, memoryBytes, heapBytes, javaOpts };
}

/** The emptyDirs a broker writes, and the ephemeral storage they add up to (an ephemeral data volume included). */
export function resolveScratch(heapBytes: number, storage: ResolvedStorage): Pick<ResourcesModel,
'homeScratchBytes' | 'logScratchBytes' | 'tmpScratchBytes' | 'ephemeralStorageBytes'> {
  const homeScratchBytes = HOME_SCRATCH_BASE_BYTES + heapBytes;
  // Headroom for what the kubelet also counts against the limit: the container's stdout log and writable layer.
  const ephemeralStorageBytes = homeScratchBytes + LOG_SCRATCH_BYTES + TMP_SCRATCH_BYTES + EPHEMERAL_HEADROOM_BYTES
    + (storage.kind === StorageKind.EPHEMERAL ? storage.sizeBytes : 0);
  return { homeScratchBytes, logScratchBytes: LOG_SCRATCH_BYTES, tmpScratchBytes: TMP_SCRATCH_BYTES, ephemeralStorageBytes };
}

function parseCpu(validator: Validator, cpu: Cpu): number {
  validator.instance('cpu', cpu, Cpu, 'Use Cpu.units(4) or Cpu.millis(4000).');
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(cpu.amount);
  const millis = match ? (match[2] ? Number(match[1]) : Number(match[1]) * 1000) : NaN;
  if (!Number.isInteger(millis) || millis <= 0) {
    validator.fail('cpu', 'must be a positive whole number of millicores', cpu.amount, 'Use Cpu.units(4) or Cpu.millis(4000).');
  }
  if (millis > MAX_CPU_MILLIS) {
    validator.fail('cpu', `must be at most ${MAX_CPU_MILLIS / 1000} CPUs`, cpu.amount,
      'Use Cpu.units(n) with the CPUs of one broker, e.g. Cpu.units(8).');
  }
  return millis;
}
