import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { PrefectApp } from '../../src/model/model.js';
import { containerNames } from './support/compose.js';
import { examples } from './support/configs.js';
import { needsStack, versions } from './support/programs.js';
import { waitFor } from './support/run.js';
import { scenario } from './support/scenario.js';
import { deployFromWorkers, flowReports, PrefectApi, prefectYaml, runBootstrap, sha256, upWithTestFlows } from './support/prefect.js';
import { Stack } from './support/stack.js';

const needs = () => needsStack('bao', 'postgres', 'redis-server', 'tini', 'prefect');

const semver = (v: string) => v.split('.').map(Number) as [number, number, number];
const atLeast = (v: string, min: string) => {
  const [a, b, c] = semver(v);
  const [x, y, z] = semver(min);
  return a !== x ? a > x : b !== y ? b > y : c >= z;
};

for (const { name: example, config } of examples) {
  describe(`Prefect runs from the generated files of ${example}`, () => {
    const stack = new Stack({ example: `prefect-${example}`, config });
    let app: PrefectApp;
    let api: PrefectApi;
    let ready: Error | undefined;

    beforeAll(async () => {
      if (needs()) return;
      try {
        ({ app, api } = await upWithTestFlows(stack));
      } catch (error) {
        ready = new Error(`${(error as Error).message}\n${stack.tails()}`);
      }
    }, 600_000);
    afterAll(() => stack.down(), 120_000);

    const run = (check: () => Promise<void> | void) => async () => {
      if (ready) throw ready;
      await check();
    };

    scenario('prefect-redis-version', example, run(() => {
      // The image installs prefect-redis unpinned at build time; 0.2.15 fixed the `no such key`
      // loop against a fresh Redis (PrefectHQ/prefect#22721, #22956).
      const carried = versions.prefectRedis[semverOf(app.image)];
      expect(carried, `prefect-redis carried by ${app.image}`).toBeDefined();
      expect(atLeast(carried!, '0.2.15'), `${app.image} carries prefect-redis ${carried}`).toBe(true);
    }), needs);

    scenario('prefect-migrate', example, run(async () => {
      expect(stack.states.get(app.migrate.service)).toBe('completed');
      const migrate = stack.container(app.migrate.service);
      expect(migrate.exitCode).toBe(0);
      migrate.start();
      expect(await migrate.waitExit(180_000), `second start of ${app.migrate.service}\n${migrate.tail()}`).toBe(0);
    }), needs);

    scenario('prefect-server-health', example, run(async () => {
      expect(await stack.healthy(app.server.service), 'the compose healthcheck of the server').toBe(true);
      expect((await api.call('GET', '/health')).status).toBe(200);
      expect((await api.call('GET', '/ready')).status).toBe(200);
    }), needs);

    scenario('prefect-services', example, run(async () => {
      const server = stack.project.services[app.server.service]!;
      expect(server.command).toContain('--no-services');
      // Shown by what the services do: MarkLateRuns turns an overdue Scheduled run Late. It does
      // while the services process runs, and does not while only the API server runs.
      const flow = await api.ok<{ id: string }>('POST', '/flows/', { name: 'e2e-late-runs' });
      const overdue = async () =>
        (await api.ok<{ id: string }>('POST', '/flow_runs/', {
          flow_id: flow.id,
          state: { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: new Date(Date.now() - 120_000).toISOString() } },
        })).id;
      const stateOf = async (id: string) => (await api.ok<{ state_name: string }>('GET', `/flow_runs/${id}`)).state_name;
      const first = await overdue();
      await waitFor('the services process to mark an overdue run Late', async () => ((await stateOf(first)) === 'Late' ? true : undefined), 60_000, () => stack.container(app.services.service).tail(), 1000);
      const services = stack.container(app.services.service);
      await services.stop();
      try {
        const second = await overdue();
        await new Promise((r) => setTimeout(r, 30_000));
        expect(await stateOf(second), 'with the services process stopped, the API server marks nothing Late').toBe('Scheduled');
      } finally {
        services.start();
      }
      await waitFor('the services process to come back', () => (services.running ? true : undefined), 10_000);
    }), needs);

    scenario('prefect-workers-healthy', example, run(async () => {
      for (const pool of app.workPools.filter((p) => p.workers > 0)) {
        const replicas = containerNames(stack.project, pool.service);
        for (let i = 0; i < replicas.length; i++) expect(await stack.healthy(pool.service, i), `${replicas[i]} healthcheck`).toBe(true);
        for (const [i, name] of replicas.entries()) {
          const log = stack.container(pool.service, i).log();
          expect(log, `${name} polls ${pool.name}`).toContain(pool.name);
          for (const other of app.workPools.filter((p) => p.name !== pool.name)) expect(log, `${name} must not poll ${other.name}`).not.toContain(`'${other.name}'`);
        }
        const workers = await waitFor(`${replicas.length} online worker(s) in ${pool.name}`, async () => {
          const list = await api.ok<{ name: string; status: string }[]>('POST', `/work_pools/${pool.name}/workers/filter`, {});
          return list.filter((w) => w.status === 'ONLINE').length >= replicas.length ? list : undefined;
        }, 90_000);
        expect(workers.filter((w) => w.status === 'ONLINE')).toHaveLength(replicas.length);
      }
    }), needs);

    scenario('prefect-bootstrap-idempotent', example, run(async () => {
      for (const round of [1, 2]) {
        const result = await runBootstrap(stack, app);
        expect(result.status, `bootstrap run ${round}:\n${result.stdout}\n${result.stderr}`).toBe(0);
      }
      for (const pool of app.workPools) {
        const found = await api.ok<{ type: string; concurrency_limit: number | null }>('GET', `/work_pools/${pool.name}`);
        expect(found.type).toBe('process');
        expect(found.concurrency_limit, `${pool.name} concurrency`).toBe(pool.poolConcurrencyLimit ?? null);
      }
    }), needs);

    scenario('prefect-deploy-all', example, run(async () => {
      const doc = prefectYaml(stack, app);
      for (const deployed of await deployFromWorkers(stack, app)) {
        expect(deployed.status, `deploy on ${deployed.service}:\n${deployed.stdout.slice(-3000)}\n${deployed.stderr.slice(-3000)}`).toBe(0);
      }
      const registered = await api.ok<{ name: string; work_pool_name: string }[]>('POST', '/deployments/filter', {});
      for (const d of doc.deployments) {
        expect(registered.find((r) => r.name === d.name)?.work_pool_name, `deployment ${d.name}`).toBe(d.work_pool.name);
      }
      for (const pool of app.workPools.filter((p) => p.workers > 0)) {
        expect(registered.some((r) => r.work_pool_name === pool.name), `a deployment on ${pool.name}`).toBe(true);
      }
    }), needs);

    scenario('prefect-flow-run-per-env', example, run(async () => {
      for (const pool of app.workPools.filter((p) => p.workers > 0)) {
        const deployment = (await api.ok<{ id: string; name: string; work_pool_name: string }[]>('POST', '/deployments/filter', {})).find((d) => d.work_pool_name === pool.name)!;
        expect(deployment, `a deployment on ${pool.name}`).toBeDefined();
        const flowRun = await api.ok<{ id: string }>('POST', `/deployments/${deployment.id}/create_flow_run`, {});
        const final = await waitFor(`flow run of ${deployment.name} to finish`, async () => {
          const fr = await api.ok<{ state_type: string }>('GET', `/flow_runs/${flowRun.id}`);
          return ['COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED'].includes(fr.state_type) ? fr : undefined;
        }, 150_000, () => stack.container(pool.service).tail(), 1000);
        expect(final.state_type, `flow run of ${deployment.name}\n${stack.container(pool.service).tail()}`).toBe('COMPLETED');
        const reports = containerNames(stack.project, pool.service).flatMap((c) => flowReports(stack, c));
        expect(reports.some((r) => r.flow_run_id === flowRun.id), `${pool.service} ran ${deployment.name}`).toBe(true);
        const elsewhere = app.workPools.filter((p) => p.name !== pool.name).flatMap((p) => containerNames(stack.project, p.service)).flatMap((c) => flowReports(stack, c));
        expect(elsewhere.some((r) => r.flow_run_id === flowRun.id), `no other pool ran ${deployment.name}`).toBe(false);
      }
    }), needs);

    scenario('prefect-secret-isolation', example, run(async () => {
      for (const pool of app.workPools.filter((p) => p.workers > 0)) {
        const reports = containerNames(stack.project, pool.service).flatMap((c) => flowReports(stack, c));
        expect(reports.length, `a flow run report from ${pool.service}`).toBeGreaterThan(0);
        const seen = new Set(reports.flatMap((r) => Object.values(r.env_sha256)));
        for (const entry of pool.envFile?.entries ?? []) {
          expect(reports[0]!.env_sha256[entry.name], `${entry.name} in a ${pool.environment} flow run`).toBe(sha256(stack.secretValue(entry.secret.apiPath, entry.secret.key)));
        }
        // No value of another environment's secret is anywhere in this worker's flow runs. The one
        // exception is what the pool's own env file reads: the server's API auth string, which every
        // worker must send (the README says so).
        const own = new Set((pool.envFile?.entries ?? []).map((e) => `${e.secret.apiPath}#${e.secret.key}`));
        for (const [id, value] of stack.secrets) {
          const foreign = !own.has(id) && stack.model.environments.some((e) => e.name !== pool.environment && id.split('/').includes(e.name));
          if (foreign) expect(seen.has(sha256(value)), `${id} must not reach ${pool.service}`).toBe(false);
        }
      }
    }), needs);

    scenario('prefect-events-via-redis', example, run(async () => {
      const runs = await api.ok<{ id: string; state_type: string }[]>('POST', '/flow_runs/filter', { flow_runs: { state: { type: { any_: ['COMPLETED'] } } }, limit: 5 });
      expect(runs.length, 'a completed flow run').toBeGreaterThan(0);
      const events = await waitFor('the completed state event, persisted from Redis', async () => {
        const page = await api.ok<{ events: { event: string }[] }>('POST', '/events/filter', {
          filter: { any_resource: { id: [`prefect.flow-run.${runs[0]!.id}`] }, event: { name: ['prefect.flow-run.Completed'] } },
          limit: 10,
        });
        return page.events.length > 0 ? page.events : undefined;
      }, 60_000);
      expect(events[0]!.event).toBe('prefect.flow-run.Completed');
      const used = new Set([app.redis.db, ...(app.redis.docketDb === undefined ? [] : [app.redis.docketDb])]);
      expect(Number(stack.redisCli(['-n', String(app.redis.db), 'dbsize']).stdout.trim()), `keys in Redis DB ${app.redis.db}`).toBeGreaterThan(0);
      for (let db = 0; db < 16; db++) {
        if (used.has(db)) continue;
        expect(Number(stack.redisCli(['-n', String(db), 'dbsize']).stdout.trim()), `keys in Redis DB ${db}`).toBe(0);
      }
    }), needs);

    scenario('prefect-restart', example, run(async () => {
      const server = stack.container(app.server.service);
      await server.stop();
      server.start();
      await stack.waitHealthy(app.server.service);
      expect(stack.container(app.services.service).running, 'services survive the restart').toBe(true);
      for (const pool of app.workPools.filter((p) => p.workers > 0)) {
        for (const c of stack.containers.get(pool.service) ?? []) expect(c.running, `${c.spec.name} survives the restart`).toBe(true);
      }
      // Recovered, not just alive: a new run on each pool completes without any manual step.
      for (const pool of app.workPools.filter((p) => p.workers > 0)) {
        const deployment = (await api.ok<{ id: string; work_pool_name: string }[]>('POST', '/deployments/filter', {})).find((d) => d.work_pool_name === pool.name)!;
        const flowRun = await api.ok<{ id: string }>('POST', `/deployments/${deployment.id}/create_flow_run`, {});
        const final = await waitFor('a flow run after the restart', async () => {
          const fr = await api.ok<{ state_type: string }>('GET', `/flow_runs/${flowRun.id}`);
          return ['COMPLETED', 'FAILED', 'CRASHED'].includes(fr.state_type) ? fr : undefined;
        }, 150_000, () => stack.container(pool.service).tail(), 1000);
        expect(final.state_type).toBe('COMPLETED');
      }
    }), needs);
  });
}

function semverOf(image: string): string {
  return /:(\d+\.\d+\.\d+)/.exec(image)?.[1] ?? '';
}
