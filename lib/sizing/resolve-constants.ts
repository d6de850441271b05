import { SIZING_CONSTANTS, SizingConstantOverrides } from './sizing-constants';
import { Validator } from '../validation/validator';

/**
 * The library's checks and messages for a class without a construct id (`ClusterSizing`, `StorageSizing`): the same
 * `<prop> <problem> (got <value>). <fix>`, prefixed `ClusterSizing: ` instead of `HiveMQCluster 'broker': `.
 */
export class SizingValidator extends Validator {
  constructor(private readonly owner: string) {
    super('', '');
  }

  public override fail(prop: string, problem: string, value: unknown, fix: string): never {
    return this.prefixed(() => super.fail(prop, problem, value, fix));
  }

  public override failRule(message: string): never {
    return this.prefixed(() => super.failRule(message));
  }

  private prefixed(check: () => never): never {
    try {
      return check();
    } catch (e) {
      throw new Error(`${this.owner}: ${(e as Error).message.replace(/^ '': /, '')}`, { cause: e });
    }
  }
}

/** Connections that `memoryBytes` of broker memory holds: its usable share (U_MEM) / memory per connection (M_CONN_KIB). */
export function memoryConnections(memoryBytes: number, k: { U_MEM: number; M_CONN_KIB: number }): number {
  return Math.floor(memoryBytes * k.U_MEM / (k.M_CONN_KIB * 1024));
}

/** Connections a broker with `memoryBytes` holds with the published constants, below the open-files limit (no sizing plan). */
export function defaultConnectionCapacity(memoryBytes: number): number {
  return Math.min(SIZING_CONSTANTS.C_NOFILE.value,
    memoryConnections(memoryBytes, { U_MEM: SIZING_CONSTANTS.U_MEM.value, M_CONN_KIB: SIZING_CONSTANTS.M_CONN_KIB.value }));
}

/** Floors, caps and HiveMQ settings the cluster itself enforces: a plan cannot calibrate them away. */
const FIXED = ['RAM_MIN_GIB', 'VCPU_MIN', 'VCPU_MAX', 'RAM_MAX_GIB', 'HEAP_SHARE', 'DISK_MIN_GIB', 'MAX_QUEUE_SIZE'];
const SHARES = ['U_MEM', 'U_CPU', 'CONNTRACK_USE', 'FILL_TARGET'];

export type Constants = { [K in keyof typeof SIZING_CONSTANTS]: number };

/** The constants with `overrides` applied; errors start with `prefix` (e.g. `ClusterSizing: constants`). */
export function resolveConstants(overrides: SizingConstantOverrides, prefix: string): Constants {
  const [owner, prop] = prefix.split(': ');
  const v = new SizingValidator(owner);
  const names = Object.keys(SIZING_CONSTANTS);
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    v.fail(prop, 'must be an object of constant names and numbers', overrides, 'Pass e.g. { K_OPS: 9000 }.');
  }
  for (const name of Object.keys(overrides)) {
    // Own names only: `in` would accept 'toString' from Object.prototype.
    if (!names.includes(name)) v.fail(`${prop}.${name}`, 'is not a sizing constant', name, `Use one of ${names.join(', ')}.`);
  }
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(SIZING_CONSTANTS)) out[name] = c.value;
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const unit = SIZING_CONSTANTS[name as keyof typeof SIZING_CONSTANTS].unit;
    if (FIXED.includes(name)) {
      v.fail(`${prop}.${name}`, 'cannot be overridden: it is a floor, cap or HiveMQ setting the cluster enforces', value,
        'Calibrate the load constants (K_OPS, M_CONN_KIB, W1, W2, CR_TCP, OVH_*) instead.');
    }
    if (SHARES.includes(name) && (typeof value !== 'number' || !(value > 0 && value <= 1))) {
      v.fail(`${prop}.${name}`, 'must be a share greater than 0 and at most 1', value, 'Use your measured share, e.g. 0.7.');
    }
    // Positive and finite: every constant is a rate, a size or a factor that the model multiplies or divides by.
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      v.fail(`${prop}.${name}`, 'must be a positive number', value, `Use your measured value in ${unit}.`);
    }
    if (value > MAX_CONSTANT) v.fail(`${prop}.${name}`, `must be at most ${MAX_CONSTANT}`, value, `Use your measured value in ${unit}.`);
    if (WHOLE.includes(name) && !Number.isInteger(value)) {
      v.fail(`${prop}.${name}`, `must be a whole number of ${unit}`, value, 'Round your measured value.');
    }
    out[name] = value;
  }
  return out as Constants;
}

/** No constant is anywhere near this; a larger one is a typo (and keeps every product finite). */
const MAX_CONSTANT = 1e9;
/** Counts: a fraction of a connection-tracking entry or of a byte means nothing. */
const WHOLE = ['C_NOFILE', 'CONNTRACK_PER_CORE', 'CONNTRACK_MIN', 'CONNTRACK_CAP', 'OVH_WIRE', 'TLS_WIRE', 'OVH_MSG', 'OVH_SESSION'];
