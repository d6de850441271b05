// The structure's own rules: no import cycles in lib/ and bin/, and the examples' YAML byte-identical to the recorded
// digests (a restructuring must not change output; a deliberate change updates test/fixtures/examples.sha256 and says why).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import madge from 'madge';
import { synthExamples } from '../examples/main';

const ROOT = path.join(__dirname, '..');

test('lib/ and bin/ have no import cycles (type-only imports included)', async () => {
  const graph = await madge([path.join(ROOT, 'lib'), path.join(ROOT, 'bin')], { fileExtensions: ['ts'], tsConfig: path.join(ROOT, 'tsconfig.json') });
  expect(graph.circular()).toEqual([]);
  // The check can fail: madge sees the files.
  expect(Object.keys(graph.obj()).length).toBeGreaterThan(30);
}, 30_000);

test('every example synthesizes to YAML with the recorded SHA-256 digest', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
  try {
    synthExamples(outdir);
    const digests = fs.readdirSync(outdir).sort().map((file) =>
      `${createHash('sha256').update(fs.readFileSync(path.join(outdir, file))).digest('hex')}  ${file}`);
    expect(digests.join('\n') + '\n').toBe(fs.readFileSync(path.join(__dirname, 'fixtures', 'examples.sha256'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
