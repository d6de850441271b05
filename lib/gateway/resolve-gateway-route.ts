/**
 * Resolves MqttGatewayRoute props against its cluster: which listener, which route kind, which Gateway listener it attaches
 * to, and which idle timeout the cluster's keep-alives must fit under.
 */
import { GatewayRouteKind } from './gateway-route-kind';
import type { MqttGatewayRouteProps } from './mqtt-gateway-route-props';
import type { ClusterModel, ResolvedListener } from '../model/cluster-model';
import { DNS1123_SUBDOMAIN, keysOf, Validator } from '../validation/validator';

export interface GatewayRouteModel {
  readonly name: string;
  readonly kind: GatewayRouteKind;
  readonly labels: Record<string, string>;
  /** SNI hostnames (TLSRoute only). */
  readonly hostnames?: string[];
  readonly gatewayName: string;
  readonly gatewayNamespace?: string;
  readonly sectionName?: string;
  /** The cluster's ClusterIP Service and the listener's port on it. */
  readonly serviceName: string;
  readonly listener: ResolvedListener;
  /** Seconds after which the Gateway's data plane drops an idle connection. */
  readonly idleTimeoutSeconds: number;
}

/** The props of MqttGatewayRoute, for the unknown-key check. */
/** The MqttGatewayRouteProps keys (the compiler checks the list against the interface). */
export const ROUTE_PROPS = keysOf<MqttGatewayRouteProps>({
  cluster: true, gatewayName: true, gatewayNamespace: true, sectionName: true, idleTimeout: true, listener: true, kind: true, hostnames: true,
  name: true,
});

/** Gateway API Hostname: RFC 1123, no IPs, optionally one leading wildcard label (the CRD's pattern). */
const ROUTE_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function resolveGatewayRoute(id: string, props: MqttGatewayRouteProps, cluster: ClusterModel): GatewayRouteModel {
  const validator = new Validator('MqttGatewayRoute', id);
  if (props.idleTimeout === undefined || props.idleTimeout === null) {
    validator.fail('idleTimeout', 'is required', props.idleTimeout,
      'State the idle timeout of the Gateway implementation\'s data plane for this listener (there is no portable default), '
      + 'e.g. idleTimeout: Duration.hours(1).');
  }
  const idleTimeoutSeconds = validator.seconds('idleTimeout', props.idleTimeout, 10, 86400);
  const gatewayName = validator.dns1123Subdomain('gatewayName',
    validator.required('gatewayName', props.gatewayName, 'Name the Gateway to attach to.'));
  const gatewayNamespace = props.gatewayNamespace === undefined ? undefined
    : validator.namespace('gatewayNamespace', props.gatewayNamespace, 'Use the Gateway\'s namespace, e.g. \'gateway-system\'.');
  const sectionName = props.sectionName === undefined ? undefined : sectionNameOf(validator, props.sectionName);
  const listener = resolveListener(validator, props.listener, cluster);
  const kind = props.kind === undefined
    ? (listener.tls ? GatewayRouteKind.TLS_ROUTE : GatewayRouteKind.TCP_ROUTE)
    : validator.oneOf('kind', props.kind, Object.values(GatewayRouteKind));
  if (kind === GatewayRouteKind.TLS_ROUTE && !listener.tls) {
    validator.failRule(`a TLSRoute passes TLS through to the brokers by SNI, but listener '${listener.name}' of HiveMQCluster '${cluster.id}' `
      + 'serves plain TCP: no ClientHello, no SNI. Use a TLS listener, or kind: GatewayRouteKind.TCP_ROUTE.');
  }
  const hostnames = resolveHostnames(validator, kind, props.hostnames);
  const name = props.name !== undefined ? validator.dns1123Subdomain('name', props.name) : `${cluster.metadata.name}-${id}`;
  return {
    name,
    kind,
    labels: { ...cluster.metadata.labels, 'app.kubernetes.io/component': 'gateway-route' },
    hostnames,
    gatewayName,
    gatewayNamespace,
    sectionName,
    serviceName: cluster.metadata.names.service,
    listener,
    idleTimeoutSeconds,
  };
}

function sectionNameOf(validator: Validator, sectionName: string): string {
  if (typeof sectionName !== 'string' || sectionName.length > 253 || !DNS1123_SUBDOMAIN.test(sectionName)) {
    validator.fail('sectionName', 'must be a Gateway listener name (a DNS-1123 subdomain of at most 253 characters)', sectionName,
      'Use the name of the listener in the Gateway\'s spec.listeners, e.g. \'mqtts\'.');
  }
  return sectionName;
}

/** The named listener, or the only one on the cluster's ClusterIP Service; it must be on that Service. */
function resolveListener(validator: Validator, name: string | undefined, cluster: ClusterModel): ResolvedListener {
  const onService = cluster.endpoints.listeners.filter((listener) => !listener.proxyProtocol);
  const known = cluster.endpoints.listeners.map((candidate) => `'${candidate.name}'`).join(', ');
  if (name === undefined) {
    if (onService.length === 1) return onService[0];
    if (onService.length === 0) {
      validator.failRule(`every listener of HiveMQCluster '${cluster.id}' (${known}) expects PROXY protocol, which a Gateway route does not send, `
        + `so its ClusterIP Service '${cluster.metadata.names.service}' does not exist. Add a listener without proxyProtocol to the cluster.`);
    }
    validator.fail('listener', `is required: HiveMQCluster '${cluster.id}' has several listeners without PROXY protocol `
      + `(${onService.map((listener) => `'${listener.name}'`).join(', ')})`, name, 'Name the one to route to.');
  }
  const listener = cluster.endpoints.listeners.find((candidate) => candidate.name === name);
  if (!listener) {
    validator.fail('listener', `is not a listener of HiveMQCluster '${cluster.id}' (it has ${known})`, name,
      'Add the listener to the cluster\'s listeners prop, or name one it has.');
  }
  if (listener.proxyProtocol) {
    validator.fail('listener', 'expects a PROXY protocol header, which a Gateway route does not send, and is not a port of HiveMQCluster '
      + `'${cluster.id}''s ClusterIP Service '${cluster.metadata.names.service}'`, name, 'Name a listener without proxyProtocol.');
  }
  return listener;
}

function resolveHostnames(validator: Validator, kind: GatewayRouteKind, hostnames: string[] | undefined): string[] | undefined {
  if (kind === GatewayRouteKind.TCP_ROUTE) {
    if (hostnames !== undefined) {
      validator.fail('hostnames', 'must be unset for a TCPRoute, which matches by port only', hostnames,
        'Remove hostnames, or use a TLS listener and kind: GatewayRouteKind.TLS_ROUTE to match by SNI.');
    }
    return undefined;
  }
  if (hostnames === undefined || hostnames === null || (Array.isArray(hostnames) && hostnames.length === 0)) {
    validator.fail('hostnames', 'must list at least one SNI hostname for a TLSRoute (the TLSRoute CRD requires spec.hostnames)', hostnames,
      'Pass the names clients connect to, e.g. hostnames: [\'mqtt.example.com\'].');
  }
  if (!Array.isArray(hostnames)) validator.fail('hostnames', 'must be a list of hostnames', hostnames, 'Pass e.g. [\'mqtt.example.com\'].');
  if (hostnames.length > 1024) {
    validator.fail('hostnames', 'must list at most 1024 hostnames (the TLSRoute CRD\'s limit)', hostnames.length, 'Use a wildcard.');
  }
  hostnames.forEach((hostname, i) => {
    if (typeof hostname !== 'string' || hostname.length > 253 || !ROUTE_HOSTNAME.test(hostname)) {
      validator.fail(`hostnames[${i}]`, 'must be a lowercase DNS name, optionally starting with \'*.\' (no IP addresses: SNI carries none)',
        hostname, 'Use e.g. \'mqtt.example.com\' or \'*.example.com\'.');
    }
  });
  if (new Set(hostnames).size !== hostnames.length) validator.fail('hostnames', 'must not list a hostname twice', hostnames, 'Remove the duplicate.');
  return hostnames;
}
