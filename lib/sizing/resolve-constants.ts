import { FIXED_CONSTANT_NAMES, overrideProp, SIZING_CONSTANTS } from './constant-table';
import { SizingConstantOverrides } from './sizing-constants';
import { Validator } from '../validation/validator';
import { inputError } from '../validation/input-error';

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
      throw inputError(`${this.owner}: ${(e as Error).message.replace(/^ '': /, '')}`, { cause: e });
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

const SHARES = ['U_MEM', 'U_CPU', 'CONNTRACK_USE', 'FILL_TARGET'];

export type Constants = { [K in keyof typeof SIZING_CONSTANTS]: number };

/**
 * The constant each `SizingConstantOverrides` property (and each fixed constant's camelCase name, to refuse it by name) stands
 * for: `kOps` → `K_OPS`. Exported for test/sizing-constant-overrides.test.ts only (lib/index.ts does not re-export this file).
 */
export const CONSTANT_OF_PROP: Record<string, string> = Object.fromEntries(Object.keys(SIZING_CONSTANTS).map((name) => [overrideProp(name), name]));

/**
 * The constants with `overrides` applied; errors start with `prefix` (e.g. `ClusterSizing: constants`) and name the property
 * the caller passed (`constants.kOps`).
 */
export function resolveConstants(overrides: SizingConstantOverrides, prefix: string): Constants {
  const [owner, prop] = prefix.split(': ');
  const v = new SizingValidator(owner);
  const props = Object.keys(SIZING_CONSTANTS).filter((name) => !FIXED_CONSTANT_NAMES.includes(name)).map(overrideProp);
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    v.fail(prop, 'must be an object of constant names and numbers', overrides, 'Pass e.g. { kOps: 9000 }.');
  }
  for (const key of Object.keys(overrides)) {
    // Own names only: `in` would accept 'toString' from Object.prototype.
    if (!Object.prototype.hasOwnProperty.call(CONSTANT_OF_PROP, key)) {
      v.fail(`${prop}.${key}`, 'is not a sizing constant', key, `Use one of ${props.join(', ')}.`);
    }
  }
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(SIZING_CONSTANTS)) out[name] = c.value;
  for (const [key, value] of Object.entries(overrides) as Array<[string, number | undefined]>) {
    if (value === undefined) continue;
    const name = CONSTANT_OF_PROP[key];
    const unit = SIZING_CONSTANTS[name as keyof typeof SIZING_CONSTANTS].unit;
    if (FIXED_CONSTANT_NAMES.includes(name)) {
      v.fail(`${prop}.${key}`, 'cannot be overridden: it is a floor, cap or HiveMQ setting the cluster enforces', value,
        'Calibrate the load constants (kOps, mConnKib, w1, w2, crTcp, ovhWire, ovhMsg, ovhSession) instead.');
    }
    if (SHARES.includes(name) && (typeof value !== 'number' || !(value > 0 && value <= 1))) {
      v.fail(`${prop}.${key}`, 'must be a share greater than 0 and at most 1', value, 'Use your measured share, e.g. 0.7.');
    }
    // Positive and finite: every constant is a rate, a size or a factor that the model multiplies or divides by.
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      v.fail(`${prop}.${key}`, 'must be a positive number', value, `Use your measured value in ${unit}.`);
    }
    if (value > MAX_CONSTANT) v.fail(`${prop}.${key}`, `must be at most ${MAX_CONSTANT}`, value, `Use your measured value in ${unit}.`);
    if (WHOLE.includes(name) && !Number.isInteger(value)) {
      v.fail(`${prop}.${key}`, `must be a whole number of ${unit}`, value, 'Round your measured value.');
    }
    out[name] = value;
  }
  return out as Constants;
}

/** The names of the constants `overrides` sets (`K_OPS` for `kOps`), sorted; unknown keys are left out. */
export function overriddenConstants(overrides: SizingConstantOverrides): string[] {
  return Object.entries(overrides).filter(([key, value]) => value !== undefined && CONSTANT_OF_PROP[key] !== undefined)
    .map(([key]) => CONSTANT_OF_PROP[key]).sort();
}

/** No constant is anywhere near this; a larger one is a typo (and keeps every product finite). */
const MAX_CONSTANT = 1e9;
/** Counts: a fraction of a connection-tracking entry or of a byte means nothing. */
const WHOLE = ['C_NOFILE', 'CONNTRACK_PER_CORE', 'CONNTRACK_MIN', 'CONNTRACK_CAP', 'OVH_WIRE', 'TLS_WIRE', 'OVH_MSG', 'OVH_SESSION'];
