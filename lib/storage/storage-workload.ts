/** What a cluster stores: the input of StorageSizing and StorageProfile.forWorkload(). */
/** What the brokers must store, cluster-wide. */
export interface StorageWorkload {
  /** Clients with a persistent session (clean start false / session expiry > 0). */
  readonly persistentSessions: number;
  /**
   * Persistent sessions that are offline at peak and collect queued messages.
   * @default - all persistent sessions (worst case)
   */
  readonly offlineSessions?: number;
  /** Messages queued per offline session (QoS 1/2), at most HiveMQ's queue limit of 1000. */
  readonly queuedMessagesPerSession: number;
  /** Mean payload of a queued message, in bytes. */
  readonly averagePayloadBytes: number;
  /**
   * Retained messages, cluster-wide.
   * @default 0
   */
  readonly retainedMessages?: number;
  /**
   * Mean payload of a retained message, in bytes.
   * @default - averagePayloadBytes
   */
  readonly averageRetainedPayloadBytes?: number;
}
