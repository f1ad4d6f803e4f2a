import type { CheckStatus, DoctorReport } from './report.js';

export function renderJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

const colors: Readonly<Record<CheckStatus, string>> = { ok: '32', warn: '1;33', fail: '1;31' };

export interface TextOptions {
  readonly color: boolean;
  /** Leave out the `ok` rows (`--quiet`). */
  readonly problemsOnly: boolean;
  /** Lines printed before the summary. */
  readonly notes: readonly string[];
}

/** One line per row, `fix:` under each row that needs one, then a summary line. */
export function renderText(report: DoctorReport, { color, problemsOnly, notes }: TextOptions): string {
  const paint = (status: CheckStatus) => (color ? `\u001b[${colors[status]}m${status.padEnd(4)}\u001b[0m` : status.padEnd(4));
  const shown = problemsOnly ? report.checks.filter((c) => c.status !== 'ok') : report.checks;
  const idWidth = Math.max(0, ...shown.map((c) => c.id.length));
  const lines = shown.flatMap((c) => [
    `${paint(c.status)}  ${c.id.padEnd(idWidth)}  ${c.subject}: ${c.saw}`,
    ...(c.fix === '' ? [] : [`      ${' '.repeat(idWidth)}  fix: ${c.fix}`]),
  ]);
  const { ok, warn, fail } = report.summary;
  const verdict = fail > 0 ? 'something is broken' : warn > 0 ? 'healthy, with warnings' : 'healthy';
  return [...lines, ...notes, `${ok} ok, ${warn} warn, ${fail} fail: ${verdict}`].join('\n') + '\n';
}
