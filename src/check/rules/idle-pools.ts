import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';

/** Scheduled runs of a pool that no worker polls pile up as Late; `workers: 0` is fine only when a worker runs elsewhere. */
export const scheduledPoolsHaveWorkers: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    if (app.kind !== 'prefect') continue;
    for (const pool of app.workPools) {
      const scheduled = pool.deployments.filter((d) => d.cron !== undefined || d.interval !== undefined).map((d) => d.name);
      if (pool.workers > 0 || scheduled.length === 0) continue;
      out.push({
        code: 'POOL_WITHOUT_WORKERS',
        severity: 'warning',
        path: [...pool.at, 'workers'],
        message: `work pool "${pool.name}" has no workers, but its deployment${scheduled.length === 1 ? '' : 's'} ${scheduled.join(', ')} run${scheduled.length === 1 ? 's' : ''} on a schedule; the runs will wait as Late`,
        hint: 'set workers to 1 or more, unless a worker outside this Compose project polls the pool',
      });
    }
  }
  return out;
};
