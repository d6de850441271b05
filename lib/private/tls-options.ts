/** Checks of the TLS options a listener factory receives (`MqttListener.tls()`, `MqttListener.secureWebsocket()`). */
import { ClientAuthentication, Keystore, ListenerTlsOptions, Truststore } from '../tls';
import { Validator } from './validation';

/** The keys of ListenerTlsOptions, for the listener option key lists (the compiler checks them against the interface). */
export const TLS_OPTION_KEYS: { readonly [K in keyof Required<ListenerTlsOptions>]: true } = {
  keystore: true, truststore: true, clientAuthentication: true, protocols: true, cipherSuites: true,
};

/** What the factory alone can check; protocols and cipher suites are checked against each other with the cluster. */
export function checkTlsOptions(v: Validator, options: ListenerTlsOptions): void {
  v.required('keystore', options.keystore, 'Pass Keystore.fromSecret({...}) or Keystore.fromCertManager({...}).');
  v.instance('keystore', options.keystore, Keystore, 'Pass Keystore.fromSecret({...}) or Keystore.fromCertManager({...}).');
  if (options.truststore !== undefined) v.instance('truststore', options.truststore, Truststore, 'Pass Truststore.fromSecret({...}).');
  if (options.clientAuthentication !== undefined) {
    v.enumMember('clientAuthentication', options.clientAuthentication, ClientAuthentication, 'ClientAuthentication');
  }
  for (const list of ['protocols', 'cipherSuites'] as const) {
    const value = options[list];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      v.fail(list, 'must be a list of strings', value, list === 'protocols' ? 'Pass e.g. [\'TLSv1.3\'].' : 'Pass JSSE names, e.g. [\'TLS_AES_128_GCM_SHA256\'].');
    }
  }
}
