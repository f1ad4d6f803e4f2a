import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { CheckRow, DoctorReport } from '../../src/doctor/report.js';
import { traefikNames } from '../../src/emit/traefik/names.js';
import type { PrefectApp } from '../../src/model/model.js';
import { projectRoot } from '../support/model-from.js';
import { examples } from './support/configs.js';
import type { Container } from './support/container.js';
import { deployFromWorkers, type PrefectApi, runBootstrap, upWithTestFlows } from './support/prefect.js';
import { needsStack, programs, versions } from './support/programs.js';
import { shAsync, waitFor } from './support/run.js';
import { scenario } from './support/scenario.js';
import { Stack } from './support/stack.js';
import { makeTestCa } from './support/test-ca.js';
import { handwrittenDynamicFile, https, listening, outpostPort, standIn, startOutpost, TraefikRun } from './support/traefik.js';

const needs = () => needsStack('bao', 'postgres', 'redis-server', 'tini', 'prefect', 'traefik', 'openssl');

/** The platform example by default (the suite's time budget); PERFECT_GEN_E2E_DOCTOR=perfect,platform runs both. */
const doctorExamples = (process.env['PERFECT_GEN_E2E_DOCTOR'] ?? 'platform').split(',').filter(Boolean);

interface DoctorRun {
  readonly code: number | null;
  readonly report: DoctorReport;
  readonly stderr: string;
}

const failing = (report: DoctorReport): CheckRow[] => report.checks.filter((c) => c.status !== 'ok');
const shown = (rows: readonly CheckRow[]): string => rows.map((r) => `${r.status} ${r.id} ${r.subject}: ${r.saw}`).join('\n');

for (const { name: example, config } of examples.filter((e) => doctorExamples.includes(e.name))) {
  describe(`perfect-gen doctor on the running stack of ${example}`, () => {
    const stack = new Stack({ example: `doctor-${example}`, config });
    const configFile = join(projectRoot, config);
    let app: PrefectApp;
    let api: PrefectApi;
    let traefik: TraefikRun;
    let outpost: Container;
    let caFile: string;
    let hosts: string[] = [];
    let ready: Error | undefined;
    let dockerBin: string;
    let dockerState: string;
    /** The server's API auth string, read once: a fault below removes the env file it comes from. */
    let prefectAuth: string;

    beforeAll(async () => {
      if (needs()) return;
      try {
        ({ app, api } = await upWithTestFlows(stack));
        prefectAuth = stack.serverEnv(app)['PREFECT_SERVER_API_AUTH_STRING'] ?? '';
        // The runbook's first steps after `up`: pools with their limits, then the deployments.
        const bootstrap = await runBootstrap(stack, app);
        if (bootstrap.status !== 0) throw new Error(`bootstrap: ${bootstrap.stdout}\n${bootstrap.stderr}`);
        for (const deployed of await deployFromWorkers(stack, app)) {
          if (deployed.status !== 0) throw new Error(`deploy on ${deployed.service}: ${deployed.stdout.slice(-2000)}\n${deployed.stderr.slice(-2000)}`);
        }
        outpost = startOutpost(stack);
        await listening(outpost, outpostPort(stack), '/outpost.goauthentik.io/ping');
        hosts = stack.model.apps.flatMap((a) => (a.route ? [a.route.host] : []));
        const cert = makeTestCa(join(stack.runDir, 'test-ca'), hosts);
        caFile = cert.caFile;
        traefik = new TraefikRun(stack, versions.traefik.newest, stack.network.add(['traefik-doctor']));
        traefik.start(handwrittenDynamicFile(stack, traefikNames(stack.model.platform.name).authMiddleware, [cert]), { watch: true });
        await traefik.ready(hosts[0]!);
        dockerBin = join(stack.runDir, 'docker-stand-in');
        mkdirSync(dockerBin, { recursive: true });
        symlinkSync(standIn('docker.mjs'), join(dockerBin, 'docker'));
        // The doctor looks for a Docker socket before it runs docker; the stand-in needs none, so a
        // plain file takes the socket's place.
        writeFileSync(join(dockerBin, 'docker.sock'), '');
        dockerState = join(dockerBin, 'containers.json');
      } catch (error) {
        ready = new Error(`${(error as Error).message}\n${stack.tails()}\n${traefik?.logTail() ?? ''}`);
      }
    }, 900_000);
    afterAll(async () => {
      await Promise.all([traefik?.container?.stop(), outpost?.stop()]);
      await stack.down();
    }, 120_000);

    /** What the docker stand-in answers for: the containers as they run now (a restart changes the PID). */
    const writeDockerState = () => {
      const containers = Object.fromEntries(
        [...stack.containers.entries()].flatMap(([service, list]) =>
          list.map((c) => [c.spec.name, { pid: c.running ? c.pid : 0, env: c.spec.env, healthcheck: stack.healthcheckArgv(service), labels: stack.project.services[service]?.labels ?? {} }]),
        ),
      );
      writeFileSync(dockerState, JSON.stringify({ nsenter: programs.nsenter, containers }));
    };

    /** The real CLI, as an operator runs it from a machine that reaches Traefik and the Prefect server. */
    const doctor = async (extra: readonly string[] = [], auth = prefectAuth): Promise<DoctorRun> => {
      writeDockerState();
      const server = stack.network.lookup(app.server.container ?? app.server.service)!;
      const args = [
        join(projectRoot, 'bin/perfect-gen.cjs'), 'doctor', '--config', configFile, '--out', stack.outDir,
        ...hosts.flatMap((h) => ['--resolve', `${h}:443:${traefik.address}`]),
        '--cacert', caFile,
        '--prefect-url', `http://${server.address}:${app.server.port}/api`,
        '--docker', '--timeout', '90', '--format', 'json', ...extra,
      ];
      const env = {
        PATH: `${dockerBin}:${dirname(process.execPath)}:/usr/bin:/bin`,
        DOCKER_HOST: `unix://${join(dockerBin, 'docker.sock')}`,
        PERFECT_GEN_E2E_DOCKER_STATE: dockerState,
        PREFECT_API_AUTH_STRING: auth,
      };
      const run = await shAsync(process.execPath, args, { env, timeoutMs: 120_000, cwd: projectRoot });
      let report: DoctorReport;
      try {
        report = JSON.parse(run.stdout) as DoctorReport;
      } catch {
        throw new Error(`doctor printed no JSON report (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`);
      }
      return { code: run.status, report, stderr: run.stderr };
    };

    const run = (check: () => Promise<void>) => async () => {
      if (ready) throw ready;
      await check();
    };

    scenario('doctor-healthy', example, run(async () => {
      const { code, report, stderr } = await doctor();
      expect(failing(report), `rows that are not ok:\n${shown(failing(report))}\n${stderr}`).toEqual([]);
      expect(code).toBe(0);
      // Every group ran against something: a row per host, per pool and per rendered env file.
      const ids = new Set(report.checks.map((c) => c.id));
      // A pool with no deployment in the config (the seed's) has no deployments row.
      const withDeployments = app.workPools.some((p) => p.deployments.length > 0) ? ['prefect.deployments'] : [];
      for (const id of ['tls', 'sso.redirect', 'sso.ping', 'prefect.health', 'prefect.ready', 'prefect.pool', 'prefect.workers', 'prefect.concurrency', ...withDeployments, 'secrets.agent', 'secrets.env-file', 'drift']) {
        expect(ids.has(id), `a ${id} row`).toBe(true);
      }
      expect(report.checks.filter((c) => c.id === 'tls').map((c) => c.subject).sort()).toEqual([...hosts].sort());
      expect(report.checks.filter((c) => c.id === 'prefect.pool').map((c) => c.subject).sort()).toEqual(app.workPools.map((p) => p.name).sort());
      expect(report.checks.filter((c) => c.id === 'tls').every((c) => c.saw.includes('verified'))).toBe(true);
    }), needs);

    scenario('doctor-detects-faults', example, run(async () => {
      const baseline = await doctor();
      expect(failing(baseline.report), 'the stack is healthy before the faults').toEqual([]);

      // A stopped worker: Prefect marks it OFFLINE only after missed heartbeats, so it is stopped
      // first and the other faults are shown while the server notices.
      const pool = [...app.workPools].filter((p) => p.workers > 0).sort((a, b) => a.workers - b.workers)[0]!;
      const workers = stack.containers.get(pool.service) ?? [];
      await Promise.all(workers.map((c) => c.stop()));

      /** Rows a fault may fail beside its own: the stopped worker's, once Prefect has noticed. */
      const workerRow = (r: CheckRow) => r.id === 'prefect.workers' && r.subject === pool.name;
      const expectFault = async (what: string, isFault: (r: CheckRow) => boolean, fix: RegExp, auth?: string) => {
        const { code, report } = await doctor([], auth);
        const rows = report.checks.filter(isFault);
        expect(rows.length, `${what}: a row for it\n${shown(failing(report))}`).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row.status, `${what}: ${row.id} ${row.subject}`).toBe('fail');
          expect(row.fix, `${what}: the fix of ${row.id} ${row.subject}`).toMatch(fix);
        }
        expect(failing(report).filter((r) => !isFault(r) && !workerRow(r)), `${what}: nothing else fails`).toEqual([]);
        expect(code, what).toBe(1);
      };

      // A missing secret: one env file the agent rendered, removed from its volume.
      const [agentContainer, envPath] = baseline.report.checks.find((c) => c.id === 'secrets.env-file')!.subject.split(':') as [string, string];
      const agent = [...stack.containers.values()].flat().find((c) => c.spec.name === agentContainer)!;
      const saved = await agent.exec(['cat', envPath]);
      expect(saved.status).toBe(0);
      expect((await agent.exec(['rm', envPath])).status).toBe(0);
      try {
        // The agent's own healthcheck tests its files, so its row fails beside the file's.
        const isFault = (r: CheckRow) => (r.id === 'secrets.env-file' && r.subject === `${agentContainer}:${envPath}`) || (r.id === 'secrets.agent' && r.subject === agentContainer);
        await expectFault('a missing env file', isFault, /Vault/);
        const { report } = await doctor(['--only', 'secrets']);
        expect(report.checks.find((r) => r.id === 'secrets.env-file' && r.subject === `${agentContainer}:${envPath}`)).toMatchObject({ status: 'fail', saw: 'missing' });
      } finally {
        expect((await agent.exec(['/bin/sh', '-c', 'cat > "$1"', 'restore', envPath], 10_000, agent.spec.env, saved.stdout)).status).toBe(0);
      }

      // The API auth string missing from the doctor's environment: Prefect answers /health and /ready
      // without it, so the pools and deployments are not checked, with the auth string as the fix.
      await expectFault('no API auth string', (r) => r.id.startsWith('prefect.') && !['prefect.health', 'prefect.ready'].includes(r.id), /PREFECT_API_AUTH_STRING/, '');

      // A Traefik route dropped: the generated routers of one host, gone from the folder Traefik watches.
      const host = stack.model.apps.find((a) => a.route?.access.mode === 'sso' && a.kind !== 'prefect')?.route?.host ?? hosts[0]!;
      const watched = join(traefik.dynamicDir, 'perfect-gen.yml');
      const original = readFileSync(watched, 'utf8');
      const doc = parse(original) as { http: { routers?: Record<string, { rule: string }> } };
      for (const [name, router] of Object.entries(doc.http.routers ?? {})) if (router.rule.includes(`Host(\`${host}\`)`)) delete doc.http.routers![name];
      // Traefik refuses an empty `routers:` map, so a file left without routers has none at all.
      if (Object.keys(doc.http.routers ?? {}).length === 0) delete doc.http.routers;
      // Replaced in one step (a rename), so Traefik never loads a half-written file.
      const replace = (text: string) => {
        const next = join(traefik.dir, 'perfect-gen.yml.next');
        writeFileSync(next, text);
        renameSync(next, watched);
      };
      const routes = async (dropped: boolean) => {
        for (const h of hosts) if (((await https(traefik.address, h, { timeoutMs: 3000 })).status === 404) !== (dropped && h === host)) return undefined;
        return true;
      };
      replace(stringify(doc));
      try {
        await waitFor(`Traefik to drop the routers of ${host}, and only those`, () => routes(true), 30_000, () => traefik.logTail());
        await expectFault('a dropped route', (r) => r.id.startsWith('sso.') && r.subject === host, /no router for/);
      } finally {
        replace(original);
      }
      await waitFor(`Traefik to route ${host} again`, () => routes(false), 30_000, () => traefik.logTail());

      // The outpost down: forward auth and the outpost paths of every SSO host.
      await outpost.stop();
      try {
        await expectFault('the outpost down', (r) => r.id === 'sso.redirect' || r.id === 'sso.ping', /outpost/);
      } finally {
        outpost = startOutpost(stack);
        await listening(outpost, outpostPort(stack), '/outpost.goauthentik.io/ping');
      }

      // Stale output: a generated file changed by hand in the output folder.
      const runbook = join(stack.outDir, app.name, 'README.md');
      const generated = readFileSync(runbook, 'utf8');
      writeFileSync(runbook, `${generated}\nEdited by hand.\n`);
      try {
        await expectFault('stale output', (r) => r.id === 'drift', /Regenerate/);
        const drift = (await doctor(['--only', 'drift'])).report.checks[0]!;
        expect(drift.saw).toContain(`stale ${app.name}/README.md`);
      } finally {
        writeFileSync(runbook, generated);
      }

      // The stopped worker, once Prefect has marked it OFFLINE (three missed heartbeats and a pass of
      // the services that notice them).
      await waitFor(`Prefect to mark the workers of ${pool.name} offline`, async () => {
        const list = await api.ok<{ status: string }[]>('POST', `/work_pools/${pool.name}/workers/filter`, {});
        return list.every((w) => w.status !== 'ONLINE') ? true : undefined;
      }, 300_000, () => '', 5000);
      await expectFault('a stopped worker', workerRow, /Start the worker and read its log/);
      workers.forEach((c) => c.start());
    }), needs, 600_000);
  });
}
