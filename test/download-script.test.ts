// Runs the init container's download script under a POSIX shell with stand-ins for curl and unzip (no network):
// the checksum logic is what protects the brokers from a corrupted or swapped extension.
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DOWNLOAD_SCRIPT } from '../lib/render/pod-template';

const ZIP = 'not really a zip, but bytes with a known digest';
const DIGEST = createHash('sha256').update(ZIP).digest('hex');

function run(env: Record<string, string>, sha256File: string | null): { code: number; stderr: string; unzipped: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'dl-'));
  try {
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin, join(dir, 'target')]);
    // curl stand-in: writes the zip, or the .sha256 file (missing => HTTP failure, exit 22 as curl --fail does).
    writeFileSync(join(bin, 'curl'), `#!/bin/sh
out=""; url=""
while [ $# -gt 0 ]; do case "$1" in --output) out="$2"; shift 2;; --*) shift;; *) url="$1"; shift;; esac; done
case "$url" in
  *.sha256) [ -f "${dir}/published.sha256" ] || exit 22; cp "${dir}/published.sha256" "$out";;
  *) printf '%s' '${ZIP}' > "$out";;
esac
`);
    writeFileSync(join(bin, 'unzip'), `#!/bin/sh\necho "$@" > "${dir}/unzipped"\n`);
    chmodSync(join(bin, 'curl'), 0o755);
    chmodSync(join(bin, 'unzip'), 0o755);
    if (sha256File !== null) writeFileSync(join(dir, 'published.sha256'), sha256File);
    const script = DOWNLOAD_SCRIPT.replace(/\$TARGET/g, join(dir, 'target'));
    try {
      execFileSync('/bin/sh', ['-c', script], { env: { PATH: `${bin}:/usr/bin:/bin`, EXTENSION_URL: 'https://example.com/ext.zip', ...env }, stdio: 'pipe' });
      return { code: 0, stderr: '', unzipped: readFileSync(join(dir, 'unzipped'), 'utf8').trim() };
    } catch (e: any) {
      return { code: e.status, stderr: String(e.stderr), unzipped: existsSync(join(dir, 'unzipped')) ? 'yes' : null };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('extension download script', () => {
  test('a pinned SHA-256 that matches: unzips into the target and removes the zip', () => {
    const r = run({ EXTENSION_SHA256: DIGEST }, null);
    expect(r.code).toBe(0);
    expect(r.unzipped).toMatch(/^-o -q .*\/target\/\.download\.zip -d .*\/target$/);
  });

  test('a pinned SHA-256 that does not match: fails before unzipping', () => {
    const r = run({ EXTENSION_SHA256: 'f'.repeat(64) }, `${DIGEST}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`SHA-256 of https://example.com/ext.zip is ${DIGEST}, expected ${'f'.repeat(64)}`);
    expect(r.unzipped).toBeNull();
  });

  test('no pin: uses the published .sha256 (hex digest and newline)', () => {
    expect(run({}, `${DIGEST}\n`).code).toBe(0);
    const wrong = run({}, `${'0'.repeat(64)}\n`);
    expect(wrong.code).toBe(1);
    expect(wrong.unzipped).toBeNull();
  });

  test('no pin and no published checksum, or a malformed one: fails with a clear message', () => {
    const missing = run({}, null);
    expect(missing.code).not.toBe(0);
    expect(missing.unzipped).toBeNull();
    const malformed = run({}, '<html>rate limited</html>\n');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('no SHA-256 to check https://example.com/ext.zip against');
    const short = run({ EXTENSION_SHA256: 'abc' }, null);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('has 3 digits, expected 64');
  });
});
