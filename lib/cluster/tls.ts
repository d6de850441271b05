import { Duration } from 'cdk8s';
import { keysOf, Validator } from '../validation/validator';

/** A key in a Kubernetes Secret. */
export interface SecretKeySelector {
  /** Secret name. */
  readonly name: string;
  /** Key within the Secret. */
  readonly key: string;
}

/** Whether the brokers ask TLS clients for a certificate (`<client-authentication-mode>`). */
export enum ClientAuthentication {
  /** No client certificate. */
  NONE = 'NONE',
  /** Ask for one, accept clients without. */
  OPTIONAL = 'OPTIONAL',
  /** Refuse clients without a certificate the truststore accepts (mutual TLS). */
  REQUIRED = 'REQUIRED',
}

/** Kind of a cert-manager issuer. */
export enum IssuerKind {
  /** A namespaced `Issuer` in the cluster's namespace. */
  ISSUER = 'Issuer',
  /** A `ClusterIssuer`. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Options of `Keystore.fromSecret()`. */
export interface SecretKeystoreOptions {
  /** Secret that holds the keystore (JKS or PKCS#12). */
  readonly secretName: string;
  /**
   * Key of the keystore file in the Secret.
   * @default 'keystore'
   */
  readonly key?: string;
  /** Secret key holding the keystore password. */
  readonly password: SecretKeySelector;
  /**
   * Secret key holding the private key's password.
   * @default - the keystore password
   */
  readonly privateKeyPassword?: SecretKeySelector;
}

/** Options of `Keystore.fromCertManager()`. */
export interface CertManagerKeystoreOptions {
  /** Name of the cert-manager issuer. */
  readonly issuerName: string;
  /**
   * Kind of the issuer.
   * @default IssuerKind.ISSUER
   */
  readonly issuerKind?: IssuerKind;
  /** DNS names of the certificate: the names clients connect to (the load balancer's). */
  readonly dnsNames: string[];
  /** Secret key holding the password cert-manager encrypts the PKCS#12 keystore with (you create this Secret). */
  readonly password: SecretKeySelector;
  /**
   * Name of the Secret cert-manager writes.
   * @default - `<cluster name>-<listener name>-tls`
   */
  readonly secretName?: string;
  /**
   * Certificate lifetime.
   * @default - the issuer's default (cert-manager: 90 days)
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry.
   * @default - cert-manager's default (a third of the duration)
   */
  readonly renewBefore?: Duration;
}

/**
 * The server certificate and key of a TLS listener. Passwords always come from Secrets through `${ENV:...}` placeholders:
 * never literal in config.xml, a ConfigMap or an env value.
 */
export class Keystore {
  /** A keystore you manage in a Secret. */
  public static fromSecret(options: SecretKeystoreOptions): Keystore {
    const v = Validator.factory('Keystore.fromSecret()');
    v.required('options', options, 'Pass { secretName, password }.');
    v.keys('', options, SECRET_KEYSTORE_KEYS, Object.fromEntries(CERT_MANAGER_ONLY.map((key) => [key,
      'Keystore.fromCertManager(): cert-manager issues that keystore'])));
    checkSelectors(v, options, ['password', 'privateKeyPassword']);
    return new Keystore(options, undefined);
  }

  /**
   * A keystore issued and renewed by cert-manager: the library writes a `Certificate` (cert-manager.io/v1) whose PKCS#12
   * output (`keystore.p12`, profile Modern2023) the broker reads. Needs cert-manager in the cluster.
   */
  public static fromCertManager(options: CertManagerKeystoreOptions): Keystore {
    const v = Validator.factory('Keystore.fromCertManager()');
    v.required('options', options, 'Pass { issuerName, dnsNames, password }.');
    v.keys('', options, CERT_MANAGER_KEYSTORE_KEYS, {
      key: 'Keystore.fromSecret(): cert-manager always writes keystore.p12',
      privateKeyPassword: 'Keystore.fromSecret(): cert-manager encrypts the key with the keystore password',
    });
    checkSelectors(v, options, ['password']);
    return new Keystore(undefined, options);
  }

  private constructor(
    private readonly secret: SecretKeystoreOptions | undefined,
    private readonly certManager: CertManagerKeystoreOptions | undefined,
  ) {}

  /** @internal */
  public get _secret() { return this.secret; }
  /** @internal */
  public get _certManager() { return this.certManager; }
}

/** Options of `Truststore.fromSecret()`. */
export interface SecretTruststoreOptions {
  /** Secret that holds the truststore (JKS or PKCS#12) with the CAs client certificates must chain to. */
  readonly secretName: string;
  /**
   * Key of the truststore file in the Secret.
   * @default 'truststore'
   */
  readonly key?: string;
  /** Secret key holding the truststore password. */
  readonly password: SecretKeySelector;
}

/** The CAs a TLS listener accepts client certificates from. */
export class Truststore {
  /** A truststore in a Secret. */
  public static fromSecret(options: SecretTruststoreOptions): Truststore {
    const v = Validator.factory('Truststore.fromSecret()');
    v.required('options', options, 'Pass { secretName, password }.');
    v.keys('', options, SECRET_TRUSTSTORE_KEYS, { privateKeyPassword: 'Keystore.fromSecret(): a truststore holds certificates, no private key' });
    checkSelectors(v, options, ['password']);
    return new Truststore(options);
  }

  private constructor(private readonly options: SecretTruststoreOptions) {}

  /** @internal */
  public get _options() { return this.options; }
}

/** TLS settings of a listener. */
export interface ListenerTlsOptions {
  /** The server certificate. */
  readonly keystore: Keystore;
  /**
   * CAs for client certificates; needed for OPTIONAL or REQUIRED client authentication.
   * @default - none
   */
  readonly truststore?: Truststore;
  /**
   * Client certificate authentication.
   * @default ClientAuthentication.NONE
   */
  readonly clientAuthentication?: ClientAuthentication;
  /**
   * TLS protocol versions.
   * @default ['TLSv1.3', 'TLSv1.2'] - older versions are insecure (RFC 8996) and refused
   */
  readonly protocols?: string[];
  /**
   * Cipher suites (JSSE names).
   * @default - TLS 1.3 suites and ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2, for RSA and ECDSA keys
   */
  readonly cipherSuites?: string[];
}

/** The TLS settings a listener gets when its options leave them out. */
export class TlsDefaults {
  /** Forward-secret AEAD suites only (TLS 1.3 suites and TLS 1.2 ECDHE with AES-GCM / ChaCha20-Poly1305); frozen. */
  public static readonly CIPHER_SUITES: string[] = Object.freeze([
    'TLS_AES_256_GCM_SHA384',
    'TLS_AES_128_GCM_SHA256',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
    'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  ]) as string[];

  private constructor() {}
}

const SECRET_KEYSTORE_KEYS = keysOf<SecretKeystoreOptions>({ secretName: true, key: true, password: true, privateKeyPassword: true });
const CERT_MANAGER_KEYSTORE_KEYS = keysOf<CertManagerKeystoreOptions>({
  issuerName: true, issuerKind: true, dnsNames: true, password: true, secretName: true, duration: true, renewBefore: true,
});
const CERT_MANAGER_ONLY = CERT_MANAGER_KEYSTORE_KEYS.filter((key) => !SECRET_KEYSTORE_KEYS.includes(key));
const SECRET_TRUSTSTORE_KEYS = keysOf<SecretTruststoreOptions>({ secretName: true, key: true, password: true });
const SELECTOR_KEYS = keysOf<SecretKeySelector>({ name: true, key: true });

/** The factories check keys only; the cluster checks the values, with their path (`listeners[0].tls.keystore...`). */
function checkSelectors(v: Validator, options: object, props: string[]): void {
  for (const prop of props) {
    const selector = (options as Record<string, unknown>)[prop];
    if (selector !== undefined) v.keys(prop, selector as object, SELECTOR_KEYS);
  }
}
