import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { App } from '../../model/model.js';
import type { Rule } from '../rule.js';

interface Claim {
  readonly value: string;
  readonly path: ConfigPath;
}

/** Reports every claim after the first on the same value; linear in the number of claims. */
function duplicates(code: DiagnosticCode, what: string, claims: readonly Claim[], hint: string): PathDiagnostic[] {
  const first = new Map<string, Claim>();
  const out: PathDiagnostic[] = [];
  for (const claim of claims) {
    const earlier = first.get(claim.value);
    if (!earlier) first.set(claim.value, claim);
    else out.push({ code, path: claim.path, message: `${what} "${claim.value}" is already used at ${earlier.path.join('.')}`, hint });
  }
  return out;
}

export const uniqueNames: Rule = ({ model }) => [
  ...duplicates('DUPLICATE_NAME', 'environment', model.environments.map((e) => ({ value: e.name, path: [...e.at, 'name'] })), 'give each environment its own name'),
  ...duplicates('DUPLICATE_NAME', 'app name', model.apps.map((a) => ({ value: a.name, path: [...a.at, 'name'] })), 'give each app its own name'),
  ...model.apps.flatMap((app) =>
    app.kind === 'prefect'
      ? duplicates('DUPLICATE_NAME', 'work pool', app.workPools.map((p) => ({ value: p.name, path: [...p.at, 'name'] })), 'give each work pool its own name')
      : [],
  ),
];

export const uniqueHosts: Rule = ({ model }) =>
  duplicates(
    'DUPLICATE_HOST',
    'host',
    model.apps.flatMap((a) => (a.route ? [{ value: a.route.host, path: a.route.at }] : [])),
    'serve each app on its own host; Traefik would route the host to only one of them',
  );

function containersOf(app: App): Claim[] {
  const names: (string | undefined)[] = [app.vaultAgent?.container];
  if (app.kind === 'prefect') {
    names.push(app.server.container, app.services.container, app.migrate.container, ...app.workPools.map((p) => p.container));
  } else names.push(app.container);
  return names.filter((n): n is string => n !== undefined).map((value) => ({ value, path: [...app.at, 'name'] }));
}

export const uniqueContainers: Rule = ({ model }) =>
  duplicates('DUPLICATE_CONTAINER', 'container name', model.apps.flatMap(containersOf), 'rename one of the apps or work pools');

export const uniqueRedisDbs: Rule = ({ model }) => {
  const claims: Claim[] = [];
  for (const app of model.apps) {
    if (app.kind === 'prefect') {
      claims.push({ value: String(app.redis.db), path: [...app.redis.at, 'db'] });
      if (app.redis.docketDb !== undefined) claims.push({ value: String(app.redis.docketDb), path: [...app.redis.at, 'docketDb'] });
    } else if (app.redis) claims.push({ value: String(app.redis.db), path: [...app.redis.at, 'db'] });
  }
  return duplicates('DUPLICATE_REDIS_DB', 'Redis DB index', claims, "choose a free index (0-15); Prefect's Redis keys have no prefix, so stacks sharing a DB corrupt each other");
};
