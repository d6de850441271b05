/** What a load balancer, node tuning or a later construct may ask of a HiveMQ cluster. */
import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { DeploymentModeKind } from './deployment-mode';
import { ListenerProtocol } from './listener';
import { Placement } from './placement';
import type { ClusterModel } from '../model/cluster-model';

/** One MQTT listener of a cluster, as resolved from its props. */
export interface ListenerDescription {
  /** Listener name: the container port, Service port and `config.xml` listener name. */
  readonly name: string;
  /** Container port. */
  readonly port: number;
  /** TCP or WebSocket. */
  readonly protocol: ListenerProtocol;
  /** Whether the listener expects a PROXY protocol header (only a load balancer that sends one may front it). */
  readonly proxyProtocol: boolean;
  /** Whether the listener serves TLS. */
  readonly tls: boolean;
}

/**
 * A HiveMQ cluster, as other constructs see it: facts about it, and the contributions they may make to it before synthesis.
 * Implemented by `HiveMQCluster`.
 */
export interface IHiveMQCluster extends IConstruct {
  /** Base name of every object of the cluster (`metadata.name`, label `app.kubernetes.io/instance`). */
  readonly clusterName: string;
  /** Whether the cluster is written as plain manifests or as a HiveMQPlatform for the HiveMQ Platform Operator. */
  readonly deploymentMode: DeploymentModeKind;
  /** The MQTT listeners, in the order of the props. */
  readonly listeners: ListenerDescription[];
  /** Port of the health API (`/api/v1/health/...`), which probes and load-balancer health checks use. */
  readonly healthPort: number;
  /** How the brokers spread over nodes. */
  readonly antiAffinity: Placement;
  /** The brokers' node selector (empty when unset). */
  readonly nodeSelector: Record<string, string>;
  /** The brokers' tolerations (empty when unset). */
  readonly tolerations: k8s.Toleration[];

  /**
   * Registers an idle timeout on the clients' path (a load balancer's, the nodes' conntrack). Keep-alives the user left
   * unset are lowered below it at synthesis; ones the user set, or switched off, that cannot fit are an error now.
   * @param by who sets it, for messages: `MqttLoadBalancer 'public'`
   * @param idleTimeout connections idle longer than this are dropped
   */
  addIdleTimeout(by: string, idleTimeout: Duration): void;

  /** Opens the health API to sources outside the namespace: a load balancer that health-checks the brokers directly. */
  allowHealthChecksFromLoadBalancers(): void;

  /**
   * Adds a Service that selects the brokers (the caller registers its name): in plain mode a Service object in `scope`,
   * in operator mode an entry of the HiveMQPlatform's `spec.services` (the operator creates it and fills in the selector).
   * @returns the Service object in plain mode; undefined in operator mode
   */
  addService(scope: Construct, id: string, props: k8s.KubeServiceProps): k8s.KubeService | undefined;

  /**
   * The model resolved from the cluster's props, before contributions.
   * @internal
   */
  readonly _model: ClusterModel;
}
