import type { DoctorContext } from '../context.js';
import { shownUrl } from '../probe/failure.js';
import { httpProbe, type HttpResult } from '../probe/http.js';
import { fail, ok, warn, type CheckRow } from '../report.js';
import type { PoolTarget, PrefectTarget } from '../targets.js';
import type { CheckId } from '../check-ids.js';

/**
 * The Prefect API answers and is ready; every work pool exists with its limit and online workers;
 * the deployments of prefect.yaml are registered. The API is tried at `--prefect-url`, else at the
 * internal URL (from inside the Docker network) and then through the public host.
 */
export async function prefectChecks(ctx: DoctorContext): Promise<CheckRow[]> {
  const rows = await Promise.all(ctx.targets.prefect.map((target) => appChecks(ctx, target)));
  return rows.flat().filter((row) => ctx.selection.has(row.id as CheckId));
}

type Api = (path: string, json?: unknown) => Promise<HttpResult>;

async function appChecks(ctx: DoctorContext, target: PrefectTarget): Promise<CheckRow[]> {
  const override = ctx.prefectUrls.get(target.app) ?? ctx.prefectUrls.get('*');
  const candidates = override !== undefined ? [override] : [target.internalApiUrl, target.publicApiUrl];
  const headers = ctx.prefectAuth !== undefined ? { authorization: `Basic ${Buffer.from(ctx.prefectAuth).toString('base64')}` } : undefined;
  const apiAt = (base: string): Api => (path, json) =>
    httpProbe(ctx.net, `${base.replace(/\/+$/, '')}${path}`, {
      method: json === undefined ? 'GET' : 'POST',
      ...(headers ? { headers } : {}),
      ...(json === undefined ? {} : { json }),
      timeoutMs: ctx.deadline.probeMs(),
    });

  const attempts: string[] = [];
  let found: { base: string; api: Api } | undefined;
  for (const base of candidates) {
    const api = apiAt(base);
    const health = await api('/health');
    const where = `${shownUrl(`${base.replace(/\/+$/, '')}/health`)}`;
    if (health.ok && health.answer.status === 200 && health.answer.body.trim() === 'true') {
      found = { base, api };
      attempts.push(`GET ${where}: 200 true`);
      break;
    }
    attempts.push(health.ok ? `GET ${where}: ${health.answer.status}${health.answer.location ? ` to ${health.answer.location}` : ''}` : health.error);
  }
  const subject = target.app;
  if (!found) {
    const seen = attempts.join('; ');
    const reach = override !== undefined ? '' : ' From outside the Docker network, pass --prefect-url with an address that reaches the server.';
    const rows = [fail('prefect.health', subject, seen, `Start the server and read its log: \`${target.statusCommand}\`, \`${target.logsCommand}\`; see ${target.runbook}, "Health check failed".${reach}${authFix(attempts)}`)];
    const notChecked = `not checked: the API did not answer`;
    rows.push(fail('prefect.ready', subject, notChecked, 'Fix prefect.health first.'));
    for (const pool of target.pools) {
      for (const id of poolIds(pool)) rows.push(fail(id, pool.name, notChecked, 'Fix prefect.health first.'));
    }
    return rows;
  }
  const { api } = found;
  const healthRow = ok('prefect.health', subject, attempts.join('; '));
  const [ready, refused] = await Promise.all([readyCheck(api, target, shownUrl(`${found.base.replace(/\/+$/, '')}/ready`)), authRefusal(ctx, api)]);
  if (refused !== undefined) {
    return [healthRow, ready, ...target.pools.flatMap((pool) => poolIds(pool).map((id) => fail(id, pool.name, `not checked: ${refused.saw}`, refused.fix)))];
  }
  const [deployments, pools] = await Promise.all([registeredDeployments(api, target), Promise.all(target.pools.map((pool) => poolChecks(ctx, api, target, pool)))]);
  return [healthRow, ready, ...pools.flatMap((rows, i) => [...rows, ...deploymentRows(target, target.pools[i] as PoolTarget, deployments)])];
}

/**
 * Prefect answers /health and /ready without its API auth string, so a missing or wrong one shows
 * only on the reads behind them; one such read tells it apart from a pool that is not there.
 */
async function authRefusal(ctx: DoctorContext, api: Api): Promise<{ saw: string; fix: string } | undefined> {
  const version = await api('/admin/version');
  if (!version.ok || (version.answer.status !== 401 && version.answer.status !== 403)) return undefined;
  const saw = `GET /admin/version: ${version.answer.status}, the API refused ${ctx.prefectAuth === undefined ? 'a request without its auth string' : 'the auth string in PREFECT_API_AUTH_STRING'}`;
  const fix =
    ctx.prefectAuth === undefined
      ? 'The API wants its auth string: set PREFECT_API_AUTH_STRING in the environment of perfect-gen doctor to the server\'s PREFECT_SERVER_API_AUTH_STRING.'
      : 'Set PREFECT_API_AUTH_STRING in the environment of perfect-gen doctor to the server\'s PREFECT_SERVER_API_AUTH_STRING, as it is now.';
  return { saw, fix };
}

function poolIds(pool: PoolTarget): CheckId[] {
  return ['prefect.pool', 'prefect.workers', 'prefect.concurrency', ...(pool.deployments.length > 0 ? ['prefect.deployments' as const] : [])];
}

function authFix(attempts: readonly string[]): string {
  return attempts.some((a) => /: 401\b/.test(a)) ? ' A 401 means the API wants its auth string: set PREFECT_API_AUTH_STRING in the environment of perfect-gen doctor.' : '';
}

async function readyCheck(api: Api, target: PrefectTarget, url: string): Promise<CheckRow> {
  const result = await api('/ready');
  if (!result.ok) return fail('prefect.ready', target.app, result.error, `See ${target.runbook}, "Health check failed".`);
  const seen = `GET ${url}: ${result.answer.status}`;
  if (result.answer.status === 200) return ok('prefect.ready', target.app, seen);
  return fail('prefect.ready', target.app, `${seen}${result.answer.status === 503 ? ': the server cannot reach its database' : ''}`, `The server needs ${target.database}; see ${target.runbook}, "Database connection issues".`);
}

interface WorkPoolAnswer {
  readonly concurrency_limit?: number | null;
  readonly is_paused?: boolean;
  readonly status?: string;
}

async function poolChecks(ctx: DoctorContext, api: Api, target: PrefectTarget, pool: PoolTarget): Promise<CheckRow[]> {
  const path = `/work_pools/${encodeURIComponent(pool.name)}`;
  const [read, workers] = await Promise.all([api(path), api(`${path}/workers/filter`, {})]);
  const bootstrap = `Create the pools and set their limits: \`${target.bootstrapCommand}\`; see ${target.runbook}, "Environments and deployments".`;
  if (!read.ok) {
    return [fail('prefect.pool', pool.name, read.error, bootstrap), fail('prefect.workers', pool.name, 'not checked: the pool could not be read', bootstrap), fail('prefect.concurrency', pool.name, 'not checked: the pool could not be read', bootstrap)];
  }
  if (read.answer.status === 404) {
    const missing = `work pool ${pool.name} does not exist`;
    return [fail('prefect.pool', pool.name, missing, bootstrap), fail('prefect.workers', pool.name, missing, bootstrap), fail('prefect.concurrency', pool.name, missing, bootstrap)];
  }
  const body = read.answer.status === 200 ? parseJson<WorkPoolAnswer>(read.answer.body) : undefined;
  if (!body) {
    const seen = `GET ${path}: ${read.answer.status}`;
    return [fail('prefect.pool', pool.name, seen, bootstrap), fail('prefect.workers', pool.name, 'not checked', bootstrap), fail('prefect.concurrency', pool.name, 'not checked', bootstrap)];
  }
  const poolRow = body.is_paused
    ? warn('prefect.pool', pool.name, `exists, environment ${pool.environment}, paused: it runs nothing`, `Resume it if the pause was not meant: \`${target.cli} work-pool resume ${pool.name}\`.`)
    : ok('prefect.pool', pool.name, `exists, environment ${pool.environment}${body.status ? `, status ${body.status}` : ''}`);
  const limit = body.concurrency_limit ?? null;
  const concurrencyRow =
    limit === pool.poolConcurrencyLimit
      ? ok('prefect.concurrency', pool.name, `concurrency limit ${limit ?? 'none'}, as configured`)
      : fail('prefect.concurrency', pool.name, `concurrency limit ${limit ?? 'none'}, the config says ${pool.poolConcurrencyLimit ?? 'none'}`, bootstrap);
  return [poolRow, workersRow(target, pool, workers), concurrencyRow];
}

interface WorkerAnswer {
  readonly name?: string;
  readonly status?: string;
}

function workersRow(target: PrefectTarget, pool: PoolTarget, result: HttpResult): CheckRow {
  const fix = `Start the worker and read its log: \`${pool.logsCommand}\`; see ${target.runbook}, "Worker not picking up flows".`;
  if (!result.ok) return fail('prefect.workers', pool.name, result.error, fix);
  const workers = result.answer.status === 200 ? parseJson<WorkerAnswer[]>(result.answer.body) : undefined;
  if (!Array.isArray(workers)) return fail('prefect.workers', pool.name, `POST workers/filter: ${result.answer.status}`, fix);
  const online = workers.filter((w) => w.status === 'ONLINE').length;
  const seen = `${online} of ${pool.workers} configured worker(s) online${workers.length > online ? `, ${workers.length - online} offline` : ''}`;
  if (pool.workers === 0) return ok('prefect.workers', pool.name, `${seen}; the config runs no worker for this pool`);
  if (online === 0) return fail('prefect.workers', pool.name, seen, fix);
  if (online < pool.workers) return warn('prefect.workers', pool.name, seen, fix);
  return ok('prefect.workers', pool.name, seen);
}

interface DeploymentAnswer {
  readonly name?: string;
  readonly work_pool_name?: string | null;
}

/** The registered deployments with the names prefect.yaml gives, or why they could not be read. */
async function registeredDeployments(api: Api, target: PrefectTarget): Promise<DeploymentAnswer[] | string> {
  const names = target.pools.flatMap((p) => p.deployments);
  if (names.length === 0) return [];
  const result = await api('/deployments/filter', { deployments: { name: { any_: names } } });
  if (!result.ok) return result.error;
  const found = result.answer.status === 200 ? parseJson<DeploymentAnswer[]>(result.answer.body) : undefined;
  return Array.isArray(found) ? found : `POST deployments/filter: ${result.answer.status}`;
}

function deploymentRows(target: PrefectTarget, pool: PoolTarget, registered: DeploymentAnswer[] | string): CheckRow[] {
  if (pool.deployments.length === 0) return [];
  const fix = target.deployCommands
    ? `Register the deployments of prefect.yaml: \`${target.deployCommands}\`; see ${target.runbook}, "Environments and deployments".`
    : `Register the deployments of prefect.yaml; see ${target.runbook}, "Environments and deployments".`;
  if (typeof registered === 'string') return [fail('prefect.deployments', pool.name, registered, fix)];
  const missing = pool.deployments.filter((name) => !registered.some((d) => d.name === name && d.work_pool_name === pool.name));
  if (missing.length === 0) return [ok('prefect.deployments', pool.name, `registered on the pool: ${pool.deployments.join(', ')}`)];
  return [fail('prefect.deployments', pool.name, `not registered on the pool: ${missing.join(', ')}`, fix)];
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
