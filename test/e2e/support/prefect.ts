import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { PrefectApp, WorkPool } from '../../../src/model/model.js';
import { containerNames } from './compose.js';
import type { Stack } from './stack.js';

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface PrefectYaml {
  readonly deployments: readonly { name: string; entrypoint: string; work_pool: { name: string }; parameters?: Record<string, unknown> }[];
}

export function prefectApps(stack: Stack): PrefectApp[] {
  return stack.model.apps.filter((a): a is PrefectApp => a.kind === 'prefect');
}

export function prefectYaml(stack: Stack, app: PrefectApp): PrefectYaml {
  return parse(readFileSync(join(stack.outDir, app.name, 'prefect.yaml'), 'utf8')) as PrefectYaml;
}

/** Where a worker container's flow project lives on the host (its image's /opt/prefect/flows). */
export const flowsDirOf = (stack: Stack, container: string): string => join(stack.runDir, 'containers', container, 'opt-prefect', 'flows');
export const resultsDirOf = (stack: Stack, container: string): string => join(stack.runDir, 'containers', container, 'opt-prefect', 'results');

/**
 * The flow code the workers' image would carry (TEST STAND-IN for a user's flows): one function per
 * entrypoint, taking the deployment's parameters. A run writes a report of what it saw: its worker's
 * host name and the SHA-256 of every environment value, so the test can tell which secrets reached
 * it without any value leaving the container.
 */
export function writeTestFlows(stack: Stack, app: PrefectApp): void {
  const doc = prefectYaml(stack, app);
  const byFile = new Map<string, Map<string, Set<string>>>([[smokeFile, new Map([[smokeFlow, new Set<string>()]])]]);
  for (const d of doc.deployments) {
    const [file, fn] = d.entrypoint.split(':') as [string, string];
    const fns = byFile.get(file) ?? new Map<string, Set<string>>();
    const params = fns.get(fn) ?? new Set<string>();
    Object.keys(d.parameters ?? {}).forEach((p) => params.add(p));
    fns.set(fn, params);
    byFile.set(file, fns);
  }
  for (const pool of app.workPools) {
    for (const container of containerNames(stack.project, pool.service)) {
      for (const [file, fns] of byFile) {
        const path = join(flowsDirOf(stack, container), file);
        mkdirSync(dirname(path), { recursive: true });
        mkdirSync(resultsDirOf(stack, container), { recursive: true });
        const lines = [
          '# Test stand-in flow written by the end-to-end suite.',
          'import hashlib, json, os, socket, uuid',
          'from prefect import flow, runtime',
          '',
          'def _report(name):',
          '    seen = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in os.environ.items()}',
          '    out = {"flow": name, "host": socket.gethostname(), "flow_run_id": str(runtime.flow_run.id), "env_sha256": seen}',
          '    path = os.path.join("/opt/prefect/results", str(uuid.uuid4()) + ".json")',
          '    with open(path, "w") as f:',
          '        json.dump(out, f)',
          '    return out["flow_run_id"]',
          '',
        ];
        for (const [fn, params] of fns) {
          const args = [...params].map((p) => `${p}=None`).join(', ');
          lines.push('@flow', `def ${fn}(${args}):`, `    return _report(${JSON.stringify(fn)})`, '');
        }
        writeFileSync(path, lines.join('\n'));
      }
    }
  }
}

/** A flow for pools whose config declares no deployment (the seed's): registered by the test itself. */
export const smokeFile = 'flows/e2e_smoke.py';
export const smokeFlow = 'e2e_smoke';
export const smokeDeployment = (pool: WorkPool): string => `e2e-smoke-${pool.environment}`;

export interface FlowReport {
  readonly flow: string;
  readonly host: string;
  readonly flow_run_id: string;
  readonly env_sha256: Record<string, string>;
}

/** Every flow-run report written in a worker container. */
export function flowReports(stack: Stack, container: string): FlowReport[] {
  const dir = resultsDirOf(stack, container);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as FlowReport);
}

/** The Prefect API of an app's server, from the host, with the API auth string when the server requires one. */
export class PrefectApi {
  constructor(
    private readonly base: string,
    private readonly auth?: string,
  ) {}

  static of(stack: Stack, app: PrefectApp): PrefectApi {
    const host = stack.network.lookup(app.server.container ?? app.server.service)!;
    const auth = stack.serverEnv(app)['PREFECT_SERVER_API_AUTH_STRING'];
    return new PrefectApi(`http://${host.address}:${app.server.port}/api`, auth);
  }

  async call<T = any>(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.auth) headers['authorization'] = `Basic ${Buffer.from(this.auth).toString('base64')}`;
    const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: any = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, json };
  }

  async ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T>(method, path, body);
    if (res.status >= 300) throw new Error(`Prefect API ${method} ${path}: ${res.status} ${JSON.stringify(res.json).slice(0, 500)}`);
    return res.json;
  }
}

/** Prefect's own CLI in one of the app's containers, as the runbook's `docker exec` runs it. */
export async function prefectCli(stack: Stack, service: string, args: readonly string[], input?: string) {
  const container = stack.container(service);
  const env = { ...container.spec.env, ...stack.serviceEnv(service) };
  return container.exec(input === undefined ? ['prefect', ...args] : args, 120_000, env, input);
}

/** The runbook's bootstrap step: the generated script, piped into a shell in the server's container. */
export function runBootstrap(stack: Stack, app: PrefectApp) {
  return prefectCli(stack, app.server.service, ['sh'], readFileSync(join(stack.outDir, app.name, 'bootstrap-work-pools.sh'), 'utf8'));
}

/**
 * The runbook's deploy step: each environment's deployments from that environment's worker, whose
 * image holds that environment's flow code, run in the flow project folder. A pool that the config
 * gives no deployment (the seed's) gets the suite's smoke flow, registered the same way.
 */
export async function deployFromWorkers(stack: Stack, app: PrefectApp): Promise<{ service: string; status: number | null; stdout: string; stderr: string }[]> {
  const doc = prefectYaml(stack, app);
  const results = [];
  for (const pool of app.workPools.filter((p) => p.workers > 0)) {
    const worker = stack.container(pool.service);
    const declared = doc.deployments.filter((d) => d.work_pool.name === pool.name).flatMap((d) => ['--name', d.name]);
    const args = declared.length > 0 ? declared : [`${smokeFile}:${smokeFlow}`, '--name', smokeDeployment(pool), '--pool', pool.name];
    const env = { ...worker.spec.env, ...stack.serviceEnv(pool.service) };
    const copied = await worker.exec(['/bin/sh', '-c', 'cat > /tmp/prefect.yaml'], 10_000, env, readFileSync(join(stack.outDir, app.name, 'prefect.yaml'), 'utf8'));
    if (copied.status !== 0) {
      results.push({ service: pool.service, ...copied });
      continue;
    }
    const deployed = await worker.exec(['/bin/sh', '-c', 'cd /opt/prefect/flows && exec prefect --no-prompt deploy --prefect-file /tmp/prefect.yaml "$@"', 'deploy', ...args], 180_000, env);
    results.push({ service: pool.service, ...deployed });
  }
  return results;
}

/** Builds the output and brings the whole stack up, the test flows in the workers' image; the first Prefect app and its API. */
export async function upWithTestFlows(stack: Stack): Promise<{ app: PrefectApp; api: PrefectApi }> {
  stack.build();
  const app = prefectApps(stack)[0]!;
  writeTestFlows(stack, app);
  await stack.startPlatform();
  await stack.up();
  return { app, api: PrefectApi.of(stack, app) };
}
