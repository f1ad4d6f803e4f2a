import { describe, expect, it } from 'vitest';
import { ssoChecks } from '../../src/doctor/checks/sso.js';
import { exampleText } from '../support/model-from.js';
import { doctorContext, rowLines, hostsAt } from './context.js';
import { hasOpenssl, selfSignedCertificate, ssoRoutes, traefikDouble, type Handler, doublesPerTest } from './doubles.js';

const hosts = ['perfect.zitian.party', 'wiki.zitian.party'];
const started = doublesPerTest();
const everySsoRow = (status: string) => hosts.flatMap((h) => [`sso.redirect ${h} ${status}`, `sso.ping ${h} ${status}`]);

async function ssoRows(handler: Handler, text?: string) {
  const traefik = await started(traefikDouble(selfSignedCertificate(hosts), handler));
  return ssoChecks(doctorContext({ ...(text ? { text } : {}), net: { redirects: hostsAt(traefik.port), insecure: true } }));
}

describe.skipIf(!hasOpenssl)('doctor sso (against a Traefik double in front of an outpost double)', () => {
  it('is ok when each SSO host redirects to the outpost start on the same host and the outpost answers 204', async () => {
    const rows = await ssoRows(ssoRoutes());
    expect(rowLines(rows)).toEqual(everySsoRow('ok'));
    expect(rows[0]?.saw).toBe('GET https://perfect.zitian.party/ without a session: 307 to https://perfect.zitian.party/outpost.goauthentik.io/start?rd=https%3A%2F%2Fperfect.zitian.party%2F');
  });

  it('fails a host that answers without sign-in (a route that lost its forward auth)', async () => {
    const open: Handler = (req, res, body) =>
      req.headers.host?.startsWith('wiki.') && req.url === '/' ? void res.writeHead(200).end('wiki') : ssoRoutes()(req, res, body);
    const rows = await ssoRows(open);
    const wiki = rows.find((r) => r.id === 'sso.redirect' && r.subject === 'wiki.zitian.party');
    expect(wiki).toMatchObject({ status: 'fail', saw: 'GET https://wiki.zitian.party/ without a session: 200: the app answers without sign-in' });
    expect(wiki?.fix).toContain('authentik middleware');
    expect(rows.filter((r) => r.status === 'fail')).toHaveLength(1);
  });

  it('fails a redirect to another host, naming the provider to fix', async () => {
    const elsewhere: Handler = (req, res) =>
      req.url === '/outpost.goauthentik.io/ping' ? void res.writeHead(204).end() : void res.writeHead(302, { location: 'https://auth.zitian.party/if/flow/x/' }).end();
    const rows = await ssoRows(elsewhere);
    expect(rows[0]).toMatchObject({ id: 'sso.redirect', status: 'fail' });
    expect(rows[0]?.fix).toContain('provider of `perfect` must have the external host https://perfect.zitian.party');
  });

  it('fails ping and redirect when the outpost is down (Traefik answers 502) or the route is gone (404)', async () => {
    const outpostDown: Handler = (req, res) => void res.writeHead(req.headers.host?.startsWith('wiki.') ? 404 : 502).end();
    const rows = await ssoRows(outpostDown);
    expect(rowLines(rows)).toEqual(everySsoRow('fail'));
    expect(rows[1]?.saw).toBe('GET https://perfect.zitian.party/outpost.goauthentik.io/ping: 502, expected 204');
    expect(rows[1]?.fix).toContain('the Authentik outpost at http://platform-authentik-server:9000');
    expect(rows[3]?.fix).toContain('Traefik has no router for wiki.zitian.party');
  });

  it('checks a public host answers without a session, and fails it when it asks for sign-in', async () => {
    const publicWiki = exampleText('platform').replace(
      /access:\n      mode: sso\n      groups:\n        - platform-admins\n        - staff/,
      'access:\n      mode: public\n      reason: The team reads it from kiosks without accounts.',
    );
    expect(publicWiki).toContain('mode: public');
    const healthy = await ssoRows(ssoRoutes(['wiki.zitian.party']), publicWiki);
    expect(rowLines(healthy).slice(2)).toEqual(['sso.public wiki.zitian.party ok']);
    expect(healthy[2]?.saw).toBe('GET https://wiki.zitian.party/_health without a session: 200');

    const guarded = await ssoRows(ssoRoutes(), publicWiki);
    expect(guarded[2]).toMatchObject({ id: 'sso.public', status: 'fail' });
    expect(guarded[2]?.saw).toContain('the public host asks for sign-in');
  });
});
