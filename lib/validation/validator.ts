/**
 * Input checks shared by the constructs. Every failure is a plain `Error` whose message names the construct, the prop,
 * the bad value and the fix, e.g. `HiveMQCluster 'broker': replicas must be at least 1 (got 0). Set replicas to 1 or more.`
 */
import { isIPv4, isIPv6 } from 'net';
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { inputError } from './input-error';

/**
 * Builds error messages for one construct instance (`HiveMQCluster 'broker': ...`) or for one static factory, which checks
 * the options it receives where the caller made the mistake (`MqttListener.tcp(): ...`).
 */
export class Validator {
  /** A validator for the options a static factory receives, e.g. `Validator.factory('MqttListener.tcp()')`. */
  static factory(method: string): Validator {
    return new Validator(method, undefined);
  }

  constructor(private readonly construct: string, private readonly id: string | undefined) {}

  private get prefix(): string {
    return this.id === undefined ? `${this.construct}: ` : `${this.construct} '${this.id}': `;
  }

  /** Throws `<Construct> '<id>': <prop> <problem> (got <value>). <fix>` */
  fail(prop: string, problem: string, value: unknown, fix: string): never {
    throw inputError(`${this.prefix}${prop} ${problem} (got ${show(value)}). ${fix}`);
  }

  /** Throws a message without a single offending value (a rule between two props). */
  failRule(message: string): never {
    throw inputError(`${this.prefix}${message}`);
  }

  /** A value the caller must give (JavaScript callers can leave out what the types require). */
  required<T>(prop: string, value: T | undefined, fix: string): T {
    if (value === undefined || value === null) this.fail(prop, 'is required', value, fix);
    return value;
  }

  integer(prop: string, value: number, min: number, max: number, fix?: string): number {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(prop, `must be a whole number from ${min} to ${max}`, value, fix ?? `Set ${prop} to a whole number from ${min} to ${max}.`);
    }
    return value;
  }

  /** One of a closed set of values (enums are checked at run time too: JavaScript callers can pass anything). */
  oneOf<T extends string>(prop: string, value: T, allowed: readonly T[]): T {
    if (!allowed.includes(value)) {
      // 'required' for 'REQUIRED', 'ip' for 'IP': a string typed from the docs rather than the enum member.
      const near = allowed.find((a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase());
      this.fail(prop, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value,
        near ? `Use the enum member whose value is '${near}' (values are case-sensitive).` : 'Use one of the enum members.');
    }
    return value;
  }

  /** A duration as whole seconds within [min, max] seconds (NaN, Infinity and fractions of a second are refused here, not in cdk8s). */
  seconds(prop: string, value: Duration, min: number, max: number): number {
    if (!(value instanceof Duration)) this.fail(prop, 'must be a Duration', value, `Use Duration.seconds(n) with ${min} <= n <= ${max}.`);
    const ms = durationMillis(value);
    if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms / 1000 < min || ms / 1000 > max) {
      this.fail(prop, `must be a whole number of seconds from ${min} to ${max}`, showDuration(value),
        `Use Duration.seconds(n) with ${min} <= n <= ${max}.`);
    }
    return ms / 1000;
  }

  /** A size in bytes, at least `minBytes` and at most `maxBytes` (1 PiB unless said otherwise: anything larger is a typo). */
  bytes(prop: string, value: Size, minBytes: number, maxBytes = MAX_BYTES): number {
    if (!(value instanceof Size)) this.fail(prop, 'must be a Size', value, 'Use Size.mebibytes(n) or Size.gibibytes(n).');
    const b = sizeToBytes(value);
    if (!Number.isFinite(b) || !Number.isInteger(b) || b < minBytes || b > maxBytes) {
      this.fail(prop, `must be a whole number of bytes from ${formatBytes(minBytes)} to ${formatBytes(maxBytes)}`, showBytes(b),
        'Use Size.mebibytes(n) or Size.gibibytes(n) with a positive whole n.');
    }
    return b;
  }

  /** A finite number within [min, max] (fractions allowed). */
  number(prop: string, value: number, min: number, max: number, fix?: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.fail(prop, `must be a number from ${min} to ${max}`, value, fix ?? `Set ${prop} to a number from ${min} to ${max}.`);
    }
    return value;
  }

  /** A boolean (JavaScript callers pass 'false', which is truthy). */
  boolean(prop: string, value: boolean | undefined, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(prop, 'must be true or false', value, `Pass ${prop}: true or ${prop}: false, not a string.`);
    return value;
  }

  /** A non-empty string. */
  string(prop: string, value: string, fix: string): string {
    if (typeof value !== 'string' || value.length === 0) this.fail(prop, 'must be a non-empty string', value, fix);
    return value;
  }

  /** An instance of one of the library's classes, made by its static factories. */
  instance<T>(prop: string, value: T, cls: { readonly prototype: T; readonly name: string }, fix: string): T {
    // Classes with private constructors (made by static factories) are not `new`-able types, hence the cast.
    if (!(value instanceof (cls as unknown as abstract new () => T))) {
      this.fail(prop, `must be ${/^[AEIOU]/.test(cls.name) ? 'an' : 'a'} ${cls.name}`, value, fix);
    }
    return value;
  }

  /**
   * A props or options object whose keys must all be known: a misspelled or misplaced key would otherwise be ignored, e.g.
   * a `clientAuthentication` given to a plain TCP listener, and the user would believe mutual TLS is on.
   * @param elsewhere keys that belong to another object, with where they go
   */
  keys(prop: string, value: object | undefined, allowed: readonly string[], elsewhere: Record<string, string> = {}): void {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(prop || 'options', 'must be an object', value, `Pass an object with ${allowed.map((k) => `'${k}'`).join(', ')}.`);
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const where = Object.prototype.hasOwnProperty.call(elsewhere, key) ? elsewhere[key] : undefined;
      const path = prop ? `${prop}.${key}` : key;
      if (where) this.fail(path, `is not an option here: it belongs to ${where}`, key, 'Move it there, or remove it.');
      const lower = key.toLowerCase();
      // A near spelling ('reloadIntervall'), or the option's stem ('username' for 'usernameKey').
      const close = allowed.find((k) => k.toLowerCase() === lower || editDistance(k, key) <= 2)
        ?? allowed.find((k) => lower.length >= 4 && k.toLowerCase().startsWith(lower));
      this.fail(path, `is not a known option${prop ? ` of ${prop}` : ''}`, key,
        close ? `Did you mean '${close}'?` : `Known options: ${allowed.map((k) => `'${k}'`).join(', ')}.`);
    }
  }

  /** A pinned image tag: a label-safe tag, never 'latest' (which moves, and defeats IfNotPresent). */
  imageTag(prop: string, value: string): string {
    if (typeof value !== 'string' || !IMAGE_TAG.test(value)) {
      this.fail(prop, 'must be an image tag that is also a label value (at most 63 letters, digits, \'_\', \'.\' and \'-\', '
        + 'starting and ending with a letter or digit)', value, 'Use a tag such as \'4.54.0\'.');
    }
    if (value.toLowerCase() === 'latest') {
      this.fail(prop, 'must be a pinned version: \'latest\' moves under a running cluster and brokers would run different versions', value,
        'Use a release tag such as \'4.54.0\'.');
    }
    return value;
  }

  /** RFC 1035 label: what Kubernetes requires of Service names (and what we require of every generated name). */
  dns1035Label(prop: string, value: string, maxLength = 63): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > maxLength || !DNS1035_LABEL.test(value)) {
      this.fail(prop, `must be a DNS-1035 label of at most ${maxLength} characters: lowercase letters, digits and '-', `
        + 'starting with a letter and ending with a letter or digit', value, 'Pass a name such as \'broker\'.');
    }
    return value;
  }

  /** RFC 1123 subdomain: names of Secrets, StorageClasses, PriorityClasses. */
  dns1123Subdomain(prop: string, value: string): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
      this.fail(prop, 'must be a DNS-1123 subdomain (lowercase letters, digits, \'-\' and \'.\', at most 253 characters, '
        + 'starting and ending with a letter or digit)', value, 'Use the exact name of the Kubernetes object.');
    }
    return value;
  }

  /** A namespace name: an RFC 1123 label of at most 63 characters. */
  namespace(prop: string, value: string, fix: string): string {
    if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
      this.fail(prop, 'must be a namespace name (a DNS-1123 label)', value, fix);
    }
    return value;
  }

  /** A container image reference: registry/repository, optional tag, optional digest. */
  image(prop: string, value: string, fix = 'Use e.g. \'registry.example.com/tools/curl:8.17.0\'.'): string {
    if (typeof value !== 'string' || !IMAGE_REFERENCE.test(value)) this.fail(prop, 'must be an image reference', value, fix);
    if (/:latest(@|$)/i.test(value.slice(value.lastIndexOf('/') + 1))) {
      this.fail(prop, 'must pin a version: the tag \'latest\' moves, and pods of one workload would run different images', value, fix);
    }
    return value;
  }

  labels(prop: string, labels: Record<string, string>): Record<string, string> {
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      this.fail(prop, 'must be an object of label keys and values', labels, 'Pass e.g. { team: \'mqtt\' }.');
    }
    for (const [key, value] of Object.entries(labels)) {
      if (!isQualifiedName(key)) {
        this.fail(prop, 'keys must be qualified names (optional DNS-1123 prefix and \'/\', then at most 63 characters of '
          + 'letters, digits, \'-\', \'_\' and \'.\')', key, 'Rename the key, e.g. \'team\' or \'example.com/team\'.');
      }
      if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_VALUE.test(value))) {
        this.fail(`${prop}['${key}']`, 'must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', '
          + 'starting and ending with a letter or digit)', value, 'Shorten or rename the value.');
      }
    }
    return { ...labels };
  }

  /**
   * Annotations, to the API server's rules (k8s.io/apimachinery pkg/api/validation ValidateAnnotations): qualified-name keys,
   * string values, at most 256 KiB in all (TotalAnnotationSizeLimitB).
   */
  annotations(prop: string, annotations: Record<string, string>): Record<string, string> {
    if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) {
      this.fail(prop, 'must be an object of annotation keys and values', annotations, 'Pass e.g. { \'example.com/owner\': \'team-mqtt\' }.');
    }
    let total = 0;
    for (const [key, value] of Object.entries(annotations)) {
      if (!isQualifiedName(key)) {
        this.fail(prop, 'keys must be qualified names (optional DNS-1123 prefix and \'/\', then at most 63 characters of '
          + 'letters, digits, \'-\', \'_\' and \'.\')', key, 'Rename the key, e.g. \'example.com/owner\'.');
      }
      if (typeof value !== 'string') this.fail(`${prop}['${key}']`, 'must be a string', value, 'Quote the value (annotations hold strings only).');
      total += key.length + value.length;
    }
    if (total > 256 * 1024) {
      this.fail(prop, 'must not exceed 256 KiB in all (the API server\'s limit)', `${total} bytes`, 'Move large values into a ConfigMap.');
    }
    return { ...annotations };
  }

  /**
   * An environment variable name: a C_IDENTIFIER, as the Kubernetes API reference states for EnvVar.name ("Must be a
   * C_IDENTIFIER"; k8s.io/apimachinery pkg/util/validation cIdentifierFmt `[A-Za-z_][A-Za-z0-9_]*`). The API server accepts
   * more since 1.8 (IsEnvVarName allows '.' and '-'), but neither a shell nor HiveMQ's `${ENV:...}` placeholders can read those.
   */
  envName(prop: string, name: string): string {
    if (typeof name !== 'string' || !C_IDENTIFIER.test(name)) {
      this.fail(prop, 'must be a C_IDENTIFIER (letters, digits and \'_\', not starting with a digit)', name,
        'Rename it, e.g. \'MY_SETTING\'.');
    }
    return name;
  }

  /** A label or annotation key, or a toleration key: an optional DNS-1123 prefix and '/', then a name of at most 63 characters. */
  qualifiedName(prop: string, value: string, fix: string): string {
    if (typeof value !== 'string' || !isQualifiedName(value)) {
      this.fail(prop, 'must be a qualified name (optional DNS-1123 prefix and \'/\', then at most 63 letters, digits, \'-\', \'_\' '
        + 'and \'.\', starting and ending with a letter or digit)', value, fix);
    }
    return value;
  }

  /** A label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit. */
  labelValue(prop: string, value: string, fix: string): string {
    if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_VALUE.test(value))) {
      this.fail(prop, 'must be a label value (at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit)', value,
        fix);
    }
    return value;
  }

  /**
   * A label selector, to the API server's rules (k8s.io/apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector):
   * matchLabels keys and values, matchExpressions operators and their values.
   */
  labelSelector(prop: string, selector: LabelSelectorInput): void {
    this.keys(prop, selector, ['matchLabels', 'matchExpressions']);
    if (selector.matchLabels !== undefined) this.labels(`${prop}.matchLabels`, selector.matchLabels);
    // Taken before the Array.isArray check, which narrows a ReadonlyArray to any[].
    const expressions = selector.matchExpressions ?? [];
    if (selector.matchExpressions !== undefined && !Array.isArray(selector.matchExpressions)) {
      this.fail(`${prop}.matchExpressions`, 'must be a list', selector.matchExpressions, 'Pass [{ key, operator, values }].');
    }
    expressions.forEach((requirement, i) => {
      const path = `${prop}.matchExpressions[${i}]`;
      this.keys(path, requirement, ['key', 'operator', 'values']);
      this.qualifiedName(`${path}.key`, requirement.key, 'Use a label key such as \'app.kubernetes.io/name\'.');
      const operator = this.oneOf(`${path}.operator`, requirement.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist']);
      const values = requirement.values ?? [];
      if (!Array.isArray(values)) this.fail(`${path}.values`, 'must be a list', values, 'Pass a list of label values.');
      if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
        this.fail(`${path}.values`, `must not be empty with operator ${operator}: the API server refuses it`, values,
          'List the label values to match.');
      }
      if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
        this.fail(`${path}.values`, `must be empty with operator ${operator}: the API server refuses values here`, values,
          'Remove values, or use operator In or NotIn.');
      }
      values.forEach((value, j) => this.labelValue(`${path}.values[${j}]`, value, 'Use a label value.'));
    });
  }

  /**
   * A NetworkPolicy peer, to the API server's rules (k8s.io/kubernetes pkg/apis/networking/validation ValidateNetworkPolicyPeer,
   * ValidateIPBlock): at least one of podSelector, namespaceSelector and ipBlock, and ipBlock alone; ipBlock.cidr a CIDR,
   * each `except` a CIDR strictly inside it.
   */
  networkPolicyPeer(prop: string, peer: NetworkPolicyPeerInput): void {
    this.keys(prop, peer, ['podSelector', 'namespaceSelector', 'ipBlock']);
    const set = (['podSelector', 'namespaceSelector', 'ipBlock'] as const).filter((k) => peer[k] !== undefined);
    if (set.length === 0) {
      this.fail(prop, 'must name a peer (podSelector, namespaceSelector or ipBlock): the API server refuses an empty peer', peer,
        'Pass e.g. { namespaceSelector: { matchLabels: { \'kubernetes.io/metadata.name\': \'clients\' } } } '
        + 'or { ipBlock: { cidr: \'10.0.0.0/8\' } }.');
    }
    if (peer.ipBlock !== undefined && set.length > 1) {
      this.fail(prop, 'must hold ipBlock alone: the API server refuses ipBlock next to a pod or namespace selector', set,
        'Split it into two peers: one with ipBlock, one with the selectors.');
    }
    if (peer.podSelector !== undefined) this.labelSelector(`${prop}.podSelector`, peer.podSelector);
    if (peer.namespaceSelector !== undefined) this.labelSelector(`${prop}.namespaceSelector`, peer.namespaceSelector);
    if (peer.ipBlock !== undefined) {
      const block = peer.ipBlock;
      this.keys(`${prop}.ipBlock`, block, ['cidr', 'except']);
      if (typeof block.cidr !== 'string' || !isCidr(block.cidr)) {
        this.fail(`${prop}.ipBlock.cidr`, 'must be a CIDR (an IPv4 address with a prefix of at most /32, or IPv6 with at most /128)', block.cidr,
          'Use e.g. \'10.0.0.0/8\' or \'2001:db8::/64\'.');
      }
      if (block.except !== undefined && !Array.isArray(block.except)) this.fail(`${prop}.ipBlock.except`, 'must be a list of CIDRs', block.except,
        'Pass e.g. [\'10.1.0.0/16\'].');
      (block.except ?? []).forEach((except, i) => {
        if (typeof except !== 'string' || !isCidr(except) || !cidrStrictlyContains(block.cidr, except)) {
          this.fail(`${prop}.ipBlock.except[${i}]`, `must be a CIDR strictly inside ipBlock.cidr ${block.cidr}`, except,
            'List only ranges inside cidr with a longer prefix, or remove the entry.');
        }
      });
    }
  }

  /**
   * A NetworkPolicy port, to the API server's rules (pkg/apis/networking/validation ValidateNetworkPolicyPort): protocol TCP,
   * UDP or SCTP; port a number from 1 to 65535 or an IANA port name; endPort only after a numeric port, not below it.
   */
  networkPolicyPort(prop: string, port: NetworkPolicyPortInput,
    intOrString: { readonly prototype: { readonly value: string | number }; readonly name: string }): void {
    this.keys(prop, port, ['port', 'endPort', 'protocol']);
    if (port.protocol !== undefined) this.oneOf(`${prop}.protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']);
    let number: number | undefined;
    if (port.port !== undefined) {
      // cdk8s' converter writes only IntOrString instances: a plain 5432 would be dropped and the rule would open every port.
      this.instance(`${prop}.port`, port.port, intOrString, 'Use k8s.IntOrString.fromNumber(5432) or k8s.IntOrString.fromString(\'postgres\').');
      const value = port.port.value;
      if (typeof value === 'number') number = this.integer(`${prop}.port`, value, 1, 65535);
      else if (value.length > 15 || !/^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) {
        this.fail(`${prop}.port`,
          'must be a port number or an IANA service name (at most 15 lowercase letters, digits and single \'-\', with a letter)',
          value, 'Use e.g. k8s.IntOrString.fromNumber(5432).');
      }
    }
    if (port.endPort !== undefined) {
      if (number === undefined) {
        this.fail(`${prop}.endPort`, 'needs a numeric port: the API server refuses endPort without one', port.endPort,
          'Set port to the first port of the range.');
      }
      this.integer(`${prop}.endPort`, port.endPort, number, 65535, `Set endPort from port (${number}) to 65535.`);
    }
  }
}

/** The shape of a label selector as callers pass it (k8s.LabelSelector). */
export interface LabelSelectorInput {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: string[] }>;
}

/** The shape of a NetworkPolicy peer as callers pass it (k8s.NetworkPolicyPeer). */
export interface NetworkPolicyPeerInput {
  readonly podSelector?: LabelSelectorInput;
  readonly namespaceSelector?: LabelSelectorInput;
  readonly ipBlock?: { readonly cidr: string; readonly except?: string[] };
}

/** The shape of a NetworkPolicy port as callers pass it (k8s.NetworkPolicyPort). */
export interface NetworkPolicyPortInput {
  readonly port?: { readonly value: string | number };
  readonly endPort?: number;
  readonly protocol?: string;
}

/**
 * The keys of an options interface, checked by the compiler against the interface (a key missing here, or one the interface
 * does not have, fails the build): `keysOf<TcpListenerOptions>({ port: true, name: true, proxyProtocol: true })`.
 */
export function keysOf<T>(keys: { readonly [K in keyof Required<T>]: true }): string[] {
  return Object.keys(keys);
}

/** One gibibyte in bytes. */
export const GIB = 2 ** 30;

/** Sizes above this are typos (and past 2^53 bytes a number no longer holds every byte). */
const MAX_BYTES = 2 ** 50;
const IMAGE_TAG = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
/**
 * A DNS-1035 label (Service names, and names that become one): lowercase letters, digits and '-', starting with a letter and
 * ending with a letter or digit; the length (at most 63) is checked apart. The one definition in lib/ (kubernetes/apimachinery
 * pkg/util/validation/validation.go, IsDNS1035Label).
 */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/**
 * An IANA_SVC_NAME (a container or Service port name): at most 15 lowercase letters, digits and single '-' between them,
 * with at least one letter (kubernetes/apimachinery pkg/util/validation/validation.go, IsValidPortName).
 */
export const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const DNS1123_LABEL_SRC = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL_SRC}(\\.${DNS1123_LABEL_SRC})*$`);
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
export const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_SRC}$`);
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** registry[:port]/path, lowercase; no tag (a ':' after the last '/') and no digest. */
export const IMAGE_REPOSITORY = /^([a-z0-9]+([.-][a-z0-9]+)*(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_REFERENCE = new RegExp(`^${IMAGE_REPOSITORY.source.slice(1, -1)}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$`);

export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0].length > 253 || !DNS1123_SUBDOMAIN.test(parts[0]))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_VALUE.test(name);
}

export function sizeToBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/** A Kubernetes quantity for a byte count, in the largest binary unit that represents it exactly. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units: Array<[string, number]> = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [suffix, factor] of units) {
    if (bytes !== 0 && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}

/** Milliseconds of a Duration, NaN where cdk8s cannot convert it (NaN, Infinity, fractions of a millisecond). */
function durationMillis(value: Duration): number {
  try {
    return value.toMilliseconds();
  } catch {
    return NaN;
  }
}

function showDuration(value: Duration): string {
  const ms = durationMillis(value);
  if (Number.isFinite(ms)) return value.toHumanString();
  // cdk8s cannot print these itself; its Duration keeps the amount and unit as given.
  const raw = value as unknown as { amount: number; unit: { label: string } };
  return `${raw.amount} ${raw.unit?.label ?? ''}`.trim();
}

function showBytes(bytes: number): string {
  return Number.isFinite(bytes) && Math.abs(bytes) < MAX_BYTES * 1024 ? formatBytes(bytes) : `${bytes} bytes`;
}

/** Levenshtein distance, for "did you mean" hints on unknown keys. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Duration) return showDuration(value);
  if (value instanceof Size) return showBytes(sizeToBytes(value));
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    // Durations and Sizes inside an options object are shown as people write them, not as cdk8s keeps them.
    return JSON.stringify(value, (_key: string, inner: unknown) =>
      (inner instanceof Duration ? showDuration(inner) : inner instanceof Size ? showBytes(sizeToBytes(inner)) : inner));
  }
  return String(value);
}

export function isIpv4(ip: string): boolean {
  return typeof ip === 'string' && isIPv4(ip);
}

/** Node's parser: refuses '1:2:3:4:5:6:7:8:9', 'fffff::' and zone ids, which the API server refuses too. */
export function isIpv6(ip: string): boolean {
  return typeof ip === 'string' && !ip.includes('%') && isIPv6(ip);
}

export function isCidr(cidr: string): boolean {
  if (typeof cidr !== 'string') return false;
  const [ip, bits, ...rest] = cidr.split('/');
  if (rest.length || bits === undefined || !/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  return (isIpv4(ip) && Number(bits) <= 32) || (isIpv6(ip) && Number(bits) <= 128);
}

/** The address of an IPv4 or IPv6 address as a number, with its width in bits. */
function ipToBigInt(ip: string): { value: bigint; bits: number } {
  if (isIpv4(ip)) return { value: ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n), bits: 32 };
  const [head, tail = ''] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const expand = (part: string): string[] => (part === '' ? [] : part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [group];
    const v4 = ipToBigInt(group).value; // an embedded IPv4 tail (::ffff:10.0.0.1) is two groups
    return [(v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16)];
  }));
  const left = expand(head);
  const right = ip.includes('::') ? expand(tail) : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return { value: groups.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n), bits: 128 };
}

/** Whether `inner` is a strictly smaller range inside `outer` (the API server's rule for ipBlock.except). */
export function cidrStrictlyContains(outer: string, inner: string): boolean {
  if (!isCidr(outer) || !isCidr(inner)) return false;
  const [outerIp, outerPrefix] = outer.split('/');
  const [innerIp, innerPrefix] = inner.split('/');
  const a = ipToBigInt(outerIp);
  const b = ipToBigInt(innerIp);
  if (a.bits !== b.bits || Number(innerPrefix) <= Number(outerPrefix)) return false;
  const shift = BigInt(a.bits - Number(outerPrefix));
  return (a.value >> shift) === (b.value >> shift);
}
