import { ListenerTlsOptions } from './tls';

/** Transport of an MQTT listener. */
export enum ListenerProtocol {
  /** MQTT over plain TCP (`<tcp-listener>`). */
  TCP = 'tcp',
  /** MQTT over WebSocket (`<websocket-listener>`). */
  WEBSOCKET = 'websocket',
}

/** Options of `MqttListener.tcp()`. */
export interface TcpListenerOptions {
  /**
   * Container port.
   * @default 1883
   */
  readonly port?: number;
  /**
   * Name of the listener in `config.xml` and of the container and Service port (an IANA service name, at most 15 characters).
   * @default 'mqtt'
   */
  readonly name?: string;
  /**
   * Expect a PROXY protocol header on every connection (`<proxy-protocol>`), as sent by a load balancer with PROXY
   * protocol switched on. Such a listener is left out of the in-cluster Service: in-cluster clients send no header.
   * @default false
   */
  readonly proxyProtocol?: boolean;
}

/** Options of `MqttListener.websocket()`. */
export interface WebsocketListenerOptions {
  /**
   * Container port.
   * @default 8000
   */
  readonly port?: number;
  /**
   * Name of the listener and of its port.
   * @default 'ws'
   */
  readonly name?: string;
  /**
   * HTTP path of the WebSocket endpoint.
   * @default '/mqtt'
   */
  readonly path?: string;
  /**
   * Expect a PROXY protocol header on every connection (`<proxy-protocol>`).
   * @default false
   */
  readonly proxyProtocol?: boolean;
}

/** Options of `MqttListener.tls()`. */
export interface TlsListenerOptions extends ListenerTlsOptions {
  /**
   * Container port.
   * @default 8883
   */
  readonly port?: number;
  /**
   * Name of the listener and of its port.
   * @default 'mqtts'
   */
  readonly name?: string;
  /**
   * Expect a PROXY protocol header on every connection.
   * @default false
   */
  readonly proxyProtocol?: boolean;
}

/** Options of `MqttListener.secureWebsocket()`. */
export interface SecureWebsocketListenerOptions extends ListenerTlsOptions {
  /**
   * Container port.
   * @default 8001
   */
  readonly port?: number;
  /**
   * Name of the listener and of its port.
   * @default 'wss'
   */
  readonly name?: string;
  /**
   * HTTP path of the WebSocket endpoint.
   * @default '/mqtt'
   */
  readonly path?: string;
  /**
   * Expect a PROXY protocol header on every connection.
   * @default false
   */
  readonly proxyProtocol?: boolean;
}

/**
 * An MQTT listener of the brokers. Ports and defaults follow HiveMQ's own chart
 * (hivemq/helm-charts `charts/hivemq-platform/values.yaml`: MQTT 1883, WebSocket path `/mqtt`) and the image (WebSocket 8000).
 */
export class MqttListener {
  /** MQTT over TCP. */
  public static tcp(options: TcpListenerOptions = {}): MqttListener {
    return new MqttListener(ListenerProtocol.TCP, options.port ?? 1883, options.name ?? 'mqtt', undefined, options.proxyProtocol ?? false);
  }

  /** MQTT over WebSocket. */
  public static websocket(options: WebsocketListenerOptions = {}): MqttListener {
    return new MqttListener(ListenerProtocol.WEBSOCKET, options.port ?? 8000, options.name ?? 'ws', options.path ?? '/mqtt', options.proxyProtocol ?? false);
  }

  /** MQTT over TLS (`<tls-tcp-listener>`). */
  public static tls(options: TlsListenerOptions): MqttListener {
    return new MqttListener(ListenerProtocol.TCP, options.port ?? 8883, options.name ?? 'mqtts', undefined, options.proxyProtocol ?? false, options);
  }

  /** MQTT over secure WebSocket (`<tls-websocket-listener>`); 8000 stays the plain WebSocket port. */
  public static secureWebsocket(options: SecureWebsocketListenerOptions): MqttListener {
    return new MqttListener(ListenerProtocol.WEBSOCKET, options.port ?? 8001, options.name ?? 'wss', options.path ?? '/mqtt',
      options.proxyProtocol ?? false, options);
  }

  private constructor(
    /** Transport. */
    public readonly protocol: ListenerProtocol,
    /** Container port. */
    public readonly port: number,
    /** Listener and port name. */
    public readonly name: string,
    /** WebSocket path. */
    public readonly path: string | undefined,
    /** Whether connections start with a PROXY protocol header. */
    public readonly proxyProtocol: boolean,
    /** TLS settings, for the TLS variants. */
    public readonly tls?: ListenerTlsOptions,
  ) {}
}
