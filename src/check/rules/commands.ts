import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';

/**
 * An app that reads an env file runs behind a shell wrapper that replaces the image's ENTRYPOINT, and
 * Compose then drops the image's CMD too. The image's own command line is not known at build time,
 * so the config has to say it.
 */
export const commandsForSecretReaders: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    if (app.kind === 'prefect' || app.envFile === undefined || app.command !== undefined) continue;
    out.push({
      code: 'MISSING_COMMAND',
      path: [...app.at, 'image'],
      message: `app "${app.name}" reads secrets from Vault but has no command`,
      hint: "add the image's full command line in exec form, e.g. command: [node, server.js]; the image's ENTRYPOINT and CMD are replaced by the wrapper that loads the secrets",
    });
  }
  return out;
};
