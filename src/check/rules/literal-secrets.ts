import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { WrittenConfig, WrittenServiceOptions } from '../../model/written-config.js';
import type { Rule } from '../rule.js';
import { isSecretFlag, isSecretName, isSettingValue, secretInArgument, secretShape, shapeText } from './secret-like.js';

/** Whether a value looks like a secret by its shape alone (a token, a URL with a password, a key, a hash). */
export function looksLikeSecret(value: string): boolean {
  return secretShape(value) !== undefined;
}

const vaultHint = (name: string) =>
  `move it to Vault and list it under secrets: { env: ${name}, path: <mount>/<path>, key: <field> }; if it is a setting, not a secret, list ${name} under notSecret beside environment`;
const visibleHint = 'anyone who can read the config or inspect the container sees it; keep secrets in Vault and reference them under secrets';

type Report = (path: ConfigPath, message: string, hint: string) => void;

/**
 * A `name: value` entry: secret by its name (unless the value is a flag, empty or plainly a setting)
 * or by the value's shape. An entry declared not secret is refused only for a format that only
 * secrets have, never for its name or its randomness.
 */
function entry(name: string, raw: unknown, path: ConfigPath, what: string, hint: string, report: Report, declaredPlain = false): void {
  if (typeof raw === 'boolean' || raw === null || raw === undefined) return;
  if (typeof raw !== 'string' && typeof raw !== 'number') return;
  const value = String(raw);
  if (value === '') return;
  if (!declaredPlain && isSecretName(name) && !isSettingValue(value)) {
    report(path, `${what} ${name} looks like a secret but has a literal value`, hint);
    return;
  }
  const shape = typeof raw === 'string' ? secretShape(value) : undefined;
  if (shape && !(declaredPlain && shape === 'random-key')) report(path, `the value of ${what} ${name} looks like ${shapeText[shape]}`, hint);
}

/** Free text (titles, descriptions, reasons): only the shape of what is pasted into it counts. */
function text(value: string | undefined, path: ConfigPath, what: string, report: Report): void {
  if (value === undefined) return;
  const shape = secretShape(value);
  if (shape) report(path, `${what} contains ${shapeText[shape]}`, visibleHint);
}

function options(written: WrittenServiceOptions | undefined, path: ConfigPath, report: Report): void {
  const plain = new Set(written?.notSecret ?? []);
  for (const [name, value] of Object.entries(written?.environment ?? {})) {
    entry(name, value, [...path, 'environment', name], 'variable', vaultHint(name), report, plain.has(name));
  }
  for (const [name, value] of Object.entries(written?.labels ?? {})) entry(name, value, [...path, 'labels', name], 'label', visibleHint, report);
  for (const [name, value] of Object.entries(written?.logging?.options ?? {})) {
    entry(name, value, [...path, 'logging', 'options', name], 'logging option', visibleHint, report);
  }
}

function command(args: readonly string[] | undefined, path: ConfigPath, report: Report): void {
  (args ?? []).forEach((arg, i) => {
    const previous = args?.[i - 1];
    const shape = secretShape(arg);
    if (secretInArgument(arg) || (previous !== undefined && isSecretFlag(previous) && !arg.startsWith('$') && arg !== '')) {
      report([...path, i], 'this command argument passes a secret on the command line', 'read it from an environment variable rendered from Vault (secrets), such as "$DB_PASSWORD" under sh -c');
    } else if (shape) report([...path, i], `this command argument contains ${shapeText[shape]}`, visibleHint);
  });
}

/** Deployment parameters are free-form; every key and string in them is looked at. */
function parameters(value: unknown, path: ConfigPath, report: Report): void {
  if (Array.isArray(value)) value.forEach((item, i) => parameters(item, [...path, i], report));
  else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      if (item !== null && typeof item === 'object') parameters(item, [...path, name], report);
      else entry(name, item, [...path, name], 'parameter', visibleHint, report);
    }
  } else if (typeof value === 'string') text(value, path, 'this parameter', report);
}

function scan(config: WrittenConfig, report: Report): void {
  config.environments.forEach((e, i) => text(e.description, ['environments', i, 'description'], 'the description', report));
  config.apps.forEach((app, i) => {
    const at: ConfigPath = ['apps', i];
    text(app.title, [...at, 'title'], 'the title', report);
    if (app.kind !== 'internal') {
      if (app.access.mode === 'public') text(app.access.reason, [...at, 'access', 'reason'], 'the reason', report);
      else app.access.groups.forEach((g, j) => text(g, [...at, 'access', 'groups', j], 'the group name', report));
    }
    if (app.kind === 'prefect') {
      options(app.server, [...at, 'server'], report);
      options(app.services, [...at, 'services'], report);
      app.workPools.forEach((pool, j) => {
        options(pool.options, [...at, 'workPools', j, 'options'], report);
        (pool.deployments ?? []).forEach((d, k) => {
          const dAt: ConfigPath = [...at, 'workPools', j, 'deployments', k];
          text(d.description, [...dAt, 'description'], 'the description', report);
          parameters(d.parameters, [...dAt, 'parameters'], report);
        });
      });
    } else {
      options(app.options, [...at, 'options'], report);
      command(app.command, [...at, 'command'], report);
    }
  });
}

/** No secret value in the config: it would land in the generated files, in git and in `docker inspect`. */
export const noLiteralSecrets: Rule = ({ written }) => {
  const out: PathDiagnostic[] = [];
  scan(written, (path, message, hint) => out.push({ code: 'LITERAL_SECRET', path, message, hint, redact: true }));
  return out;
};
