/**
 * Keep-alive coherence between the brokers and the load balancers in front of them. A quiet connection survives a load
 * balancer only if something crosses it before the idle timeout: the MQTT PINGREQ (at most every max-keep-alive seconds,
 * MQTT 5 only) and the first TCP keep-alive probe (after tcp_keepalive_time). Both must stay below every idle timeout.
 */
import type { ClusterModel } from '../model/cluster-model';
import { inputError } from '../validation/input-error';

/** An idle timeout on the clients' path (a load balancer's, the nodes' conntrack), registered with the cluster. */
export interface IdleTimeout {
  /** Who set it, for messages: `MqttLoadBalancer 'public'`, `NodeTuning 'tuning'`. */
  readonly by: string;
  readonly seconds: number;
}

/** Linux's default net.ipv4.tcp_keepalive_time: what pods keep when tcpKeepAlive is switched off (tcp(7)). */
const KERNEL_KEEPALIVE_TIME_SECONDS = 7200;

/** Highest keep-alive that is safe under an idle timeout: 10 % (at least 5 s) below it, for timer skew and a lost packet. */
function keepAliveCeiling(idleSeconds: number): number {
  return idleSeconds - Math.max(5, Math.ceil(idleSeconds * 0.1));
}

/**
 * The model with keep-alives the user did not set lowered to fit every registered idle timeout. Values the user set are
 * never changed: a conflict with them is an error raised when the load balancer is added (see `checkKeepAlive`).
 */
export function applyIdleTimeouts(model: ClusterModel, timeouts: readonly IdleTimeout[]): ClusterModel {
  if (timeouts.length === 0) return model;
  const ceiling = Math.min(...timeouts.map((t) => keepAliveCeiling(t.seconds)));
  const { explicit, mqttMaxKeepAliveSeconds, tcp } = model.keepAlive;
  return {
    ...model,
    keepAlive: {
      ...model.keepAlive,
      mqttMaxKeepAliveSeconds: explicit.mqttMaxKeepAlive ? mqttMaxKeepAliveSeconds : Math.min(mqttMaxKeepAliveSeconds, ceiling),
      // After the first probe Linux waits tcp_keepalive_intvl before the next, so an idle socket sends a packet every
      // max(time, intvl) seconds: both must fit.
      tcp: tcp && {
        ...tcp,
        timeSeconds: explicit.tcpKeepAliveTime ? tcp.timeSeconds : Math.min(tcp.timeSeconds, ceiling),
        intervalSeconds: explicit.tcpKeepAliveInterval ? tcp.intervalSeconds : Math.min(tcp.intervalSeconds, ceiling),
      },
    },
  };
}

/** Throws when keep-alive values the user set explicitly, or switched off, cannot stay below `timeout`. */
export function checkKeepAlive(model: ClusterModel, timeout: IdleTimeout): void {
  const ceiling = keepAliveCeiling(timeout.seconds);
  const cluster = `HiveMQCluster '${model.id}'`;
  const why = `${timeout.by} drops connections idle for ${timeout.seconds} s, so keep-alives must stay at or below ${ceiling} s (a 10 % margin)`;
  if (model.keepAlive.explicit.mqttMaxKeepAlive && model.keepAlive.mqttMaxKeepAliveSeconds > ceiling) {
    throw inputError(`${timeout.by}: ${cluster} mqttMaxKeepAlive is ${model.keepAlive.mqttMaxKeepAliveSeconds} s, but ${why}. `
      + `Set mqttMaxKeepAlive to Duration.seconds(${ceiling}) or less (or leave it unset to derive it), or raise the idle timeout of ${timeout.by}.`);
  }
  if (!model.keepAlive.tcp) {
    if (KERNEL_KEEPALIVE_TIME_SECONDS <= ceiling) return;
    throw inputError(`${timeout.by}: ${cluster} has tcpKeepAlive switched off, `
      + `so its pods keep the kernel's ${KERNEL_KEEPALIVE_TIME_SECONDS} s keep-alive, but ${why}; `
      + 'MQTT 3 clients, whose keep-alive the broker cannot cap, would be dropped silently. Enable tcpKeepAlive; on Kubernetes < 1.29 use '
      + 'tcpKeepAlive: { mode: TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER }, or allow the sysctls with the kubelet flag --allowed-unsafe-sysctls.');
  }
  for (const [field, value, explicit] of [
    ['time', model.keepAlive.tcp.timeSeconds, model.keepAlive.explicit.tcpKeepAliveTime],
    ['interval', model.keepAlive.tcp.intervalSeconds, model.keepAlive.explicit.tcpKeepAliveInterval],
  ] as const) {
    if (explicit && value > ceiling) {
      throw inputError(`${timeout.by}: ${cluster} tcpKeepAlive.${field} is ${value} s, but ${why}. `
        + `Set tcpKeepAlive.${field} to Duration.seconds(${ceiling}) or less (or leave it unset to derive it), `
        + `or raise the idle timeout of ${timeout.by}.`);
    }
  }
}
