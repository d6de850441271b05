/** Checks of a storage workload, shared by `StorageSizing` and `StorageProfile.forWorkload()`. */
import { SIZING_CONSTANTS } from '../sizing/constant-table';
import type { StorageWorkload } from './storage-workload';
import { keysOf, Validator } from '../validation/validator';

const MAX_MQTT_PAYLOAD = 268_435_455; // MQTT 3.1.1 / 5.0 §2.2.3: Remaining Length is at most 268,435,455 bytes

/** The StorageWorkload options (the compiler checks the list against the interface). */
export const STORAGE_WORKLOAD_KEYS = keysOf<StorageWorkload>({
  persistentSessions: true, offlineSessions: true, queuedMessagesPerSession: true, averagePayloadBytes: true, retainedMessages: true,
  averageRetainedPayloadBytes: true,
});

/**
 * Checks a workload with `v` (whose messages name the caller: `StorageSizing: ...`, `StorageProfile.forWorkload(): ...`).
 * @param allowed the keys the caller accepts (a workload profile takes volume options too)
 */
export function checkWorkload(v: Validator, workload: StorageWorkload, allowed: string[] = STORAGE_WORKLOAD_KEYS, elsewhere: Record<string,
  string> = {}): void {
  v.required('workload', workload, 'Pass { persistentSessions, queuedMessagesPerSession, averagePayloadBytes }.');
  v.keys('', workload, allowed, elsewhere);
  const count = (field: keyof StorageWorkload, max: number, required: string | undefined) => {
    const value = workload[field];
    // Without a required number every later step is NaN, and the message would be about a volume size, not this option.
    if (value === undefined && required !== undefined) v.fail(field, 'is required', value, `Pass ${required}.`);
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      v.fail(field, `must be a whole number from 0 to ${max}`, value, 'Pass the expected peak value.');
    }
  };
  count('persistentSessions', Number.MAX_SAFE_INTEGER, 'the number of clients with a persistent session (0 if none)');
  count('offlineSessions', workload.persistentSessions, undefined);
  count('queuedMessagesPerSession', SIZING_CONSTANTS.MAX_QUEUE_SIZE.value, 'the messages queued per offline session (0 if none)');
  count('averagePayloadBytes', MAX_MQTT_PAYLOAD, 'the mean payload of a queued message, in bytes');
  count('retainedMessages', Number.MAX_SAFE_INTEGER, undefined);
  count('averageRetainedPayloadBytes', MAX_MQTT_PAYLOAD, undefined);
}
