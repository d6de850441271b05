// The README's constants table is checked against the one place the constants are written (lib/sizing/constant-table.ts).
import { readFileSync } from 'fs';
import { join } from 'path';
import { SizingConstants } from '../lib';
import { FIXED_CONSTANT_NAMES } from '../lib/sizing/constant-table';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

test('README sizing constants table matches SizingConstants.all()', () => {
  const block = readme.split('<!-- sizing-constants:start -->')[1]?.split('<!-- sizing-constants:end -->')[0];
  expect(block).toBeDefined();
  const rows = block.trim().split('\n').slice(2).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  const table = rows.map(([name, value, unit, tag, source]) => ({ name: name.replace(/`/g, ''), value: Number(value), unit, tag,
    source: source.replace(/\\\|/g, '|') }));
  const code = Object.entries(SizingConstants.all()).map(([name, c]) => ({ name, value: c.value, unit: c.unit, tag: c.tag, source: c.source }));
  expect(table).toEqual(code);
});

test('README Python section lists each SizingConstantOverrides field with its constant, generated from the table', () => {
  const block = readme.split('<!-- python-constant-names:start -->')[1]?.split('<!-- python-constant-names:end -->')[0];
  expect(block).toBeDefined();
  const pairs = block.trim().split(/,\s*/).map((pair) => pair.replace(/`/g, '').split(' ↔ '));
  // jsii's Python name of the camelCase property (`kOps` → `k_ops`) is the constant's name in lower case.
  const overridable = Object.keys(SizingConstants.all()).filter((name) => !FIXED_CONSTANT_NAMES.includes(name));
  expect(pairs).toEqual(overridable.map((name) => [name.toLowerCase(), name]));
});

test('README quick start shows the install-and-synth command and the test command', () => {
  expect(readme).toContain('npm ci && npm run synth');
  expect(readme).toContain('npm test');
});

test('README install lines name the peers and the tools a TypeScript app needs for `cdk8s synth`, at the versions package.json pins', () => {
  const devDependencies: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).devDependencies;
  const block = readme.split('<!-- install:start -->')[1]?.split('<!-- install:end -->')[0];
  expect(block).toBeDefined();
  const lines = block.split('\n').filter((l) => l.startsWith('npm '));
  const pinned = (names: string[]) => names.map((n) => `${n}@${devDependencies[n]}`).join(' ');
  // The peers as test/package.test.ts installs them next to the packed tarball.
  expect(lines[0]).toBe(`npm install cdk8s-hivemq ${pinned(['cdk8s', 'cdk8s-plus-28', 'constructs'])}`);
  // TypeScript 7 breaks ts-node 10: the README names the TypeScript the repository builds with.
  expect(devDependencies.typescript).toBe('~5.9.3');
  expect(lines[1]).toBe(`npm install --save-dev ${pinned(['cdk8s-cli', 'typescript', 'ts-node'])}`);
  expect(lines).toHaveLength(2);
});
