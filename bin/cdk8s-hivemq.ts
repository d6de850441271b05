#!/usr/bin/env node
// `cdk8s-hivemq size ...`: a HiveMQ cluster plan from a workload description, as a table or JSON.
// `cdk8s-hivemq preflight --before DIR --after DIR`: what a change to the manifests does to the running cluster.
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runPreflightCommand } from '../lib/preflight/preflight-report';
import { ClusterSizing, SizingWorkload } from '../lib/sizing/cluster-sizing';
import { overrideProp, SIZING_CONSTANTS } from '../lib/sizing/constant-table';

/** The version in this package's package.json: two folders up when compiled (dist/bin), one up from the sources (bin). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'cdk8s-hivemq') return pkg.version ?? 'unknown';
  }
  return 'unknown';
}

const COUNT = 'a whole number with an optional k or M suffix, e.g. 50k or 1M';
const SIZE = 'a whole number with B, KiB, MiB or GiB, e.g. 256B or 1KiB';

function count(value: string): number {
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(value);
  const n = m ? Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1) : NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected ${COUNT}.`);
  return n;
}

function size(value: string): number {
  const m = /^(\d+)(B|KiB|MiB|GiB)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected ${SIZE}.`);
  return Number(m[1]) * { B: 1, KiB: 1024, MiB: 2 ** 20, GiB: 2 ** 30 }[m[2] as 'B'];
}

function decimal(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('expected a number of at least 0, e.g. 1 or 2.5.');
  return Number(value);
}

function constant(value: string, previous: Record<string, number>): Record<string, number> {
  const m = /^([A-Z0-9_]+)=(\d+(?:\.\d+)?)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected NAME=VALUE with a sizing constant\'s name and a positive number, e.g. K_OPS=9000.');
  // The library takes the camelCase property (`kOps`); an unknown name is passed as written, for the library's message.
  return { ...previous, [CONSTANT_PROPS[m[1]] ?? m[1]]: Number(m[2]) };
}

/** `K_OPS` → `kOps` for every sizing constant, and back: the CLI speaks in the constants' names, as the README does. */
const CONSTANT_PROPS: Record<string, string> = Object.fromEntries(Object.keys(SIZING_CONSTANTS).map((name) => [name, overrideProp(name)]));
const CONSTANT_NAMES: Record<string, string> = Object.fromEntries(Object.entries(CONSTANT_PROPS).map(([name, prop]) => [prop, name]));

function whole(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, e.g. 8.');
  return Number(value);
}

function qosMix(value: string): [number, number, number] {
  const parts = value.split(',');
  if (parts.length !== 3 || parts.some((p) => !/^(0|1|0?\.\d+)$/.test(p))) {
    throw new InvalidArgumentError('expected three shares for QoS 0, 1 and 2 that add up to 1, e.g. 0,1,0 or 0.2,0.8,0.');
  }
  return parts.map(Number) as [number, number, number]; // their sum is the library's rule
}

/** Library field names as the flags a CLI user typed. */
const FLAGS: Record<string, string> = {
  connections: '--connections', publishesPerSecond: '--publish-rate', fanOut: '--fan-out', payloadBytes: '--payload', qos: '--qos-mix',
  persistentSessions: '--persistent-sessions', offlineSessions: '--offline-sessions', queuedMessagesPerSession: '--queued-per-session',
  retainedMessages: '--retained', retainedPayloadBytes: '--retained-payload', vcpuPerBroker: '--vcpu', workerNodeCores: '--worker-cores',
  failoverSeconds: '--failover-seconds', replication: '--replication',
};

/** An option without a default value whose help says what happens without it (commander prints only real defaults). */
function optional(flags: string, description: string, parser: (value: string) => number, without: string): Option {
  return new Option(flags, `${description} (default: ${without})`).argParser(parser);
}

/** The options of `size` as commander hands them to the action, after the parsers above. */
interface SizeCommandOptions {
  readonly connections: number;
  readonly publishRate: number;
  readonly payload: number;
  readonly fanOut: number;
  readonly qosMix: [number, number, number];
  readonly persistentSessions?: number;
  readonly offlineSessions?: number;
  readonly queuedPerSession?: number;
  readonly retained?: number;
  readonly retainedPayload?: number;
  readonly tls?: boolean;
  readonly vcpu?: number;
  readonly workerCores?: number;
  readonly failoverSeconds?: number;
  readonly replication?: number;
  readonly constant: Record<string, number>;
  readonly json?: boolean;
}

function fail(message: string): never {
  process.stderr.write(`cdk8s-hivemq: ${message.replace(/^error: /, '').split('\n')[0]}\n`);
  process.exit(2);
}

const program = new Command('cdk8s-hivemq')
  .description('Tools for the cdk8s-hivemq construct library.')
  .version(packageVersion(), '-v, --version', 'print the version of cdk8s-hivemq')
  .exitOverride()
  .configureOutput({ writeErr: () => undefined });

program.command('size')
  .description('Plan a HiveMQ cluster (replicas, CPU, memory, heap, storage, replication) for a workload, with the reasoning.')
  .requiredOption('--connections <count>', `concurrent client connections (${COUNT})`, count)
  .requiredOption('--publish-rate <count>', `PUBLISH messages per second into the cluster (${COUNT})`, count)
  .requiredOption('--payload <size>', `mean payload (${SIZE})`, size)
  .option('--fan-out <number>', 'mean deliveries per published message', decimal, 1)
  // Defaults that are not plain numbers get a description: commander would print them as JSON ([1,0,0], {}).
  .addOption(new Option('--qos-mix <q0,q1,q2>', 'shares of QoS 0, 1 and 2 traffic').argParser(qosMix).default([1, 0, 0], '1,0,0: all QoS 0'))
  .addOption(optional('--persistent-sessions <count>', `clients with a persistent session (${COUNT})`, count, '0'))
  .addOption(optional('--offline-sessions <count>', `persistent sessions offline at peak, at most --persistent-sessions (${COUNT})`, count,
    'all persistent sessions'))
  .addOption(optional('--queued-per-session <count>', 'messages queued per offline session (at most 1000)', count, '0'))
  .addOption(optional('--retained <count>', `retained messages (${COUNT})`, count, '0'))
  .addOption(optional('--retained-payload <size>', `mean retained payload (${SIZE})`, size, 'the --payload size'))
  .option('--tls', 'clients connect with TLS terminated at the brokers')
  .addOption(optional('--vcpu <number>', 'vCPU per broker, 4 to 16', whole, '4'))
  .addOption(optional('--worker-cores <number>', 'cores of one worker node, to check kube-proxy connection tracking', whole, 'not checked'))
  .addOption(optional('--failover-seconds <number>', 'seconds within which clients of a failed broker must be back', decimal, 'not checked'))
  .addOption(optional('--replication <number>', 'copies of every persisted item (HiveMQ replica-count)', whole, '2'))
  .addOption(new Option('--constant <NAME=VALUE>', 'a calibrated sizing constant from your load test, e.g. K_OPS=9000 (repeatable)')
    .argParser(constant).default({}, 'none, the published constants'))
  .addOption(new Option('--json', 'print the plan as JSON'))
  .action((o: SizeCommandOptions) => {
    const workload: SizingWorkload = {
      connections: o.connections, publishesPerSecond: o.publishRate, fanOut: o.fanOut, payloadBytes: o.payload,
      qos: { qos0: o.qosMix[0], qos1: o.qosMix[1], qos2: o.qosMix[2] },
      persistentSessions: o.persistentSessions, offlineSessions: o.offlineSessions, queuedMessagesPerSession: o.queuedPerSession,
      retainedMessages: o.retained, retainedPayloadBytes: o.retainedPayload, tls: o.tls ?? false, vcpuPerBroker: o.vcpu,
      workerNodeCores: o.workerCores, failoverSeconds: o.failoverSeconds,
    };
    let plan: ClusterSizing;
    try {
      plan = ClusterSizing.forWorkload(workload, { replication: o.replication, constants: o.constant });
    } catch (e) {
      fail((e as Error).message.replace(/^ClusterSizing: /, '').replace(/\b(\w+)\b/g, (word: string) => FLAGS[word] ?? CONSTANT_NAMES[word] ?? word)
        .replace(/^constants\.(\w+)/, '--constant $1'));
    }
    if (o.json) {
      process.stdout.write(`${JSON.stringify(plan.toJson(), null, 2)}\n`);
      return;
    }
    const j = plan.toJson();
    const rows: Array<[string, string]> = [
      ['replicas', String(j.replicas)], ['cpu', `${String(j.cpu)} vCPU per broker`],
      ['memory', `${String(j.memory)} per broker (heap ${String(j.heap)})`],
      ['storage', `${String(j.storage)} per broker`], ['replication', String(j.replication)], ['binding', String(j.binding)],
      ['failover', `${String(j.failoverSeconds)} s`], ['bandwidth', `${String(j.bandwidthMbitPerSecond)} Mbit/s per broker`],
    ];
    process.stdout.write(['HiveMQ cluster plan', ...rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}`),
      ...(plan.warnings.length ? ['warnings:', ...plan.warnings.map((w) => `  - ${w}`)] : []),
      'how:', ...plan.explanation.map((l) => `  ${l}`)].join('\n') + '\n');
  });

program.command('preflight')
  .description('Compare two synthesized outputs before applying: changes Kubernetes refuses, risks to data or availability, rolls, safe changes. '
    + 'Exit 0 when safe, 1 when a manual step is needed or data is at risk, 2 for bad input.')
  .requiredOption('--before <dir>', 'the folder with the manifests as applied now (e.g. the GitOps repository\'s), every *.yaml / *.yml file')
  .requiredOption('--after <dir>', 'the folder with the newly synthesized manifests')
  .addOption(new Option('--json', 'print the result as JSON'))
  .action((o: { before: string; after: string; json?: boolean }) => {
    const output = runPreflightCommand(o.before, o.after, o.json ?? false, process.stdout.isTTY === true);
    process.stdout.write(output.stdout);
    process.stderr.write(output.stderr);
    process.exitCode = output.exitCode;
  });

if (process.argv.length <= 2) {
  process.stderr.write(program.helpInformation());
  process.exit(2);
}
try {
  program.parse(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) process.exit(0); // --help, --version
    const missing = /required option '(--[\w-]+)/.exec(e.message);
    if (missing) {
      const option = program.commands.flatMap((c) => c.options).find((o) => o.long === missing[1]);
      fail(`${missing[1]} is required (got nothing); expected ${option?.description ?? 'a value'}.`);
    }
    fail(e.message);
  }
  throw e;
}
