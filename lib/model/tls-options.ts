/** The TLS option keys of the listener factories (`MqttListener.tls()`, `MqttListener.secureWebsocket()`). */
import type { ListenerTlsOptions } from '../cluster/tls';

/** The keys of ListenerTlsOptions, for the listener option key lists (the compiler checks them against the interface). */
export const TLS_OPTION_KEYS: { readonly [K in keyof Required<ListenerTlsOptions>]: true } = {
  keystore: true, truststore: true, clientAuthentication: true, protocols: true, cipherSuites: true,
};
