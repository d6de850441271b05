// The Java package as a Java user gets it: the jar built from the current sources by jsii, jsii-pacmak and Maven
// (test/tools/build-java-jar.sh), on the class path next to the Java bindings of cdk8s 2.70.106, cdk8s-plus-28 2.5.6 and
// constructs 10.8.1. Those bindings are built by test/tools/install-java-bindings.sh with jsii-pacmak from the npm
// packages the TypeScript side uses, not downloaded: this machine's Maven Central serves org.cdk8s:cdk8s only up to
// 2.70.47 and no org.cdk8s:cdk8s-plus-28. The Java twins of three examples (test/java/src/main/java/examples/) are
// compiled with Maven, offline (-o) on the repository .tools/java/m2, and each must synthesize YAML byte-identical to
// its TypeScript twin; the README's Java samples compile and synthesize.
import { execFile, execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { promisify } from 'util';
import { App, Chart } from 'cdk8s';
import { devChart } from '../examples/dev';
import { operatorChart } from '../examples/operator';
import { secureProductionChart } from '../examples/secure-production';
import { bindingsEnv, expectSameYaml, runTool } from './bindings';

const TIMEOUT_MS = 300_000;
const REPO = resolve(__dirname, '..');
const MAVEN_REPOSITORY = join(REPO, '.tools', 'java', 'm2');

const env = (): NodeJS.ProcessEnv => bindingsEnv();

function run(cmd: string, args: string[]): string {
  return runTool(cmd, args, REPO, env());
}

// Java example → its TypeScript twin (same chart ids, so the same file names).
const EXAMPLES: Array<[string, (app: App) => Chart]> = [
  ['Dev', devChart],
  ['SecureProduction', secureProductionChart],
  ['OperatorMode', operatorChart],
];

describe('the Java package', () => {
  let workDir: string;
  let classPath: string[];
  const javaOutputs = new Map<string, string>();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'cdk8s-hivemq-java-'));
    // Both do nothing (but install the kept jar when another one is installed) when `npm test`'s pretest, or an earlier
    // run from the same sources, already did the work.
    run('bash', [join(REPO, 'test', 'tools', 'install-java-bindings.sh')]);
    const jar = run('bash', [join(REPO, 'test', 'tools', 'build-java-jar.sh')]).trim().split('\n').pop()!;
    expect(jar).toMatch(/cdk8s-hivemq-[0-9.]+\.jar$/);

    const build = join(workDir, 'build');
    run('mvn', ['--batch-mode', '--quiet', '-Dstyle.color=never', '-o', `-Dmaven.repo.local=${MAVEN_REPOSITORY}`,
      '-f', join(REPO, 'test', 'java', 'pom.xml'), `-DbuildDirectory=${build}`,
      'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${join(build, 'classpath')}`]);
    classPath = [join(build, 'classes'), ...readFileSync(join(build, 'classpath'), 'utf8').trim().split(':')];

    // One JVM (and one jsii runtime) per example, as a user's app runs; all at once, so their start-ups overlap.
    await Promise.all(EXAMPLES.map(async ([example]) => {
      const outdir = join(workDir, `java-${example}`);
      await promisify(execFile)('java', ['-cp', classPath.join(':'), `examples.${example}`, outdir], { cwd: REPO, env: env() })
        .catch((e: { code?: number; stderr?: string }) => {
          throw new Error(`examples.${example} failed (exit ${e.code}):\n${e.stderr ?? ''}`, { cause: e });
        });
      javaOutputs.set(example, outdir);
    }));
  }, TIMEOUT_MS);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test('the class path holds the jar built from the current sources and the bindings at the pinned versions', () => {
    const jars = classPath.slice(1).map((path) => path.slice(MAVEN_REPOSITORY.length + 1));
    expect(jars).toEqual(expect.arrayContaining([
      'cdk8shivemq/cdk8s-hivemq/0.1.0/cdk8s-hivemq-0.1.0.jar',
      'org/cdk8s/cdk8s/2.70.106/cdk8s-2.70.106.jar',
      'org/cdk8s/cdk8s-plus-28/2.5.6/cdk8s-plus-28-2.5.6.jar',
      'software/constructs/constructs/10.8.1/constructs-10.8.1.jar',
      'software/amazon/jsii/jsii-runtime/1.140.0/jsii-runtime-1.140.0.jar',
    ]));
    expect(classPath.slice(1).every((path) => path.startsWith(MAVEN_REPOSITORY + '/'))).toBe(true);
    // Each of those jars embeds the JavaScript it runs: the npm package of the same version.
    const embedded = run('jar', ['tf', join(MAVEN_REPOSITORY, 'org/cdk8s/cdk8s-plus-28/2.5.6/cdk8s-plus-28-2.5.6.jar')]);
    expect(embedded).toContain('org/cdk8s/plus28/cdk8s-plus-28@2.5.6.jsii.tgz');
  });

  test.each(EXAMPLES)('test/java/src/main/java/examples/%s.java synthesizes YAML byte-identical to its TypeScript twin', (example, build) => {
    const tsOut = join(workDir, `ts-${example}`);
    const app = new App({ outdir: tsOut });
    build(app);
    app.synth();

    const javaOut = javaOutputs.get(example)!;
    expectSameYaml(javaOut, tsOut);
  }, TIMEOUT_MS);

  test('every Java sample in the README compiles and synthesizes', () => {
    const samples = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/```java\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(samples.length).toBeGreaterThan(0);
    samples.forEach((sample, index) => {
      const className = /public (?:final )?class (\w+)/.exec(sample)![1];
      const sources = join(workDir, `readme-${index}-src`);
      const classes = join(workDir, `readme-${index}-classes`);
      mkdirSync(sources);
      writeFileSync(join(sources, `${className}.java`), sample);
      run('javac', ['-Xlint:all', '-Werror', '-cp', classPath.join(':'), '-d', classes, join(sources, `${className}.java`)]);
      const outdir = join(workDir, `readme-${index}`);
      execFileSync('java', ['-cp', [classes, ...classPath].join(':'), className],
        { cwd: workDir, env: { ...env(), CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
      const written = readdirSync(outdir);
      expect(written.length).toBeGreaterThan(0);
      expect(written.map((file) => readFileSync(join(outdir, file), 'utf8')).join('\n')).toContain('kind: StatefulSet');
    });
  }, TIMEOUT_MS);
});
