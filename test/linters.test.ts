// Independent linters over every example and the option matrix (test/verdict-inputs.ts): kubernetes-validate (strict,
// against the oldest Kubernetes the README supports and the newest it knows) and checkov. Both are PyPI packages pinned
// in test/linters/requirements.txt and installed into .tools/venv by test/tools/install-linters.sh, which `npm test`'s
// pretest step runs; a missing venv fails this suite. Accepted checkov findings: test/linters/accepted-findings.yaml.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { exampleInputs, matrixInputs, VerdictInput, writeYaml } from './verdict-inputs';

const VENV_BIN = path.join(__dirname, '..', '.tools', 'venv', 'bin');
const KUBERNETES_VALIDATE = path.join(VENV_BIN, 'kubernetes-validate');
const CHECKOV = path.join(VENV_BIN, 'checkov');
/** The oldest Kubernetes the README supports, and the newest kubernetes-validate 1.37.0 has schemas for. */
const KUBERNETES_VERSIONS = ['1.29.0', '1.37.0'];

for (const tool of [KUBERNETES_VALIDATE, CHECKOV]) {
  if (!fs.existsSync(tool)) throw new Error(`${tool} is missing: run bash test/tools/install-linters.sh (npm test's pretest step runs it).`);
}

/**
 * Neither linter reads a HiveMQPlatform (a custom resource), but the pod the operator runs is the StatefulSet spec the
 * resource carries in `spec.statefulSet.spec`, which the operator merges into its own StatefulSet (its selector is the
 * operator's, here the template's labels). That StatefulSet is linted as well, in a file `<app>-platform-statefulset`.
 */
function platformStatefulSets(input: VerdictInput): VerdictInput[] {
  const platforms = input.manifests.filter((m) => m.kind === 'HiveMQPlatform');
  if (platforms.length === 0) return [];
  return [{
    name: `${input.name}-platform-statefulset`,
    namespaces: input.namespaces,
    manifests: platforms.map((platform) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: platform.metadata.name, namespace: platform.metadata.namespace },
      // selector and serviceName are the operator's; the 1.29 schema requires them, so the view sets plausible ones.
      spec: {
        ...platform.spec.statefulSet.spec,
        selector: { matchLabels: platform.spec.statefulSet.spec.template.metadata.labels },
        serviceName: platform.metadata.name,
      },
    })),
  }];
}

const inputs: VerdictInput[] = [...exampleInputs(), ...matrixInputs()].flatMap((input) => [input, ...platformStatefulSets(input)]);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hivemq-linters-'));
const files = new Map(inputs.map((input) => [writeYaml(dir, input), input]));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Kinds outside Kubernetes' own API (custom resources): no schema of kubernetes-validate knows them. */
function customKinds(input: VerdictInput): string[] {
  const builtIn = /^(v1|apps\/v1|policy\/v1|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1|autoscaling\/v2)$/;
  return [...new Set(input.manifests.filter((m) => !builtIn.test(m.apiVersion)).map((m) => m.kind))].sort();
}

describe.each(KUBERNETES_VERSIONS)('kubernetes-validate --strict, Kubernetes %s', (version) => {
  // One call for every file; its output names the file on each line.
  const result = run(KUBERNETES_VALIDATE, ['--strict', '--kubernetes-version', version, ...files.keys()]);
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.trim());

  test('exits 0: no object fails the schema or has a field the schema does not know', () => {
    expect({ status: result.status, failures: lines.filter((line) => !/^(INFO|WARN) /.test(line)) }).toEqual({ status: 0, failures: [] });
  });

  test.each([...files.keys()].map((file) => [path.basename(file), file]))('%s: every built-in object validated, only custom resources unknown',
    (_name, file) => {
      const input = files.get(file)!;
      const ofFile = lines.filter((line) => line.includes(` ${file} `));
      const unknown = ofFile.map((line) => /^WARN .* Couldn't find schema for kind (\S+) with api version/.exec(line)).filter((m) => m).map((m) =>
        m![1]);
      // Everything else it says about the file is a pass ("INFO <file> passed"), one per object.
      expect(ofFile.filter((line) => !/Couldn't find schema for kind/.test(line) && !/^INFO .* passed/.test(line))).toEqual([]);
      expect([...new Set(unknown)].sort()).toEqual(customKinds(input));
      expect(ofFile.filter((line) => /^INFO .* passed/.test(line))).toHaveLength(input.manifests.length - unknown.length);
    });
});

interface Accepted { check: string; objects: string[]; why: string }

describe('checkov (kubernetes framework)', () => {
  const accepted = (yaml.parse(fs.readFileSync(path.join(__dirname, 'linters', 'accepted-findings.yaml'), 'utf8')).checkov as Accepted[]);
  // --skip-download: no guideline or policy download (CI has no network beyond package registries).
  const result = run(CHECKOV, ['--directory', dir, '--framework', 'kubernetes', '--output', 'json', '--skip-download', '--compact']);
  const report = JSON.parse(result.stdout);
  const results = (Array.isArray(report) ? report[0] : report).results;
  const findings: Array<{ check_id: string; resource: string; file_path: string }> = results.failed_checks;
  const passed: Array<{ file_path: string }> = results.passed_checks;
  // checkov names a resource Kind.namespace.name(.pod template labels, for its Pod view of a workload). An accepted
  // object is `Kind/name` in every app, or `app:Kind/name` in that app only (the app is the YAML file's name).
  const objectOf = (resource: string) => { const [kind, , name] = resource.split('.'); return `${kind}/${name}`; };
  const appOf = (file: string) => path.basename(file, '.yaml');
  const matches = (a: Accepted, f: { check_id: string; resource: string; file_path: string }, object: string) => a.check === f.check_id
    && (object === objectOf(f.resource) || object === `${appOf(f.file_path)}:${objectOf(f.resource)}`);

  test('checked every file', () => {
    expect(new Set(passed.map((p) => path.basename(p.file_path)))).toEqual(new Set([...files.keys()].map((file) => path.basename(file))));
  });

  test('every finding is listed in test/linters/accepted-findings.yaml', () => {
    const unaccepted = findings.filter((f) => !accepted.some((a) => a.objects.some((object) => matches(a, f, object))))
      .map((f) => `${f.check_id} ${f.resource} in ${path.basename(f.file_path)}`);
    expect(unaccepted).toEqual([]);
  });

  test('every accepted finding still occurs (the list does not go stale) and says why', () => {
    const stale = accepted.flatMap((a) => a.objects.filter((object) => !findings.some((f) => matches(a, f, object)))
      .map((object) => `${a.check} ${object}`));
    expect(stale).toEqual([]);
    for (const a of accepted) expect(a.why.length).toBeGreaterThan(20);
  });
});
