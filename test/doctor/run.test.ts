import { describe, expect, it } from 'vitest';
import { selectChecks } from '../../src/doctor/check-ids.js';
import { parseConnectTo, parseResolve } from '../../src/doctor/probe/endpoints.js';
import { runDoctor } from '../../src/doctor/run.js';
import { doctorContext } from './context.js';

describe('doctor run', () => {
  it('turns a check that never settles into one fail row at the deadline', async () => {
    const never = () => new Promise<never>(() => undefined);
    const startedAt = Date.now();
    const report = await runDoctor(doctorContext({ only: ['secrets', 'drift'], timeoutMs: 300, docker: { run: never } }));
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(report.checks.map((c) => `${c.id} ${c.subject} ${c.status}`)).toEqual(['secrets.docker secrets fail', 'drift out ok']);
    expect(report.checks[0]?.saw).toMatch(/^did not finish within/);
    expect(report.summary).toEqual({ ok: 1, warn: 0, fail: 1, status: 'fail' });
  });

  it('turns a check that throws into a fail row, not a stack trace', async () => {
    const report = await runDoctor(doctorContext({ only: ['secrets'], docker: { run: () => Promise.reject(new Error('boom')) } }));
    expect(report.checks).toEqual([expect.objectContaining({ id: 'secrets.docker', status: 'fail', saw: 'the check stopped: boom' })]);
  });

  it('selects by group and by id, and rejects unknown names', () => {
    const selection = selectChecks(['sso.ping,prefect', ' drift ']);
    if ('unknown' in selection) throw new Error('expected a selection');
    expect([selection.has('sso.ping'), selection.has('sso.redirect'), selection.has('prefect.workers'), selection.hasGroup('sso'), selection.hasGroup('tls')]).toEqual([true, false, true, true, false]);
    expect(selectChecks(['tls,nope,sso.pong'])).toEqual({ unknown: ['nope', 'sso.pong'] });
  });

  it('parses --resolve and --connect-to as curl does', () => {
    expect(parseResolve('Perfect.Example.com:443:10.0.0.2')).toEqual({ host: 'perfect.example.com', port: 443, address: '10.0.0.2', toPort: 443 });
    expect(parseResolve('h:443:[::1]')).toEqual({ host: 'h', port: 443, address: '::1', toPort: 443 });
    expect(parseConnectTo('h:443:127.0.0.1:8443')).toEqual({ host: 'h', port: 443, address: '127.0.0.1', toPort: 8443 });
    expect(parseResolve('h:0:1.2.3.4')).toMatch(/port must be 1 to 65535/);
    expect(parseResolve('h:443')).toMatch(/expected HOST:PORT:ADDRESS/);
  });
});
