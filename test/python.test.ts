// The Python package as a Python user gets it: the wheel built from the current sources by jsii and jsii-pacmak
// (test/tools/build-python-wheel.sh), installed into a fresh virtual environment next to the pinned peers from PyPI
// (test/python/requirements.txt, installed offline from the wheelhouse test/tools/install-python-bindings.sh keeps in
// .tools/pyvenv-bindings). Each Python example must synthesize YAML byte-identical to its TypeScript twin, and wrong
// types from Python must give a Python error that names the argument, or the library's own message, never only a stack
// trace from the JavaScript runtime (under `python -O` jsii's own refusal carries its kernel's frames, asserted as such).
import { execFile, execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve, sep } from 'path';
import { promisify } from 'util';
import { App, Chart } from 'cdk8s';
import { devChart } from '../examples/dev';
import { operatorChart } from '../examples/operator';
import { secureProductionChart } from '../examples/secure-production';
import { FIXED_CONSTANT_NAMES, SIZING_CONSTANTS } from '../lib/sizing/constant-table';
import { customizationChart } from './python/customization';
import { bindingsEnv, expectSameYaml, runTool } from './bindings';

const TIMEOUT_MS = 240_000;
const REPO = resolve(__dirname, '..');
const BINDINGS = join(REPO, '.tools', 'pyvenv-bindings');

// PYTHONDONTWRITEBYTECODE: no __pycache__ beside the examples.
const env = (): NodeJS.ProcessEnv => bindingsEnv({ PYTHONDONTWRITEBYTECODE: '1' });

function run(cmd: string, args: string[]): string {
  return runTool(cmd, args, REPO, env());
}

// Python script (from the repository's root) → its TypeScript twin (same chart ids, so the same file names). The examples,
// and test/python/customization.py: the pod-customization props, whose values (cdk8s-plus EnvValue, Volume, ContainerProps,
// the k8s.NodeAffinity struct) cross from Python into other assemblies' JavaScript classes.
const TWINS: Array<[string, (app: App) => Chart]> = [
  ['examples/python/dev.py', devChart],
  ['examples/python/secure_production.py', secureProductionChart],
  ['examples/python/operator_mode.py', operatorChart],
  ['test/python/customization.py', customizationChart],
];

describe('the Python package', () => {
  let workDir: string;
  let python: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'cdk8s-hivemq-python-'));
    // Both do nothing when `npm test`'s pretest (or an earlier run from the same sources) already did the work.
    run('bash', [join(REPO, 'test', 'tools', 'install-python-bindings.sh')]);
    const wheel = run('bash', [join(REPO, 'test', 'tools', 'build-python-wheel.sh')]).trim().split('\n').pop()!;
    expect(wheel).toMatch(/cdk8s_hivemq-[0-9.]+-py3-none-any\.whl$/);

    const venv = join(workDir, 'venv');
    run('python3', ['-m', 'venv', '--without-pip', venv]);
    python = join(venv, 'bin', 'python');
    // The cached venv's pip installs into the fresh one; --no-index: the wheel's declared requirements must resolve to
    // the pinned set alone.
    run(join(BINDINGS, 'bin', 'pip'), ['--python', python, 'install', '--quiet', '--no-index', '--find-links', join(BINDINGS, 'wheelhouse'),
      '-r', join(REPO, 'test', 'python', 'requirements.txt'), wheel]);
  }, TIMEOUT_MS);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test('is installed in the fresh virtual environment, with its requirements met', () => {
    const where = run(python, ['-c', 'import cdk8s_hivemq; print(cdk8s_hivemq.__file__)']).trim();
    expect(where.startsWith(join(workDir, 'venv') + sep)).toBe(true);
    expect(run(join(BINDINGS, 'bin', 'pip'), ['--python', python, 'check'])).toMatch(/No broken requirements/);
  }, TIMEOUT_MS);

  test.each(TWINS)('%s synthesizes YAML byte-identical to its TypeScript twin', (script, build) => {
    const outName = script.replace(/\//g, '-');
    const tsOut = join(workDir, `ts-${outName}`);
    const app = new App({ outdir: tsOut });
    build(app);
    app.synth();

    const pyOut = join(workDir, `py-${outName}`);
    run(python, [join(REPO, script), pyOut]);

    expectSameYaml(pyOut, tsOut);
  }, TIMEOUT_MS);

  test('the pod-customization twin uses every prop it stands for', () => {
    const app = new App({ outdir: join(workDir, 'ts-customization-check') });
    customizationChart(app);
    app.synth();
    const yaml = readdirSync(app.outdir).map((file) => readFileSync(join(app.outdir, file), 'utf8')).join('\n');
    for (const expected of ['team: mqtt', 'example.com/owner: iot-platform', 'name: db-credentials', 'name: configmap-site-config',
      'name: shipper', 'name: configmap-shipper-config', 'nodeAffinity:', 'node.kubernetes.io/instance-type']) {
      expect(yaml).toContain(expected);
    }
  });

  test('SizingConstantOverrides takes each overridable constant as its name in lower case (the README\'s list)', () => {
    const fields = run(python, ['-c', 'import inspect; from cdk8s_hivemq import SizingConstantOverrides; '
      + 'print(" ".join(inspect.signature(SizingConstantOverrides).parameters))']).trim().split(' ');
    const overridable = Object.keys(SIZING_CONSTANTS).filter((name) => !FIXED_CONSTANT_NAMES.includes(name));
    expect(fields.sort()).toEqual(overridable.map((name) => name.toLowerCase()).sort());
  });

  test('every Python sample in the README synthesizes', () => {
    const samples = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(samples.length).toBeGreaterThan(0);
    samples.forEach((sample, index) => {
      const script = join(workDir, `readme_sample_${index}.py`);
      writeFileSync(script, sample);
      const outdir = join(workDir, `readme-${index}`);
      execFileSync(python, [script], { cwd: workDir, env: { ...env(), CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
      const written = readdirSync(outdir);
      expect(written.length).toBeGreaterThan(0);
      expect(written.map((file) => readFileSync(join(outdir, file), 'utf8')).join('\n')).toContain('kind: StatefulSet');
    });
  }, TIMEOUT_MS);

  describe('wrong types from Python', () => {
    interface Outcome { status: number | null; stderr: string; wrote: boolean }
    const outcomes = new Map<string, Outcome>();

    // One process per case, as a user's app fails; all at once, so the jsii runtime's start-ups overlap.
    beforeAll(async () => {
      // `-O` (no __debug__) switches the bindings' type checks off.
      const cases: Array<[string, string[]]> = [['when_deleted_str', []], ['image_pull_policy_str', []], ['replicas_str', []],
        ['replicas_fraction', []], ['replicas_negative', []], ['when_deleted_str', ['-O']]];
      await Promise.all(cases.map(async ([script, flags]) => {
        const name = `${script}${flags.join('')}`;
        const outdir = join(workDir, `wrong-${name}`);
        const args = [...flags, join(REPO, 'test', 'python', 'wrong_types.py'), script, outdir];
        const result = await promisify(execFile)(python, args, { cwd: REPO, env: env() })
          .then(() => ({ status: 0, stderr: '' }), (e: { code?: number; stderr?: string }) => ({ status: e.code ?? null, stderr: e.stderr ?? '' }));
        outcomes.set(name, { ...result, wrote: existsSync(outdir) });
      }));
    }, TIMEOUT_MS);

    const lastLine = (text: string): string => text.trimEnd().split('\n').pop()!;

    test.each([
      ['when_deleted_str', 'TypeError: type of argument when_deleted must be one of (cdk8s_hivemq.PvcRetention, NoneType); got str instead'],
      ['image_pull_policy_str',
        'TypeError: type of argument image_pull_policy must be one of (cdk8s_plus_28.ImagePullPolicy, NoneType); got str instead'],
      ['replicas_str', 'TypeError: type of argument replicas must be one of (int, float, NoneType); got str instead'],
    ])('%s: a Python TypeError naming the argument, raised before JavaScript runs', (name, message) => {
      const outcome = outcomes.get(name)!;
      expect(outcome.status).toBe(1);
      expect(lastLine(outcome.stderr)).toBe(message);
      expect(outcome.stderr).not.toMatch(/JavaScriptError|@jsii\/kernel|\.js:\d+/);
      expect(outcome.wrote).toBe(false);
    });

    const replicasMessage = (got: string): string =>
      `HiveMQCluster 'broker': replicas must be a whole number from 1 to 1000 (got ${got}). Set replicas to 1 or more (3 or more for production).`;
    test.each([
      ['replicas_fraction', replicasMessage('2.5')],
      ['replicas_negative', replicasMessage('-1')],
    ])('%s: the library\'s own message as a Python RuntimeError, without a JavaScript stack', (name, message) => {
      const outcome = outcomes.get(name)!;
      expect(outcome.status).toBe(1);
      // What the user reads last: the message, not a stack frame.
      expect(lastLine(outcome.stderr)).toBe(`RuntimeError: ${message}`);
      // jsii raises it `from JavaScriptError(stack)`, and Python prints that cause first: under jsii the library's errors carry
      // no JavaScript frames (lib/validation/input-error.ts), so the cause is the message alone.
      expect(outcome.stderr).toContain(`jsii.errors.JavaScriptError: \n  Error: ${message}\n`);
      expect(outcome.stderr).not.toMatch(/^\s+at .*\.js:\d+/m);
      expect(outcome.wrote).toBe(false);
    });

    test('with python -O the type checks are off: jsii refuses the string for an enum, and prints its kernel\'s JavaScript frames', () => {
      const outcome = outcomes.get('when_deleted_str-O')!;
      expect(outcome.status).toBe(1);
      const serialization = '@jsii/kernel.SerializationError: Passed to parameter options of static method '
        + 'cdk8s-hivemq.StorageProfile.persistent: Unable to deserialize value as cdk8s-hivemq.PersistentStorageOptions | undefined\n';
      // As the README says: first the jsii cause, with JavaScript frames; then the Python traceback; then the RuntimeError.
      const [cause, traceback, ...rest] = outcome.stderr.split('\n\nThe above exception was the direct cause of the following exception:\n\n');
      expect(rest).toEqual([]);
      expect(cause.startsWith(`jsii.errors.JavaScriptError: \n  @jsii/kernel.RuntimeError: ${serialization}`)).toBe(true);
      const frames = cause.split('\n').filter((line) => /^\s+at /.test(line));
      // The frames are the jsii kernel's (its bundled program.js) and Node.js's own, none the library's: the error is jsii's.
      expect(frames.length).toBeGreaterThanOrEqual(3);
      expect(frames[0]).toMatch(/^ {6}at Kernel\._Kernel_ensureSync \(\/\S+\/lib\/program\.js:\d+:\d+\)$/);
      expect(frames.slice(0, 3).map((frame) => frame.trim().split(' ')[1])).toEqual(['Kernel._Kernel_ensureSync', 'Kernel.sinvoke',
        'KernelHost.processRequest']);
      for (const frame of frames) expect(frame).toMatch(/^ {6}at \S+ \((\/\S+\/lib\/program\.js|node:internal\/\S+):\d+:\d+\)$/);
      expect(traceback).toMatch(/^Traceback \(most recent call last\):\n {2}File ".*\/test\/python\/wrong_types\.py", line \d+, in <module>\n/);
      expect(traceback).toContain(`\nRuntimeError: ${serialization}`);
      expect(lastLine(outcome.stderr)).toMatch(/Value does not have the "\$jsii\.enum" key$/);
      expect(outcome.wrote).toBe(false);
    });
  });
});
