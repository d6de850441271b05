import { Size } from 'cdk8s';
import { resolveConstants } from '../sizing/resolve-constants';
import { checkWorkload } from './check-workload';
import { StorageWorkload } from './storage-workload';
import { GIB, Validator } from '../validation/validator';
import { SIZING_CONSTANTS } from '../sizing/constant-table';
import { SizingConstantOverrides } from '../sizing/sizing-constants';
import { inputError } from '../validation/input-error';

/** The cluster the workload is stored on. */
export interface StorageTopology {
  /** Number of brokers. */
  readonly brokers: number;
  /** Copies of every persisted item, cluster-wide (HiveMQ `<replica-count>`). */
  readonly replication: number;
}

/** The result of `StorageSizing.estimate()`, with the numbers behind it. */
export interface StorageEstimate {
  /** Bytes of queued messages, one copy. */
  readonly queuedBytes: number;
  /** Bytes of retained messages, one copy. */
  readonly retainedBytes: number;
  /** Bytes of session state, one copy. */
  readonly sessionBytes: number;
  /** Bytes one broker holds when one broker has failed and its copies moved to the others. */
  readonly perBrokerBytes: number;
  /** The volume size: per-broker bytes ÷ fill target, rounded up to whole GiB, never below the production minimum. */
  readonly volumeSize: Size;
  /** True when the production minimum, not the workload, set the size. */
  readonly minimumApplied: boolean;
  /** The arithmetic, one line per step. */
  readonly explanation: string[];
}


/**
 * Derives the data volume size of each broker from the workload.
 *
 * ```
 * stored     = offline × queued × (payload + OVH_MSG) + retained × (retainedPayload + OVH_MSG) + sessions × OVH_SESSION
 * perBroker  = SPACE_AMPLIFICATION × copies × stored ÷ max(1, brokers − 1)     copies = min(replication, brokers)
 * volume     = max(DISK_MIN, ceilGiB(perBroker ÷ FILL_TARGET))
 * ```
 * Dividing by `brokers − 1` (not `brokers`, as in the reference model) keeps room for the copies a failed broker's
 * neighbours take over while it is gone.
 */
export class StorageSizing {
  /** HiveMQ's production minimum disk per broker, in GiB. */
  public static readonly PRODUCTION_MINIMUM_GIB = SIZING_CONSTANTS.DISK_MIN_GIB.value;

  /**
   * Throws if the workload is not a valid description: a required number missing, negative, fractional or non-finite counts,
   * queues over the limit, an unknown option.
   */
  public static check(workload: StorageWorkload): void {
    checkWorkload(Validator.factory('StorageSizing'), workload);
  }

  /**
   * The volume size per broker for a workload on a cluster, with the arithmetic.
   * @param overrides calibrated values of the storage constants (see `SizingConstantOverrides`)
   */
  public static estimate(workload: StorageWorkload, topology: StorageTopology, overrides: SizingConstantOverrides = {}): StorageEstimate {
    checkWorkload(Validator.factory('StorageSizing'), workload);
    for (const field of ['brokers', 'replication'] as const) {
      const x = topology?.[field];
      if (!Number.isInteger(x) || x < 1) throw inputError(`StorageSizing: topology.${field} must be a whole number of at least 1 (got ${x}). Pass `
        + `the cluster's ${field === 'brokers' ? 'broker count' : 'replica count'}.`);
    }
    const k = resolveConstants(overrides, 'StorageSizing: overrides');
    const offline = workload.offlineSessions ?? workload.persistentSessions;
    const retained = workload.retainedMessages ?? 0;
    const retainedPayload = workload.averageRetainedPayloadBytes ?? workload.averagePayloadBytes;
    const queuedBytes = offline * workload.queuedMessagesPerSession * (workload.averagePayloadBytes + k.OVH_MSG);
    const retainedBytes = retained * (retainedPayload + k.OVH_MSG);
    const sessionBytes = workload.persistentSessions * k.OVH_SESSION;
    const copies = Math.min(topology.replication, topology.brokers);
    const survivors = Math.max(1, topology.brokers - 1);
    const perBrokerBytes = k.SPACE_AMPLIFICATION * copies * (queuedBytes + retainedBytes + sessionBytes) / survivors;
    const neededGib = Math.ceil(perBrokerBytes / k.FILL_TARGET / GIB);
    const minimumApplied = neededGib < k.DISK_MIN_GIB;
    const gib = Math.max(k.DISK_MIN_GIB, neededGib);
    const explanation = [
      `queued   = ${offline} sessions × ${workload.queuedMessagesPerSession} messages × (${workload.averagePayloadBytes} B + ${k.OVH_MSG} B) = `
        + `${queuedBytes} B`,
      `retained = ${retained} messages × (${retainedPayload} B + ${k.OVH_MSG} B) = ${retainedBytes} B`,
      `sessions = ${workload.persistentSessions} × ${k.OVH_SESSION} B = ${sessionBytes} B`,
      `per broker = ${k.SPACE_AMPLIFICATION} × ${copies} copies × ${queuedBytes + retainedBytes + sessionBytes} B ÷ ${survivors} brokers = `
        + `${Math.ceil(perBrokerBytes)} B`,
      `volume = max(${k.DISK_MIN_GIB} GiB, ceil(${Math.ceil(perBrokerBytes)} B ÷ ${k.FILL_TARGET}) = ${neededGib} GiB) = ${gib} GiB`
        + (minimumApplied ? ' (production minimum)' : ''),
    ];
    return { queuedBytes, retainedBytes, sessionBytes, perBrokerBytes, volumeSize: Size.gibibytes(gib), minimumApplied, explanation };
  }
}

