// The README's TypeScript samples type-check against the library: a sample that no longer compiles fails the suite.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const REPO = join(__dirname, '..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const samples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

const PRELUDE = [
  "import { App, Chart, Duration, JsonPatch, ApiObject, Size } from 'cdk8s';",
  "import { k8s } from 'cdk8s-plus-28';",
  "import * as lib from '../lib';",
  'const { HiveMQCluster, StorageProfile, MqttLoadBalancer, LoadBalancerProvider, ClusterSizing, DeploymentMode, NodeTuning, MqttListener, Keystore,',
  '  IssuerKind, Placement, TrafficPolicy, ExtensionSource, MqttGatewayRoute } = lib;',
  'declare const chart: Chart; declare const cluster: lib.HiveMQCluster; declare const w: lib.SizingWorkload;',
  'void [App, Duration, JsonPatch, ApiObject, Size, k8s, HiveMQCluster, StorageProfile, MqttLoadBalancer, LoadBalancerProvider, ClusterSizing,',
  '  DeploymentMode, NodeTuning, MqttListener, Keystore, IssuerKind, Placement, TrafficPolicy, ExtensionSource, MqttGatewayRoute,',
  '  chart, cluster, w];',
].join('\n');

/** A sample as a checkable source: full programs keep their imports (pointed at ../lib), fragments get a context. */
function asSource(sample: string, i: number): string {
  if (/^import /m.test(sample)) return sample.replace(/'cdk8s-hivemq'/g, "'../lib'");
  // A props fragment (`listeners: [...]`, `monitoring: {...}`) checks as the props object it belongs in.
  if (/^[a-zA-Z]+: /.test(sample.trim())) return `${PRELUDE}\nexport const props${i}: lib.HiveMQClusterProps = {\n${sample}\n};\n`;
  return `${PRELUDE}\nexport function sample${i}(): void {\n{\n${sample}\n}\n}\n`;
}

test('every TypeScript sample in the README type-checks', () => {
  expect(samples.length).toBeGreaterThan(5);
  const files = new Map(samples.map((s, i) => [join(REPO, 'test', `__readme_sample_${i}.ts`), asSource(s, i)]));
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true, resolveJsonModule: true, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => files.get(f) ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => files.has(f) || exists(f);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName)).map((d) => {
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${d.file!.fileName.split('/').pop()}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
  expect(problems).toEqual([]);
}, 60_000);
