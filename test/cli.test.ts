// Runs the built `cdk8s-hivemq` bin as a user does: compiled JavaScript under node, real argv, real exit codes.
import { spawnSync, execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import * as yaml from 'yaml';
import { HiveMQCluster, HiveMQClusterProps } from '../lib';

const REPO = join(__dirname, '..');
let out: string;
let bin: string;

beforeAll(() => {
  // Inside the repository, so the compiled bin resolves commander and cdk8s from its node_modules like an installed package.
  out = mkdtempSync(join(REPO, '.cli-build-'));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', out], { cwd: REPO, stdio: 'pipe' });
  bin = join(out, 'bin', 'cdk8s-hivemq.js');
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const WORKED = ['size', '--connections', '1M', '--publish-rate', '50k', '--fan-out', '1', '--payload', '256B', '--qos-mix', '0,1,0',
  '--persistent-sessions', '1M', '--offline-sessions', '100k', '--queued-per-session', '100', '--retained', '100k', '--retained-payload', '1KiB',
  '--tls', '--vcpu', '8', '--worker-cores', '16', '--failover-seconds', '120'];

describe('cdk8s-hivemq size', () => {
  test('prints a readable table with the binding constraint, warnings and the arithmetic', () => {
    const r = run(...WORKED);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('  replicas     6\n');
    expect(r.stdout).toContain('  cpu          8 vCPU per broker\n');
    expect(r.stdout).toContain('  memory       6Gi per broker (heap 3072Mi)\n');
    expect(r.stdout).toContain('  storage      100Gi per broker\n');
    expect(r.stdout).toContain('  replication  2\n');
    expect(r.stdout).toContain('  binding      cpu\n');
    expect(r.stdout).toContain('warnings:\n  - TLS: steady-state CPU cost is not modelled');
    expect(r.stdout).toContain('max(3, 5, 3) = 5 (cpu) + 1 so that N-1 carry the full load => 6');
  });

  test('--json prints the plan as JSON', () => {
    const r = run(...WORKED, '--replication', '2', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ replicas: 6, cpu: 8, memory: '6Gi', storage: '100Gi', replication: 2, binding: 'cpu' });
    expect(Array.isArray(plan.warnings)).toBe(true);
  });

  test('optional flags have defaults: QoS 0, fan-out 1, 4 vCPU', () => {
    const plan = JSON.parse(run('size', '--connections', '10k', '--publish-rate', '1000', '--payload', '1KiB', '--json').stdout);
    expect(plan).toMatchObject({ replicas: 4, cpu: 4, memory: '4Gi', storage: '100Gi', replication: 2, binding: 'availability' });
  });

  test.each([
    [['--connections', '1X'],
      /^cdk8s-hivemq: option '--connections <count>' argument '1X' is invalid\. expected a whole number with an optional k or M suffix/],
    [['--connections', '1.5'], /argument '1.5' is invalid/],
    [['--payload', '256'], /^cdk8s-hivemq: option '--payload <size>' argument '256' is invalid\. expected a whole number with B, KiB, MiB or GiB/],
    [['--payload', '300MiB'], /^cdk8s-hivemq: --payload must be a whole number from 0 to 268435455 \(got 314572800\)\. MQTT payloads are at most/],
    [['--qos-mix', '0.5,0.4,0'],
      /^cdk8s-hivemq: --qos-mix shares must add up to 1 \(got 0.5 \+ 0.4 \+ 0 = 0.9\)\. Scale the shares so they sum to 1\.\n$/],
    [['--vcpu', 'x'], /^cdk8s-hivemq: option '--vcpu <number>' argument 'x' is invalid\. expected a whole number, e.g\. 8\.\n$/],
    [['--qos-mix', '1,0'], /argument '1,0' is invalid\. expected three shares/],
    [['--fan-out', '-1'], /option '--fan-out <number>' argument '-1' is invalid/],
    [['--vcpu', '2'], /^cdk8s-hivemq: --vcpu must be a whole number from 4 to 16 \(got 2\)/],
    [['--queued-per-session', '2000'], /^cdk8s-hivemq: --queued-per-session must be a whole number from 0 to 1000 \(got 2000\)/],
    [['--replication', '0'], /^cdk8s-hivemq: --replication must be a whole number from 1 to 10 \(got 0\)/],
    // said "from 0 to 0" before: the fix is another flag
    [['--offline-sessions', '5'], /^cdk8s-hivemq: --offline-sessions must be at most --persistent-sessions, 0 \(not set\) \(got 5\)\. Offline sessions are persistent sessions whose clients are away: set --persistent-sessions to at least 5, or lower --offline-sessions\.\n$/],
    [['--persistent-sessions', '10', '--offline-sessions', '11'],
      /^cdk8s-hivemq: --offline-sessions must be at most --persistent-sessions, 10 \(got 11\)\. .*set --persistent-sessions to at least 11/],
    [['--connections', '2000M'],
      /^cdk8s-hivemq: --connections must be a whole number from 1 to 1000000000 \(got 2000000000\)\. Pass the expected peak value\.\n$/],
    [['--worker-cores', '0'],
      /^cdk8s-hivemq: --worker-cores must be a whole number from 1 to 1024 \(got 0\)\. Pass the CPU cores of one worker node\.\n$/],
    [['--failover-seconds', '0'], /^cdk8s-hivemq: --failover-seconds must be a number of seconds greater than 0 and at most 86400 \(got 0\)\./],
    [['--constant', 'BOGUS=1'], /^cdk8s-hivemq: --constant BOGUS is not a sizing constant \(got 'BOGUS'\)\. Use one of U_MEM, K_OPS, /],
    [['--constant', 'K_OPS=0'], /^cdk8s-hivemq: --constant K_OPS must be a positive number \(got 0\)\. Use your measured value in ops\/s\/vCPU\.\n$/],
    [['--constant', 'K_OPS'], /option '--constant <NAME=VALUE>' argument 'K_OPS' is invalid/],
    [['--bogus'], /^cdk8s-hivemq: unknown option '--bogus'/],
  ])('bad flag %j: one line, exit status 2', (flags, message) => {
    const base = ['size', '--connections', '10k', '--publish-rate', '1000', '--payload', '1KiB'];
    const args = [...base];
    for (let i = 0; i < flags.length; i++) {
      const at = args.indexOf(flags[i]);
      if (at >= 0 && flags[i + 1] !== undefined && !flags[i + 1].startsWith('--')) { args[at + 1] = flags[i + 1]; i++; } else args.push(flags[i]);
    }
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a missing required flag names it and the expected form', () => {
    const r = run('size', '--publish-rate', '1000', '--payload', '1KiB');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-hivemq: --connections is required (got nothing); expected concurrent client connections '
      + '(a whole number with an optional k or M suffix, e.g. 50k or 1M).\n');
  });

  test('calibrated constants from --constant change the plan and are named', () => {
    const plan = JSON.parse(run(...WORKED, '--constant', 'K_OPS=20000', '--json').stdout);
    expect(plan.overriddenConstants).toEqual(['K_OPS']);
    const bad = run(...WORKED, '--constant', 'HEAP_SHARE=0.3');
    expect(bad.code).toBe(2);
    // The whole line, in the constants' names as the CLI takes them (no camelCase property, no `ovh*`).
    expect(bad.stderr).toBe('cdk8s-hivemq: --constant HEAP_SHARE cannot be overridden: it is a floor, cap or HiveMQ setting the cluster enforces '
      + '(got 0.3). Calibrate the load constants (K_OPS, M_CONN_KIB, W1, W2, CR_TCP, OVH_WIRE, OVH_MSG, OVH_SESSION) instead.\n');
  });

  test('no command: the help on stderr, exit status 2', () => {
    const r = run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: cdk8s-hivemq');
  });

  test('--help exits 0 and prints every default readably', () => {
    const r = run('size', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-hivemq size [options]');
    const help = r.stdout.replace(/\s+/g, ' ');
    // commander printed these as JSON before: [1,0,0] and {}
    expect(help).not.toMatch(/\[1,0,0\]|\{\}|default: false/);
    expect(help).toContain('shares of QoS 0, 1 and 2 traffic (default: 1,0,0: all QoS 0)');
    expect(help).toContain('(repeatable) (default: none, the published constants)');
    expect(help).toContain('vCPU per broker, 4 to 16 (default: 4)');
    expect(help).toContain('(HiveMQ replica-count) (default: 2)');
    expect(help).toContain('(default: all persistent sessions)');
  });

  test('--version prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const r = run(flag);
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
    expect(run('--help').stdout).toContain('-v, --version');
  });
});

describe('cdk8s-hivemq preflight', () => {
  /** One synthesized cluster written into a folder under the build folder (removed with it). */
  function manifests(name: string, props: HiveMQClusterProps): string {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'iot' });
    new HiveMQCluster(chart, 'broker', props);
    const dir = join(out, 'preflight', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'test.k8s.yaml'), Testing.synth(chart).map((m) => yaml.stringify(m)).join('---\n'));
    return dir;
  }

  test('safe change: exit 0, a report without colour when stdout is not a terminal', () => {
    const r = run('preflight', '--before', manifests('three', { replicas: 3 }), '--after', manifests('four', { replicas: 4 }));
    expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^Preflight: SAFE to apply\n\nSafe \(1\):\n {2}- StatefulSet iot\/broker: changed: /),
      stderr: '' });
  });

  test('a risk: exit 1; --json prints the result', () => {
    const r = run('preflight', '--before', manifests('five', { replicas: 5 }), '--after', manifests('three', { replicas: 3 }), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'RISKS_DATA', exitCode: 1, risks: [{ field: 'spec.replicas', before: '5', after: '3' }] });
  });

  test('bad input: exit 2 with one line', () => {
    expect(run('preflight', '--before', join(out, 'nothing-here'), '--after', manifests('three', { replicas: 3 }))).toEqual({ code: 2, stdout: '',
      stderr: `cdk8s-hivemq: preflight: '${join(out, 'nothing-here')}' is not a folder (got nothing).\n` });
    expect(run('preflight', '--before', join(out, 'nothing-here')).stderr).toMatch(/^cdk8s-hivemq: --after is required \(got nothing\)/);
  });
});
