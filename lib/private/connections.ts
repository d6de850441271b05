import { SIZING_CONSTANTS } from '../sizing-constants';

/** Connections that `memoryBytes` of broker memory holds: its usable share (U_MEM) / memory per connection (M_CONN_KIB). */
export function memoryConnections(memoryBytes: number, k: { U_MEM: number; M_CONN_KIB: number }): number {
  return Math.floor(memoryBytes * k.U_MEM / (k.M_CONN_KIB * 1024));
}

/** Connections a broker with `memoryBytes` holds with the published constants, below the open-files limit (no sizing plan). */
export function defaultConnectionCapacity(memoryBytes: number): number {
  return Math.min(SIZING_CONSTANTS.C_NOFILE.value,
    memoryConnections(memoryBytes, { U_MEM: SIZING_CONSTANTS.U_MEM.value, M_CONN_KIB: SIZING_CONSTANTS.M_CONN_KIB.value }));
}
