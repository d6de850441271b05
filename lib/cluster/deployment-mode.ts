import { keysOf, Validator } from '../validation/validator';

/** Options of `DeploymentMode.plain()`. */
export interface PlainModeOptions {
  /**
   * Annotate the StatefulSet and its ConfigMap so that Argo CD, Flux and kapp never prune or delete them.
   * @default false
   */
  readonly deletionProtection?: boolean;
}

/** Options of `DeploymentMode.platformOperator()`. */
export interface OperatorModeOptions {
  /**
   * The HiveMQ Platform Operator's selector (CR label `operator: <selector>`), when several operators run.
   * @default - none
   */
  readonly selector?: string;
  /**
   * Nodes the brokers may run on. The operator rolls with an extra (surge) broker; with required one-broker-per-node
   * anti-affinity that broker needs a free node, so at least replicas + 1 nodes must be available.
   * @default - required when antiAffinity is Placement.REQUIRED
   */
  readonly schedulableNodes?: number;
  /**
   * Namespace the operator runs in: the NetworkPolicy then lets only it reach the brokers' operator REST API (7979) and
   * health API.
   * @default - the operator REST API is open to every namespace, the health API to the cluster's own
   */
  readonly operatorNamespace?: string;
  /**
   * Annotate the HiveMQPlatform and the objects it cannot run without (config, licence) so that Argo CD, Flux and kapp
   * never prune or delete them.
   * @default true - deleting the custom resource deletes the cluster
   */
  readonly deletionProtection?: boolean;
}

/** How the cluster is written out. */
export enum DeploymentModeKind {
  /** Plain Kubernetes objects: StatefulSet, Services, ConfigMap; no operator. */
  PLAIN = 'plain',
  /** A `HiveMQPlatform` custom resource for the HiveMQ Platform Operator, plus the objects the operator does not create. */
  OPERATOR = 'operator',
}

/** Plain manifests, or a custom resource for the HiveMQ Platform Operator. */
export class DeploymentMode {
  /** Plain manifests (the default). */
  public static plain(options: PlainModeOptions = {}): DeploymentMode {
    const v = Validator.factory('DeploymentMode.plain()');
    v.keys('', options, PLAIN_KEYS, Object.fromEntries(OPERATOR_KEYS.filter((key) => !PLAIN_KEYS.includes(key))
      .map((key) => [key, 'DeploymentMode.platformOperator(): it configures the HiveMQ Platform Operator'])));
    return new DeploymentMode(DeploymentModeKind.PLAIN, v.boolean('deletionProtection', options.deletionProtection, false), {});
  }

  /** A `HiveMQPlatform` (hivemq.com/v1) for the HiveMQ Platform Operator. */
  public static platformOperator(options: OperatorModeOptions = {}): DeploymentMode {
    const v = Validator.factory('DeploymentMode.platformOperator()');
    v.keys('', options, OPERATOR_KEYS);
    return new DeploymentMode(DeploymentModeKind.OPERATOR, v.boolean('deletionProtection', options.deletionProtection, true), options);
  }

  private constructor(
    /** Plain or operator. */
    public readonly kind: DeploymentModeKind,
    /** Whether GitOps deletion-protection annotations are written. */
    public readonly deletionProtection: boolean,
    private readonly options: OperatorModeOptions,
  ) {}

  /** @internal */
  public get _options(): OperatorModeOptions { return this.options; }
}

const PLAIN_KEYS = keysOf<PlainModeOptions>({ deletionProtection: true });
const OPERATOR_KEYS = keysOf<OperatorModeOptions>({ selector: true, schedulableNodes: true, operatorNamespace: true, deletionProtection: true });
