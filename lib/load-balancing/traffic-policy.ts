/**
 * How a load balancer's traffic reaches the brokers (`spec.externalTrafficPolicy`).
 * @see https://kubernetes.io/docs/reference/networking/virtual-ips/#external-traffic-policy
 */
export enum TrafficPolicy {
  /**
   * Only nodes running a broker receive traffic (the rest fail the load balancer's health check on `healthCheckNodePort`),
   * no second hop, client IPs kept. Every such node gets the same share, so it needs one broker per node.
   */
  LOCAL = 'Local',
  /** Every node accepts and forwards to any broker: even spread whatever the placement, but an extra hop and no client IPs. */
  CLUSTER = 'Cluster',
}
