import type { DoctorContext } from '../context.js';
import { httpProbe, type HttpResult } from '../probe/http.js';
import { fail, ok, type CheckRow } from '../report.js';
import type { HostTarget } from '../targets.js';

/** Where Authentik's embedded outpost lives on every protected host. */
export const outpostPrefix = '/outpost.goauthentik.io';

/**
 * Without a session, an SSO host must send the browser to the outpost's sign-in start on the same
 * host, and the outpost must answer its ping there; a public host must answer as it is.
 */
export async function ssoChecks(ctx: DoctorContext): Promise<CheckRow[]> {
  const rows = await Promise.all(
    ctx.targets.hosts.map(async (host): Promise<CheckRow[]> => {
      if (!host.sso) return ctx.selection.has('sso.public') ? [await publicCheck(ctx, host)] : [];
      const [redirect, ping] = await Promise.all([
        ctx.selection.has('sso.redirect') ? redirectCheck(ctx, host) : undefined,
        ctx.selection.has('sso.ping') ? pingCheck(ctx, host) : undefined,
      ]);
      return [redirect, ping].filter((r): r is CheckRow => r !== undefined);
    }),
  );
  return rows.flat();
}

const get = (ctx: DoctorContext, url: string): Promise<HttpResult> => httpProbe(ctx.net, url, { timeoutMs: ctx.deadline.probeMs() });

async function redirectCheck(ctx: DoctorContext, host: HostTarget): Promise<CheckRow> {
  const url = `${host.publicUrl}/`;
  const result = await get(ctx, url);
  if (!result.ok) return fail('sso.redirect', host.host, result.error, unreachableFix(host));
  const { status, location } = result.answer;
  const seen = `GET ${url} without a session: ${status}${location ? ` to ${location}` : ''}`;
  if (status >= 300 && status < 400 && location !== undefined) {
    const to = new URL(location);
    if (to.hostname === host.host && to.pathname.startsWith(`${outpostPrefix}/start`)) return ok('sso.redirect', host.host, seen);
    return fail('sso.redirect', host.host, `${seen}, not to ${outpostPrefix}/start on ${host.host}`, `${providerFix(host)} See ${host.runbook}, "Cannot access the UI".`);
  }
  if (status < 300) {
    return fail('sso.redirect', host.host, `${seen}: the app answers without sign-in`, `The router for ${host.host} must carry the authentik middleware, as the generated Traefik file does; another router (a Docker label, a hand-written file) may be serving the host. See ${host.runbook}, "Cannot access the UI".`);
  }
  return fail('sso.redirect', host.host, seen, statusFix(host, status));
}

async function pingCheck(ctx: DoctorContext, host: HostTarget): Promise<CheckRow> {
  const url = `${host.publicUrl}${outpostPrefix}/ping`;
  const result = await get(ctx, url);
  if (!result.ok) return fail('sso.ping', host.host, result.error, unreachableFix(host));
  const { status } = result.answer;
  const seen = `GET ${url}: ${status}`;
  if (status === 204) return ok('sso.ping', host.host, seen);
  return fail('sso.ping', host.host, `${seen}, expected 204`, statusFix(host, status));
}

async function publicCheck(ctx: DoctorContext, host: HostTarget): Promise<CheckRow> {
  const result = await get(ctx, host.healthUrl);
  if (!result.ok) return fail('sso.public', host.host, result.error, unreachableFix(host));
  const { status, location } = result.answer;
  const seen = `GET ${host.healthUrl} without a session: ${status}${location ? ` to ${location}` : ''}`;
  if (location !== undefined && new URL(location).pathname.startsWith(outpostPrefix)) {
    return fail('sso.public', host.host, `${seen}: the public host asks for sign-in`, `The config makes ${host.host} public; a router outside the generated Traefik file adds forward auth to it. See ${host.runbook}, "Cannot access the UI".`);
  }
  if (status < 400) return ok('sso.public', host.host, seen);
  return fail('sso.public', host.host, seen, statusFix(host, status));
}

function unreachableFix(host: HostTarget): string {
  return `Traefik must answer for ${host.host}; see the tls row and ${host.runbook}, "Cannot access the UI".`;
}

function providerFix(host: HostTarget): string {
  return `The Authentik proxy provider of \`${host.slug ?? host.app}\` must have the external host ${host.publicUrl} and be assigned to the embedded outpost (the generated blueprint does both).`;
}

/** What a status code says about the route, in the runbook's terms. */
function statusFix(host: HostTarget, status: number): string {
  const see = `See ${host.runbook}, "Cannot access the UI".`;
  if (status === 404) {
    return `Traefik has no router for ${host.host}${host.sso ? ` or for ${outpostPrefix}/ on it` : ''}: the generated traefik/ folder must be in the directory Traefik's file provider watches, and Traefik's log must show it loaded. ${see}`;
  }
  if (status === 502 || status === 503 || status === 504 || status === 500) {
    const upstream = host.sso ? `the Authentik outpost at ${host.outpostUrl} (forward auth and ${outpostPrefix}/) or ${host.upstream}` : host.upstream;
    return `Traefik cannot reach ${upstream}. Check the outpost is up, and the app: \`${host.statusCommand}\`, \`${host.logsCommand}\`. ${see}`;
  }
  if (host.sso) return `${providerFix(host)} ${see}`;
  return see;
}
