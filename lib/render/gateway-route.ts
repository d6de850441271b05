/** A Gateway API TLSRoute or TCPRoute from a resolved MqttGatewayRoute. */
import type { GatewayRouteModel } from '../gateway/resolve-gateway-route';

/** The parts TLSRoute and TCPRoute share; TLSRoute adds `spec.hostnames`. */
export interface RenderedGatewayRoute {
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  readonly parentRef: { readonly name: string; readonly namespace?: string; readonly sectionName?: string };
  readonly backendRef: { readonly name: string; readonly port: number };
  readonly hostnames?: string[];
}

export function renderGatewayRoute(model: GatewayRouteModel): RenderedGatewayRoute {
  return {
    metadata: { name: model.name, labels: model.labels },
    // group and kind keep their CRD defaults (gateway.networking.k8s.io, Gateway).
    parentRef: { name: model.gatewayName, namespace: model.gatewayNamespace, sectionName: model.sectionName },
    // The Service port is the listener's port (see renderEndpointServices); kind Service is the CRD default.
    backendRef: { name: model.serviceName, port: model.listener.port },
    hostnames: model.hostnames,
  };
}
