/** The keep-alive area: the broker's MQTT max keep-alive and the pods' TCP keep-alive sysctls. */
import { Duration } from 'cdk8s';
import type { HiveMQClusterProps } from '../cluster/hivemq-cluster-props';
import { TcpKeepAliveMode } from '../cluster/tcp-keep-alive-mode';
import { Validator } from '../validation/validator';
import { BUSYBOX_IMAGE } from '../cluster/default-images';
import { HIVEMQ, KeepAliveModel, TcpKeepAliveModel } from './cluster-model';

/** Below AWS NLB's 350 s idle timeout, as HiveMQ's white paper recommends; lowered to fit a load balancer's idle timeout. */
export const DEFAULT_MQTT_MAX_KEEP_ALIVE = Duration.seconds(300);
export const DEFAULT_TCP_KEEP_ALIVE_ENABLED = true;
/** Needs Kubernetes >= 1.29 (net.ipv4.tcp_keepalive_* became safe sysctls). */
export const DEFAULT_TCP_KEEP_ALIVE_MODE = TcpKeepAliveMode.POD_SYSCTLS;
/** docker-library/busybox versions.json */
export const DEFAULT_TCP_KEEP_ALIVE_INIT_IMAGE = BUSYBOX_IMAGE;
export const DEFAULT_TCP_KEEP_ALIVE_TIME = Duration.seconds(300);
export const DEFAULT_TCP_KEEP_ALIVE_INTERVAL = Duration.seconds(300);
export const DEFAULT_TCP_KEEP_ALIVE_PROBES = 2;
/** Linux include/net/tcp.h: MAX_TCP_KEEPIDLE 32767, MAX_TCP_KEEPINTVL 32767, MAX_TCP_KEEPCNT 127. */
const KERNEL = { maxKeepIdle: 32767, maxKeepIntvl: 32767, maxKeepCnt: 127 } as const;

export function resolveKeepAlive(validator: Validator, props: HiveMQClusterProps): KeepAliveModel {
  const mqttMaxKeepAliveSeconds = validator.seconds('mqttMaxKeepAlive', props.mqttMaxKeepAlive ?? DEFAULT_MQTT_MAX_KEEP_ALIVE, 1,
    HIVEMQ.maxMqttKeepAlive);
  const tcpOptions = props.tcpKeepAlive ?? {};
  return {
    mqttMaxKeepAliveSeconds,
    explicit: {
      mqttMaxKeepAlive: props.mqttMaxKeepAlive !== undefined,
      tcpKeepAliveTime: tcpOptions.time !== undefined,
      tcpKeepAliveInterval: tcpOptions.interval !== undefined,
    },
    tcp: resolveTcpKeepAlive(validator, props),
  };
}

function resolveTcpKeepAlive(validator: Validator, props: HiveMQClusterProps): TcpKeepAliveModel | undefined {
  const options = props.tcpKeepAlive ?? {};
  if (!validator.boolean('tcpKeepAlive.enabled', options.enabled, DEFAULT_TCP_KEEP_ALIVE_ENABLED)) {
    if (options.time || options.interval || options.probes !== undefined || options.mode || options.initImage) {
      validator.failRule('tcpKeepAlive.time, interval, probes, mode and initImage have no effect when tcpKeepAlive.enabled is false. '
        + 'Remove them, or enable the keep-alive.');
    }
    return undefined;
  }
  const tcpKeepAlive = {
    mode: validator.oneOf('tcpKeepAlive.mode', options.mode ?? DEFAULT_TCP_KEEP_ALIVE_MODE, Object.values(TcpKeepAliveMode)),
    initImage: options.initImage ?? DEFAULT_TCP_KEEP_ALIVE_INIT_IMAGE,
    timeSeconds: validator.seconds('tcpKeepAlive.time', options.time ?? DEFAULT_TCP_KEEP_ALIVE_TIME, 1, KERNEL.maxKeepIdle),
    intervalSeconds: validator.seconds('tcpKeepAlive.interval', options.interval ?? DEFAULT_TCP_KEEP_ALIVE_INTERVAL, 1, KERNEL.maxKeepIntvl),
    probes: validator.integer('tcpKeepAlive.probes', options.probes ?? DEFAULT_TCP_KEEP_ALIVE_PROBES, 1, KERNEL.maxKeepCnt),
  };
  validator.image('tcpKeepAlive.initImage', tcpKeepAlive.initImage);
  if (options.initImage && tcpKeepAlive.mode !== TcpKeepAliveMode.PRIVILEGED_INIT_CONTAINER) {
    validator.failRule('tcpKeepAlive.initImage only applies with mode PRIVILEGED_INIT_CONTAINER. Remove it, or set the mode.');
  }
  return tcpKeepAlive;
}
