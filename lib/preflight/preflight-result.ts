/** What a change means for the running cluster, worst first. */
export enum PreflightVerdict {
  /** Kubernetes refuses (or ignores) at least one change: a manual step is needed around `kubectl apply`. */
  NEEDS_MANUAL_STEP = 'NEEDS_MANUAL_STEP',
  /** Kubernetes accepts every change, but at least one risks data or availability. */
  RISKS_DATA = 'RISKS_DATA',
  /** Every change is safe to apply (it may still roll the brokers). */
  SAFE = 'SAFE',
}

/** The class of one finding. */
export enum FindingCategory {
  /**
   * The change needs a manual step: the API server refuses it (an immutable field) or accepts it without effect (a headless
   * Service stays headless); the finding carries the safe procedure.
   */
  REFUSED = 'REFUSED',
  /** Accepted by Kubernetes, but it risks data or availability. */
  RISK = 'RISK',
  /** Accepted and safe. */
  SAFE = 'SAFE',
}

/** One change between the two outputs. */
export interface PreflightFinding {
  /** Refused, risky or safe. */
  readonly category: FindingCategory;
  /** The object, as `Kind namespace/name` (`StatefulSet iot/broker`). */
  readonly resource: string;
  /** The changed field, as a dotted path (`spec.volumeClaimTemplates`). */
  readonly field: string;
  /** The value before, shown as text; empty when the object or field is new. */
  readonly before: string;
  /** The value after, shown as text; empty when the object or field is gone. */
  readonly after: string;
  /** What the change means, one sentence. */
  readonly summary: string;
  /** The steps to take, in order (commands or instructions); empty for a safe change. */
  readonly procedure: string[];
}

/** A rolling restart the change causes. */
export interface PreflightRoll {
  /** The object whose brokers roll, as `Kind namespace/name`. */
  readonly resource: string;
  /** Why they roll (the changed fields). */
  readonly reason: string;
  /**
   * How many brokers are restarted, one at a time.
   * @default - not known: spec.replicas is not in the manifests (an autoscaler sets it)
   */
  readonly brokers?: number;
  /**
   * The upper bound of one broker's restart, in seconds: minReadySeconds + the startup probe's budget
   * (initialDelaySeconds + failureThreshold × periodSeconds).
   * @default - not known: the manifests do not hold the startup probe (operator mode: the operator sets it)
   */
  readonly secondsPerBroker?: number;
  /**
   * brokers × secondsPerBroker.
   * @default - not known, as secondsPerBroker
   */
  readonly estimatedSeconds?: number;
  /** The formula with this cluster's figures, or why no estimate is possible. */
  readonly estimate: string;
}

/** The result of comparing two synthesized outputs. */
export interface PreflightResult {
  /** The overall verdict. */
  readonly verdict: PreflightVerdict;
  /** 0 when everything is safe, 1 when something needs a manual step or risks data (the CLI's exit code). */
  readonly exitCode: number;
  /** Changes Kubernetes refuses or ignores, each with its safe procedure. */
  readonly refused: PreflightFinding[];
  /** Changes that risk data or availability. */
  readonly risks: PreflightFinding[];
  /** Rolling restarts the changes cause. */
  readonly rolls: PreflightRoll[];
  /** Safe changes. */
  readonly safe: PreflightFinding[];
}
