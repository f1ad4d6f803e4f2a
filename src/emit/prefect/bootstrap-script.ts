import type { Document } from '../../model/artifact.js';
import type { PrefectApp } from '../../model/model.js';
import { apiAuthVariables } from '../../model/prefect.js';
import { shellBare, shellComment, shellQuote, shellWord } from '../../serialize/shell.js';

/** `<app>/bootstrap-work-pools.sh`: every value reaches the template already quoted for sh. */
export function bootstrapScript(app: PrefectApp): Document {
  return {
    language: 'shell',
    template: 'bootstrap-work-pools.sh',
    view: {
      appName: shellComment(app.name),
      serverContainer: shellBare(app.server.container ?? app.server.service),
      apiUrlWord: shellQuote(app.server.apiUrl),
      auth: app.apiAuth.enabled
        ? { fileWord: shellWord(`${app.serverEnvFile.readDir}/${app.serverEnvFile.fileName}`), serverVariable: shellBare(apiAuthVariables.server) }
        : null,
      pools: app.workPools.map((pool) => {
        const limit = pool.poolConcurrencyLimit;
        return {
          comment: shellComment(`${pool.name}: environment ${pool.environment}, ${pool.workers} worker(s)`),
          nameWord: shellQuote(pool.name),
          limitWord: limit === undefined ? null : shellQuote(String(limit)),
        };
      }),
    },
  };
}
