import { afterAll, beforeAll, describe, expect, type TestContext } from 'vitest';
import type { App, PrefectApp, PublicRoute } from '../../src/model/model.js';
import { authentikResponseHeaders } from '../../src/emit/traefik/authentik.js';
import { traefikNames } from '../../src/emit/traefik/names.js';
import { containerNames } from './support/compose.js';
import { examples } from './support/configs.js';
import type { Container } from './support/container.js';
import { needsStack, versions } from './support/programs.js';
import { scenario } from './support/scenario.js';
import { Stack } from './support/stack.js';
import { handwritten, handwrittenDynamicFile, http, https, listening, outpostPort, sessionCookie, startHandwrittenUpstream, startOutpost, TraefikRun, type HttpAnswer } from './support/traefik.js';
import { ignoredTraefikErrors, unexpectedLogEntries } from './support/traefik-log.js';

const needs = () => needsStack('bao', 'postgres', 'redis-server', 'tini', 'prefect', 'traefik');

/** Both pinned versions by default; PERFECT_GEN_E2E_TRAEFIK=3.0.4 runs one. */
const traefikVersions = (process.env['PERFECT_GEN_E2E_TRAEFIK'] ?? `${versions.traefik.minimum},${versions.traefik.newest}`).split(',').filter(Boolean);

const configs = [...examples, { name: 'all-kinds', config: 'test/e2e/configs/all-kinds.yaml' }] as const;

type Routed = App & { readonly route: PublicRoute };

const upstreamHostOf = (app: Routed): string => new URL(app.route.upstream).hostname;

for (const { name: example, config } of configs) {
  describe(`Traefik routes the generated file of ${example}`, () => {
    // Prefect compares its API auth string with hmac.compare_digest, which raises on non-ASCII text
    // (every authenticated request then answers 500), so the auth string here is printable ASCII.
    const stack = new Stack({ example: `traefik-${example}`, config });
    const traefiks: TraefikRun[] = [];
    const extra: Container[] = [];
    let ready: Error | undefined;
    let routed: Routed[] = [];
    let sso: Routed[] = [];
    let publicApps: Routed[] = [];

    beforeAll(async () => {
      if (needs()) return;
      try {
        stack.build();
        routed = stack.model.apps.filter((a): a is Routed => a.route !== undefined);
        sso = routed.filter((a) => a.route.access.mode === 'sso');
        publicApps = routed.filter((a) => a.route.access.mode === 'public');
        await stack.startPlatform();
        await stack.up();
        const outpost = startOutpost(stack);
        const upstream = startHandwrittenUpstream(stack);
        extra.push(outpost, upstream);
        await listening(outpost, outpostPort(stack), '/outpost.goauthentik.io/ping');
        await listening(upstream, handwritten.upstreamPort, '/');
        const names = traefikNames(stack.model.platform.name);
        for (const version of traefikVersions) {
          const run = new TraefikRun(stack, version, stack.network.add([`traefik-v${version.replaceAll('.', '-')}`]));
          run.start(handwrittenDynamicFile(stack, names.authMiddleware));
          traefiks.push(run);
        }
        for (const run of traefiks) await run.ready(routed[0]!.route.host);
      } catch (error) {
        ready = new Error(`${(error as Error).message}\n${stack.tails()}\n${traefiks.map((t) => t.logTail()).join('\n')}`);
      }
    }, 600_000);
    afterAll(async () => {
      await Promise.all([...traefiks.map((t) => t.container?.stop()), ...extra.map((c) => c.stop())]);
      await stack.down();
    }, 120_000);

    /** Runs a check against every Traefik version; the report's detail names the versions it held at. */
    const atEachVersion = (check: (t: TraefikRun) => Promise<void>) => async (ctx: TestContext) => {
      if (ready) throw ready;
      for (const t of traefiks) {
        try {
          await check(t);
        } catch (error) {
          (error as Error).message = `Traefik ${t.version}: ${(error as Error).message}`;
          throw error;
        }
      }
      ctx.annotate(`Traefik ${traefiks.map((t) => t.version).join(' and ')}`, 'detail');
    };

    scenario('traefik-sso-redirect', example, atEachVersion(async (t) => {
      expect(sso.length, 'SSO apps in the example').toBeGreaterThan(0);
      for (const app of sso) {
        const host = app.route.host;
        const path = '/some/page?tab=runs&x=1';
        const res = await https(t.address, host, { path });
        expect([302, 307], `${host}${path} without a session: ${res.status} ${res.body.slice(0, 200)}`).toContain(res.status);
        expect(res.headers['location']).toBe(`https://${host}/outpost.goauthentik.io/start?rd=${encodeURIComponent(`https://${host}${path}`)}`);
        // An unknown or stale cookie is no session either.
        expect((await https(t.address, host, { path, headers: { cookie: 'authentik_proxy_test=mallory' } })).status).not.toBe(200);
      }
    }), needs);

    scenario('traefik-authenticated-upstream', example, atEachVersion(async (t) => {
      for (const app of sso) {
        const host = app.route.host;
        if (app.kind === 'prefect') {
          await checkPrefectThroughSso(t, host, stack, app);
          continue;
        }
        const seen = echoed(await https(t.address, host, { path: '/whoami', headers: sessionCookie('alice') }), host);
        expect(seen.headers['host'], 'Host reaches the app (passHostHeader)').toBe(host);
        expect(seen.url).toBe('/whoami');
        expect(seen.headers['x-forwarded-proto']).toBe('https');
        expect(seen.headers['x-authentik-username']).toBe('alice');
        expect(seen.headers['x-authentik-groups']).toBe('platform-admins|staff|data-team|managers');
        expect(seen.headers['x-authentik-email']).toBe('alice@example.test');
        expect(seen.headers['x-authentik-name']).toBe('Alice Example');
        expect(seen.headers['x-authentik-uid']).toBe('uid-alice');
      }
    }), needs);

    scenario('traefik-header-spoofing', example, atEachVersion(async (t) => {
      const spoofed: Record<string, string> = Object.fromEntries(authentikResponseHeaders.map((h) => [h, 'spoofed']));
      // Header names are case-insensitive: a lower-case copy must be replaced as well.
      spoofed['x-authentik-username'] = 'admin';
      // The echoing upstreams behind the generated forward-auth middleware: every SSO web app, and
      // the hand-written route that reuses the middleware (the only echo in a Prefect-only example).
      const targets = [...sso.filter((a) => a.kind !== 'prefect').map((a) => a.route.host), handwritten.host(stack)];
      for (const host of targets) {
        const seen = echoed(await https(t.address, host, { path: '/', headers: { ...spoofed, ...sessionCookie('bob') } }), host);
        expect(seen.headers['x-authentik-username'], `${host}: the outpost's user, not the client's`).toBe('bob');
        expect(seen.headers['x-authentik-groups']).toBe('staff');
        for (const name of authentikResponseHeaders) {
          const value = seen.headers[name.toLowerCase()];
          expect(value === undefined || !String(value).includes('spoofed'), `${host}: ${name} = ${value}`).toBe(true);
        }
        // Names that CGI, WSGI or PHP backends read as the same variable (HTTP_X_AUTHENTIK_USERNAME).
        const aliases = { X_authentik_username: 'admin', 'X.authentik.groups': 'admins', x_AUTHENTIK_email: 'admin@example.net' };
        const aliased = echoed(await https(t.address, host, { path: '/', headers: { ...aliases, ...sessionCookie('bob') } }), host);
        const arrived = Object.keys(aliased.headers).filter((h) => /^x[_.]authentik[_.]/i.test(h));
        expect(arrived, `${host}: alias names of the identity headers reach the app`).toEqual([]);
      }
      for (const app of sso) {
        // Forwarded headers from the client are not trusted: the redirect still names the app's host.
        const res = await https(t.address, app.route.host, { path: '/', headers: { 'x-forwarded-host': 'evil.example.net', 'x-forwarded-uri': '/steal', 'x-forwarded-proto': 'http', ...spoofed } });
        expect([302, 307]).toContain(res.status);
        expect(res.headers['location']).toBe(`https://${app.route.host}/outpost.goauthentik.io/start?rd=${encodeURIComponent(`https://${app.route.host}/`)}`);
      }
    }), needs);

    scenario('traefik-outpost-path', example, atEachVersion(async (t) => {
      for (const app of sso) {
        const host = app.route.host;
        const ping = await https(t.address, host, { path: '/outpost.goauthentik.io/ping' });
        expect(ping.status, `${host} ping without a session: ${ping.body.slice(0, 200)}`).toBe(204);
        for (const path of ['/outpost.goauthentik.io/start?rd=https%3A%2F%2Fx%2F', '/outpost.goauthentik.io/callback?X-authentik-auth-callback=true&code=c', '/outpost.goauthentik.io/sign_out']) {
          const res = await https(t.address, host, { path });
          expect(res.status, `${host}${path}: ${res.body.slice(0, 200)}`).toBe(200);
          const body = JSON.parse(res.body) as { standIn: string; path: string; host: string };
          expect(body.standIn).toBe('authentik-outpost');
          // The service URL's path is not prepended: the outpost gets the browser's path, on the app's host.
          expect(body.path).toBe(path.split('?')[0]);
          expect(body.host).toBe(host);
        }
      }
    }), needs);

    scenario('traefik-public-app', example, atEachVersion(async (t) => {
      for (const app of publicApps) {
        const host = app.route.host;
        const seen = echoed(await https(t.address, host, { path: '/status' }), host);
        expect(seen.headers['host']).toBe(host);
        expect(Object.keys(seen.headers).filter((h) => h.startsWith('x-authentik-')), `${host} gets no identity`).toEqual([]);
        const withCookie = echoed(await https(t.address, host, { path: '/', headers: sessionCookie('alice') }), host);
        expect(Object.keys(withCookie.headers).filter((h) => h.startsWith('x-authentik-')), `${host} is not behind forward auth`).toEqual([]);
        // No forward auth replaces them here, so identity headers a client sends must not arrive either.
        const claimed = Object.fromEntries(authentikResponseHeaders.map((h) => [h, 'mallory']));
        const spoofed = echoed(await https(t.address, host, { path: '/', headers: claimed }), host);
        expect(Object.keys(spoofed.headers).filter((h) => h.startsWith('x-authentik-')), `${host} passes a claimed identity`).toEqual([]);
      }
      // Only the apps the config declares public answer without a session.
      for (const app of sso) {
        for (const path of ['/', '/api/health', '/deep/path/x.js']) {
          const res = await https(t.address, app.route.host, { path });
          expect([302, 307], `${app.route.host}${path} without a session`).toContain(res.status);
        }
      }
    }), needs);

    scenario('traefik-internal-unreachable', example, atEachVersion(async (t) => {
      const routedUpstreams = new Set(routed.map(upstreamHostOf));
      const domain = stack.model.platform.domain;
      const namesOf = (service: string) => [service, ...containerNames(stack.project, service)];
      const unrouted = Object.keys(stack.project.services).filter((s) => !namesOf(s).some((n) => routedUpstreams.has(n))).flatMap(namesOf);
      expect(unrouted.length).toBeGreaterThan(0);
      const internal = stack.model.apps.filter((a) => a.route === undefined).map((a) => a.name);
      const routedHosts = new Set(routed.map((a) => a.route.host));
      const hosts = [...new Set([...unrouted, ...unrouted.map((n) => `${n}.${domain}`), ...internal.map((n) => `${n}.${domain}`), `unknown.${domain}`])];
      expect(hosts.filter((h) => routedHosts.has(h)), 'an internal name that is also a routed host').toEqual([]);
      for (const host of hosts) {
        const res = await https(t.address, host, { path: '/', headers: sessionCookie('alice') });
        expect(res.status, `${host} through Traefik: ${res.body.slice(0, 200)}`).toBe(404);
      }
      // Routed hosts do not reach an unrouted service by path either: the upstream is the route's own.
      for (const app of routed.filter((a) => a.kind !== 'prefect')) {
        const seen = echoed(await https(t.address, app.route.host, { path: '/', headers: sessionCookie('alice') }), app.route.host);
        expect(seen.port, `${app.route.host} reaches its own upstream`).toBe(Number(new URL(app.route.upstream).port));
      }
    }), needs);

    scenario('traefik-security-headers', example, atEachVersion(async (t) => {
      const { securityHeaders, httpRedirect } = stack.model.platform.traefik;
      for (const app of routed) {
        const host = app.route.host;
        const answers: [string, HttpAnswer][] = [['authenticated page', await https(t.address, host, { path: '/', headers: sessionCookie('alice') })]];
        if (app.route.access.mode === 'sso') {
          answers.push(['sign-in redirect', await https(t.address, host, { path: '/' })]);
          answers.push(['outpost ping', await https(t.address, host, { path: '/outpost.goauthentik.io/ping' })]);
        }
        for (const [what, res] of answers) {
          const where = `${host} ${what} (${res.status})`;
          if (!securityHeaders) {
            expect(res.headers['strict-transport-security'], where).toBeUndefined();
            continue;
          }
          const sts = `max-age=${securityHeaders.stsSeconds}${securityHeaders.stsIncludeSubdomains ? '; includeSubDomains' : ''}${securityHeaders.stsPreload ? '; preload' : ''}`;
          expect(res.headers['strict-transport-security'], where).toBe(sts);
          expect(res.headers['x-frame-options'], where).toBe(securityHeaders.frameDeny ? 'DENY' : undefined);
          expect(res.headers['x-content-type-options'], where).toBe('nosniff');
          expect(res.headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
        }
        if (httpRedirect) {
          const res = await http(t.address, host, { path: '/a/b?c=d' });
          expect([301, 308], `http://${host}/a/b?c=d: ${res.status}`).toContain(res.status);
          expect(res.headers['location']).toBe(`https://${host}/a/b?c=d`);
        }
      }
      if (httpRedirect) {
        // The plain-HTTP entrypoint redirects routed hosts only.
        const res = await http(t.address, `unknown.${stack.model.platform.domain}`);
        expect(res.status).toBe(404);
      } else {
        await expect(http(t.address, routed[0]!.route.host, { timeoutMs: 3000 }), 'no plain-HTTP entrypoint without httpRedirect').rejects.toThrow();
      }
    }), needs);

    scenario('traefik-no-config-errors', example, atEachVersion(async (t) => {
      // The hand-written file loads beside the generated one and can use its middleware.
      const seen = echoed(await https(t.address, handwritten.host(stack), { path: '/', headers: sessionCookie('alice') }), handwritten.host(stack));
      expect(seen.headers[handwritten.tagHeader.toLowerCase()]).toBe('yes');
      expect(seen.headers['x-authentik-username']).toBe('alice');
      const entries = t.logEntries();
      expect(entries.length, 'Traefik wrote its DEBUG log').toBeGreaterThan(0);
      const problems = unexpectedLogEntries(entries, ignoredTraefikErrors(stack.model.platform.traefik.certResolver));
      expect(problems, `errors in ${t.logFile}`).toEqual([]);
    }), needs);
  });
}

/** The web-app stand-in's echo of what reached it. */
function echoed(res: HttpAnswer, host: string): { standIn: string; port: number; url: string; headers: Record<string, string | undefined> } {
  expect(res.status, `${host}: ${res.status} ${res.body.slice(0, 300)}`).toBe(200);
  const body = JSON.parse(res.body) as { standIn: string; port: number; url: string; headers: Record<string, string | undefined> };
  expect(body.standIn, `${host} answered by the web-app stand-in`).toBe('web-app');
  return body;
}

/**
 * Prefect cannot echo, so the route is shown by what Prefect answers: its health through the SSO
 * host, and its own API auth, which the Authorization header must reach through forward auth.
 */
async function checkPrefectThroughSso(t: TraefikRun, host: string, stack: Stack, app: PrefectApp): Promise<void> {
  const health = await https(t.address, host, { path: '/api/health', headers: sessionCookie('alice') });
  expect(health.status, `${host}/api/health: ${health.body.slice(0, 200)}`).toBe(200);
  expect(health.body.trim()).toBe('true');
  const auth = stack.serverEnv(app)['PREFECT_SERVER_API_AUTH_STRING'];
  expect(auth, 'the server requires its API auth string').toBeTruthy();
  const path = '/api/admin/version';
  const without = await https(t.address, host, { path, headers: sessionCookie('alice') });
  expect(without.status, `${host}${path} signed in, without Basic auth: ${without.body.slice(0, 200)}`).toBe(401);
  const basic = { authorization: `Basic ${Buffer.from(auth!).toString('base64')}` };
  const withAuth = await https(t.address, host, { path, headers: { ...sessionCookie('alice'), ...basic } });
  expect(withAuth.status, `${host}${path} signed in, with Basic auth: ${withAuth.body.slice(0, 200)}`).toBe(200);
  expect(JSON.parse(withAuth.body)).toMatch(/^\d+\.\d+\.\d+/);
  // The UI is served on the same host and its API calls go back through this route, not to an
  // internal address the browser cannot reach; it asks for the auth string itself (auth BASIC).
  let ui = await https(t.address, host, { path: '/', headers: { ...sessionCookie('alice'), accept: 'text/html' } });
  // Prefect sends a browser to its preferred UI first; that redirect must stay on the app's host.
  for (let hops = 0; [301, 302, 307, 308].includes(ui.status) && hops < 3; hops++) {
    const next = new URL(String(ui.headers['location']), `https://${host}/`);
    expect(next.origin, `${host} UI redirect to ${ui.headers['location']}`).toBe(`https://${host}`);
    ui = await https(t.address, host, { path: next.pathname + next.search, headers: { ...sessionCookie('alice'), accept: 'text/html' } });
  }
  expect(ui.status, `${host}/ UI: ${ui.body.slice(0, 200)}`).toBe(200);
  expect(ui.body).toMatch(/<html/i);
  const settings = await https(t.address, host, { path: '/ui-settings', headers: sessionCookie('alice') });
  expect(settings.status, `${host}/ui-settings: ${settings.body.slice(0, 200)}`).toBe(200);
  expect(JSON.parse(settings.body)).toMatchObject({ api_url: `https://${host}/api`, auth: 'BASIC' });
  // The API auth string alone is no session: forward auth still sends the browser to sign in.
  expect([302, 307]).toContain((await https(t.address, host, { path, headers: basic })).status);
}
