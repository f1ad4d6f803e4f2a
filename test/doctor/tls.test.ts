import { describe, expect, it } from 'vitest';
import { tlsChecks } from '../../src/doctor/checks/tls.js';
import { doctorContext, hostsAt } from './context.js';
import { hasOpenssl, selfSignedCertificate, silentDouble, ssoRoutes, traefikDouble, doublesPerTest } from './doubles.js';

const hosts = ['perfect.zitian.party', 'wiki.zitian.party'];
const started = doublesPerTest();

describe.skipIf(!hasOpenssl)('doctor tls (against a Traefik double with a certificate made by openssl)', () => {
  it('accepts a self-signed certificate that covers the host only with --insecure, as a warning', async () => {
    const traefik = await started(traefikDouble(selfSignedCertificate(hosts), ssoRoutes()));
    const insecure = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: true } }));
    expect(insecure.map((r) => [r.subject, r.status])).toEqual([['perfect.zitian.party', 'warn'], ['wiki.zitian.party', 'warn']]);
    expect(insecure[0]?.saw).toMatch(/certificate for perfect\.zitian\.party, valid until \d{4}-\d\d-\d\d \((89|90) days\); not verified/);

    const strict = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: false } }));
    expect(strict.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(strict[0]?.saw).toMatch(/does not verify: .*SELF_SIGNED/);
    expect(strict[0]?.fix).toContain('resolver `letsencrypt`');
  });

  it('fails a certificate that does not cover the host', async () => {
    const traefik = await started(traefikDouble(selfSignedCertificate(['other.example.com']), ssoRoutes()));
    const rows = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: true } }));
    expect(rows.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(rows[0]?.saw).toContain('does not cover perfect.zitian.party');
  });

  it('warns under 14 days and fails once expired', async () => {
    const traefik = await started(traefikDouble(selfSignedCertificate(hosts, 10), ssoRoutes()));
    const soon = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: true } }));
    expect(soon[0]?.saw).toContain('expires in less than 14 days');
    expect(soon[0]?.status).toBe('warn');
    const later = () => new Date(Date.now() + 30 * 86_400_000);
    const expired = await tlsChecks(doctorContext({ now: later, net: { redirects: hostsAt(traefik.port), insecure: true } }));
    expect(expired.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(expired[0]?.saw).toMatch(/expired$/);
  });

  it('fails a host that does not resolve, refuses, or never answers, within the probe timeout', async () => {
    const unresolved = await tlsChecks(doctorContext());
    expect(unresolved[0]).toMatchObject({ status: 'fail', saw: 'perfect.zitian.party:443: the name does not resolve' });
    expect(unresolved[0]?.fix).toContain('entrypoint `websecure`');

    const closed = await started(silentDouble());
    const port = closed.port;
    await closed.close();
    const refused = await tlsChecks(doctorContext({ net: { redirects: hostsAt(port), insecure: true } }));
    expect(refused[0]?.saw).toBe(`perfect.zitian.party:443 (at 127.0.0.1:${port}): connection refused`);

    const silent = await started(silentDouble());
    const startedAt = Date.now();
    const hung = await tlsChecks(doctorContext({ timeoutMs: 800, net: { redirects: hostsAt(silent.port), insecure: true } }));
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(hung[0]?.saw).toMatch(/^no answer from perfect\.zitian\.party:443 .* within 0\.\d s$/);
  });
});
