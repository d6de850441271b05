import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { TcpRoute } from '../../imports/tcproute-gateway.networking.k8s.io';
import { TlsRoute } from '../../imports/tlsroute-gateway.networking.k8s.io';
import { HiveMQCluster } from '../cluster/hivemq-cluster';
import { renderGatewayRoute } from '../render/gateway-route';
import { checkChartNamespace, ObjectRegistry } from '../validation/object-registry';
import { Validator } from '../validation/validator';
import { GatewayRouteKind } from './gateway-route-kind';
import { MqttGatewayRouteProps } from './mqtt-gateway-route-props';
import { GatewayRouteModel, resolveGatewayRoute, ROUTE_PROPS } from './resolve-gateway-route';

/**
 * A Gateway API route that brings MQTT from a Gateway listener to a HiveMQCluster's in-cluster ClusterIP Service: a
 * `TLSRoute` (SNI passthrough; the brokers terminate TLS) or a `TCPRoute`, with the cluster's keep-alives fitted below the
 * Gateway implementation's idle timeout.
 * @see https://gateway-api.sigs.k8s.io/guides/tls/
 */
export class MqttGatewayRoute extends Construct {
  /** The TLSRoute or TCPRoute. */
  public readonly route: ApiObject;
  /** Which route kind was written. */
  public readonly kind: GatewayRouteKind;
  /** What was resolved from the props and the cluster. @internal */
  public readonly _model: GatewayRouteModel;

  constructor(scope: Construct, id: string, props: MqttGatewayRouteProps) {
    super(scope, id);
    const v = new Validator('MqttGatewayRoute', id);
    if (props === null || typeof props !== 'object') {
      v.fail('props', 'must be an object', props, 'Pass { cluster, gatewayName, idleTimeout }.');
    }
    v.keys('', props, ROUTE_PROPS);
    if (!HiveMQCluster.isHiveMQCluster(props.cluster)) v.fail('cluster', 'must be a HiveMQCluster', props.cluster, 'Pass the cluster construct.');
    const namespace = checkChartNamespace(this);
    const cluster = props.cluster._model;
    const m = this._model = resolveGatewayRoute(id, props, cluster);
    this.kind = m.kind;
    const clusterNamespace = Chart.of(props.cluster).namespace;
    if (namespace !== clusterNamespace) {
      // A backendRef in another namespace needs a ReferenceGrant there; keeping the route beside the Service needs none.
      v.failRule(`its chart's namespace (${namespace ?? 'none'}) differs from HiveMQCluster '${cluster.id}''s `
        + `(${clusterNamespace ?? 'none'}); the route's backendRef names the cluster's Service in the route's own namespace. `
        + 'Create the route in the cluster\'s chart.');
    }
    // Registered before the cluster learns of the route: a refused one leaves the cluster as it was.
    ObjectRegistry.of(this).claim(this, { construct: 'MqttGatewayRoute', id }, [{
      group: 'gateway.networking.k8s.io', kind: m.kind, name: m.name, namespace, path: `${this.node.path}/Route`,
      what: `its ${m.kind}`,
      from: props.name === undefined ? { prop: 'name (default: <cluster name>-<construct id>)', value: m.name } : undefined,
    }]);
    props.cluster.addIdleTimeout(`MqttGatewayRoute '${id}'`, Duration.seconds(m.idleTimeoutSeconds));

    const route = renderGatewayRoute(m);
    const rules = [{ backendRefs: [route.backendRef] }];
    this.route = m.kind === GatewayRouteKind.TLS_ROUTE
      ? new TlsRoute(this, 'Route', { metadata: route.metadata, spec: { parentRefs: [route.parentRef], hostnames: route.hostnames!, rules } })
      : new TcpRoute(this, 'Route', { metadata: route.metadata, spec: { parentRefs: [route.parentRef], rules } });
  }
}
