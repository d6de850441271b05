import { Size } from 'cdk8s';
import { SizingConstantOverrides } from './sizing-constants';
import { StorageSizing } from '../storage/storage-sizing';
import { StorageWorkload } from '../storage/storage-workload';
import { Constants, memoryConnections, resolveConstants, SizingValidator } from './resolve-constants';
import { Validator } from '../validation/validator';

/** Shares of the message traffic per QoS level; they must add up to 1. */
export interface QosMix {
  readonly qos0: number;
  readonly qos1: number;
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
  /** @default 0 */
  readonly persistentSessions?: number;
  /** Persistent sessions offline at peak, collecting queued messages. @default - all persistent sessions (worst case, as StorageSizing) */
  readonly offlineSessions?: number;
  /** Messages queued per offline session, at most 1000 (HiveMQ's queue limit). @default 0 */
  readonly queuedMessagesPerSession?: number;
  /** @default 0 */
  readonly retainedMessages?: number;
  /** @default - payloadBytes */
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
  AVAILABILITY = 'availability',
  CPU = 'cpu',
  CONNECTIONS = 'connections',
  CONNECTION_TRACKING = 'connection-tracking',
  MEMORY = 'memory',
  FAILOVER = 'failover',
}

const GIB = 2 ** 30;
const MAX_PAYLOAD = 268_435_455; // MQTT 3.1.1 / 5.0: Remaining Length is at most 268,435,455 bytes
const MAX_BROKERS = 1000;

/**
 * A cluster plan derived from a workload with a model built from the sources in `SIZING_CONSTANTS`, with the arithmetic
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
  private readonly k: Constants;

  private constructor(w: SizingWorkload, options: ClusterSizingOptions) {
    const check = new SizingValidator('ClusterSizing');
    check.keys('options', options, ['replication', 'constants']);
    const k = resolveConstants(options.constants ?? {}, 'ClusterSizing: constants');
    this.k = k;
    this.overridden = Object.entries(options.constants ?? {}).filter(([, value]) => value !== undefined).map(([name]) => name).sort();
    checkWorkload(check, w, k);
    const replication = check.integer('replication', options.replication ?? 2, 1, 10, 'HiveMQ\'s default is 2.');
    this.replication = replication;
    const v = w.vcpuPerBroker ?? 4;
    const say = (line: string) => this.explanation.push(line);

    // CPU: weighted message operations (one inbound, fanOut outbound) per second.
    const rout = w.publishesPerSecond * w.fanOut;
    const weight = w.qos.qos0 * k.W0 + w.qos.qos1 * k.W1 + w.qos.qos2 * k.W2;
    const ops = (w.publishesPerSecond + rout) * weight;
    const vcpuTotal = ops / (k.K_OPS * k.U_CPU);
    const nCpu = Math.max(1, Math.ceil(vcpuTotal / v));
    say(`cpu: W = (${w.publishesPerSecond} + ${rout}) msg/s x ${round(weight)} (QoS weights ${k.W0}/${k.W1}/${k.W2}) = ${round(ops)} ops/s; `
      + `${round(ops)} / (${k.K_OPS} x ${k.U_CPU}) = ${round(vcpuTotal)} vCPU; / ${v} vCPU per broker => ${nCpu} brokers`);

    // Connections per broker: open files, connection tracking, memory.
    const cMem = memoryConnections(k.RAM_MAX_GIB * GIB, k);
    const conntrack = w.workerNodeCores === undefined ? Infinity
      : Math.floor(k.CONNTRACK_USE * Math.min(k.CONNTRACK_CAP, Math.max(k.CONNTRACK_PER_CORE * w.workerNodeCores, k.CONNTRACK_MIN)));
    const perBroker = Math.min(k.C_NOFILE, conntrack, cMem);
    const nConn = Math.max(1, Math.ceil(w.connections / perBroker));
    const connLimit = perBroker === conntrack ? 'connection tracking' : perBroker === k.C_NOFILE ? 'open files' : 'memory';
    say(`connections: per broker min(nofile ${k.C_NOFILE}, conntrack ${conntrack === Infinity ? 'not checked' : conntrack}, `
      + `memory ${cMem}) = ${perBroker} (${connLimit}); ${w.connections} / ${perBroker} => ${nConn} brokers`);
    if (conntrack === Infinity) this.warnings.push('connection tracking not checked: pass workerNodeCores if client connections pass kube-proxy NAT');

    const nHa = replication + 1;
    say(`availability: replication ${replication} + 1 => ${nHa} brokers`);
    const candidates: Array<[BindingConstraint, number]> = [
      [BindingConstraint.AVAILABILITY, nHa],
      [BindingConstraint.CPU, nCpu],
      [connLimit === 'connection tracking' ? BindingConstraint.CONNECTION_TRACKING
        : connLimit === 'memory' ? BindingConstraint.MEMORY : BindingConstraint.CONNECTIONS, nConn],
    ];
    const [largest, base] = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
    let binding = largest;
    // n >= replication + 2 >= 3: there are always at least two survivors to divide by.
    let n = base + 1;
    say(`brokers: max(${candidates.map(([, c]) => c).join(', ')}) = ${base} (${binding}) + 1 so that N-1 carry the full load => ${n}`);

    // Memory for the failover case, and failover reconnect time; each may add brokers.
    const crBroker = w.tls ? k.CR_TCP / k.TLS_CONN_FACTOR : k.CR_TCP;
    let ramGib: number;
    let tFo: number;
    const before = n;
    for (;;) {
      const cFo = w.connections / (n - 1);
      ramGib = Math.max(k.RAM_MIN_GIB, Math.ceil(cFo * k.M_CONN_KIB * 1024 / k.U_MEM / GIB));
      tFo = (w.connections / n) / ((n - 1) * crBroker);
      if (ramGib >= k.RAM_MAX_GIB) {
        binding = BindingConstraint.MEMORY;
      } else if (w.failoverSeconds !== undefined && tFo > w.failoverSeconds) {
        binding = BindingConstraint.FAILOVER;
      } else {
        break;
      }
      if (n >= MAX_BROKERS) throw new Error(`ClusterSizing: the workload needs more than ${MAX_BROKERS} brokers. Check the inputs, or calibrate the `
        + 'constants.');
      n++;
    }
    if (n > before) {
      say(`brokers: raised from ${before} to ${n} for `
        + `${binding === BindingConstraint.MEMORY ? `memory (a broker needs less than ${k.RAM_MAX_GIB} GiB)`
          : `the failover target of ${w.failoverSeconds} s`}`);
      this.warnings.push(binding === BindingConstraint.MEMORY
        ? `memory per broker would reach the ${k.RAM_MAX_GIB} GiB cap (32 GiB heap): ${n - before} more brokers were added instead`
        : `failover within ${w.failoverSeconds} s needed ${n - before} more brokers; client reconnect jitter or TLS offload would lower the count`);
    }
    say(`memory: ${w.connections} connections / ${n - 1} surviving brokers x ${k.M_CONN_KIB} KiB / ${k.U_MEM} => ${ramGib} GiB `
      + `(at least ${k.RAM_MIN_GIB} GiB, below ${k.RAM_MAX_GIB} GiB)`);
    say(`failover: (${w.connections} / ${n}) / (${n - 1} x ${round(crBroker)} connects/s${w.tls ? ' with TLS' : ''}) = ${round(tFo)} s`
      + (w.failoverSeconds !== undefined ? ` (target ${w.failoverSeconds} s)` : ''));

    // Storage, with the same replication.
    const storage = StorageSizing.estimate(storageWorkload(w), { brokers: n, replication }, options.constants);
    storage.explanation.forEach((line) => say(`storage: ${line}`));
    if (storage.volumeSize.toGibibytes() > MAX_STORAGE_GIB) {
      // HiveMQCluster refuses such a volume (storage.size); say so here, where the inputs that caused it are known.
      throw new Error(`ClusterSizing: the workload needs ${storage.volumeSize.toGibibytes()} GiB of storage per broker, more than the 1 PiB `
        + `(${MAX_STORAGE_GIB} GiB) a cluster accepts. Check persistentSessions, offlineSessions, queuedMessagesPerSession, retainedMessages and `
        + 'the payload sizes, or calibrate the storage constants.');
    }

    this.bandwidthBitsPerSecond = Math.ceil((w.publishesPerSecond + rout) / (n - 1) * (w.payloadBytes + k.OVH_WIRE + (w.tls ? k.TLS_WIRE : 0)) * 8);
    say(`bandwidth: (${w.publishesPerSecond} + ${rout}) msg/s / ${n - 1} x (${w.payloadBytes} + ${k.OVH_WIRE}${w.tls ? ` + ${k.TLS_WIRE}` : ''}) B `
      + 'x 8 '
      + `= ${round(this.bandwidthBitsPerSecond / 1e6)} Mbit/s per broker`);

    this.workload = w;
    this.options = options;
    this.replicas = n;
    this.connectionsPerBroker = perBroker;
    this.cpu = v;
    this.memory = Size.gibibytes(ramGib);
    this.heap = Size.mebibytes(ramGib * 1024 * k.HEAP_SHARE);
    this.storage = storage.volumeSize;
    this.binding = binding;
    this.failoverSeconds = tFo;

    if (binding === BindingConstraint.CONNECTION_TRACKING) {
      this.warnings.push(`connection tracking limits each broker to ${perBroker} connections: raise nf_conntrack_max on the nodes (NodeTuning) or `
        + 'avoid '
        + 'kube-proxy NAT (AWS IP targets), and re-plan without workerNodeCores');
    } else if (binding === BindingConstraint.CONNECTIONS) {
      this.warnings.push(`the open-files limit (${k.C_NOFILE} per broker) sets the broker count`);
    }
    if ((w.queuedMessagesPerSession ?? 0) >= k.MAX_QUEUE_SIZE) {
      this.warnings.push(`queuedMessagesPerSession reaches HiveMQ's per-client queue limit of ${k.MAX_QUEUE_SIZE}: further messages are discarded`);
    }
    if (w.tls) this.warnings.push('TLS: steady-state CPU cost is not modelled (no published factor); load-test with TLS');
    if (this.overridden.length) say(`overridden constants: ${this.overridden.map((o) => `${o}=${k[o as keyof typeof k]}`).join(', ')}`);
  }

  /**
   * Connections a broker with `memoryBytes` of memory holds under this plan's constants (memory x U_MEM / M_CONN_KIB),
   * never more than the plan's per-broker limit: what the connection-capacity alert measures against.
   */
  public connectionCapacity(memoryBytes: number): number {
    return Math.min(this.connectionsPerBroker, memoryConnections(memoryBytes, this.k));
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
function storageWorkload(w: SizingWorkload): StorageWorkload {
  return {
    persistentSessions: w.persistentSessions ?? 0,
    offlineSessions: w.offlineSessions,
    queuedMessagesPerSession: w.queuedMessagesPerSession ?? 0,
    averagePayloadBytes: w.payloadBytes,
    retainedMessages: w.retainedMessages ?? 0,
    averageRetainedPayloadBytes: w.retainedPayloadBytes ?? w.payloadBytes,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}


const WORKLOAD_KEYS = ['connections', 'publishesPerSecond', 'fanOut', 'payloadBytes', 'qos', 'persistentSessions', 'offlineSessions',
  'queuedMessagesPerSession', 'retainedMessages', 'retainedPayloadBytes', 'tls', 'vcpuPerBroker', 'workerNodeCores', 'failoverSeconds'];
/** Counts and rates past this are typos: a billion connections would need more than the 1000 brokers a plan may have. */
const MAX_COUNT = 1_000_000_000;
/** The largest volume HiveMQCluster accepts (1 PiB): anything larger is a typo in the workload. */
const MAX_STORAGE_GIB = 2 ** 20;
const QOS_EXAMPLE = 'Pass shares such as { qos0: 0, qos1: 1, qos2: 0 }.';

function checkWorkload(v: Validator, w: SizingWorkload, k: { MAX_QUEUE_SIZE: number; VCPU_MIN: number; VCPU_MAX: number }): void {
  const peak = 'Pass the expected peak value.';
  const count = (field: keyof SizingWorkload, min: number, max = MAX_COUNT, fix = peak) => {
    const value = w[field];
    if (value !== undefined) v.integer(field, value as number, min, max, fix);
  };
  if (!w || typeof w !== 'object' || Array.isArray(w)) v.fail('workload', 'must be an object', w, 'Pass the workload fields.');
  v.keys('', w, WORKLOAD_KEYS, { replication: 'the options (second argument)', constants: 'the options (second argument)' });
  for (const field of ['connections', 'publishesPerSecond', 'fanOut', 'payloadBytes', 'qos'] as const) {
    if (w[field] === undefined) v.fail(field, 'is required', undefined, field === 'qos' ? QOS_EXAMPLE : peak);
  }
  count('connections', 1);
  count('publishesPerSecond', 0);
  v.number('fanOut', w.fanOut, 0, MAX_COUNT, 'Use the mean deliveries per message (0 when nobody subscribes).');
  count('payloadBytes', 0, MAX_PAYLOAD, 'MQTT payloads are at most 268,435,455 bytes (256 MiB).');
  if (typeof w.qos !== 'object' || w.qos === null || Array.isArray(w.qos)) v.fail('qos', 'must be an object', w.qos, QOS_EXAMPLE);
  v.keys('qos', w.qos, ['qos0', 'qos1', 'qos2']);
  const q = w.qos;
  for (const level of ['qos0', 'qos1', 'qos2'] as const) {
    if (typeof q[level] !== 'number' || !(q[level] >= 0 && q[level] <= 1)) {
      v.fail(`qos.${level}`, 'must be a share from 0 to 1', q[level], QOS_EXAMPLE);
    }
  }
  const sum = q.qos0 + q.qos1 + q.qos2;
  if (Math.abs(sum - 1) > 1e-9) {
    v.failRule(`qos shares must add up to 1 (got ${q.qos0} + ${q.qos1} + ${q.qos2} = ${sum}). Scale the shares so they sum to 1.`);
  }
  count('persistentSessions', 0);
  count('offlineSessions', 0);
  const persistent = w.persistentSessions ?? 0;
  if ((w.offlineSessions ?? 0) > persistent) {
    // An offline session is a persistent session whose client is away: there cannot be more of them.
    v.fail('offlineSessions', `must be at most persistentSessions, ${persistent}${w.persistentSessions === undefined ? ' (not set)' : ''}`,
      w.offlineSessions, 'Offline sessions are persistent sessions whose clients are away: '
        + `set persistentSessions to at least ${w.offlineSessions}, or lower offlineSessions.`);
  }
  count('queuedMessagesPerSession', 0, k.MAX_QUEUE_SIZE, 'HiveMQ keeps at most 1000 queued messages per client.');
  count('retainedMessages', 0);
  count('retainedPayloadBytes', 0, MAX_PAYLOAD, 'MQTT payloads are at most 268,435,455 bytes (256 MiB).');
  v.boolean('tls', w.tls, false);
  count('vcpuPerBroker', k.VCPU_MIN, k.VCPU_MAX, 'HiveMQ needs at least 4 vCPU; scale out rather than past 16.');
  count('workerNodeCores', 1, 1024, 'Pass the CPU cores of one worker node.');
  if (w.failoverSeconds !== undefined && (typeof w.failoverSeconds !== 'number' || !(w.failoverSeconds > 0 && w.failoverSeconds <= 86400))) {
    v.fail('failoverSeconds', 'must be a number of seconds greater than 0 and at most 86400', w.failoverSeconds,
      'Pass the seconds within which clients must be back.');
  }
}
