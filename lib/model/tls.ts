/** The TLS area: keystores (from a Secret or cert-manager), truststores, protocols and cipher suites of every TLS endpoint. */
import { CertManagerKeystoreOptions, ClientAuthentication, IssuerKind, Keystore, ListenerTlsOptions, SecretKeySelector,
  SecretKeystoreOptions, TlsDefaults, Truststore } from '../cluster/tls';
import { DNS1123_SUBDOMAIN, Validator } from '../validation/validator';
import { ResolvedCertificate, ResolvedTls } from './cluster-model';

/** The protocols HiveMQ may offer, and the default: both. */
export const DEFAULT_PROTOCOLS: readonly string[] = ['TLSv1.3', 'TLSv1.2'];
export const DEFAULT_CLIENT_AUTHENTICATION = ClientAuthentication.NONE;
/** Secret keys of a keystore and a truststore given as Secrets. */
export const DEFAULT_KEYSTORE_KEY = 'keystore';
export const DEFAULT_TRUSTSTORE_KEY = 'truststore';
export const DEFAULT_ISSUER_KIND = IssuerKind.ISSUER;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const TEN_YEARS_SECONDS = 10 * 365 * 86400;

export function secretKey(validator: Validator, prop: string, ref: SecretKeySelector, keyProp = 'key'): SecretKeySelector {
  if (!ref || typeof ref !== 'object') validator.fail(prop, 'must name a Secret and a key', ref, 'Pass { name: \'my-secret\', key: \'password\' }.');
  validator.dns1123Subdomain(`${prop}.name`, ref.name);
  if (typeof ref.key !== 'string' || !SECRET_KEY.test(ref.key)) {
    validator.fail(`${prop}.${keyProp}`, 'must be a Secret key (letters, digits, \'-\', \'_\' and \'.\')', ref.key,
      'Use the key under data: in the Secret.');
  }
  return { name: ref.name, key: ref.key };
}

/** One TLS endpoint; `clusterName` and `endpointName` name the cert-manager Certificate and its default Secret. */
export function resolveTls(validator: Validator, prop: string, tls: ListenerTlsOptions, clusterName: string, endpointName: string): ResolvedTls {
  const keystoreFix = 'Pass Keystore.fromSecret({...}) or Keystore.fromCertManager({...}).';
  if (!tls.keystore) validator.fail(`${prop}.keystore`, 'is required', tls.keystore, keystoreFix);
  validator.instance(`${prop}.keystore`, tls.keystore, Keystore, keystoreFix);
  if (tls.truststore !== undefined) validator.instance(`${prop}.truststore`, tls.truststore, Truststore, 'Pass Truststore.fromSecret({...}).');
  for (const listProp of ['protocols', 'cipherSuites'] as const) {
    const value = tls[listProp];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      validator.fail(`${prop}.${listProp}`, 'must be a list of strings', value,
        listProp === 'protocols' ? 'Pass e.g. [\'TLSv1.3\'].' : 'Pass JSSE names, e.g. [\'TLS_AES_128_GCM_SHA256\'].');
    }
  }
  const clientAuthentication = validator.oneOf(`${prop}.clientAuthentication`, tls.clientAuthentication ?? DEFAULT_CLIENT_AUTHENTICATION,
    Object.values(ClientAuthentication));
  const { keystore, certificate } = tls.keystore._secret
    ? { keystore: resolveSecretKeystore(validator, prop, tls.keystore._secret), certificate: undefined }
    : resolveCertManagerKeystore(validator, prop, tls.keystore._certManager!, `${clusterName}-${endpointName}`);
  const truststore = resolveTruststore(validator, prop, tls.truststore, clientAuthentication);
  const { protocols, cipherSuites } = resolveProtocols(validator, prop, tls);
  return { keystore, truststore, clientAuthentication, protocols, cipherSuites, certificate };
}

function resolveSecretKeystore(validator: Validator, prop: string, fromSecret: SecretKeystoreOptions): ResolvedTls['keystore'] {
  const password = secretKey(validator, `${prop}.keystore.password`, fromSecret.password);
  return {
    secretName: validator.dns1123Subdomain(`${prop}.keystore.secretName`, fromSecret.secretName),
    key: secretKey(validator, `${prop}.keystore`, { name: fromSecret.secretName, key: fromSecret.key ?? DEFAULT_KEYSTORE_KEY }).key,
    password,
    privateKeyPassword: fromSecret.privateKeyPassword
      ? secretKey(validator, `${prop}.keystore.privateKeyPassword`, fromSecret.privateKeyPassword) : password,
  };
}

/** A keystore cert-manager issues; `certificateName` is also the stem of the default Secret name. */
function resolveCertManagerKeystore(validator: Validator, prop: string, options: CertManagerKeystoreOptions, certificateName: string)
  : { keystore: ResolvedTls['keystore']; certificate: ResolvedCertificate } {
  const password = secretKey(validator, `${prop}.keystore.password`, options.password);
  const secretName = validator.dns1123Subdomain(`${prop}.keystore.secretName`, options.secretName ?? `${certificateName}-tls`);
  if (!Array.isArray(options.dnsNames) || options.dnsNames.length === 0) {
    validator.fail(`${prop}.keystore.dnsNames`, 'must hold at least one DNS name', options.dnsNames,
      'List the names clients connect to, e.g. [\'mqtt.example.com\'].');
  }
  options.dnsNames.forEach((dnsName, index) => {
    if (typeof dnsName !== 'string' || !DNS1123_SUBDOMAIN.test(dnsName.replace(/^\*\./, ''))) {
      validator.fail(`${prop}.keystore.dnsNames[${index}]`, 'must be a DNS name', dnsName, 'Use e.g. \'mqtt.example.com\'.');
    }
  });
  const durationSeconds = options.duration
    ? validator.seconds(`${prop}.keystore.duration`, options.duration, 3600, TEN_YEARS_SECONDS) : undefined;
  const renewBeforeSeconds = options.renewBefore
    ? validator.seconds(`${prop}.keystore.renewBefore`, options.renewBefore, 300, TEN_YEARS_SECONDS) : undefined;
  if (durationSeconds && renewBeforeSeconds && renewBeforeSeconds >= durationSeconds) {
    validator.fail(`${prop}.keystore.renewBefore`, `must be shorter than the duration (${durationSeconds}s)`, `${renewBeforeSeconds}s`,
      'Renew some time before the certificate expires.');
  }
  const certificate: ResolvedCertificate = {
    name: certificateName,
    secretName,
    issuerName: validator.dns1123Subdomain(`${prop}.keystore.issuerName`, options.issuerName),
    issuerKind: validator.oneOf(`${prop}.keystore.issuerKind`, options.issuerKind ?? DEFAULT_ISSUER_KIND, Object.values(IssuerKind)),
    dnsNames: [...options.dnsNames],
    password,
    durationSeconds,
    renewBeforeSeconds,
  };
  // cert-manager writes keystore.p12 into the Secret, encrypted with the password (certificate CRD, spec.keystores.pkcs12).
  return { keystore: { secretName, key: 'keystore.p12', password, privateKeyPassword: password }, certificate };
}

function resolveTruststore(validator: Validator, prop: string, truststore: Truststore | undefined, clientAuthentication: ClientAuthentication)
  : ResolvedTls['truststore'] {
  if (!truststore) {
    if (clientAuthentication !== ClientAuthentication.NONE) {
      validator.fail(`${prop}.truststore`, `is required with clientAuthentication ${clientAuthentication}`, undefined,
        'Pass Truststore.fromSecret({...}) with the CAs of your client certificates.');
    }
    return undefined;
  }
  const options = truststore._options;
  const resolved = {
    secretName: validator.dns1123Subdomain(`${prop}.truststore.secretName`, options.secretName),
    key: secretKey(validator, `${prop}.truststore`, { name: options.secretName, key: options.key ?? DEFAULT_TRUSTSTORE_KEY }).key,
    password: secretKey(validator, `${prop}.truststore.password`, options.password),
  };
  if (clientAuthentication === ClientAuthentication.NONE) {
    validator.fail(`${prop}.truststore`, 'has no effect with clientAuthentication NONE', options.secretName,
      'Set clientAuthentication to OPTIONAL or REQUIRED, or remove the truststore.');
  }
  return resolved;
}

function resolveProtocols(validator: Validator, prop: string, tls: ListenerTlsOptions): { protocols: string[]; cipherSuites: string[] } {
  const protocols = tls.protocols ?? DEFAULT_PROTOCOLS;
  if (protocols.length === 0) validator.fail(`${prop}.protocols`, 'must not be empty', protocols, 'Leave it unset for TLSv1.3 and TLSv1.2.');
  protocols.forEach((protocol, index) => validator.oneOf(`${prop}.protocols[${index}]`, protocol, DEFAULT_PROTOCOLS));
  const cipherSuites = tls.cipherSuites ?? TlsDefaults.CIPHER_SUITES;
  if (cipherSuites.length === 0) validator.fail(`${prop}.cipherSuites`, 'must not be empty', cipherSuites, 'Leave it unset for the secure defaults.');
  cipherSuites.forEach((suite, index) => {
    if (!/^TLS_[A-Z0-9_]+$/.test(suite)) {
      validator.fail(`${prop}.cipherSuites[${index}]`, 'must be a JSSE cipher suite name', suite, 'Use e.g. \'TLS_AES_128_GCM_SHA256\'.');
    }
  });
  const isTls13Suite = (suite: string) => /^TLS_(AES_|CHACHA20_POLY1305_SHA256$)/.test(suite);
  // A TLS 1.3 suite only works with TLSv1.3, every other suite only with TLSv1.2: at least one must fit an allowed protocol.
  if (!cipherSuites.some((suite) => protocols.includes(isTls13Suite(suite) ? 'TLSv1.3' : 'TLSv1.2'))) {
    const [only, other, example] = protocols.includes('TLSv1.3')
      ? ['TLS 1.2', 'TLS 1.3', 'TLS_AES_128_GCM_SHA256'] : ['TLS 1.3', 'TLS 1.2', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'];
    validator.fail(`${prop}.cipherSuites`, `holds only ${only} suites, but protocols allow only ${other}: every handshake would fail`, cipherSuites,
      `Add ${other} suites such as ${example}, or allow TLSv${only.slice(4)}.`);
  }
  return { protocols: [...protocols], cipherSuites: [...cipherSuites] };
}

/** cert-manager writes the Secrets of its Certificates: none may be one the user provides, or another Certificate's. */
export function checkCertManagerSecrets(validator: Validator, tlsSources: readonly ResolvedTls[], providedSecrets: readonly string[]): void {
  const written = tlsSources.filter((tls) => tls.certificate).map((tls) => tls.certificate!.secretName);
  const provided = [
    ...tlsSources.flatMap((tls) => [tls.keystore.password.name, tls.keystore.privateKeyPassword.name,
      ...(tls.truststore ? [tls.truststore.secretName, tls.truststore.password.name] : []), ...(tls.certificate ? [] : [tls.keystore.secretName])]),
    ...providedSecrets,
  ];
  written.forEach((secretName, index) => {
    if (written.indexOf(secretName) !== index || provided.includes(secretName)) {
      validator.fail('tls keystore.secretName',
        'is a Secret that cert-manager would write over (another Certificate or a Secret you provide uses it)', secretName,
        'Give every cert-manager keystore its own secretName.');
    }
  });
}
