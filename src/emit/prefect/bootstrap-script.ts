import type { PrefectApp } from '../../model/model.js';
import { apiAuthVariables } from '../../model/prefect.js';
import { header, type CommentStyle } from '../../serialize/header.js';
import { renderTemplate } from '../../serialize/templates.js';
import type { EmitContext } from '../types.js';
import { shellQuote, shellWord } from '../../serialize/shell.js';

const commentStyle: CommentStyle = 'hash';

/** `<app>/bootstrap-work-pools.sh`: every value reaches the template already quoted for sh. */
export function bootstrapScript(app: PrefectApp, context: EmitContext): string {
  return renderTemplate('bootstrap-work-pools.sh', {
    header: header(context.provenance, commentStyle),
    appName: app.name,
    serverContainer: app.server.container ?? app.server.service,
    apiUrlWord: shellQuote(app.server.apiUrl),
    auth: app.apiAuth.enabled
      ? { fileWord: shellWord(`${app.serverEnvFile.readDir}/${app.serverEnvFile.fileName}`), serverVariable: apiAuthVariables.server }
      : null,
    pools: app.workPools.map((pool) => {
      const limit = pool.poolConcurrencyLimit;
      return {
        comment: `${pool.name}: environment ${pool.environment}, ${pool.workers} worker(s)`,
        nameWord: shellQuote(pool.name),
        limitWord: limit === undefined ? null : shellQuote(String(limit)),
      };
    }),
  });
}
