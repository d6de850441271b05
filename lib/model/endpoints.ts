/**
 * The endpoints area: the MQTT listeners, the Control Center, the REST API, and the rule that every port the broker serves
 * is its own and none is one HiveMQ reserves.
 */
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { ListenerProtocol, MqttListener } from '../cluster/listener';
import { IANA_SVC_NAME, Validator } from '../validation/validator';
import { BrokerEndpoint, HIVEMQ, ResolvedControlCenter, ResolvedListener, ResolvedRestApi } from './cluster-model';
import { isSet, list } from './optional-values';
import { resolveTls, secretKey } from './tls';

/** Plain MQTT on 1883. */
export const DEFAULT_LISTENERS: readonly MqttListener[] = [MqttListener.tcp()];
/** HiveMQ's chart: 8080 for HTTP, 8443 with a keystore. */
export const DEFAULT_CONTROL_CENTER_PORT = HIVEMQ.controlCenterPort;
export const DEFAULT_CONTROL_CENTER_TLS_PORT = 8443;
export const DEFAULT_CONTROL_CENTER_USERNAME_KEY = 'username';
export const DEFAULT_CONTROL_CENTER_PASSWORD_HASH_KEY = 'password-sha256';
export const DEFAULT_REST_API_PORT = 8888;
export const DEFAULT_REST_API_AUTHENTICATION = true;
const MIN_PORT = 1024;
const MAX_PORT = 65535;
/** Container and Service port names the library uses itself. */
const RESERVED_NAMES = ['cluster', 'health', 'cc', 'rest', 'metrics'];
const RESERVED_PORTS: Record<number, string> = {
  [HIVEMQ.clusterPort]: 'the cluster transport',
  [HIVEMQ.healthPort]: 'the health API',
  [HIVEMQ.operatorPort]: 'the HiveMQ Platform Operator REST API',
};

export function resolveListeners(validator: Validator, props: HiveMQClusterProps, clusterName: string): ResolvedListener[] {
  const listeners = list(validator, 'listeners', props.listeners) ?? DEFAULT_LISTENERS;
  if (listeners.length === 0) {
    validator.fail('listeners', 'must hold at least one MQTT listener', [], 'Pass [MqttListener.tcp()] or leave listeners unset.');
  }
  const names = new Set<string>();
  return listeners.map((listener, index) => {
    const prop = `listeners[${index}]`;
    validator.instance(prop, listener, MqttListener, 'Use MqttListener.tcp(), .websocket(), .tls() or .secureWebsocket().');
    validator.boolean(`${prop}.proxyProtocol`, listener.proxyProtocol, false);
    validator.integer(`${prop}.port`, listener.port, MIN_PORT, MAX_PORT, 'Use a port from 1024 to 65535: the broker runs as UID 10000 without '
      + 'capabilities and cannot bind lower ones. Load balancers can still expose 443 or 8883 in front of it.');
    validator.oneOf(`${prop}.protocol`, listener.protocol, Object.values(ListenerProtocol));
    if (!IANA_SVC_NAME.test(listener.name)) {
      validator.fail(`${prop}.name`, 'must be an IANA service name: at most 15 lowercase letters, digits and single \'-\', with a letter',
        listener.name, 'Use a name such as \'mqtt\' or \'ws\'.');
    }
    if (names.has(listener.name) || RESERVED_NAMES.includes(listener.name)) {
      const reserved = `${RESERVED_NAMES.slice(0, -1).join(', ')} and ${RESERVED_NAMES[RESERVED_NAMES.length - 1]}`;
      validator.fail(`${prop}.name`, `is already used (${reserved} are reserved)`, listener.name, 'Give every listener its own name.');
    }
    if (listener.path !== undefined && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(listener.path)) {
      validator.fail(`${prop}.path`, 'must be an absolute URL path', listener.path, 'Use e.g. \'/mqtt\'.');
    }
    names.add(listener.name);
    const tls = listener.tlsOptions ? resolveTls(validator, `${prop}.tls`, listener.tlsOptions, clusterName, listener.name) : undefined;
    return { protocol: listener.protocol, name: listener.name, port: listener.port, path: listener.path, proxyProtocol: listener.proxyProtocol, tls };
  });
}

export function resolveControlCenter(validator: Validator, props: HiveMQClusterProps, clusterName: string): ResolvedControlCenter | undefined {
  const options = props.controlCenter;
  if (!options) return undefined;
  const secretName = options.credentialsSecret;
  const defaultPort = isSet(options.keystore) ? DEFAULT_CONTROL_CENTER_TLS_PORT : DEFAULT_CONTROL_CENTER_PORT;
  const usernameKey = options.usernameKey ?? DEFAULT_CONTROL_CENTER_USERNAME_KEY;
  const passwordHashKey = options.passwordHashKey ?? DEFAULT_CONTROL_CENTER_PASSWORD_HASH_KEY;
  return {
    port: validator.integer('controlCenter.port', options.port ?? defaultPort, MIN_PORT, MAX_PORT),
    credentials: {
      secretName: validator.dns1123Subdomain('controlCenter.credentialsSecret', secretName),
      usernameKey: secretKey(validator, 'controlCenter', { name: secretName, key: usernameKey }, 'usernameKey').key,
      passwordHashKey: secretKey(validator, 'controlCenter', { name: secretName, key: passwordHashKey }, 'passwordHashKey').key,
    },
    tls: isSet(options.keystore) ? resolveTls(validator, 'controlCenter', { keystore: options.keystore }, clusterName, 'cc') : undefined,
  };
}

export function resolveRestApi(validator: Validator, props: HiveMQClusterProps, clusterName: string): ResolvedRestApi | undefined {
  const options = props.restApi;
  if (!options) return undefined;
  return {
    port: validator.integer('restApi.port', options.port ?? DEFAULT_REST_API_PORT, MIN_PORT, MAX_PORT),
    authentication: validator.boolean('restApi.authentication', options.authentication, DEFAULT_REST_API_AUTHENTICATION),
    tls: isSet(options.keystore) ? resolveTls(validator, 'restApi', { keystore: options.keystore }, clusterName, 'rest') : undefined,
  };
}

/** Every port a container or Service uses must be distinct, and none may be one HiveMQ reserves. */
export function checkPorts(validator: Validator, endpoints: readonly BrokerEndpoint[], controlCenterServed: boolean): void {
  const usedPorts = endpoints.map((endpoint): [string, number] => [endpoint.prop, endpoint.port]);
  // Without controlCenter, config.xml keeps HiveMQ's Control Center on its default port on the loopback interface.
  const reserved = controlCenterServed ? RESERVED_PORTS
    : { ...RESERVED_PORTS, [HIVEMQ.controlCenterPort]: 'the Control Center, which HiveMQ serves on 127.0.0.1 when controlCenter is not set' };
  usedPorts.forEach(([prop, port], index) => {
    if (reserved[port]) validator.fail(prop, `is reserved for ${reserved[port]}`, port, 'Choose another port.');
    const firstUser = usedPorts.findIndex(([, otherPort]) => otherPort === port);
    if (firstUser !== index) {
      validator.fail(prop, `is already used by ${usedPorts[firstUser][0]}`, port, 'Give every listener and endpoint its own port.');
    }
  });
}
