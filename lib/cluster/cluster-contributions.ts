/**
 * What other constructs contribute to a cluster after it was constructed (load balancers, node tuning), collected here and
 * resolved once, at synthesis, into the final model.
 */
import { applyIdleTimeouts, checkKeepAlive, IdleTimeout } from '../load-balancing/keep-alive';
import type { ClusterModel } from '../model/cluster-model';
import type { BrokerService } from '../render/services';
import { inputError } from '../validation/input-error';

export class ClusterContributions {
  /** Idle timeouts on the clients' path; unset keep-alives are lowered below every one. */
  private readonly idleTimeouts: IdleTimeout[] = [];
  /** Services for the HiveMQPlatform's `spec.services` (operator mode), in the order they were added. */
  public readonly platformServices: BrokerService[] = [];
  /** Whether a load balancer health-checks the brokers directly, from outside the namespace. */
  public healthApiOpen = false;
  private finalModel?: ClusterModel;

  constructor(private readonly baseModel: ClusterModel) {}

  public addIdleTimeout(timeout: IdleTimeout): void {
    this.checkOpen(timeout.by);
    checkKeepAlive(this.baseModel, timeout);
    this.idleTimeouts.push(timeout);
  }

  public addPlatformService(service: BrokerService): void {
    this.checkOpen(`Service '${service.metadata.name}'`);
    this.platformServices.push(service);
  }

  public openHealthApi(): void {
    this.checkOpen('health checks from load balancers');
    this.healthApiOpen = true;
  }

  /** The final model: the base model with keep-alives fitted to every idle timeout. Computed once, at first use. */
  public resolve(): ClusterModel {
    this.finalModel ??= applyIdleTimeouts(this.baseModel, this.idleTimeouts);
    return this.finalModel;
  }

  /** A contribution after the model was resolved would be missing from what was already rendered. */
  private checkOpen(what: string): void {
    if (this.finalModel) {
      throw inputError(`HiveMQCluster '${this.baseModel.id}': ${what} came after the cluster was rendered `
        + '(at synthesis, or when configXml was read). Add load balancers and node tuning before synthesizing or reading configXml.');
    }
  }
}
