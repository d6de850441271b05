// The Go module as a Go user gets it: the library's Go bindings generated from the current sources by jsii and
// jsii-pacmak (test/tools/build-go-module.sh), next to the Go bindings of cdk8s and cdk8s-plus-28 generated with
// jsii-pacmak from the npm packages the TypeScript side uses (test/tools/install-go-peers.sh, .tools/go-peers: this
// project's Go module proxy refuses github.com/cdk8s-team/cdk8s-core-go) and the jsii runtime and constructs from the Go
// module proxy (pinned in examples/go/go.mod and go.sum). Each Go example must synthesize YAML byte-identical to its
// TypeScript twin, and the README's Go samples must build and synthesize.
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { App, Chart } from 'cdk8s';
import { devChart } from '../examples/dev';
import { operatorChart } from '../examples/operator';
import { secureProductionChart } from '../examples/secure-production';
import { bindingsEnv, expectSameYaml, runTool } from './bindings';

const TIMEOUT_MS = 300_000;
const REPO = resolve(__dirname, '..');
const PEERS = join(REPO, '.tools', 'go-peers');

// GOTOOLCHAIN=local: the Go on the machine, never a toolchain download; -mod=readonly: the committed go.sum must hold
// every module the proxy serves (GOPROXY is the caller's; once Go's module cache holds them the build is offline).
const env = (): NodeJS.ProcessEnv => bindingsEnv({ GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' });

// jsii-runtime-go 1.140.0's jsii.Close() and its own watcher goroutine both wait for the Node.js process
// (internal/kernel/process/process.go): whichever comes second gets this error, which the watcher prints (without a
// newline) although the process ended normally. Nothing else may appear on stderr.
const CLOSE_RACE = /^Runtime process exited abnormally: waitid: no child processes$/;

function run(cmd: string, args: string[], cwd = REPO): string {
  return runTool(cmd, args, cwd, env());
}

// Go subcommand (the TypeScript example's file name) and source file → its TypeScript twin (same chart ids, so the same
// file names).
const EXAMPLES: Array<[string, string, (app: App) => Chart]> = [
  ['dev', 'dev.go', devChart],
  ['secure-production', 'secureproduction.go', secureProductionChart],
  ['operator', 'operatormode.go', operatorChart],
];

describe('the Go module', () => {
  let workDir: string;
  let binary: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'cdk8s-hivemq-go-'));
    // Both do nothing when `npm test`'s pretest (or an earlier run from the same sources) already did the work.
    run('bash', [join(REPO, 'test', 'tools', 'install-go-peers.sh')]);
    const libraryModule = run('bash', [join(REPO, 'test', 'tools', 'build-go-module.sh')]).trim().split('\n').pop()!;
    expect(readFileSync(join(libraryModule, 'go.mod'), 'utf8')).toMatch(/^module cdk8s-hivemq\/go\/cdk8shivemq\n/);

    // A copy of examples/go whose replace directives point at the generated modules; the repository's go.mod stays as a
    // user reads it.
    const module = join(workDir, 'examples');
    cpSync(join(REPO, 'examples', 'go'), module, { recursive: true });
    run('go', ['mod', 'edit',
      `-replace=cdk8s-hivemq/go/cdk8shivemq=${libraryModule}`,
      `-replace=github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2=${join(PEERS, 'cdk8s')}`,
      `-replace=github.com/cdk8s-team/cdk8s-plus-go/cdk8splus28/v2=${join(PEERS, 'cdk8splus28')}`], module);
    binary = join(workDir, 'hivemq-examples');
    run('go', ['build', '-o', binary, '.'], module);
  }, TIMEOUT_MS);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test('go vet finds nothing and gofmt changes nothing in examples/go', () => {
    expect(run('gofmt', ['-l', '.'], join(REPO, 'examples', 'go'))).toBe('');
    run('go', ['vet', '.'], join(workDir, 'examples'));
  }, TIMEOUT_MS);

  test.each(EXAMPLES)('examples/go %s (%s) synthesizes YAML byte-identical to its TypeScript twin', (command, _source, build) => {
    const tsOut = join(workDir, `ts-${command}`);
    const app = new App({ outdir: tsOut });
    build(app);
    app.synth();

    const goOut = join(workDir, `go-${command}`);
    const result = spawnSync(binary, [command, goOut], { cwd: workDir, env: env(), encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr.replace(CLOSE_RACE, '') }).toEqual({ status: 0, stderr: '' });

    expectSameYaml(goOut, tsOut);
  }, TIMEOUT_MS);

  test('every Go sample in the README builds and synthesizes', () => {
    const samples = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/```go\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(samples.length).toBeGreaterThan(0);
    samples.forEach((sample, index) => {
      // A package of its own in the examples' module, so it builds against the same generated modules.
      const name = `readmesample${index}`;
      mkdirSync(join(workDir, 'examples', name));
      writeFileSync(join(workDir, 'examples', name, 'main.go'), sample);
      const sampleBinary = join(workDir, name);
      run('go', ['build', '-o', sampleBinary, `./${name}`], join(workDir, 'examples'));
      const outdir = join(workDir, `readme-${index}`);
      const result = spawnSync(sampleBinary, [], { cwd: workDir, env: { ...env(), CDK8S_OUTDIR: outdir }, encoding: 'utf8' });
      expect({ status: result.status, stderr: result.stderr.replace(CLOSE_RACE, '') }).toEqual({ status: 0, stderr: '' });
      const written = readdirSync(outdir);
      expect(written.length).toBeGreaterThan(0);
      expect(written.map((file) => readFileSync(join(outdir, file), 'utf8')).join('\n')).toContain('kind: StatefulSet');
    });
  }, TIMEOUT_MS);
});
