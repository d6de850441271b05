import { ListenerTlsOptions } from './tls';
import { TLS_OPTION_KEYS } from '../model/tls-options';
import { keysOf, Validator } from '../validation/validator';

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
    const v = checkOptions('MqttListener.tcp()', options, TCP_KEYS, {
      ...tlsKeysBelongTo('MqttListener.tls() (or MqttListener.secureWebsocket()): a plain TCP listener has no TLS'),
      path: 'MqttListener.websocket() or MqttListener.secureWebsocket(): only WebSocket listeners have a path',
    });
    return new MqttListener(ListenerProtocol.TCP, options.port ?? 1883, options.name ?? 'mqtt', undefined, v.boolean('proxyProtocol',
      options.proxyProtocol, false));
  }

  /** MQTT over WebSocket. */
  public static websocket(options: WebsocketListenerOptions = {}): MqttListener {
    const v = checkOptions('MqttListener.websocket()', options, WEBSOCKET_KEYS,
      tlsKeysBelongTo('MqttListener.secureWebsocket(): a plain WebSocket listener has no TLS'));
    return new MqttListener(ListenerProtocol.WEBSOCKET, options.port ?? 8000, options.name ?? 'ws', options.path ?? '/mqtt',
      v.boolean('proxyProtocol', options.proxyProtocol, false));
  }

  /** MQTT over TLS (`<tls-tcp-listener>`). */
  public static tls(options: TlsListenerOptions): MqttListener {
    const v = checkOptions('MqttListener.tls()', options, TLS_LISTENER_KEYS, {
      path: 'MqttListener.secureWebsocket(): only WebSocket listeners have a path',
    });
    return new MqttListener(ListenerProtocol.TCP, options.port ?? 8883, options.name ?? 'mqtts', undefined, v.boolean('proxyProtocol',
      options.proxyProtocol, false), options);
  }

  /** MQTT over secure WebSocket (`<tls-websocket-listener>`); 8000 stays the plain WebSocket port. */
  public static secureWebsocket(options: SecureWebsocketListenerOptions): MqttListener {
    const v = checkOptions('MqttListener.secureWebsocket()', options, SECURE_WEBSOCKET_KEYS, {});
    return new MqttListener(ListenerProtocol.WEBSOCKET, options.port ?? 8001, options.name ?? 'wss', options.path ?? '/mqtt',
      v.boolean('proxyProtocol', options.proxyProtocol, false), options);
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
    /**
     * TLS settings, for the TLS variants (`MqttListener.tls()`, `MqttListener.secureWebsocket()`).
     * @default - undefined for the plain variants
     */
    public readonly tlsOptions?: ListenerTlsOptions,
  ) {}
}

const TCP_KEYS = keysOf<TcpListenerOptions>({ port: true, name: true, proxyProtocol: true });
const WEBSOCKET_KEYS = keysOf<WebsocketListenerOptions>({ port: true, name: true, path: true, proxyProtocol: true });
const TLS_LISTENER_KEYS = keysOf<TlsListenerOptions>({ port: true, name: true, proxyProtocol: true, ...TLS_OPTION_KEYS });
const SECURE_WEBSOCKET_KEYS = keysOf<SecureWebsocketListenerOptions>({ port: true, name: true, path: true, proxyProtocol: true, ...TLS_OPTION_KEYS });

/** The TLS options, each said to belong to `where`. */
function tlsKeysBelongTo(where: string): Record<string, string> {
  return Object.fromEntries(Object.keys(TLS_OPTION_KEYS).map((key) => [key, where]));
}

/**
 * Checks the keys of a listener factory's options where the caller passes them: a `clientAuthentication` given to a plain
 * TCP listener would otherwise be dropped, and the user would believe mutual TLS is on. The values are checked by the
 * cluster, with their path (`listeners[0].tls...`), as ports, names and TLS settings depend on the cluster's other endpoints.
 */
function checkOptions(method: string, options: object, allowed: string[], elsewhere: Record<string, string>): Validator {
  const v = Validator.factory(method);
  v.required('options', options, 'Pass an options object.');
  v.keys('', options, allowed, elsewhere);
  return v;
}
