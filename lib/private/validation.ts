/**
 * Input checks shared by the constructs. Every failure is a plain `Error` whose message names the construct, the prop,
 * the bad value and the fix, e.g. `HiveMQCluster 'broker': replicas must be at least 1 (got 0). Set replicas to 1 or more.`
 */
import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';

/** Builds error messages for one construct instance. */
export class Validator {
  constructor(private readonly construct: string, private readonly id: string) {}

  /** Throws `<Construct> '<id>': <prop> <problem> (got <value>). <fix>` */
  fail(prop: string, problem: string, value: unknown, fix: string): never {
    throw new Error(`${this.construct} '${this.id}': ${prop} ${problem} (got ${show(value)}). ${fix}`);
  }

  /** Throws a message without a single offending value (a rule between two props). */
  failRule(message: string): never {
    throw new Error(`${this.construct} '${this.id}': ${message}`);
  }

  integer(prop: string, value: number, min: number, max: number, fix?: string): number {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(prop, `must be a whole number from ${min} to ${max}`, value, fix ?? `Set ${prop} to a whole number from ${min} to ${max}.`);
    }
    return value;
  }

  /** One of a closed set of values (enums are checked at run time too: JavaScript callers can pass anything). */
  oneOf<T extends string>(prop: string, value: T, allowed: readonly T[]): T {
    if (!allowed.includes(value)) this.fail(prop, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value, 'Use one of the enum members.');
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
  instance<T>(prop: string, value: T, cls: abstract new (...args: any[]) => T, fix: string): T {
    if (!(value instanceof cls)) this.fail(prop, `must be a ${cls.name}`, value, fix);
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
      this.fail(prop, 'must be an object', value, `Pass an object with ${allowed.map((k) => `'${k}'`).join(', ')}.`);
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue;
      const where = elsewhere[key];
      const path = prop ? `${prop}.${key}` : key;
      if (where) this.fail(path, `is not an option here: it belongs to ${where}`, key, `Move it there, or remove it.`);
      const close = allowed.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
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
        + 'starting with a letter and ending with a letter or digit', value, `Pass a name such as 'broker'.`);
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
}

/** Sizes above this are typos (and past 2^53 bytes a number no longer holds every byte). */
const MAX_BYTES = 2 ** 50;
const IMAGE_TAG = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_SRC = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL_SRC}(\\.${DNS1123_LABEL_SRC})*$`);
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_SRC}$`);
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
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return JSON.stringify(value);
  return String(value);
}

export function isIpv4(ip: string): boolean {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIpv6(ip: string): boolean {
  return /^[0-9a-fA-F:]+$/.test(ip) && ip.includes(':') && ip.split('::').length <= 2;
}

export function isCidr(cidr: string): boolean {
  const [ip, bits, ...rest] = cidr.split('/');
  if (rest.length || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  return (isIpv4(ip) && Number(bits) <= 32) || (isIpv6(ip) && Number(bits) <= 128);
}
