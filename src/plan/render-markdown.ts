import { isChangeKind, kindOrder, riskGroups } from './kinds.js';
import type { FileChange, Plan } from './plan.js';
import { countFiles, noRecordedModel, planCounts, type PlanHeading } from './summary.js';

/**
 * The plan as a pull-request comment (GitHub-flavoured CommonMark): a summary table first, then
 * one collapsible section per risk group. Text from the config (group names, reasons) is escaped,
 * so it cannot open HTML, links or tables of its own.
 */
export function renderMarkdown(plan: Plan, heading: PlanHeading): string {
  const out = ['### perfect-gen plan', '', `${code(heading.config)} compared with ${code(heading.recorded)}`, ''];
  if (plan.failures.length > 0) out.push(`**Fails \`--fail-on\`:** ${plan.failures.map((f) => (isChangeKind(f) ? `\`${f}\`` : escape(f))).join(', ')}`, '');
  if (!plan.recorded) {
    out.push(`**${capitalize(noRecordedModel)}.** ${escape(plan.reason)}`, '');
    if (plan.files.length === 0) out.push('No generated file differs from the output folder.', '');
    else out.push(...fileTable(plan.files), ...plan.files.flatMap(fileDiff));
    return out.join('\n');
  }
  if (plan.changes.length === 0) {
    out.push('**No changes:** the config gives the recorded model, and every generated file is the same.', '');
    return out.join('\n');
  }
  out.push('| risk | changes | kinds |', '| --- | ---: | --- |');
  for (const [group, n] of planCounts(plan)) {
    const kinds = kindOrder.map((k) => [k, plan.changes.filter((c) => c.kind === k && c.group === group).length] as const).filter(([, c]) => c > 0);
    out.push(`| **${group}** | ${n} | ${kinds.map(([k, c]) => `\`${k}\` ×${c}`).join(', ')} |`);
  }
  if (plan.files.length > 0) out.push(`| files | ${plan.files.length} | ${escape(countFiles(plan.files))} |`);
  out.push('');
  let first = true;
  for (const group of riskGroups) {
    const changes = plan.changes.filter((c) => c.group === group);
    if (changes.length === 0) continue;
    // The most dangerous group present starts open; the rest are a click away.
    out.push(`<details${first ? ' open' : ''}><summary><b>${group}</b>: ${changes.length} change${changes.length === 1 ? '' : 's'}</summary>`, '');
    out.push('| kind | change | config |', '| --- | --- | --- |');
    for (const c of changes) out.push(`| \`${c.kind}\` | ${escape(c.message)} | ${code(`${c.location.file}:${c.location.line}`)} |`);
    out.push('', '</details>', '');
    first = false;
  }
  if (plan.files.length > 0) out.push(`<details><summary>${escape(countFiles(plan.files))}</summary>`, '', ...fileTable(plan.files), '</details>', '');
  return out.join('\n');
}

function fileTable(files: readonly FileChange[]): string[] {
  return ['| file | status |', '| --- | --- |', ...files.map((f) => `| ${escape(f.path)} | ${f.status} |`), ''];
}

function fileDiff(file: FileChange): string[] {
  if (!file.diff) return [];
  const fence = '`'.repeat(Math.max(3, longestRun(file.diff, '`') + 1));
  return [`<details><summary>${escape(file.path)} (${file.status})</summary>`, '', fence + 'diff', file.diff.trimEnd(), fence, '', '</details>', ''];
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/**
 * Inline text inside a paragraph or a table cell: the characters that could start markup there
 * (emphasis, code, links, table cells, strike-through, math, `#123` references, `@` mentions) are
 * backslash-escaped, HTML is entity-escaped, line breaks become spaces.
 */
export function escape(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]#|~$@]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A code span for plain path-like text; anything else is escaped text (a backtick or `|` would end the span or the cell). */
const code = (text: string): string => (/^[\w./:@+-]+$/.test(text) ? `\`${text}\`` : escape(text));

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
