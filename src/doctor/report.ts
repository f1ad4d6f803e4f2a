/** One line of a doctor run: what was checked, what it saw, and what to do about it. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckRow {
  /** A check id from check-ids.ts, stable for scripts: `tls`, `prefect.workers`. */
  readonly id: string;
  readonly status: CheckStatus;
  /** What was checked: a host, a work pool, a container, a file. */
  readonly subject: string;
  readonly saw: string;
  /** Empty when the status is `ok`. */
  readonly fix: string;
}

export interface DoctorSummary {
  readonly ok: number;
  readonly warn: number;
  readonly fail: number;
  /** The worst status of all rows; `ok` when there are none. */
  readonly status: CheckStatus;
}

/** The JSON shape `doctor --format json` prints; scripts and the end-to-end suite rely on it. */
export interface DoctorReport {
  readonly checks: readonly CheckRow[];
  readonly summary: DoctorSummary;
}

export const ok = (id: string, subject: string, saw: string): CheckRow => ({ id, status: 'ok', subject, saw, fix: '' });
export const warn = (id: string, subject: string, saw: string, fix: string): CheckRow => ({ id, status: 'warn', subject, saw, fix });
export const fail = (id: string, subject: string, saw: string, fix: string): CheckRow => ({ id, status: 'fail', subject, saw, fix });

export function summarize(checks: readonly CheckRow[]): DoctorReport {
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  const summary = { ok: count('ok'), warn: count('warn'), fail: count('fail') };
  return { checks, summary: { ...summary, status: summary.fail > 0 ? 'fail' : summary.warn > 0 ? 'warn' : 'ok' } };
}
