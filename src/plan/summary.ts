import { riskGroups, type RiskGroup } from './kinds.js';
import type { FileChange, Plan } from './plan.js';

/** What the plan compares: the config and the recorded manifest, as the user named them. */
export interface PlanHeading {
  readonly config: string;
  readonly recorded: string;
}

export const noRecordedModel = 'no recorded model; showing the file diff';

/** Changes per risk group, in order of risk, groups without changes left out. */
export function planCounts(plan: Extract<Plan, { readonly recorded: true }>): [RiskGroup, number][] {
  return riskGroups.map((g): [RiskGroup, number] => [g, plan.changes.filter((c) => c.group === g).length]).filter(([, n]) => n > 0);
}

/** `3 generated files change (2 changed, 1 added)`. */
export function countFiles(files: readonly FileChange[]): string {
  const parts = (['changed', 'added', 'removed'] as const).map((s) => [s, files.filter((f) => f.status === s).length] as const).filter(([, n]) => n > 0);
  return `${files.length} generated ${files.length === 1 ? 'file changes' : 'files change'} (${parts.map(([s, n]) => `${n} ${s}`).join(', ')})`;
}
