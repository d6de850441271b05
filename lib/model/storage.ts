/** The storage area: the data volume of each broker, checked against the sizing plan and HiveMQ's production rules. */
import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { ClusterSizing } from '../sizing/cluster-sizing';
import { PvcRetention, StorageKind, StorageProfile, VolumeAccessMode } from '../storage/storage-profile';
import { formatBytes, sizeToBytes, Validator } from '../validation/validator';
import { ResolvedStorage } from './cluster-model';
import { GIB } from '../validation/validator';

/** HiveMQ's production minimum volume per broker. */
export const PRODUCTION_MIN_STORAGE_BYTES = 100 * GIB;
/** 1 PiB: the Validator's ceiling for any size (a larger volume is a typo). */
const MAX_VOLUME_BYTES = 2 ** 50;

/** The default profile: persistent, sized by the sizing plan if there is one (StorageProfile.persistent() otherwise). */
export function defaultStorage(plannedSize: Size | undefined): StorageProfile {
  return StorageProfile.persistent(plannedSize ? { size: plannedSize } : {});
}

interface ClusterShape {
  readonly replicas: number;
  readonly replication: number;
  readonly nonProduction: boolean;
}

export function resolveClusterStorage(validator: Validator, props: HiveMQClusterProps, plan: ClusterSizing | undefined, shape: ClusterShape)
  : ResolvedStorage {
  const { replicas, replication, nonProduction } = shape;
  // With more brokers or copies than planned, the same workload needs a different volume: size it for the cluster as built.
  const plannedStorage = plan && plan.storageFor(replicas, replication);
  if (props.storage !== undefined) {
    validator.instance('storage', props.storage, StorageProfile, 'Use StorageProfile.persistent(), .forWorkload() or .ephemeral().');
  }
  const storage = resolveProfile(validator, props.storage ?? defaultStorage(plannedStorage), shape);
  if (plannedStorage && (storage.kind !== StorageKind.PERSISTENT || storage.sizeBytes < sizeToBytes(plannedStorage))) {
    const planned = formatBytes(sizeToBytes(plannedStorage));
    validator.fail('storage', `is below what the sizing plan requires (a persistent ${planned} volume per broker, set by the `
      + `stored workload with ${replicas} brokers and ${replication} copies)`,
    storage.kind === StorageKind.PERSISTENT ? formatBytes(storage.sizeBytes) : 'ephemeral',
    'Leave storage unset to take the plan\'s, or pass a larger persistent profile.');
  }
  // Production data must survive one broker failure: at least two copies, on more brokers than copies.
  if (storage.kind === StorageKind.PERSISTENT && !nonProduction && (replication < 2 || replicas < replication + 1)) {
    validator.failRule(`replicas ${replicas} with replication ${replication} cannot keep a copy of every message through one broker failure: `
      + 'production needs replication of at least 2 and more brokers than copies (e.g. replicas 3, replication 2). '
      + 'Adjust them, or set nonProduction: true.');
  }
  return storage;
}

function resolveProfile(validator: Validator, profile: StorageProfile, shape: ClusterShape): ResolvedStorage {
  const prop = 'storage';
  const { replicas, replication } = shape;
  const production = !profile._nonProduction && !shape.nonProduction;
  if (profile.workload) {
    // A workload far beyond any volume would otherwise surface as a size in exponent notation or a NaN.
    const neededGibibytes = profile._size(replicas, replication).toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!(neededGibibytes * GIB <= MAX_VOLUME_BYTES)) {
      validator.fail(`${prop}.size`, `is what the workload needs per broker (StorageProfile.forWorkload with ${replicas} brokers and `
        + `${replication} copies), more than the 1 PiB one volume may have`, `${Math.ceil(neededGibibytes / 2 ** 20)} PiB`,
      'Check the workload numbers, or spread the data over more brokers.');
    }
  }
  const sizeBytes = validator.bytes(`${prop}.size`, profile._size(replicas, replication), 2 ** 20);
  if (profile.kind === StorageKind.PERSISTENT) {
    if (sizeBytes < PRODUCTION_MIN_STORAGE_BYTES && production) {
      validator.fail(`${prop}.size`, 'is below HiveMQ\'s production minimum of 100Gi per broker', formatBytes(sizeBytes),
        'Use at least Size.gibibytes(100), or pass nonProduction: true to StorageProfile.persistent() for a test cluster.');
    }
    if (profile._storageClassName !== undefined) validator.dns1123Subdomain(`${prop}.storageClassName`, profile._storageClassName);
  }
  const resolved: ResolvedStorage = {
    kind: profile.kind,
    sizeBytes,
    storageClassName: profile._storageClassName,
    accessMode: validator.oneOf(`${prop}.accessMode`, profile._accessMode, Object.values(VolumeAccessMode)),
    whenDeleted: validator.oneOf(`${prop}.whenDeleted`, profile._whenDeleted, Object.values(PvcRetention)),
    whenScaled: validator.oneOf(`${prop}.whenScaled`, profile._whenScaled, Object.values(PvcRetention)),
  };
  for (const retention of ['whenDeleted', 'whenScaled'] as const) {
    if (resolved[retention] === PvcRetention.DELETE && production) {
      const when = retention === 'whenDeleted' ? 'with the StatefulSet' : 'on scale-down';
      validator.fail(`${prop}.${retention}`, `is Delete, which deletes the brokers' volumes ${when}: `
        + 'persistent sessions, queued and retained messages are lost', resolved[retention],
      'Keep PvcRetention.RETAIN for production, or set nonProduction: true (on the cluster or the profile) for a test cluster.');
    }
  }
  return resolved;
}
