// Synthesis benchmark: what HiveMQCluster costs over a bare cdk8s-plus StatefulSet, for 1 and for 100 instances in a chart.
// Run with `npm run bench`. Not a jest test: timings are noisy on shared CI runners, so they are printed, never asserted.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HiveMQCluster } from '../lib';

const IMAGE = 'hivemq/hivemq4:4.54.0';
const WARMUP_RUNS = 3;

interface Scenario {
  readonly name: string;
  readonly count: number;
  readonly iterations: number;
  readonly populate: (chart: Chart, count: number) => void;
}

interface Result {
  readonly scenario: Scenario;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly apiObjects: number;
  readonly yamlBytes: number;
}

// synthYaml() writes nothing, but App still wants an outdir; a private temp dir keeps a stray synth() out of the repo's dist/.
const outdir = mkdtempSync(join(tmpdir(), 'cdk8s-hivemq-bench-'));

const hivemq = (chart: Chart, count: number): void => {
  for (let i = 0; i < count; i++) {
    new HiveMQCluster(chart, `broker${i}`);
  }
};

// kplus.StatefulSet creates its own headless Service and throws when no container declares a port, so the container has
// MQTT's: the baseline is then a StatefulSet plus a Service, the bare minimum of a working broker.
const baseline = (chart: Chart, count: number): void => {
  for (let i = 0; i < count; i++) {
    new kplus.StatefulSet(chart, `broker${i}`, { containers: [{ image: IMAGE, portNumber: 1883 }] });
  }
};

const scenarios: Scenario[] = [
  { name: 'HiveMQCluster', count: 1, iterations: 20, populate: hivemq },
  { name: 'kplus.StatefulSet', count: 1, iterations: 20, populate: baseline },
  { name: 'HiveMQCluster', count: 100, iterations: 3, populate: hivemq },
  { name: 'kplus.StatefulSet', count: 100, iterations: 3, populate: baseline },
];

/** Builds the construct tree and synthesizes it: both are what `cdk8s synth` pays for, so both are inside the timing. */
function synthOnce(s: Scenario): { ms: number; app: App; yaml: string } {
  const start = process.hrtime.bigint();
  const app = new App({ outdir });
  const chart = new Chart(app, 'bench', { namespace: 'iot' });
  s.populate(chart, s.count);
  const yaml = app.synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, app, yaml };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function run(s: Scenario): Result {
  // Warm-up lets V8 compile the hot paths (and loads every module) before anything is measured.
  let last = synthOnce(s);
  for (let i = 1; i < WARMUP_RUNS; i++) {
    last = synthOnce(s);
  }
  const apiObjects = last.app.node.findAll().filter((c) => c instanceof ApiObject).length;
  const yamlBytes = Buffer.byteLength(last.yaml);
  const times: number[] = [];
  for (let i = 0; i < s.iterations; i++) {
    times.push(synthOnce(s).ms);
  }
  return { scenario: s, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), apiObjects, yamlBytes };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // Text columns left-aligned, numbers right-aligned, so digits line up.
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

function main(): void {
  const wallStart = process.hrtime.bigint();
  let results: Result[];
  try {
    results = scenarios.map(run);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  console.log(`cdk8s synthesis benchmark (node ${process.version}, ${WARMUP_RUNS} warm-up runs, median of N timed runs)\n`);
  console.log(table(
    ['scenario', 'N', 'API objects', 'YAML KiB', 'median ms', 'min ms', 'max ms'],
    results.map((r) => [
      `${r.scenario.count} x ${r.scenario.name}`,
      String(r.scenario.iterations),
      String(r.apiObjects),
      (r.yamlBytes / 1024).toFixed(1),
      r.medianMs.toFixed(2),
      r.minMs.toFixed(2),
      r.maxMs.toFixed(2),
    ]),
  ));

  const ratio = (count: number): string => {
    const of = (name: string) => results.find((r) => r.scenario.count === count && r.scenario.name === name)!;
    return (of('HiveMQCluster').medianMs / of('kplus.StatefulSet').medianMs).toFixed(2);
  };
  console.log('\nHiveMQCluster / kplus.StatefulSet (median):');
  console.log(`  1 instance:    ${ratio(1)}x`);
  console.log(`  100 instances: ${ratio(100)}x`);
  console.log(`\ntotal wall time: ${(Number(process.hrtime.bigint() - wallStart) / 1e9).toFixed(1)} s`);
}

main();
