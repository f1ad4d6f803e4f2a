import { riskGroups, type ChangeKind } from './kinds.js';
import type { Plan } from './plan.js';
import type { PlanHeading } from './summary.js';

/** The version of the JSON plan document; documented in the README. */
export const planDocumentVersion = 1;

/** One stable JSON document; keys and their order never depend on the plan. */
export function renderJson(plan: Plan, heading: PlanHeading, failOn: readonly ChangeKind[]): string {
  const changes = plan.recorded ? plan.changes : [];
  const document = {
    planVersion: planDocumentVersion,
    config: heading.config,
    recorded: heading.recorded,
    status: !plan.recorded ? 'no-recorded-model' : changes.length === 0 ? 'no-changes' : 'changes',
    reason: plan.recorded ? null : plan.reason,
    summary: Object.fromEntries(riskGroups.map((g) => [g, changes.filter((c) => c.group === g).length])),
    changes: changes.map((c) => ({ kind: c.kind, group: c.group, message: c.message, location: c.location })),
    files: plan.files.map((f) => ({ path: f.path, status: f.status, ...(f.diff !== undefined && { diff: f.diff }) })),
    failOn: { kinds: failOn, failed: plan.failures.length > 0, reasons: plan.failures },
  };
  return JSON.stringify(document, null, 2) + '\n';
}
