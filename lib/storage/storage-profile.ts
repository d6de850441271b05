import { Size } from 'cdk8s';
import { StorageSizing } from './storage-sizing';
import { StorageWorkload } from './storage-workload';
import { checkWorkload, STORAGE_WORKLOAD_KEYS } from './check-workload';
import { keysOf, Validator } from '../validation/validator';

/**
 * Access mode of the broker's data volume.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export enum VolumeAccessMode {
  /** Mounted read-write by one node (the right mode for a broker's own data). */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Mounted read-write by one pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/**
 * What happens to a broker's PersistentVolumeClaim when the StatefulSet is deleted or scaled down.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum PvcRetention {
  /** Keep the claim and its data. */
  RETAIN = 'Retain',
  /** Delete the claim and, with a `Delete` reclaim policy, the data. */
  DELETE = 'Delete',
}

/** Options of `StorageProfile.ephemeral()`. */
export interface EphemeralStorageOptions {
  /**
   * Size limit of the emptyDir that holds `/opt/hivemq/data`; the container requests the same ephemeral storage.
   * @default Size.gibibytes(10)
   */
  readonly sizeLimit?: Size;
}

/** Options of `StorageProfile.persistent()`. */
export interface PersistentStorageOptions {
  /**
   * Size of each broker's PersistentVolumeClaim.
   * @default Size.gibibytes(100) - HiveMQ's production minimum
   * @see https://docs.hivemq.com/hivemq/3.4/user-guide/system-requirements.html
   */
  readonly size?: Size;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claims.
   * @default VolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: VolumeAccessMode;
  /**
   * Claim retention when the StatefulSet is deleted. `PvcRetention.DELETE` loses the brokers' data and needs `nonProduction`
   * (here or on the cluster).
   * @default PvcRetention.RETAIN - queued and retained messages survive a re-deploy
   */
  readonly whenDeleted?: PvcRetention;
  /**
   * Claim retention when the StatefulSet is scaled down. `PvcRetention.DELETE` needs `nonProduction` (here or on the cluster).
   * @default PvcRetention.RETAIN - a broker scaled back up finds its data again
   */
  readonly whenScaled?: PvcRetention;
  /**
   * Allow a size below the production minimum of 100 GiB and `PvcRetention.DELETE` (tests, demos, CI clusters).
   * @default false
   */
  readonly nonProduction?: boolean;
}

/** Options of `StorageProfile.forWorkload()`. */
export interface WorkloadStorageOptions extends StorageWorkload {
  /**
   * Number of brokers to size for. A StatefulSet's claim template cannot change after creation, so pin this before you
   * change the cluster's replicas: the volume size then stays put (a larger cluster only has more room per broker).
   * @default - the cluster's replicas
   */
  readonly brokers?: number;
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claims.
   * @default VolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: VolumeAccessMode;
  /**
   * Claim retention when the StatefulSet is deleted; `PvcRetention.DELETE` needs the cluster's `nonProduction`.
   * @default PvcRetention.RETAIN
   */
  readonly whenDeleted?: PvcRetention;
  /**
   * Claim retention on scale-down; `PvcRetention.DELETE` needs the cluster's `nonProduction`.
   * @default PvcRetention.RETAIN
   */
  readonly whenScaled?: PvcRetention;
}

/** The kind of volume that holds a broker's data folder. */
export enum StorageKind {
  /** An emptyDir: data is lost when the pod goes away. */
  EPHEMERAL = 'ephemeral',
  /** A PersistentVolumeClaim per broker from the StatefulSet's volumeClaimTemplates. */
  PERSISTENT = 'persistent',
}

/**
 * Where a broker keeps `/opt/hivemq/data` (persistent sessions, QoS 1/2 queues, retained messages and their replicas).
 *
 * HiveMQCluster's default is `StorageProfile.persistent()`: 100 GiB per broker, retained on delete and on scale-down.
 */
export class StorageProfile {
  /** An emptyDir with a size limit: for tests and demos only, data does not survive a pod restart on another node. */
  public static ephemeral(options: EphemeralStorageOptions = {}): StorageProfile {
    const v = Validator.factory('StorageProfile.ephemeral()');
    v.keys('', options, EPHEMERAL_KEYS, {
      ...Object.fromEntries(PERSISTENT_KEYS.map((key) => [key, 'StorageProfile.persistent(): an emptyDir has no claim, class or retention'])),
      ...Object.fromEntries(STORAGE_WORKLOAD_KEYS.map((key) => [key, 'StorageProfile.forWorkload()'])),
    });
    return new StorageProfile(StorageKind.EPHEMERAL, options.sizeLimit ?? Size.gibibytes(10), {});
  }

  /** A PersistentVolumeClaim per broker. */
  public static persistent(options: PersistentStorageOptions = {}): StorageProfile {
    const v = Validator.factory('StorageProfile.persistent()');
    v.keys('', options, PERSISTENT_KEYS, {
      sizeLimit: 'StorageProfile.ephemeral(); a persistent profile takes size',
      ...Object.fromEntries(STORAGE_WORKLOAD_KEYS.map((key) => [key, 'StorageProfile.forWorkload(), which sizes the volume from the workload'])),
    });
    v.boolean('nonProduction', options.nonProduction, false);
    return new StorageProfile(StorageKind.PERSISTENT, options.size ?? Size.gibibytes(StorageSizing.PRODUCTION_MINIMUM_GIB), options);
  }

  /**
   * A PersistentVolumeClaim per broker, sized from the workload with `StorageSizing` at synthesis, using the cluster's own
   * replica count and replication factor (so the two can never disagree). Never below the 100 GiB production minimum.
   */
  public static forWorkload(options: WorkloadStorageOptions): StorageProfile {
    const v = Validator.factory('StorageProfile.forWorkload()');
    checkWorkload(v, options, WORKLOAD_PROFILE_KEYS, {
      size: 'StorageProfile.persistent(): a workload profile derives its size from the workload',
      sizeLimit: 'StorageProfile.ephemeral()',
      nonProduction: 'StorageProfile.persistent() or the cluster (HiveMQClusterProps.nonProduction): a workload profile is never below the '
        + 'production minimum',
    });
    if (options.brokers !== undefined) v.integer('brokers', options.brokers, 1, 1000,
      'Pass the planned broker count (a whole number of at least 1).');
    return new StorageProfile(StorageKind.PERSISTENT, undefined, options, options);
  }

  private constructor(
    /** Ephemeral or persistent. */
    public readonly kind: StorageKind,
    private readonly fixedSize: Size | undefined,
    /** Volume settings: a persistent or workload profile's options (the StorageOptions fields both share). */
    private readonly options: PersistentStorageOptions | WorkloadStorageOptions,
    /** The workload this profile was sized from, if any. */
    public readonly workload?: WorkloadStorageOptions,
  ) {}

  /** @internal size in force for a cluster of `replicas` brokers keeping `replication` copies */
  public _size(replicas: number, replication: number): Size {
    if (this.fixedSize) return this.fixedSize;
    // Only the workload numbers: the volume options next to them are not StorageSizing's.
    const workload = Object.fromEntries(STORAGE_WORKLOAD_KEYS.filter((key) => key in this.workload!)
      .map((key) => [key, (this.workload as unknown as Record<string, unknown>)[key]])) as unknown as StorageWorkload;
    return StorageSizing.estimate(workload, { brokers: this.workload!.brokers ?? replicas, replication }).volumeSize;
  }

  /** @internal */
  public get _storageClassName(): string | undefined { return this.options.storageClassName; }
  /** @internal */
  public get _accessMode(): VolumeAccessMode { return this.options.accessMode ?? VolumeAccessMode.READ_WRITE_ONCE; }
  /** @internal */
  public get _whenDeleted(): PvcRetention { return this.options.whenDeleted ?? PvcRetention.RETAIN; }
  /** @internal */
  public get _whenScaled(): PvcRetention { return this.options.whenScaled ?? PvcRetention.RETAIN; }
  /** @internal */
  public get _nonProduction(): boolean { return (this.options as PersistentStorageOptions).nonProduction ?? false; }
}

const EPHEMERAL_KEYS = keysOf<EphemeralStorageOptions>({ sizeLimit: true });
const PERSISTENT_KEYS = keysOf<PersistentStorageOptions>({
  size: true, storageClassName: true, accessMode: true, whenDeleted: true, whenScaled: true, nonProduction: true,
});
const WORKLOAD_PROFILE_KEYS = keysOf<WorkloadStorageOptions>({
  persistentSessions: true, offlineSessions: true, queuedMessagesPerSession: true, averagePayloadBytes: true, retainedMessages: true,
  averageRetainedPayloadBytes: true, brokers: true, storageClassName: true, accessMode: true, whenDeleted: true, whenScaled: true,
});
