import { describe, expect, it } from 'vitest';
import { tlsChecks } from '../../src/doctor/checks/tls.js';
import { doctorContext, hostsAt, rowLines } from './context.js';
import { hasOpenssl, selfSignedCertificate, silentDouble, ssoRoutes, traefikDouble, doublesPerTest } from './doubles.js';

const hosts = ['perfect.zitian.party', 'wiki.zitian.party'];
const started = doublesPerTest();

describe.skipIf(!hasOpenssl)('doctor tls (against a Traefik double with a certificate made by openssl)', () => {
  it('accepts a self-signed certificate that covers the host only with --insecure, as a warning', async () => {
    const traefik = await started(traefikDouble(selfSignedCertificate(hosts), ssoRoutes()));
    const insecure = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: true } }));
    expect(insecure.map((r) => [r.subject, r.status])).toEqual([['perfect.zitian.party', 'warn'], ['wiki.zitian.party', 'warn']]);
    expect(insecure[0]?.saw).toMatch(/certificate for perfect\.zitian\.party, valid until \d{4}-\d\d-\d\d \((89|90) days\); it does not verify: DEPTH_ZERO_SELF_SIGNED_CERT; accepted because of --insecure$/);

    const strict = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: false } }));
    expect(strict.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(strict[0]?.saw).toMatch(/it does not verify: DEPTH_ZERO_SELF_SIGNED_CERT$/);
    expect(strict[0]?.fix).toContain('resolver `letsencrypt`');
  });

  it('is ok for a certificate that verifies against --cacert and covers the host', async () => {
    const certificate = selfSignedCertificate(hosts);
    const traefik = await started(traefikDouble(certificate, ssoRoutes()));
    const rows = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: false, ca: certificate.cert } }));
    expect(rowLines(rows)).toEqual(['tls perfect.zitian.party ok', 'tls wiki.zitian.party ok']);
    expect(rows[1]?.saw).toMatch(/: certificate for perfect\.zitian\.party, valid until .*, verified, covers the host$/);
  });

  it('fails a certificate that does not cover the host; --insecure makes it a warning', async () => {
    const certificate = selfSignedCertificate(['other.example.com']);
    const traefik = await started(traefikDouble(certificate, ssoRoutes()));
    const strict = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: false, ca: certificate.cert } }));
    expect(rowLines(strict)).toEqual(['tls perfect.zitian.party fail', 'tls wiki.zitian.party fail']);
    expect(strict[0]?.saw).toContain("it does not cover perfect.zitian.party: Hostname/IP does not match certificate's altnames: Host: perfect.zitian.party. is not in the cert's altnames: DNS:other.example.com");
    expect(strict[0]?.saw).not.toContain('does not verify');
    const insecure = await tlsChecks(doctorContext({ net: { redirects: hostsAt(traefik.port), insecure: true } }));
    expect(insecure.map((r) => r.status)).toEqual(['warn', 'warn']);
  });

  it('warns under 14 days and fails once expired', async () => {
    const certificate = selfSignedCertificate(hosts, 10);
    const traefik = await started(traefikDouble(certificate, ssoRoutes()));
    const net = { redirects: hostsAt(traefik.port), insecure: false, ca: certificate.cert };
    const soon = await tlsChecks(doctorContext({ net }));
    expect(soon[0]).toMatchObject({ status: 'warn', saw: expect.stringMatching(/\(9 days\); expires in less than 14 days$/) });
    const later = () => new Date(Date.now() + 30 * 86_400_000);
    const expired = await tlsChecks(doctorContext({ now: later, net }));
    expect(expired.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(expired[0]?.saw).toMatch(/\(-21 days\); expired$/);
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
