import { riskGroups } from './kinds.js';
import type { Plan } from './plan.js';
import { countFiles, noRecordedModel, planCounts, type PlanHeading } from './summary.js';

/** The plan for a terminal: groups in order of risk, each line with the config position it comes from. */
export function renderText(plan: Plan, heading: PlanHeading): string {
  const lines = [`perfect-gen plan: ${heading.config} against ${heading.recorded}`];
  if (!plan.recorded) {
    lines.push(`${noRecordedModel}.`, `  ${plan.reason}`);
    if (plan.files.length === 0) lines.push('No generated file differs from the output folder.');
    else {
      lines.push(`${countFiles(plan.files)}:`, ...plan.files.map((f) => `  ${f.status.padEnd(8)} ${f.path}`));
      for (const f of plan.files) if (f.diff) lines.push('', f.diff.trimEnd());
    }
  } else if (plan.changes.length === 0) {
    lines.push('No changes: the config gives the recorded model, and every generated file is the same.');
  } else {
    const counts = planCounts(plan);
    lines.push(`${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}: ${counts.map(([g, n]) => `${g} ${n}`).join(', ')}`);
    const width = Math.max(...plan.changes.map((c) => c.kind.length));
    for (const group of riskGroups) {
      const changes = plan.changes.filter((c) => c.group === group);
      if (changes.length === 0) continue;
      lines.push('', group.toUpperCase());
      for (const c of changes) lines.push(`  ${c.kind.padEnd(width)}  ${c.message}`, `  ${' '.repeat(width)}  at ${c.location.file}:${c.location.line} (${c.location.path})`);
    }
    if (plan.files.length > 0) lines.push('', `${countFiles(plan.files)}:`, ...plan.files.map((f) => `  ${f.status.padEnd(8)} ${f.path}`));
  }
  if (plan.failures.length > 0) lines.push('', `--fail-on: this plan fails: ${plan.failures.join(', ')}`);
  return lines.join('\n') + '\n';
}
