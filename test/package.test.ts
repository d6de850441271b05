// What a user gets from npm: the packed tarball, installed into an empty project next to its peers and required from
// plain CommonJS. Catches what the TypeScript tests cannot: a wrong `main`/`types`, a `files` list that drops or leaks
// files, a runtime dependency missing from package.json. The build is `npm run build` (jsii), so the same run also checks
// the jsii assembly (`.jsii`, what jsii-pacmak and Construct Hub read): every public type, property and method documented,
// and the committed API.md regenerated from it without a difference.
import { execFileSync, ExecFileSyncOptions } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve, sep } from 'path';
import { parseAllDocuments } from 'yaml';

const TIMEOUT_MS = 180_000;
const REPO = resolve(__dirname, '..');
const PEERS = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
const TS_APP_TOOLS = ['cdk8s-cli', 'typescript', 'ts-node'];

// `npm test` exports its whole config as npm_config_* variables, flags given to `npm test` itself included (`--dry-run`
// would become npm_config_dry_run), and the nested npm reads them; a user's shell has none of them.
const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

/** Runs a command and, when it fails, throws with its full output: tsc reports errors on stdout, which execFileSync's message drops. */
function run(cmd: string, args: string[], cwd: string): string {
  const options: ExecFileSyncOptions = { cwd, stdio: 'pipe', env: cleanEnv(), encoding: 'utf8' };
  try {
    return execFileSync(cmd, args, options) as string;
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (exit ${err.status}):\n${err.stdout ?? ''}\n${err.stderr ?? ''}`, { cause: e });
  }
}

describe('the npm package', () => {
  const devDependencies: Record<string, string> = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).devDependencies;
  let packDir: string;
  let consumerDir: string;
  let tarball: string;
  let entries: string[];

  beforeAll(() => {
    packDir = mkdtempSync(join(tmpdir(), 'cdk8s-hivemq-pack-'));
    consumerDir = mkdtempSync(join(tmpdir(), 'cdk8s-hivemq-consumer-'));

    // A clean build, so compiled leftovers of deleted or renamed sources cannot hide in the tarball or fake a passing test.
    for (const shipped of ['lib', 'imports']) {
      rmSync(join(REPO, 'dist', shipped), { recursive: true, force: true });
    }
    run('npm', ['run', 'build'], REPO);
    run('npm', ['pack', '--pack-destination', packDir], REPO);
    const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(1);
    tarball = join(packDir, tarballs[0]);
    entries = run('tar', ['-tzf', tarball], packDir).split('\n').filter((l) => l !== '');

    writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }, null, 2));
    // The peers at the versions the repo is developed and tested against, not whatever the ranges resolve to today.
    // With them, in one install, what the README's quick start adds for a TypeScript app (`cdk8s synth` with ts-node).
    const peers = [...PEERS, ...TS_APP_TOOLS].map((p) => `${p}@${devDependencies[p]}`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-exact', tarball, ...peers], consumerDir);
  }, TIMEOUT_MS);

  afterAll(() => {
    for (const dir of [packDir, consumerDir]) {
      if (dir) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  test('ships the compiled entry point, its typings and the jsii assembly', () => {
    expect(entries).toEqual(expect.arrayContaining(['package/package.json', 'package/dist/lib/index.js', 'package/dist/lib/index.d.ts',
      'package/.jsii', 'package/API.md']));
  });

  test('bundles the CLI\'s runtime dependencies (jsii allows no other non-jsii dependency)', () => {
    expect(entries).toEqual(expect.arrayContaining(['package/node_modules/commander/package.json', 'package/node_modules/yaml/package.json']));
  });

  test('every public type, property and method has a summary, and every optional prop a @default', () => {
    const assembly = JSON.parse(readFileSync(join(consumerDir, 'node_modules', 'cdk8s-hivemq', '.jsii'), 'utf8'));
    expect(undocumented(assembly)).toEqual([]);
    expect(Object.keys(assembly.types).length).toBeGreaterThan(50);
  });

  test('API.md is what jsii-docgen writes for the assembly', () => {
    const generated = join(packDir, 'API.md');
    run('npx', ['jsii-docgen', '-o', generated], REPO);
    // A failure here means API.md is stale: `npm run build && npm run docgen`, then commit API.md.
    expect(readFileSync(join(REPO, 'API.md'), 'utf8')).toBe(readFileSync(generated, 'utf8'));
  }, TIMEOUT_MS);

  test('leaves out tests, examples, benchmarks and TypeScript sources', () => {
    const leaked = entries.filter((e) => /^package\/(test|examples|bench)\//.test(e) || (e.endsWith('.ts') && !e.endsWith('.d.ts')));
    expect(leaked).toEqual([]);
  });

  test('installs next to the pinned peers', () => {
    for (const p of PEERS) {
      const installed = JSON.parse(readFileSync(join(consumerDir, 'node_modules', p, 'package.json'), 'utf8')).version;
      expect(`${p}@${installed}`).toBe(`${p}@${devDependencies[p]}`);
    }
  });

  test('synthesizes from a CommonJS app', () => {
    const outdir = join(consumerDir, 'out');
    writeFileSync(join(consumerDir, 'main.js'), [
      '\'use strict\';',
      'const { App, Chart } = require(\'cdk8s\');',
      'const { HiveMQCluster, StorageProfile } = require(\'cdk8s-hivemq\');',
      '',
      `const app = new App({ outdir: ${JSON.stringify(outdir)} });`,
      'const chart = new Chart(app, \'iot\', { namespace: \'iot\' });',
      'new HiveMQCluster(chart, \'broker\');',
      'new HiveMQCluster(chart, \'edge\', { replicas: 1, storage: StorageProfile.ephemeral() });',
      'app.synth();',
      // Printed so the test can tell the installed package from this repo's sources.
      'console.log(require.resolve(\'cdk8s-hivemq\'));',
      '',
    ].join('\n'));

    const resolved = run(process.execPath, ['main.js'], consumerDir).trim();
    expect(resolved).toBe(join(consumerDir, 'node_modules', 'cdk8s-hivemq', 'dist', 'lib', 'index.js'));
    expect(resolved.startsWith(REPO + sep)).toBe(false);

    const manifest = join(outdir, 'iot.k8s.yaml');
    expect(existsSync(manifest)).toBe(true);
    const docs = parseAllDocuments(readFileSync(manifest, 'utf8'));
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    const statefulSets = docs.map((d) => d.toJS()).filter((o) => o?.kind === 'StatefulSet');
    expect(statefulSets.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toEqual(['iot/broker', 'iot/edge']);
    expect(statefulSets[1].spec.replicas).toBe(1);
  }, TIMEOUT_MS);

  test('the installed bin plans a cluster from the terminal', () => {
    const plan = JSON.parse(run('npx', ['--no-install', 'cdk8s-hivemq', 'size', '--connections', '1M', '--publish-rate', '50k', '--payload', '256B',
      '--qos-mix', '0,1,0', '--vcpu', '8', '--worker-cores', '16', '--json'], consumerDir));
    expect(plan).toMatchObject({ replicas: 6, cpu: 8, replication: 2, binding: 'cpu' });
  }, TIMEOUT_MS);

  test('synthesizes a TypeScript app with `cdk8s synth`, set up as the README\'s quick start says', () => {
    const appDir = mkdtempSync(join(consumerDir, 'ts-app-'));
    writeFileSync(join(appDir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true } }));
    writeFileSync(join(appDir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
    writeFileSync(join(appDir, 'main.ts'), [
      'import { App, Chart } from \'cdk8s\';',
      'import { HiveMQCluster } from \'cdk8s-hivemq\';',
      'const app = new App();',
      'new HiveMQCluster(new Chart(app, \'mqtt\', { namespace: \'iot\' }), \'broker\');',
      'app.synth();',
      '',
    ].join('\n'));
    run('npx', ['--no-install', 'cdk8s', 'synth', '--no-check-upgrade'], appDir);
    const docs = parseAllDocuments(readFileSync(join(appDir, 'dist', 'mqtt.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs.filter((o) => o?.kind === 'StatefulSet').map((s) => s.metadata.name)).toEqual(['broker']);
    // README: without a tsconfig.json, ts-node hands main.ts to Node as an ES module, which refuses the extension.
    rmSync(join(appDir, 'tsconfig.json'));
    expect(() => run('npx', ['--no-install', 'cdk8s', 'synth', '--no-check-upgrade'], appDir)).toThrow(/Unknown file extension "\.ts"/);
  }, TIMEOUT_MS);
});

interface AssemblyDocs { summary?: string; default?: string }
interface AssemblyMember { name: string; optional?: boolean; docs?: AssemblyDocs }
interface AssemblyType { kind: string; docs?: AssemblyDocs; properties?: AssemblyMember[]; methods?: AssemblyMember[]; members?: AssemblyMember[] }

/**
 * The gaps in a jsii assembly's docs: a type, property, method or enum member without a summary, and an optional
 * property of an interface (a props struct) without `@default`. Class properties are outputs, not props: when one is
 * unset its summary says so ("(plain mode)", "when enabled").
 */
function undocumented(assembly: { name: string; types: Record<string, AssemblyType> }): string[] {
  const gaps: string[] = [];
  for (const [fqn, type] of Object.entries(assembly.types)) {
    const name = fqn.slice(assembly.name.length + 1);
    if (!type.docs?.summary) gaps.push(`${name}: no summary`);
    for (const property of type.properties ?? []) {
      if (!property.docs?.summary) gaps.push(`${name}.${property.name}: no summary`);
      if (type.kind === 'interface' && property.optional && property.docs?.default === undefined) {
        gaps.push(`${name}.${property.name}: optional without @default`);
      }
    }
    for (const method of type.methods ?? []) if (!method.docs?.summary) gaps.push(`${name}.${method.name}(): no summary`);
    for (const member of type.members ?? []) if (!member.docs?.summary) gaps.push(`${name}.${member.name}: no summary`);
  }
  return gaps;
}
