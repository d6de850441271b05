// The preflight as the CLI prints it: a readable report (ANSI colour only on a terminal) or JSON, and its exit code.
import { Preflight } from './preflight';
import { PreflightFinding, PreflightResult, PreflightVerdict } from './preflight-result';

const STYLES = { red: '31', yellow: '33', green: '32', cyan: '36', bold: '1' };
type Style = keyof typeof STYLES;

const VERDICTS: { [verdict: string]: [string, Style] } = {
  [PreflightVerdict.NEEDS_MANUAL_STEP]: ['NEEDS A MANUAL STEP: Kubernetes refuses or ignores part of this change', 'red'],
  [PreflightVerdict.RISKS_DATA]: ['RISKS DATA OR AVAILABILITY: read before applying', 'yellow'],
  [PreflightVerdict.SAFE]: ['SAFE to apply', 'green'],
};

export function formatPreflightReport(result: PreflightResult, colour: boolean): string {
  const paint = (style: Style, line: string) => (colour ? `\u001b[${STYLES[style]}m${line}\u001b[0m` : line);
  const finding = (f: PreflightFinding) => [
    `  - ${f.resource} ${f.field}${f.before || f.after ? `: ${f.before || '(none)'} → ${f.after || '(none)'}` : ''}`,
    `    ${f.summary}`,
    ...f.procedure.map((step, index) => `    ${index + 1}. ${step}`),
  ];
  const [verdict, style] = VERDICTS[result.verdict];
  const lines = [paint(style, paint('bold', `Preflight: ${verdict}`))];
  const section = (title: string, colourOf: Style, findings: PreflightFinding[]) => (findings.length === 0 ? []
    : ['', paint(colourOf, `${title} (${findings.length}):`), ...findings.flatMap(finding)]);
  lines.push(...section('Refused or ignored by Kubernetes (manual step)', 'red', result.refused),
    ...section('Risks data or availability', 'yellow', result.risks));
  if (result.rolls.length > 0) {
    lines.push('', paint('cyan', `Rolls (${result.rolls.length}):`),
      ...result.rolls.flatMap((roll) => [`  - ${roll.resource}: ${roll.reason}`, `    ${roll.estimate}`]));
  }
  if (result.safe.length > 0) {
    lines.push('', paint('green', `Safe (${result.safe.length}):`), ...result.safe.map((f) => `  - ${f.resource}: ${f.summary}`));
  }
  if (result.refused.length + result.risks.length + result.rolls.length + result.safe.length === 0) lines.push('No changes.');
  return `${lines.join('\n')}\n`;
}

/** What the CLI writes and its exit code. */
export interface PreflightCommandOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `cdk8s-hivemq preflight`: exit 0 when safe, 1 when something needs a manual step or risks data, 2 for bad input. */
export function runPreflightCommand(beforeDir: string, afterDir: string, json: boolean, colour: boolean): PreflightCommandOutput {
  let result: PreflightResult;
  try {
    result = Preflight.compareFolders(beforeDir, afterDir);
  } catch (e) {
    return { exitCode: 2, stdout: '', stderr: `cdk8s-hivemq: preflight: ${(e as Error).message.replace(/^Preflight: /, '').split('\n')[0]}\n` };
  }
  return { exitCode: result.exitCode, stdout: json ? `${JSON.stringify(result, null, 2)}\n` : formatPreflightReport(result, colour), stderr: '' };
}

