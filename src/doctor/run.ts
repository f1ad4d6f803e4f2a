import { checkGroups, type CheckGroup, type CheckId } from './check-ids.js';
import { driftCheck } from './checks/drift.js';
import { prefectChecks } from './checks/prefect.js';
import { secretsChecks } from './checks/secrets.js';
import { ssoChecks } from './checks/sso.js';
import { tlsChecks } from './checks/tls.js';
import type { DoctorContext } from './context.js';
import { seconds } from './deadline.js';
import { fail, summarize, type CheckRow, type DoctorReport } from './report.js';

const groups: Readonly<Record<CheckGroup, (ctx: DoctorContext) => CheckRow[] | Promise<CheckRow[]>>> = {
  tls: tlsChecks,
  sso: ssoChecks,
  prefect: prefectChecks,
  secrets: secretsChecks,
  drift: driftCheck,
};

/** How long past the deadline a group may take to turn its timed-out probes into rows. */
const graceMs = 250;

/**
 * Runs the selected groups side by side. Every probe takes its timeout from the deadline; should a
 * group still not finish, or throw, it becomes one `fail` row rather than a hang or a stack trace.
 */
export async function runDoctor(ctx: DoctorContext): Promise<DoctorReport> {
  const selected = (Object.keys(groups) as CheckGroup[]).filter((group) => ctx.selection.hasGroup(group));
  const rows = await Promise.all(selected.map((group) => guarded(ctx, group)));
  return summarize(rows.flat().filter((row) => ctx.selection.has(row.id as CheckId)));
}

async function guarded(ctx: DoctorContext, group: CheckGroup): Promise<CheckRow[]> {
  const id = checkGroups[group][0];
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckRow[]>((settle) => {
    timer = setTimeout(() => settle([fail(id, group, `did not finish within ${seconds(ctx.deadline.remainingMs() + graceMs)}`, 'Run again with a larger --timeout, or with --only to check less at once.')]), ctx.deadline.remainingMs() + graceMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => groups[group](ctx)), late]);
  } catch (error) {
    return [fail(id, group, `the check stopped: ${error instanceof Error ? error.message : String(error)}`, 'This is a bug in perfect-gen; please report it with the row.')];
  } finally {
    clearTimeout(timer);
  }
}
