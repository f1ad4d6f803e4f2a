import { describe, expect, it } from 'vitest';
import { prefectChecks } from '../../src/doctor/checks/prefect.js';
import { doctorContext, rowLines } from './context.js';
import { healthyPrefect, httpDouble, prefectApiDouble, silentDouble, type PrefectState, doublesPerTest } from './doubles.js';

const started = doublesPerTest();

async function prefectRows(state: PrefectState, extra: { auth?: string; seen?: { authorization: string[]; paths: string[] } } = {}) {
  const api = await started(httpDouble(prefectApiDouble(state, extra.seen)));
  return prefectChecks(
    doctorContext({ prefectUrls: new Map([['*', `http://127.0.0.1:${api.port}/api`]]), ...(extra.auth !== undefined ? { prefectAuth: extra.auth } : {}) }),
  );
}

describe('doctor prefect (against a double of the Prefect API)', () => {
  it('is ok when the API is healthy and ready and every pool, limit, worker and deployment is in place', async () => {
    const rows = await prefectRows(healthyPrefect());
    expect(rowLines(rows)).toEqual([
      'prefect.health prefect ok',
      'prefect.ready prefect ok',
      'prefect.pool production-pool ok',
      'prefect.workers production-pool ok',
      'prefect.concurrency production-pool ok',
      'prefect.deployments production-pool ok',
      'prefect.pool staging-pool ok',
      'prefect.workers staging-pool ok',
      'prefect.concurrency staging-pool ok',
      'prefect.deployments staging-pool ok',
    ]);
    expect(rows[3]?.saw).toBe('2 of 2 configured worker(s) online');
    expect(rows[4]?.saw).toBe('concurrency limit 8, as configured');
  });

  it('fails a stopped worker, a missing pool, a wrong limit and a deployment that is not registered', async () => {
    const state = healthyPrefect();
    const broken: PrefectState = {
      ...state,
      pools: {
        'production-pool': { concurrency_limit: 3, workers: [{ name: 'w1', status: 'OFFLINE' }, { name: 'w2', status: 'OFFLINE' }] },
      },
      deployments: state.deployments.filter((d) => d.name !== 'etl-production'),
    };
    const rows = await prefectRows(broken);
    expect(rowLines(rows).filter((r) => r.endsWith('fail'))).toEqual([
      'prefect.workers production-pool fail',
      'prefect.concurrency production-pool fail',
      'prefect.deployments production-pool fail',
      'prefect.pool staging-pool fail',
      'prefect.workers staging-pool fail',
      'prefect.concurrency staging-pool fail',
    ]);
    const byId = (id: string, subject: string) => rows.find((r) => r.id === id && r.subject === subject);
    expect(byId('prefect.workers', 'production-pool')).toMatchObject({ saw: '0 of 2 configured worker(s) online, 2 offline' });
    expect(byId('prefect.workers', 'production-pool')?.fix).toContain('"Worker not picking up flows"');
    expect(byId('prefect.concurrency', 'production-pool')?.saw).toBe('concurrency limit 3, the config says 8');
    expect(byId('prefect.concurrency', 'production-pool')?.fix).toContain('docker exec -i platform-prefect-server sh < out/prefect/bootstrap-work-pools.sh');
    expect(byId('prefect.deployments', 'production-pool')?.saw).toBe('not registered on the pool: etl-production');
    expect(byId('prefect.deployments', 'production-pool')?.fix).toContain('prefect --no-prompt deploy --prefect-file /tmp/prefect.yaml --name etl-production');
    expect(byId('prefect.pool', 'staging-pool')?.saw).toBe('work pool staging-pool does not exist');
    // The staging deployments are registered, on a pool that no longer exists: still ok for the deployment row.
    expect(byId('prefect.deployments', 'staging-pool')?.status).toBe('ok');
  });

  it('warns when fewer workers than configured are online, and about a paused pool', async () => {
    const state = healthyPrefect();
    const rows = await prefectRows({
      ...state,
      pools: { ...state.pools, 'production-pool': { concurrency_limit: 8, is_paused: true, workers: [{ name: 'w1', status: 'ONLINE' }] } },
    });
    expect(rowLines(rows).filter((r) => r.endsWith('warn'))).toEqual(['prefect.pool production-pool warn', 'prefect.workers production-pool warn']);
    expect(rows.find((r) => r.id === 'prefect.pool')?.fix).toContain('work-pool resume production-pool');
  });

  it('fails ready with the database fix when the server cannot reach Postgres', async () => {
    const rows = await prefectRows({ ...healthyPrefect(), ready: false });
    expect(rows[1]).toMatchObject({ id: 'prefect.ready', status: 'fail', saw: expect.stringMatching(/: 503: the server cannot reach its database$/) });
    expect(rows[1]?.fix).toBe(
      'The server needs the database `prefect` on platform-postgres:5432, owned by `prefect`, with the password at key `database_password` of secret/platform/production/prefect in Vault; see out/prefect/README.md, "Database connection issues".',
    );
  });

  it('sends PREFECT_API_AUTH_STRING as Basic auth and never shows it; says what a 401 means', async () => {
    const secret = 'admin:s3cret-do-not-print';
    const seen = { authorization: [] as string[], paths: [] as string[] };
    const rows = await prefectRows({ ...healthyPrefect(), authString: secret }, { auth: secret, seen });
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    expect(new Set(seen.authorization)).toEqual(new Set([`Basic ${Buffer.from(secret).toString('base64')}`]));
    expect(JSON.stringify(rows)).not.toContain('s3cret');
    expect(JSON.stringify(rows)).not.toContain(Buffer.from(secret).toString('base64'));
    // Only reads: GETs and the filter POSTs, which change nothing.
    expect(seen.paths.every((p) => p.startsWith('GET ') || p.endsWith('/filter'))).toBe(true);

    // Prefect answers /health and /ready without the auth string: the pool rows say what is wrong,
    // rather than asking to create pools that are there.
    const without = await prefectRows({ ...healthyPrefect(), authString: secret });
    expect(rowLines(without).slice(0, 2)).toEqual(['prefect.health prefect ok', 'prefect.ready prefect ok']);
    expect(without.slice(2).every((r) => r.status === 'fail')).toBe(true);
    expect(without[2]).toMatchObject({ id: 'prefect.pool', subject: 'production-pool', saw: 'not checked: GET /admin/version: 401, the API refused a request without its auth string' });
    expect(without[2]?.fix).toContain('set PREFECT_API_AUTH_STRING in the environment of perfect-gen doctor');
    expect(without.some((r) => r.fix.includes('Create the pools'))).toBe(false);
    const wrong = await prefectRows({ ...healthyPrefect(), authString: secret }, { auth: 'admin:stale' });
    expect(wrong[2]?.saw).toBe('not checked: GET /admin/version: 401, the API refused the auth string in PREFECT_API_AUTH_STRING');
    expect(JSON.stringify(wrong)).not.toContain('stale');
  });

  it('fails health and marks every other row unchecked when the API does not answer, within the timeout', async () => {
    const silent = await started(silentDouble());
    const startedAt = Date.now();
    const rows = await prefectChecks(doctorContext({ timeoutMs: 700, prefectUrls: new Map([['prefect', `http://127.0.0.1:${silent.port}/api`]]) }));
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.status === 'fail')).toBe(true);
    expect(rows[0]?.saw).toMatch(/^no answer from http:\/\/127\.0\.0\.1:\d+\/api\/health within 0\.\d s$/);
    expect(rows[2]?.saw).toBe('not checked: the API did not answer');
  });

  it('tries the internal URL, then the public one, when no --prefect-url is given', async () => {
    const rows = await prefectChecks(doctorContext({ only: ['prefect.health'] }));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.saw).toBe(
      'http://platform-prefect-server:4200/api/health: the name does not resolve; https://perfect.zitian.party/api/health: the name does not resolve',
    );
    expect(rows[0]?.fix).toContain('pass --prefect-url');
  });
});
