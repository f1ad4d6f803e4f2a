import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';
import { cronProblem } from '../schedule/cron.js';
import { timeZoneProblem } from '../schedule/time-zone.js';

/** Prefect refuses a bad schedule only when `prefect deploy` runs; here it fails the build instead. */
export const schedulesAreValid: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    if (app.kind !== 'prefect') continue;
    for (const deployment of app.workPools.flatMap((pool) => pool.deployments)) {
      const cron = deployment.cron === undefined ? undefined : cronProblem(deployment.cron);
      if (cron) out.push({ code: 'CRON_INVALID', path: [...deployment.at, 'cron'], ...cron });
      const zone = deployment.timezone === undefined ? undefined : timeZoneProblem(deployment.timezone);
      if (zone) out.push({ code: 'TIMEZONE_UNKNOWN', path: [...deployment.at, 'timezone'], ...zone });
    }
  }
  return out;
};
