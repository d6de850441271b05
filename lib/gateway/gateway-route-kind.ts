/** Which Gateway API route carries MQTT from a Gateway listener to the brokers. */
export enum GatewayRouteKind {
  /**
   * `TLSRoute` (gateway.networking.k8s.io/v1, standard channel): the Gateway reads the SNI of the client's TLS ClientHello and
   * passes the encrypted stream through to the brokers, which terminate TLS. Needs a TLS listener and hostnames.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
   */
  TLS_ROUTE = 'TLSRoute',
  /**
   * `TCPRoute` (gateway.networking.k8s.io/v1, experimental channel): every connection to the Gateway listener's port goes to
   * the brokers, whatever it carries.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#tcproute
   */
  TCP_ROUTE = 'TCPRoute',
}
