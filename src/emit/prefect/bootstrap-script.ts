import type { PrefectApp, WorkPool } from '../../model/model.js';
import { header, type CommentStyle } from '../../serialize/header.js';
import { renderTemplate } from '../../serialize/templates.js';
import type { EmitContext } from '../types.js';
import { defaults } from '../../normalize/defaults.js';
import { shellQuote, shellWord } from '../../serialize/shell.js';

const commentStyle: CommentStyle = 'hash';

/**
 * The pool-wide limit. `concurrencyLimit` is per worker (schema), and a pool's limit caps all of
 * its workers together, so the pool gets the per-worker limit times the worker count.
 */
export function poolConcurrencyLimit(pool: WorkPool): number | undefined {
  return pool.concurrencyLimit === undefined ? undefined : pool.concurrencyLimit * Math.max(pool.workers, 1);
}

/** `<app>/bootstrap-work-pools.sh`: every value reaches the template already quoted for sh. */
export function bootstrapScript(app: PrefectApp, context: EmitContext): string {
  return renderTemplate('bootstrap-work-pools.sh', {
    header: header(context.provenance, commentStyle),
    appName: app.name,
    serverContainer: app.server.container ?? app.server.service,
    apiUrlWord: shellQuote(app.server.apiUrl),
    auth: app.apiAuth.enabled
      ? { fileWord: shellWord(`${app.serverEnvFile.readDir}/${app.serverEnvFile.fileName}`), serverVariable: defaults.apiAuthVariables.server }
      : null,
    pools: app.workPools.map((pool) => {
      const limit = poolConcurrencyLimit(pool);
      return {
        comment: `${pool.name}: environment ${pool.environment}, ${pool.workers} worker(s)`,
        nameWord: shellQuote(pool.name),
        limitWord: limit === undefined ? null : shellQuote(String(limit)),
      };
    }),
  });
}
