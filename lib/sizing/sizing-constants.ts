import { SIZING_CONSTANTS, STORAGE_CONSTANT_NAMES } from './constant-table';
import { SizingConstant } from './sizing-constant';

/**
 * The constants of the sizing model (cluster and storage), each with value, unit, source and tag. They are written in one
 * place only; the README's table is checked against `SizingConstants.all()` by a test.
 */
export class SizingConstants {
  /** Every constant, by name (`K_OPS`, `M_CONN_KIB`, …); copies, so a caller cannot change the model's values. */
  public static all(): { [name: string]: SizingConstant } {
    return Object.fromEntries(Object.entries(SIZING_CONSTANTS).map(([name, constant]) => [name, { ...constant }]));
  }

  /** The constants `StorageSizing` uses (`DISK_MIN_GIB`, `OVH_MSG`, `OVH_SESSION`, `SPACE_AMPLIFICATION`, `FILL_TARGET`, `MAX_QUEUE_SIZE`). */
  public static storage(): { [name: string]: SizingConstant } {
    return Object.fromEntries(STORAGE_CONSTANT_NAMES.map((name) => [name, { ...SIZING_CONSTANTS[name] }]));
  }

  private constructor() {}
}

/**
 * Calibrated values of the sizing constants a plan may override, e.g. from your own load test, each in its constant's unit.
 * Each property is the camelCase of a constant's name (`kOps` for `K_OPS`). The floors, caps and HiveMQ settings the cluster
 * enforces (`RAM_MIN_GIB`, `VCPU_MIN`, `VCPU_MAX`, `RAM_MAX_GIB`, `HEAP_SHARE`, `DISK_MIN_GIB`, `MAX_QUEUE_SIZE`) cannot be
 * overridden.
 */
export interface SizingConstantOverrides {
  /**
   * Share of broker memory that client connections may use (`U_MEM`), in fraction.
   * @default 0.8 - the library's value, `SizingConstants.all()['U_MEM']`
   */
  readonly uMem?: number;
  /**
   * MQTT operations per second one vCPU handles at QoS 0 (`K_OPS`), in ops/s/vCPU.
   * @default 6600 - the library's value, `SizingConstants.all()['K_OPS']`
   */
  readonly kOps?: number;
  /**
   * CPU cost weight of a QoS 0 message, relative to QoS 0 (`W0`), in x.
   * @default 1.0 - the library's value, `SizingConstants.all()['W0']`
   */
  readonly w0?: number;
  /**
   * CPU cost weight of a QoS 1 message, relative to QoS 0 (`W1`), in x.
   * @default 1.47 - the library's value, `SizingConstants.all()['W1']`
   */
  readonly w1?: number;
  /**
   * CPU cost weight of a QoS 2 message, relative to QoS 0 (`W2`), in x.
   * @default 2.21 - the library's value, `SizingConstants.all()['W2']`
   */
  readonly w2?: number;
  /**
   * Share of the CPU the plan may use at peak (`U_CPU`), in fraction.
   * @default 0.6 - the library's value, `SizingConstants.all()['U_CPU']`
   */
  readonly uCpu?: number;
  /**
   * Connections one broker may hold: its open-files limit (`C_NOFILE`), in connections/broker.
   * @default 1000000 - the library's value, `SizingConstants.all()['C_NOFILE']`
   */
  readonly cNofile?: number;
  /**
   * kube-proxy connection-tracking entries per node core (`CONNTRACK_PER_CORE`), in entries/core.
   * @default 32768 - the library's value, `SizingConstants.all()['CONNTRACK_PER_CORE']`
   */
  readonly conntrackPerCore?: number;
  /**
   * kube-proxy's minimum connection-tracking table size (`CONNTRACK_MIN`), in entries.
   * @default 131072 - the library's value, `SizingConstants.all()['CONNTRACK_MIN']`
   */
  readonly conntrackMin?: number;
  /**
   * kube-proxy's maximum connection-tracking table size (`CONNTRACK_CAP`), in entries.
   * @default 1048576 - the library's value, `SizingConstants.all()['CONNTRACK_CAP']`
   */
  readonly conntrackCap?: number;
  /**
   * Share of the connection-tracking table MQTT connections may use (`CONNTRACK_USE`), in fraction.
   * @default 0.8 - the library's value, `SizingConstants.all()['CONNTRACK_USE']`
   */
  readonly conntrackUse?: number;
  /**
   * Broker memory per client connection (`M_CONN_KIB`), in KiB/connection.
   * @default 25 - the library's value, `SizingConstants.all()['M_CONN_KIB']`
   */
  readonly mConnKib?: number;
  /**
   * Connects per second one broker accepts over plain TCP (`CR_TCP`), in connects/s/broker.
   * @default 2250 - the library's value, `SizingConstants.all()['CR_TCP']`
   */
  readonly crTcp?: number;
  /**
   * How many times slower a TLS connect is than a plain TCP one (`TLS_CONN_FACTOR`), in x.
   * @default 7 - the library's value, `SizingConstants.all()['TLS_CONN_FACTOR']`
   */
  readonly tlsConnFactor?: number;
  /**
   * MQTT header bytes per message on the wire (`OVH_WIRE`), in B/message.
   * @default 40 - the library's value, `SizingConstants.all()['OVH_WIRE']`
   */
  readonly ovhWire?: number;
  /**
   * TLS record bytes per message on the wire (`TLS_WIRE`), in B/message.
   * @default 40 - the library's value, `SizingConstants.all()['TLS_WIRE']`
   */
  readonly tlsWire?: number;
  /**
   * Stored bytes per queued or retained message besides its payload (`OVH_MSG`), in B/message.
   * @default 340 - the library's value, `SizingConstants.all()['OVH_MSG']`
   */
  readonly ovhMsg?: number;
  /**
   * Stored bytes per persistent session (`OVH_SESSION`), in B/session.
   * @default 280 - the library's value, `SizingConstants.all()['OVH_SESSION']`
   */
  readonly ovhSession?: number;
  /**
   * Disk space the stores take per byte of data (`SPACE_AMPLIFICATION`), in x.
   * @default 2 - the library's value, `SizingConstants.all()['SPACE_AMPLIFICATION']`
   */
  readonly spaceAmplification?: number;
  /**
   * Share of the volume the data may fill (`FILL_TARGET`), in fraction.
   * @default 0.8 - the library's value, `SizingConstants.all()['FILL_TARGET']`
   */
  readonly fillTarget?: number;
}
