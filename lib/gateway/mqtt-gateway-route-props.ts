/** Props of MqttGatewayRoute. */
import { Duration } from 'cdk8s';
import { IHiveMQCluster } from '../cluster/hivemq-cluster-interface';
import { GatewayRouteKind } from './gateway-route-kind';

/** Props of `MqttGatewayRoute`. */
export interface MqttGatewayRouteProps {
  /** The cluster behind the route; the route sends connections to its in-cluster ClusterIP Service (`<cluster name>`). */
  readonly cluster: IHiveMQCluster;
  /**
   * Name of the Gateway the route attaches to (`spec.parentRefs[0].name`).
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference
   */
  readonly gatewayName: string;
  /**
   * Namespace of the Gateway; its listener must then allow routes from the route's namespace (`allowedRoutes.namespaces`).
   * @default - the route's namespace
   */
  readonly gatewayNamespace?: string;
  /**
   * Name of the Gateway listener the route attaches to (`spec.parentRefs[0].sectionName`).
   * @default - every listener of the Gateway that accepts the route's kind
   */
  readonly sectionName?: string;
  /**
   * The idle timeout of the Gateway implementation's data plane for this listener: connections idle longer are dropped.
   * The cluster's keep-alives are fitted below it. There is no default: look up your implementation's setting.
   */
  readonly idleTimeout: Duration;
  /**
   * Name of the cluster listener to route to; it must not expect PROXY protocol (the cluster's ClusterIP Service only has
   * the listeners without it).
   * @default - the cluster's only listener without PROXY protocol; required when it has several
   */
  readonly listener?: string;
  /**
   * The route kind.
   * @default - GatewayRouteKind.TLS_ROUTE when the listener serves TLS, GatewayRouteKind.TCP_ROUTE otherwise
   */
  readonly kind?: GatewayRouteKind;
  /**
   * SNI hostnames the route matches (`spec.hostnames`): required for a TLSRoute, refused for a TCPRoute (which has none).
   * @default - none (a TCPRoute)
   */
  readonly hostnames?: string[];
  /**
   * Route name.
   * @default - `<cluster name>-<construct id>`
   */
  readonly name?: string;
}
