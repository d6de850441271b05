// The README's constants table is checked against the one place the constants are written (lib/storage-sizing.ts).
import { readFileSync } from 'fs';
import { join } from 'path';
import { SIZING_CONSTANTS } from '../lib';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

test('README sizing constants table matches SIZING_CONSTANTS', () => {
  const block = readme.split('<!-- sizing-constants:start -->')[1]?.split('<!-- sizing-constants:end -->')[0];
  expect(block).toBeDefined();
  const rows = block!.trim().split('\n').slice(2).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  const table = rows.map(([name, value, unit, tag, source]) => ({ name: name.replace(/`/g, ''), value: Number(value), unit, tag, source: source.replace(/\\\|/g, '|') }));
  const code = Object.entries(SIZING_CONSTANTS).map(([name, c]) => ({ name, value: c.value, unit: c.unit, tag: c.tag as string, source: c.source }));
  expect(table).toEqual(code);
});

test('README quick start shows the install-and-synth command and the test command', () => {
  expect(readme).toContain('npm ci && npm run synth');
  expect(readme).toContain('npm test');
});
