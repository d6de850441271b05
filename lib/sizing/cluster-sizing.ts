import { Size } from 'cdk8s';
import { SizingConstantOverrides } from './sizing-constants';
import { StorageSizing } from '../storage/storage-sizing';
import { StorageWorkload } from '../storage/storage-workload';
import { Constants, memoryConnections, overriddenConstants, resolveConstants, SizingValidator } from './resolve-constants';
import { GIB, Validator } from '../validation/validator';
import { inputError } from '../validation/input-error';

/** Shares of the message traffic per QoS level; they must add up to 1. */
export interface QosMix {
  /** Share of QoS 0 (at most once) messages. */
  readonly qos0: number;
  /** Share of QoS 1 (at least once) messages. */
  readonly qos1: number;
  /** Share of QoS 2 (exactly once) messages. */
  readonly qos2: number;
}

/** The workload a cluster must carry at peak. */
export interface SizingWorkload {
  /** Concurrent client connections. */
  readonly connections: number;
  /** PUBLISH messages per second into the cluster. */
  readonly publishesPerSecond: number;
  /** Mean deliveries per published message (0 = nobody subscribes, 1 = one subscriber each). */
  readonly fanOut: number;
  /** Mean payload in bytes (MQTT allows at most 268,435,455). */
  readonly payloadBytes: number;
  /** Shares of QoS 0, 1 and 2 traffic. */
  readonly qos: QosMix;
  /**
   * Clients with a persistent session (their subscriptions and queued messages are stored).
   * @default 0
   */
  readonly persistentSessions?: number;
  /** Persistent sessions offline at peak, collecting queued messages. @default - all persistent sessions (worst case, as StorageSizing) */
  readonly offlineSessions?: number;
  /** Messages queued per offline session, at most 1000 (HiveMQ's queue limit). @default 0 */
  readonly queuedMessagesPerSession?: number;
  /**
   * Retained messages stored in the cluster.
   * @default 0
   */
  readonly retainedMessages?: number;
  /**
   * Mean payload of a retained message, in bytes.
   * @default - payloadBytes
   */
  readonly retainedPayloadBytes?: number;
  /** Clients connect with TLS terminated at the brokers. @default false */
  readonly tls?: boolean;
  /** vCPU per broker, 4 to 16 (HiveMQ's minimum; vertical scaling beyond 16 pays little). @default 4 */
  readonly vcpuPerBroker?: number;
  /**
   * Cores of the worker nodes, to bound connections by kube-proxy's connection-tracking table. Leave unset when client
   * connections do not pass kube-proxy NAT (AWS IP targets, eBPF kube-proxy replacement, DSR).
   * @default - connection tracking not checked
   */
  readonly workerNodeCores?: number;
  /**
   * Seconds within which the other brokers must re-accept a failed broker's clients.
   * @default - not checked
   */
  readonly failoverSeconds?: number;
}

/** Options of `ClusterSizing.forWorkload()`. */
export interface ClusterSizingOptions {
  /** Copies of every persisted item (HiveMQ `<replica-count>`). @default 2 - HiveMQ's default */
  readonly replication?: number;
  /** Calibrated constants (from your own load test); the explanation lists which were overridden. @default - none */
  readonly constants?: SizingConstantOverrides;
}

/** What decided the broker count. */
export enum BindingConstraint {
  /** The minimum for availability: enough brokers to survive the loss of one with every item still replicated. */
  AVAILABILITY = 'availability',
  /** The CPU the message rate needs. */
  CPU = 'cpu',
  /** The connections one broker can hold (open files or memory). */
  CONNECTIONS = 'connections',
  /** The nodes' kube-proxy connection-tracking tables. */
  CONNECTION_TRACKING = 'connection-tracking',
  /** The memory the connections need, capped per broker. */
  MEMORY = 'memory',
  /** The time within which the surviving brokers must re-accept a failed broker's clients. */
  FAILOVER = 'failover',
}

const MAX_PAYLOAD = 268_435_455; // MQTT 3.1.1 / 5.0: Remaining Length is at most 268,435,455 bytes
const MAX_BROKERS = 1000;

/** A broker count and the constraint that set it. */
interface BrokerCount {
  readonly brokers: number;
  readonly binding: BindingConstraint;
  /** Connections one broker can hold. */
  readonly connectionsPerBroker: number;
}

/** The broker count, memory and reconnect time once a broker has failed. */
interface FailoverSizing {
  readonly brokers: number;
  readonly binding: BindingConstraint;
  readonly memoryGib: number;
  readonly failoverSeconds: number;
}

/**
 * A cluster plan derived from a workload with a model built from the sources in `SizingConstants.all()`, with the arithmetic
 * behind every figure. Pass it to `HiveMQCluster` as `sizing`.
 */
export class ClusterSizing {
  /** Plans a cluster for a workload. Throws on an invalid workload, naming the field, the value and the fix. */
  public static forWorkload(workload: SizingWorkload, options: ClusterSizingOptions = {}): ClusterSizing {
    return new ClusterSizing(workload, options);
  }

  /** Number of brokers. */
  public readonly replicas: number;
  /** vCPU per broker (requests = limits). */
  public readonly cpu: number;
  /** Memory per broker, whole GiB. */
  public readonly memory: Size;
  /** Heap per broker (50 % of memory). */
  public readonly heap: Size;
  /** Persistent volume per broker. */
  public readonly storage: Size;
  /** Copies of every persisted item. */
  public readonly replication: number;
  /** Connections one broker can hold (the smallest of open files, connection tracking and memory). */
  public readonly connectionsPerBroker: number;
  /** What decided the broker count. */
  public readonly binding: BindingConstraint;
  /** Seconds the surviving brokers need to re-accept a failed broker's clients. */
  public readonly failoverSeconds: number;
  /** Network traffic per broker with one broker down, bit/s. */
  public readonly bandwidthBitsPerSecond: number;
  /** Values that hit a documented limit, or inputs the model cannot vouch for. */
  public readonly warnings: string[] = [];
  /** Constants that were overridden, by name. */
  public readonly overridden: string[];
  /** The arithmetic behind every figure, one step per line (what `explain()` prints under its summary). */
  public readonly explanation: string[] = [];
  private readonly workload: SizingWorkload;
  private readonly options: ClusterSizingOptions;
  private readonly constants: Constants;

  private constructor(workload: SizingWorkload, options: ClusterSizingOptions) {
    const validator = new SizingValidator('ClusterSizing');
    validator.keys('options', options, ['replication', 'constants']);
    this.constants = resolveConstants(options.constants ?? {}, 'ClusterSizing: constants');
    this.overridden = overriddenConstants(options.constants ?? {});
    checkWorkload(validator, workload, this.constants);
    this.replication = validator.integer('replication', options.replication ?? 2, 1, 10, 'HiveMQ\'s default is 2.');
    this.workload = workload;
    this.options = options;
    this.cpu = workload.vcpuPerBroker ?? 4;

    // Each step appends its lines to the explanation, so they run in the order explain() prints them; the later steps read this.replicas.
    const minimum = this.minimumBrokers();
    const failover = this.sizeForFailover(minimum);
    this.replicas = failover.brokers;
    this.binding = failover.binding;
    this.connectionsPerBroker = minimum.connectionsPerBroker;
    this.failoverSeconds = failover.failoverSeconds;
    this.storage = this.storagePerBroker();
    this.bandwidthBitsPerSecond = this.bandwidthPerBroker();
    this.memory = Size.gibibytes(failover.memoryGib);
    this.heap = Size.mebibytes(failover.memoryGib * 1024 * this.constants.HEAP_SHARE);
    this.addLimitWarnings();
  }

  /** The largest of the broker counts availability, CPU and connections each need, plus one so that N-1 brokers carry the full load. */
  private minimumBrokers(): BrokerCount {
    const cpuBrokers = this.cpuBrokers();
    const connections = this.connectionBrokers();
    const availabilityBrokers = this.replication + 1;
    this.explanation.push(`availability: replication ${this.replication} + 1 => ${availabilityBrokers} brokers`);
    const candidates: Array<[BindingConstraint, number]> = [
      [BindingConstraint.AVAILABILITY, availabilityBrokers],
      [BindingConstraint.CPU, cpuBrokers],
      [connections.binding, connections.brokers],
    ];
    const [binding, largest] = candidates.reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best));
    // brokers >= replication + 2 >= 3: there are always at least two survivors to divide by.
    const brokers = largest + 1;
    this.explanation.push(`brokers: max(${candidates.map(([, count]) => count).join(', ')}) = ${largest} (${binding}) `
      + `+ 1 so that N-1 carry the full load => ${brokers}`);
    return { brokers, binding, connectionsPerBroker: connections.connectionsPerBroker };
  }

  /** CPU: weighted message operations (one inbound, fanOut outbound) per second, spread over brokers of `cpu` vCPU. */
  private cpuBrokers(): number {
    const { workload, constants } = this;
    const outbound = workload.publishesPerSecond * workload.fanOut;
    const weight = workload.qos.qos0 * constants.W0 + workload.qos.qos1 * constants.W1 + workload.qos.qos2 * constants.W2;
    const operations = (workload.publishesPerSecond + outbound) * weight;
    const vcpuTotal = operations / (constants.K_OPS * constants.U_CPU);
    const brokers = Math.max(1, Math.ceil(vcpuTotal / this.cpu));
    this.explanation.push(`cpu: W = (${workload.publishesPerSecond} + ${outbound}) msg/s x ${round(weight)} `
      + `(QoS weights ${constants.W0}/${constants.W1}/${constants.W2}) = ${round(operations)} ops/s; `
      + `${round(operations)} / (${constants.K_OPS} x ${constants.U_CPU}) = ${round(vcpuTotal)} vCPU; / ${this.cpu} vCPU per broker `
      + `=> ${brokers} brokers`);
    return brokers;
  }

  /** Connections per broker, the smallest of open files, connection tracking and memory, and the brokers the connections need. */
  private connectionBrokers(): BrokerCount {
    const { workload, constants } = this;
    const memoryLimit = memoryConnections(constants.RAM_MAX_GIB * GIB, constants);
    const conntrack = workload.workerNodeCores === undefined ? Infinity : Math.floor(constants.CONNTRACK_USE
      * Math.min(constants.CONNTRACK_CAP, Math.max(constants.CONNTRACK_PER_CORE * workload.workerNodeCores, constants.CONNTRACK_MIN)));
    const connectionsPerBroker = Math.min(constants.C_NOFILE, conntrack, memoryLimit);
    const brokers = Math.max(1, Math.ceil(workload.connections / connectionsPerBroker));
    const limit = connectionsPerBroker === conntrack ? 'connection tracking' : connectionsPerBroker === constants.C_NOFILE ? 'open files' : 'memory';
    this.explanation.push(`connections: per broker min(nofile ${constants.C_NOFILE}, `
      + `conntrack ${conntrack === Infinity ? 'not checked' : conntrack}, memory ${memoryLimit}) = ${connectionsPerBroker} (${limit}); `
      + `${workload.connections} / ${connectionsPerBroker} => ${brokers} brokers`);
    if (conntrack === Infinity) this.warnings.push('connection tracking not checked: pass workerNodeCores if client connections pass kube-proxy NAT');
    const binding = limit === 'connection tracking' ? BindingConstraint.CONNECTION_TRACKING
      : limit === 'memory' ? BindingConstraint.MEMORY : BindingConstraint.CONNECTIONS;
    return { brokers, binding, connectionsPerBroker };
  }

  /** Memory for the failover case, and the failover reconnect time; each may add brokers to the minimum. */
  private sizeForFailover(minimum: BrokerCount): FailoverSizing {
    const { workload, constants } = this;
    const connectsPerSecond = workload.tls ? constants.CR_TCP / constants.TLS_CONN_FACTOR : constants.CR_TCP;
    let { brokers, binding } = minimum;
    let memoryGib: number;
    let failoverSeconds: number;
    for (;;) {
      const failoverConnections = workload.connections / (brokers - 1);
      memoryGib = Math.max(constants.RAM_MIN_GIB, Math.ceil(failoverConnections * constants.M_CONN_KIB * 1024 / constants.U_MEM / GIB));
      failoverSeconds = (workload.connections / brokers) / ((brokers - 1) * connectsPerSecond);
      if (memoryGib >= constants.RAM_MAX_GIB) {
        binding = BindingConstraint.MEMORY;
      } else if (workload.failoverSeconds !== undefined && failoverSeconds > workload.failoverSeconds) {
        binding = BindingConstraint.FAILOVER;
      } else {
        break;
      }
      if (brokers >= MAX_BROKERS) {
        throw inputError(`ClusterSizing: the workload needs more than ${MAX_BROKERS} brokers. Check the inputs, or calibrate the constants.`);
      }
      brokers++;
    }
    if (brokers > minimum.brokers) {
      const added = brokers - minimum.brokers;
      this.explanation.push(`brokers: raised from ${minimum.brokers} to ${brokers} for `
        + `${binding === BindingConstraint.MEMORY ? `memory (a broker needs less than ${constants.RAM_MAX_GIB} GiB)`
          : `the failover target of ${workload.failoverSeconds} s`}`);
      this.warnings.push(binding === BindingConstraint.MEMORY
        ? `memory per broker would reach the ${constants.RAM_MAX_GIB} GiB cap (32 GiB heap): ${added} more brokers were added instead`
        : `failover within ${workload.failoverSeconds} s needed ${added} more brokers; client reconnect jitter or TLS offload would lower the count`);
    }
    this.explanation.push(`memory: ${workload.connections} connections / ${brokers - 1} surviving brokers x ${constants.M_CONN_KIB} KiB `
      + `/ ${constants.U_MEM} => ${memoryGib} GiB (at least ${constants.RAM_MIN_GIB} GiB, below ${constants.RAM_MAX_GIB} GiB)`);
    this.explanation.push(`failover: (${workload.connections} / ${brokers}) / (${brokers - 1} x ${round(connectsPerSecond)} connects/s`
      + `${workload.tls ? ' with TLS' : ''}) = ${round(failoverSeconds)} s`
      + (workload.failoverSeconds !== undefined ? ` (target ${workload.failoverSeconds} s)` : ''));
    return { brokers, binding, memoryGib, failoverSeconds };
  }

  /** The volume per broker for the planned brokers, with the same replication. */
  private storagePerBroker(): Size {
    const storage = StorageSizing.estimate(storageWorkload(this.workload), { brokers: this.replicas, replication: this.replication },
      this.options.constants);
    storage.explanation.forEach((line) => this.explanation.push(`storage: ${line}`));
    if (storage.volumeSize.toGibibytes() > MAX_STORAGE_GIB) {
      // HiveMQCluster refuses such a volume (storage.size); say so here, where the inputs that caused it are known.
      throw inputError(`ClusterSizing: the workload needs ${storage.volumeSize.toGibibytes()} GiB of storage per broker, more than the 1 PiB `
        + `(${MAX_STORAGE_GIB} GiB) a cluster accepts. Check persistentSessions, offlineSessions, queuedMessagesPerSession, retainedMessages and `
        + 'the payload sizes, or calibrate the storage constants.');
    }
    return storage.volumeSize;
  }

  /** Network traffic per broker, bit/s, with one broker down: the survivors carry every inbound and outbound message. */
  private bandwidthPerBroker(): number {
    const { workload, constants } = this;
    const outbound = workload.publishesPerSecond * workload.fanOut;
    const survivors = this.replicas - 1;
    const tlsBytes = workload.tls ? constants.TLS_WIRE : 0;
    const bytesPerMessage = workload.payloadBytes + constants.OVH_WIRE + tlsBytes;
    const bitsPerSecond = Math.ceil((workload.publishesPerSecond + outbound) / survivors * bytesPerMessage * 8);
    this.explanation.push(`bandwidth: (${workload.publishesPerSecond} + ${outbound}) msg/s / ${survivors} `
      + `x (${workload.payloadBytes} + ${constants.OVH_WIRE}${workload.tls ? ` + ${constants.TLS_WIRE}` : ''}) B x 8 `
      + `= ${round(bitsPerSecond / 1e6)} Mbit/s per broker`);
    return bitsPerSecond;
  }

  /** Warnings on the limits the finished plan runs into, and the overridden constants the explanation ends with. */
  private addLimitWarnings(): void {
    const constants = this.constants;
    if (this.binding === BindingConstraint.CONNECTION_TRACKING) {
      this.warnings.push(`connection tracking limits each broker to ${this.connectionsPerBroker} connections: raise nf_conntrack_max on the nodes `
        + '(NodeTuning) or avoid kube-proxy NAT (AWS IP targets), and re-plan without workerNodeCores');
    } else if (this.binding === BindingConstraint.CONNECTIONS) {
      this.warnings.push(`the open-files limit (${constants.C_NOFILE} per broker) sets the broker count`);
    }
    if ((this.workload.queuedMessagesPerSession ?? 0) >= constants.MAX_QUEUE_SIZE) {
      this.warnings.push(`queuedMessagesPerSession reaches HiveMQ's per-client queue limit of ${constants.MAX_QUEUE_SIZE}: `
        + 'further messages are discarded');
    }
    if (this.workload.tls) this.warnings.push('TLS: steady-state CPU cost is not modelled (no published factor); load-test with TLS');
    if (this.overridden.length) {
      this.explanation.push(`overridden constants: ${this.overridden.map((name) => `${name}=${constants[name as keyof Constants]}`).join(', ')}`);
    }
  }

  /**
   * Connections a broker with `memoryBytes` of memory holds under this plan's constants (memory x U_MEM / M_CONN_KIB),
   * never more than the plan's per-broker limit: what the connection-capacity alert measures against.
   */
  public connectionCapacity(memoryBytes: number): number {
    return Math.min(this.connectionsPerBroker, memoryConnections(memoryBytes, this.constants));
  }

  /**
   * The volume size this plan's workload needs on a cluster of `brokers` brokers keeping `replication` copies (for a
   * cluster that deviates upwards from the plan).
   */
  public storageFor(brokers: number, replication: number): Size {
    return StorageSizing.estimate(storageWorkload(this.workload), { brokers, replication }, this.options.constants).volumeSize;
  }

  /** The binding constraint and the arithmetic behind every figure, one line each. */
  public explain(): string {
    return [
      `HiveMQ cluster plan: ${this.replicas} brokers x ${this.cpu} vCPU, ${this.memory.toGibibytes()} GiB memory `
        + `(${this.heap.toGibibytes({ rounding: 1 })} GiB heap), `
        + `${this.storage.toGibibytes()} GiB storage, replication ${this.replication}; binding constraint: ${this.binding}`,
      ...this.explanation.map((l) => `  ${l}`),
      ...this.warnings.map((w) => `  warning: ${w}`),
    ].join('\n');
  }

  /** The plan as plain JSON (quantities as Kubernetes strings). */
  public toJson(): Record<string, unknown> {
    return {
      replicas: this.replicas,
      cpu: this.cpu,
      memory: `${this.memory.toGibibytes()}Gi`,
      heap: `${this.heap.toMebibytes()}Mi`,
      storage: `${this.storage.toGibibytes()}Gi`,
      replication: this.replication,
      binding: this.binding,
      failoverSeconds: Math.round(this.failoverSeconds * 10) / 10,
      bandwidthMbitPerSecond: Math.round(this.bandwidthBitsPerSecond / 1e5) / 10,
      warnings: [...this.warnings],
      overriddenConstants: [...this.overridden],
    };
  }
}

/** What the brokers store for a sizing workload. */
function storageWorkload(workload: SizingWorkload): StorageWorkload {
  return {
    persistentSessions: workload.persistentSessions ?? 0,
    offlineSessions: workload.offlineSessions,
    queuedMessagesPerSession: workload.queuedMessagesPerSession ?? 0,
    averagePayloadBytes: workload.payloadBytes,
    retainedMessages: workload.retainedMessages ?? 0,
    averageRetainedPayloadBytes: workload.retainedPayloadBytes ?? workload.payloadBytes,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}


const WORKLOAD_KEYS = ['connections', 'publishesPerSecond', 'fanOut', 'payloadBytes', 'qos', 'persistentSessions', 'offlineSessions',
  'queuedMessagesPerSession', 'retainedMessages', 'retainedPayloadBytes', 'tls', 'vcpuPerBroker', 'workerNodeCores', 'failoverSeconds'];
/** Counts and rates past this are typos: a billion connections would need more than the 1000 brokers a plan may have. */
const MAX_COUNT = 1_000_000_000;
/** The largest volume HiveMQCluster accepts (1 PiB): anything larger is a typo in the workload. */
const MAX_STORAGE_GIB = 2 ** 20;
const QOS_EXAMPLE = 'Pass shares such as { qos0: 0, qos1: 1, qos2: 0 }.';

function checkWorkload(validator: Validator, workload: SizingWorkload, constants: Constants): void {
  const peak = 'Pass the expected peak value.';
  const count = (field: keyof SizingWorkload, min: number, max = MAX_COUNT, fix = peak) => {
    const value = workload[field];
    if (value !== undefined) validator.integer(field, value as number, min, max, fix);
  };
  if (!workload || typeof workload !== 'object' || Array.isArray(workload)) {
    validator.fail('workload', 'must be an object', workload, 'Pass the workload fields.');
  }
  validator.keys('', workload, WORKLOAD_KEYS, { replication: 'the options (second argument)', constants: 'the options (second argument)' });
  for (const field of ['connections', 'publishesPerSecond', 'fanOut', 'payloadBytes', 'qos'] as const) {
    if (workload[field] === undefined) validator.fail(field, 'is required', undefined, field === 'qos' ? QOS_EXAMPLE : peak);
  }
  count('connections', 1);
  count('publishesPerSecond', 0);
  validator.number('fanOut', workload.fanOut, 0, MAX_COUNT, 'Use the mean deliveries per message (0 when nobody subscribes).');
  count('payloadBytes', 0, MAX_PAYLOAD, 'MQTT payloads are at most 268,435,455 bytes (256 MiB).');
  const qos = workload.qos;
  if (typeof qos !== 'object' || qos === null || Array.isArray(qos)) validator.fail('qos', 'must be an object', qos, QOS_EXAMPLE);
  validator.keys('qos', qos, ['qos0', 'qos1', 'qos2']);
  for (const level of ['qos0', 'qos1', 'qos2'] as const) {
    if (typeof qos[level] !== 'number' || !(qos[level] >= 0 && qos[level] <= 1)) {
      validator.fail(`qos.${level}`, 'must be a share from 0 to 1', qos[level], QOS_EXAMPLE);
    }
  }
  const sum = qos.qos0 + qos.qos1 + qos.qos2;
  if (Math.abs(sum - 1) > 1e-9) {
    validator.failRule(`qos shares must add up to 1 (got ${qos.qos0} + ${qos.qos1} + ${qos.qos2} = ${sum}). Scale the shares so they sum to 1.`);
  }
  count('persistentSessions', 0);
  count('offlineSessions', 0);
  const persistent = workload.persistentSessions ?? 0;
  if ((workload.offlineSessions ?? 0) > persistent) {
    // An offline session is a persistent session whose client is away: there cannot be more of them.
    const notSet = workload.persistentSessions === undefined ? ' (not set)' : '';
    validator.fail('offlineSessions', `must be at most persistentSessions, ${persistent}${notSet}`, workload.offlineSessions,
      'Offline sessions are persistent sessions whose clients are away: '
        + `set persistentSessions to at least ${workload.offlineSessions}, or lower offlineSessions.`);
  }
  count('queuedMessagesPerSession', 0, constants.MAX_QUEUE_SIZE, 'HiveMQ keeps at most 1000 queued messages per client.');
  count('retainedMessages', 0);
  count('retainedPayloadBytes', 0, MAX_PAYLOAD, 'MQTT payloads are at most 268,435,455 bytes (256 MiB).');
  validator.boolean('tls', workload.tls, false);
  count('vcpuPerBroker', constants.VCPU_MIN, constants.VCPU_MAX, 'HiveMQ needs at least 4 vCPU; scale out rather than past 16.');
  count('workerNodeCores', 1, 1024, 'Pass the CPU cores of one worker node.');
  const failoverSeconds = workload.failoverSeconds;
  if (failoverSeconds !== undefined && (typeof failoverSeconds !== 'number' || !(failoverSeconds > 0 && failoverSeconds <= 86400))) {
    validator.fail('failoverSeconds', 'must be a number of seconds greater than 0 and at most 86400', failoverSeconds,
      'Pass the seconds within which clients must be back.');
  }
}
