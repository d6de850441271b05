// What the Python, Java and Go tests share: the environment their tools run in, running a tool with its whole output in
// the error, and the comparison of a language's synthesized YAML with its TypeScript twin's.
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * Without npm's npm_* variables (`npm test` exports its config; a user's shell has none). The jsii runtime prints a banner
 * on every start under a Node.js it no longer supports (Node 20 since 2026-10-30); silenced for this Node only.
 */
export function bindingsEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_'))),
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
    ...extra,
  };
}

/** Runs a tool and returns its stdout; when it fails, throws with its full output (compilers report on stdout). */
export function runTool(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${err.status}):\n${err.stdout ?? ''}\n${err.stderr ?? ''}`, { cause: e });
  }
}

/** The same files in both folders, byte for byte (compared as text first, for a readable diff). */
export function expectSameYaml(languageOut: string, typescriptOut: string): void {
  const files = readdirSync(typescriptOut).sort();
  expect(files.length).toBeGreaterThan(0);
  expect(readdirSync(languageOut).sort()).toEqual(files);
  for (const file of files) {
    const [bytes, tsBytes] = [readFileSync(join(languageOut, file)), readFileSync(join(typescriptOut, file))];
    expect(bytes.toString('utf8')).toBe(tsBytes.toString('utf8'));
    expect(bytes.equals(tsBytes)).toBe(true);
  }
}
