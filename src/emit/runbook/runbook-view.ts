import type { Access, App, Container, EnvFile, Model, PrefectApp } from '../../model/model.js';
import type { Workload } from '../../model/workload.js';
import type { EmitContext } from '../types.js';
import { vaultCli } from '../../model/agent-layout.js';
import { authentikOutputPath } from '../../model/authentik.js';
import { apiAuthVariables, deploymentName, flowsDirectory } from '../../model/prefect.js';
import { architectureDiagram } from './architecture.js';
import { inlineCode, markdownText } from '../../serialize/markdown.js';
import { pyString } from '../../serialize/script-literal.js';
import { shellBare, shellWord } from '../../serialize/shell.js';
import { logsCommand, statusCommand } from './container-commands.js';
import { secretCheck, secretsView, type SecretsView } from './secrets-view.js';

/**
 * What the runbook template reads. Every key is always present (templates are strict), `null`
 * where a section does not apply. Free text from the config is escaped here; names the schema
 * validates (services, containers, hosts, paths) go through the sh and Markdown writers, whose
 * guards throw on anything the schema should have refused.
 */
export interface RunbookView {
  readonly name: string;
  readonly title: string;
  readonly kindText: string;
  readonly project: string;
  readonly network: string;
  readonly environment: string;
  readonly services: readonly ServiceRow[];
  readonly main: Target;
  readonly route: RouteView | null;
  readonly internalUrl: string | null;
  /** An HTTP health check from inside the Docker network. */
  readonly internalHealth: { readonly url: string; readonly command: string } | null;
  readonly database: DatabaseView | null;
  readonly redis: string | null;
  readonly secrets: SecretsView | null;
  readonly prefect: PrefectView | null;
  readonly doctor: DoctorView;
  readonly diagram: string;
  /** Run in the output folder, where docker-compose.yml is: the parent of the runbook's folder. */
  readonly up: string;
}

/** `perfect-gen doctor` for this stack: the command, and which of its rows concern this app. */
interface DoctorView {
  readonly configName: string;
  readonly command: string;
  readonly rows: readonly string[];
}

export interface ServiceRow {
  readonly service: string;
  readonly container: string | null;
  readonly replicas: number;
  readonly role: string;
  readonly image: string;
  readonly status: string;
}

/** How to reach one compose service: by container name when it has one, else through Compose. */
export interface Target {
  readonly label: string;
  readonly logs: string;
  readonly status: string;
}

interface RouteView {
  readonly publicUrl: string;
  readonly host: string;
  readonly healthUrl: string;
  readonly upstream: string;
  readonly sso: { readonly groups: string; readonly slug: string } | null;
  readonly publicReason: string | null;
  readonly outpostUrl: string;
  /** The outpost answers 204 here on the app's host, without sign-in, once Traefik routes it. */
  readonly ping: string;
  /** The Traefik version the dynamic config is written for, and how to read the running one. */
  readonly traefikVersion: string;
  readonly traefikVersionCheck: string;
  /** The blueprint, relative to the runbook's folder. */
  readonly blueprint: string;
}

interface DatabaseView {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: SecretLocation;
  readonly existsCommand: string;
  readonly ownRole: boolean;
  /** Run as the platform's Postgres user: the app's own role first, if it has one, then its database. */
  readonly createCommands: readonly string[];
}

interface SecretLocation {
  readonly path: string;
  readonly key: string;
  readonly check: string;
}

interface PrefectView {
  readonly apiUrl: string;
  readonly healthUrl: string;
  readonly readyUrl: string;
  /** Prints the status code of the readiness endpoint, 503 included. */
  readonly readyCheck: string;
  readonly server: string;
  readonly migrate: string;
  readonly migrateStatus: string;
  readonly migrateLogs: string;
  readonly migrateAttempts: number;
  readonly migrateInterval: number;
  /** `docker exec` prefix that runs the prefect CLI inside the server against the internal API. */
  readonly cli: string;
  readonly flowsDirectory: string;
  readonly pools: readonly PoolView[];
  readonly hasDeployments: boolean;
  /** One per environment that has deployments and a worker: it deploys from its own worker, with its own code. */
  readonly deployers: readonly DeployerView[];
  /** Where the first deployment's flow file must be: entrypoints are relative to the flows folder. */
  readonly entrypointExample: string | null;
  /** `prefect deploy` from a machine outside the network, with the auth string fetched from Vault. */
  readonly remoteDeploy: string;
  readonly apiAuth: ApiAuthView;
}

interface ApiAuthView {
  readonly on: { readonly path: string; readonly key: string; readonly check: string } | null;
  readonly offReason: string | null;
}

interface PoolView {
  readonly name: string;
  readonly environment: string;
  readonly workers: number;
  readonly service: string;
  readonly limit: string;
  readonly deployments: string;
  readonly logs: string;
  readonly apiCheck: string | null;
  readonly codeCheck: string | null;
}

interface DeployerView {
  readonly pool: string;
  readonly environment: string;
  readonly copy: string;
  readonly deploy: string;
}

const kindTexts: Readonly<Record<App['kind'], string>> = {
  prefect: 'a Prefect 3 stack: API server, background services and one worker service per work pool',
  web: 'a web app behind Traefik',
  internal: 'an internal service with no public route',
};

export function runbookView(model: Model, app: App, context: EmitContext): RunbookView {
  const project = model.platform.name;
  const rows = serviceRows(project, app);
  const main = target(project, app.kind === 'prefect' ? app.server : app);
  const internalUrl = app.kind === 'prefect' ? app.server.internalUrl : (app.internalUrl ?? null);
  const healthPath = app.kind === 'prefect' ? app.route.healthPath : (app.healthPath ?? null);
  return {
    name: app.name,
    title: markdownText(app.title),
    kindText: kindTexts[app.kind],
    project,
    network: model.platform.network,
    environment: app.environment,
    services: rows,
    main,
    route: app.route ? routeView(model, app.route) : null,
    internalUrl,
    internalHealth:
      internalUrl !== null && healthPath !== null
        ? { url: internalUrl + healthPath, command: app.kind === 'prefect' ? pythonGet(internalUrl + healthPath) : `curl -fsS ${shellWord(internalUrl + healthPath)}` }
        : null,
    database: databaseView(model, app),
    redis: redisText(model, app),
    secrets: secretsView(model, app, context.provenance),
    prefect: app.kind === 'prefect' ? prefectView(model, app) : null,
    doctor: doctorView(app, context),
    diagram: architectureDiagram(model, app),
    up: 'cd .. && docker compose up -d',
  };
}

/** The build command with the same `--config` and `--out`, as `doctor`. */
function doctorView(app: App, context: EmitContext): DoctorView {
  const rows: string[] = [];
  if (app.route) {
    const host = inlineCode(app.route.host);
    rows.push(app.route.access.mode === 'sso' ? `\`tls\`, \`sso.redirect\` and \`sso.ping\` for ${host}` : `\`tls\` and \`sso.public\` for ${host}`);
  }
  if (app.kind === 'prefect') {
    rows.push('`prefect.health` and `prefect.ready` for the API');
    const pools = app.workPools.map((p) => inlineCode(p.name)).join(', ');
    if (pools !== '') rows.push(`\`prefect.pool\`, \`prefect.workers\` and \`prefect.concurrency\` for ${pools}`);
    const deploying = app.workPools.filter((p) => p.deployments.length > 0).map((p) => inlineCode(p.name));
    if (deploying.length > 0) rows.push(`\`prefect.deployments\` for ${deploying.join(', ')}`);
  }
  if (app.vaultAgents.length > 0) {
    const agents = app.vaultAgents.map((agent) => inlineCode(agent.container)).join(', ');
    rows.push(`with \`--docker\`, on the Docker host: \`secrets.agent\` for ${agents} and \`secrets.env-file\` for each env file under [Secrets in Vault](#secrets-in-vault)`);
  }
  rows.push('`drift` for the whole output folder');
  return { configName: context.provenance.configName, command: context.provenance.command.replace(/^npx perfect-gen build/, 'npx perfect-gen doctor'), rows };
}

function target(project: string, c: Container): Target {
  if (c.container !== undefined) return { label: c.container, logs: logsCommand(c.container), status: statusCommand(c.container) };
  const compose = `docker compose -p ${shellBare(project)}`;
  return { label: `service ${c.service}`, logs: `${compose} logs --tail 200 ${shellBare(c.service)}`, status: `${compose} ps ${shellBare(c.service)}` };
}

function execIn(project: string, c: Container, command: string, options = ''): string {
  return c.container !== undefined
    ? `docker exec${options} ${shellBare(c.container)} ${command}`
    : `docker compose -p ${shellBare(project)} exec${options} ${shellBare(c.service)} ${command}`;
}

/** The Prefect image has Python but no curl. */
function pythonGet(url: string): string {
  return `python -c "import urllib.request as u; print(u.urlopen(${pyString(url)}, timeout=5).read().decode())"`;
}

/** urlopen raises on a non-2xx answer; the code is what the reader needs, not a traceback. */
function pythonStatus(url: string): string {
  return [
    `python -c "`,
    'import urllib.request as u, urllib.error as e',
    `try: print(u.urlopen(${pyString(url)}, timeout=5).status)`,
    'except e.HTTPError as x: print(x.code)"',
  ].join('\n');
}

/** One row per workload of the app, as the compose file runs them. */
function serviceRows(project: string, app: App): ServiceRow[] {
  return app.workloads.map((w) => ({
    service: w.service,
    container: w.container ?? null,
    replicas: w.replicas ?? 1,
    role: roleText(app, w),
    image: w.image,
    status: target(project, w).status,
  }));
}

function roleText(app: App, w: Workload): string {
  const port = w.ports[0] === undefined ? '' : ` on port ${w.ports[0]}`;
  switch (w.role) {
    case 'vault-agent':
      return `vault-agent: renders the env files of environment ${inlineCode(w.environment)} from Vault`;
    case 'migrate':
      return 'One-shot database migration; exits when done';
    case 'server':
      return `API and UI${port}`;
    case 'services':
      return 'Background services: scheduler, triggers, event persister';
    case 'worker': {
      const pool = app.kind === 'prefect' ? app.workPools.find((p) => p.service === w.service) : undefined;
      return `Worker of pool ${inlineCode(pool?.name ?? w.service)} (environment ${inlineCode(w.environment)})`;
    }
    case 'web':
      return `The app${port}, behind Traefik`;
    case 'internal':
      return `The app${port}, Docker network only`;
  }
}

function routeView(model: Model, route: NonNullable<App['route']>): RouteView {
  return {
    publicUrl: route.publicUrl,
    host: route.host,
    healthUrl: route.publicUrl + route.healthPath,
    upstream: route.upstream,
    ...accessView(route.access),
    outpostUrl: model.platform.authentik.outpostUrl,
    ping: `curl -sS -o /dev/null -w '%{http_code}\\n' ${shellWord(`${route.publicUrl}/outpost.goauthentik.io/ping`)}`,
    traefikVersion: model.platform.traefik.version.text,
    traefikVersionCheck: 'docker exec <traefik-container> traefik version',
    blueprint: `../${authentikOutputPath}`,
  };
}

function accessView(access: Access): Pick<RouteView, 'sso' | 'publicReason'> {
  return access.mode === 'sso'
    ? { sso: { groups: access.groups.map(inlineCode).join(', '), slug: access.slug }, publicReason: null }
    : { sso: null, publicReason: markdownText(access.reason) };
}

function databaseView(model: Model, app: App): DatabaseView | null {
  const db = app.database;
  if (db === undefined) return null;
  const pg = model.platform.postgres;
  const name = db.name;
  const password = db.password;
  return {
    name,
    host: pg.host,
    port: pg.port,
    user: db.login.user,
    password: { path: password.logicalPath, key: password.key, check: secretCheck(vaultCli(model.platform.vault), password.logicalPath, password.key) },
    existsCommand: `${psqlAs(pg)} -Atc "SELECT datname FROM pg_database WHERE datname = '${shellBare(name)}'"`,
    ownRole: db.login.user !== pg.user,
    createCommands: createDatabase(pg, name, db.login.user),
  };
}

/**
 * `\password` asks for the new password and sends it hashed, so it never appears in a command line, the
 * shell history or the server log; paste the value stored in Vault.
 */
function createDatabase(pg: Model['platform']['postgres'], name: string, user: string): string[] {
  const psql = psqlAs(pg);
  // Inside a single-quoted word, as SQL identifiers: names the schema limits to safe characters.
  const [db, role] = [shellBare(name), shellBare(user)];
  const ownRole = user !== pg.user ? [`${psql} -c 'CREATE ROLE "${role}" LOGIN'`, `${psql} -c '\\password "${role}"'`] : [];
  return [...ownRole, `${psql} -c 'CREATE DATABASE "${db}" OWNER "${role}"'`];
}

/** psql as the platform's Postgres user. */
function psqlAs(pg: Model['platform']['postgres']): string {
  return `psql -h ${shellWord(pg.host)} -p ${pg.port} -U ${shellWord(pg.user)}`;
}

function redisText(model: Model, app: App): string | null {
  const { host, port } = model.platform.redis;
  if (app.kind === 'prefect') {
    const docket = app.redis.docketDb === undefined ? '' : `, Docket task queue on DB ${app.redis.docketDb}`;
    return `\`${host}:${port}\`, messaging on DB ${app.redis.db}${docket}. Prefect's keys have no prefix: no other app may use ${app.redis.docketDb === undefined ? 'this index' : 'these indexes'}.`;
  }
  if (!app.redis) return null;
  return `\`${host}:${port}\`, DB ${app.redis.db}, URL in \`${app.redis.urlEnv}\`.`;
}

function prefectView(model: Model, app: PrefectApp): PrefectView {
  const project = model.platform.name;
  const apiUrl = app.server.apiUrl;
  const server = target(project, app.server);
  const migrate = target(project, app.migrate);
  const healthUrl = app.server.internalUrl + app.route.healthPath;
  const deploying = app.workPools.filter((p) => p.workers > 0 && p.deployments.length > 0);
  const firstDeployment = app.workPools.flatMap((p) => p.deployments)[0];
  return {
    apiUrl,
    healthUrl,
    readyUrl: `${apiUrl}/ready`,
    readyCheck: execIn(project, app.server, pythonStatus(`${apiUrl}/ready`)),
    server: server.label,
    migrate: migrate.label,
    migrateStatus:
      app.migrate.container !== undefined
        ? `docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' ${shellBare(app.migrate.container)}`
        : migrate.status,
    migrateLogs: migrate.logs,
    migrateAttempts: app.migrate.attempts,
    migrateInterval: app.migrate.intervalSeconds,
    cli: execIn(project, app.server, authedPrefect(app, app.serverEnvFile), ` -e PREFECT_API_URL=${shellWord(apiUrl)}`),
    flowsDirectory,
    hasDeployments: app.workPools.some((pool) => pool.deployments.length > 0),
    pools: app.workPools.map((pool) => {
      const limit = pool.poolConcurrencyLimit;
      const perWorker = pool.workerConcurrencyLimit === undefined ? '' : `, ${pool.workerConcurrencyLimit} per worker`;
      const names = pool.deployments.map((d) => inlineCode(deploymentName(d, pool)));
      return {
        name: pool.name,
        environment: pool.environment,
        workers: pool.workers,
        service: pool.service,
        limit: limit === undefined ? 'none' : `${limit} for the pool${perWorker}`,
        deployments: names.length > 0 ? names.join(', ') : 'none',
        logs: target(project, pool).logs,
        apiCheck: pool.workers > 0 ? execIn(project, pool, pythonGet(healthUrl)) : null,
        codeCheck: pool.workers > 0 ? execIn(project, pool, `ls ${shellWord(flowsDirectory)}`) : null,
      };
    }),
    // `deploy --all` from one worker would register every environment's deployments with that
    // worker's code and parameter schema: each environment deploys its own, from its own worker.
    deployers: deploying.map((pool) => ({
      pool: pool.name,
      environment: pool.environment,
      copy:
        pool.container !== undefined
          ? `docker cp prefect.yaml ${shellBare(pool.container)}:/tmp/prefect.yaml`
          : `docker compose -p ${shellBare(project)} cp prefect.yaml ${shellBare(pool.service)}:/tmp/prefect.yaml`,
      deploy: execIn(
        project,
        pool,
        `${authedPrefect(app, pool.envFile)} --no-prompt deploy --prefect-file /tmp/prefect.yaml ${pool.deployments.map((d) => `--name ${shellWord(deploymentName(d, pool))}`).join(' ')}`,
        ` -e PREFECT_API_URL=${shellWord(apiUrl)} -w ${shellWord(flowsDirectory)}`,
      ),
    })),
    entrypointExample: firstDeployment ? `${flowsDirectory}/${firstDeployment.entrypoint.split(':')[0]}` : null,
    remoteDeploy: `${remoteAuth(model, app)}PREFECT_API_URL=${shellWord(apiUrl)} prefect --no-prompt deploy --all --prefect-file prefect.yaml`,
    apiAuth: apiAuthView(model, app),
  };
}

/**
 * The prefect CLI inside a container, with the API auth string. `docker exec` does not see what the
 * entrypoint sourced, so the command reads the container's own env file first; in the server's file the
 * string is under the server's name, which the CLI does not read.
 */
function authedPrefect(app: PrefectApp, file: EnvFile | undefined): string {
  if (!app.apiAuth.enabled || !file) return 'prefect';
  // Inside the single-quoted program: a path the schema limits to safe characters.
  const path = shellBare(`${file.readDir}/${file.fileName}`);
  const { server, client } = apiAuthVariables;
  const hasServerName = file.entries.some((e) => e.name === server);
  const load = hasServerName ? `. ${path} && ${client}="$${server}" exec prefect "$@"` : `set -a && . ${path} && exec prefect "$@"`;
  return `sh -c '${load}' prefect`;
}

function remoteAuth(model: Model, app: PrefectApp): string {
  if (!app.apiAuth.enabled) return '';
  const { logicalPath, key } = app.apiAuth.secret;
  return `${apiAuthVariables.client}="$(${vaultCli(model.platform.vault)} kv get -field=${shellWord(key)} ${shellWord(logicalPath)})" `;
}

function apiAuthView(model: Model, app: PrefectApp): ApiAuthView {
  if (!app.apiAuth.enabled) return { on: null, offReason: markdownText(app.apiAuth.reason) };
  const { logicalPath, key } = app.apiAuth.secret;
  return { on: { path: logicalPath, key, check: secretCheck(vaultCli(model.platform.vault), logicalPath, key) }, offReason: null };
}
