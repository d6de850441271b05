import { SIZING_CONSTANTS, SizingConstantOverrides } from '../sizing-constants';

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
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(SIZING_CONSTANTS)) out[name] = c.value;
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in SIZING_CONSTANTS)) {
      throw new Error(`${prefix}.${name} is not a sizing constant. Use one of ${Object.keys(SIZING_CONSTANTS).join(', ')}.`);
    }
    if (FIXED.includes(name)) {
      throw new Error(`${prefix}.${name} cannot be overridden (got ${value}): it is a floor, cap or HiveMQ setting the cluster enforces. `
        + 'Calibrate the load constants (K_OPS, M_CONN_KIB, W1, W2, CR_TCP, OVH_*) instead.');
    }
    if (SHARES.includes(name) && (typeof value !== 'number' || !(value > 0 && value <= 1))) {
      throw new Error(`${prefix}.${name} must be a share greater than 0 and at most 1 (got ${value}).`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`${prefix}.${name} must be a positive number (got ${value}). Use your measured value in ${SIZING_CONSTANTS[name as keyof typeof SIZING_CONSTANTS].unit}.`);
    }
    out[name] = value;
  }
  return out as Constants;
}
