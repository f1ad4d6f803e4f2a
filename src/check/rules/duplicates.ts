import type { ConfigPath, PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { App, Model } from '../../model/model.js';
import type { Rule } from '../rule.js';

interface Claim {
  readonly value: string;
  readonly path: ConfigPath;
  /** Claims by the same owner never clash (a service and its own container may share a name). */
  readonly owner?: string;
  /** Shown instead of the value. */
  readonly label?: string;
}

/** Reports every claim after the first on the same value by another owner; linear in the number of claims. */
function duplicates(code: DiagnosticCode, what: string, claims: readonly Claim[], hint: string): PathDiagnostic[] {
  const first = new Map<string, Claim>();
  const out: PathDiagnostic[] = [];
  for (const claim of claims) {
    const earlier = first.get(claim.value);
    if (!earlier) first.set(claim.value, claim);
    else if (earlier.owner === undefined || earlier.owner !== claim.owner) {
      out.push({
        code,
        path: claim.path,
        message: `${what} "${claim.label ?? claim.value}" is already used`,
        hint,
        related: [{ path: earlier.path, message: `${what} "${claim.label ?? claim.value}" is first used here` }],
      });
    }
  }
  return out;
}

/** Items whose name was seen before; their derived names clash too, which DUPLICATE_NAME already says. */
function firstByName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.name) && seen.add(item.name));
}

export const uniqueNames: Rule = ({ model }) => [
  ...duplicates('DUPLICATE_NAME', 'environment', model.environments.map((e) => ({ value: e.name, path: [...e.at, 'name'] })), 'give each environment its own name'),
  ...duplicates('DUPLICATE_NAME', 'app name', model.apps.map((a) => ({ value: a.name, path: [...a.at, 'name'] })), 'give each app its own name'),
  ...model.apps.flatMap((app) =>
    app.kind === 'prefect'
      ? [
          ...duplicates('DUPLICATE_NAME', 'work pool', app.workPools.map((p) => ({ value: p.name, path: [...p.at, 'name'] })), 'give each work pool its own name'),
          // One prefect.yaml per app; a deployment is named after itself and its pool's environment.
          ...duplicates(
            'DUPLICATE_NAME',
            'deployment',
            app.workPools.flatMap((p) =>
              p.deployments.map((d) => ({ value: `${p.environment}\u0000${d.name}`, label: `${d.name}" for environment "${p.environment}`, path: [...d.at, 'name'] })),
            ),
            'give each deployment of an environment its own name',
          ),
        ]
      : [],
  ),
  ...duplicates(
    'DUPLICATE_NAME',
    'Authentik application slug',
    firstByName(model.apps).flatMap((a) =>
      a.route?.access.mode === 'sso' ? [{ value: a.route.access.slug, path: [...a.route.access.at, 'slug'] }] : [],
    ),
    'set access.slug so that each app has its own Authentik application',
  ),
];

export const uniqueHosts: Rule = ({ model }) =>
  duplicates(
    'DUPLICATE_HOST',
    'host',
    model.apps.flatMap((a) => (a.route ? [{ value: a.route.host, path: a.route.at }] : [])),
    'serve each app on its own host; Traefik would route the host to only one of them',
  );

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** The shared servers are on the same Docker network; an app container with their name would receive their traffic. */
function platformHosts(model: Model): Claim[] {
  const p = model.platform;
  const hosts: [string | undefined, ConfigPath][] = [
    [p.postgres.host, ['platform', 'postgres', 'host']],
    [p.redis.host, ['platform', 'redis', 'host']],
    [hostOf(p.vault.address), ['platform', 'vault', 'address']],
    [hostOf(p.authentik.outpostUrl), ['platform', 'authentik', 'outpostUrl']],
  ];
  return hosts.flatMap(([value, path]) => (value === undefined ? [] : [{ value, path, owner: 'platform' }]));
}

/** Service and container names are both DNS names on the shared network, so they share one namespace. */
function namesOf(app: App): Claim[] {
  const claims: Claim[] = [];
  const add = (service: string, path: ConfigPath, container: string | undefined) => {
    const owner = `${path.join('.')}:${service}`;
    claims.push({ value: service, path, owner });
    if (container !== undefined) claims.push({ value: container, path, owner });
  };
  const appPath = [...app.at, 'name'];
  for (const agent of app.vaultAgents) add(agent.service, appPath, agent.container);
  if (app.kind === 'prefect') {
    for (const part of [app.server, app.services, app.migrate]) add(part.service, appPath, part.container);
    for (const pool of firstByName(app.workPools)) add(pool.service, [...pool.at, 'name'], pool.container);
  } else add(app.service, appPath, app.container);
  return claims;
}

/**
 * `<app>-secrets-<consumer>` can repeat across apps (app `a` with pool `x-secrets-app`, and app `a-secrets-worker-x`).
 * Compose would merge the two volumes, and each app's containers could read the other's secrets.
 */
function secretsVolumesOf(app: App): Claim[] {
  return app.vaultAgents.flatMap((agent) => agent.envFiles).map((file) => ({
    value: file.volume,
    path: [...app.at, 'name'],
    owner: `${app.at.join('.')}:${file.consumer}`,
  }));
}

/**
 * `<platform>-<app>-<environment>` can repeat across apps (app `a-b` in environment `c`, app `a` in environment
 * `b-c`). Both agents would then share one policy and one AppRole role, and read each other's secrets.
 */
function policiesOf(app: App): Claim[] {
  return app.vaultAgents.map((agent) => ({ value: agent.policyName, path: [...app.at, 'name'], owner: `${app.at.join('.')}:${agent.environment}` }));
}

export const uniqueContainers: Rule = ({ model }) => [
  ...duplicates(
    'DUPLICATE_CONTAINER',
    'container or service name',
    [...platformHosts(model), ...firstByName(model.apps).flatMap(namesOf)],
    'rename the app or work pool (or change platform.naming.prefix); containers on one network must have distinct names',
  ),
  ...duplicates(
    'DUPLICATE_CONTAINER',
    'secrets volume',
    firstByName(model.apps).flatMap(secretsVolumesOf),
    'rename the app or work pool; each env file needs a volume of its own, or two apps would read each other\'s secrets',
  ),
  ...duplicates(
    'DUPLICATE_CONTAINER',
    'Vault policy',
    firstByName(model.apps).flatMap(policiesOf),
    'rename the app or the environment; each vault agent needs a policy and AppRole role of its own, or two agents would read each other\'s secrets',
  ),
];

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
