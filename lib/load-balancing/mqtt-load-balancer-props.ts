/** Props of MqttLoadBalancer. */
import { IHiveMQCluster } from '../cluster/hivemq-cluster-interface';
import { LoadBalancerProvider } from './load-balancer-provider';
import { TrafficPolicy } from './traffic-policy';

/** Props of `MqttLoadBalancer`. */
export interface MqttLoadBalancerProps {
  /** The cluster behind the load balancer. */
  readonly cluster: IHiveMQCluster;
  /** The cloud or implementation that provisions it, with its annotations and idle timeout. */
  readonly provider: LoadBalancerProvider;
  /**
   * Names of the cluster's listeners to expose; the Service ports keep the listeners' names, and their ports unless `ports` moves them.
   * @default - every listener of the cluster whose PROXY protocol setting matches the load balancer's
   */
  readonly listeners?: string[];
  /**
   * Service ports for exposed listeners, by listener name, e.g. `{ mqtts: 443 }`: clients connect to 443, and the Service
   * forwards to the listener's named container port (`targetPort: mqtts`, 8883). Annotations that name a port (AWS
   * per-listener idle timeouts) follow the Service port.
   * @default - each listener on a Service port equal to its own port
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
   */
  readonly ports?: Record<string, number>;
  /**
   * `spec.externalTrafficPolicy`.
   * @default TrafficPolicy.LOCAL - no east/west hop and real client IPs; needs the cluster's required anti-affinity
   */
  readonly externalTrafficPolicy?: TrafficPolicy;
  /**
   * Client CIDRs allowed through the load balancer (`spec.loadBalancerSourceRanges`).
   * @default - anywhere
   */
  readonly sourceRanges?: string[];
  /**
   * Service name.
   * @default - `<cluster name>-<construct id>`
   */
  readonly name?: string;
  /**
   * Extra annotations; keys the provider preset writes are refused (use its typed options).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Extra labels; the cluster's labels are always set.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}
