import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';
import { Duration, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { DeploymentMode, ExtensionSource, LogLevel, MqttListener, Placement, TcpKeepAliveMode } from '../lib';

const MODEL_DIR = join(__dirname, '..', 'lib', 'model');
const PROPS_FILE = join(__dirname, '..', 'lib', 'cluster', 'hivemq-cluster-props.ts');

/** Every DEFAULT_* constant the resolvers in lib/model/ export. */
async function modelDefaults(): Promise<Record<string, unknown>> {
  const defaults: Record<string, unknown> = {};
  for (const file of readdirSync(MODEL_DIR).filter((name) => name.endsWith('.ts'))) {
    const exports = await import(join(MODEL_DIR, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) if (name.startsWith('DEFAULT_')) defaults[name] = value;
  }
  return defaults;
}

/** `@default <readable value> - DEFAULT_X...` lines of the props docs: the value as written and the constants it cites. */
function citedDefaults(): { readable: string; constants: string[] }[] {
  return readFileSync(PROPS_FILE, 'utf8').split('\n').flatMap((line) => {
    const match = /@default (.*?) - (.*)$/.exec(line);
    const constants = match?.[2].match(/DEFAULT_[A-Z_]+/g) ?? [];
    return match && constants.length ? [{ readable: match[1], constants }] : [];
  });
}

/** The value a readable `@default` denotes, or undefined when it is prose (e.g. '8080 (8443 with `keystore`)'). */
function evaluate(readable: string): unknown {
  const scope = { Duration, Size, Cpu, ImagePullPolicy, DeploymentMode, ExtensionSource, LogLevel, MqttListener, Placement, TcpKeepAliveMode };
  try {
    // Evaluating the documented text is the point; the context holds only the library's value classes.
    return runInNewContext(`(${readable})`, scope);
  } catch {
    return undefined;
  }
}

function comparable(value: unknown): unknown {
  if (value instanceof Duration) return `${value.toMilliseconds()} ms`;
  if (value instanceof Size) return `${value.toKibibytes()} KiB`;
  if (value instanceof Cpu) return `${value.amount} CPU`;
  return value;
}

describe('model defaults', () => {
  let defaults: Record<string, unknown> = {};
  const cited = citedDefaults();
  beforeAll(async () => {
    defaults = await modelDefaults();
  });

  test('the props docs cite the resolvers\' default constants, and every cited constant exists', () => {
    expect(cited.length).toBeGreaterThan(30);
    for (const constant of cited.flatMap((entry) => entry.constants)) expect(Object.keys(defaults)).toContain(constant);
  });

  test('each cited constant has the value its @default shows first', () => {
    const checked = cited.filter((entry) => entry.constants.length === 1 && evaluate(entry.readable) !== undefined);
    expect(checked.length).toBeGreaterThan(25);
    for (const { readable, constants: [constant] } of checked) {
      expect({ constant, value: comparable(defaults[constant]) }).toEqual({ constant, value: comparable(evaluate(readable)) });
    }
  });
});
