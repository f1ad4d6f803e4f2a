// TEST STAND-IN, not shipped: plays authentik's embedded outpost (served by the authentik server
// container on :9000) for a proxy provider in forward_single mode, as far as Traefik's forwardAuth
// middleware and the generated outpost router can tell. It stands for these parts of the real one:
//
// - `GET /outpost.goauthentik.io/auth/traefik`, the forward-auth check. Traefik sends the original
//   request's method, cookies and X-Forwarded-Host/-Proto/-Uri. Without a session the outpost answers
//   a redirect to `https://<host>/outpost.goauthentik.io/start?rd=<original url>`, which Traefik returns
//   to the browser as is; with one it answers 200 and the X-authentik-* identity headers, which
//   Traefik copies onto the request to the app (the middleware's authResponseHeaders).
// - `/outpost.goauthentik.io/ping` (204) and every other `/outpost.goauthentik.io/*` path (sign-in
//   start, callback, sign-out), reached on the app's own host through the outpost router.
//
// What it does not stand for: the sign-in itself (flows, OAuth with the authentik core, policy
// checks of the app's groups), so a session here is the test cookie `authentik_proxy_test=<user>`,
// and the user's groups come from the `groups` field of that user in the table below.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
if (!(port > 0)) {
  console.error('authentik outpost stand-in: give the port');
  process.exit(2);
}

const users = {
  alice: { groups: ['platform-admins', 'staff', 'data-team', 'managers'], email: 'alice@example.test', name: 'Alice Example' },
  bob: { groups: ['staff'], email: 'bob@example.test', name: 'Bob Example' },
};

const sessionUser = (cookieHeader) => {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'authentik_proxy_test' && users[value.join('=')]) return value.join('=');
  }
  return undefined;
};

const prefix = '/outpost.goauthentik.io';

createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  console.log(`${req.method} ${req.url} host=${req.headers.host} xfh=${req.headers['x-forwarded-host'] ?? ''} xfu=${req.headers['x-forwarded-uri'] ?? ''}`);
  if (path === `${prefix}/auth/traefik`) {
    const user = sessionUser(req.headers.cookie);
    if (!user) {
      const host = req.headers['x-forwarded-host'];
      const proto = req.headers['x-forwarded-proto'] ?? 'https';
      const uri = req.headers['x-forwarded-uri'] ?? '/';
      if (!host) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('authentik outpost stand-in: no X-Forwarded-Host\n');
        return;
      }
      const original = `${proto}://${host}${uri}`;
      res.writeHead(302, { location: `https://${host}${prefix}/start?rd=${encodeURIComponent(original)}` });
      res.end();
      return;
    }
    const u = users[user];
    res.writeHead(200, {
      'X-authentik-username': user,
      'X-authentik-groups': u.groups.join('|'),
      'X-authentik-email': u.email,
      'X-authentik-name': u.name,
      'X-authentik-uid': `uid-${user}`,
    });
    res.end();
    return;
  }
  if (path === `${prefix}/ping`) {
    res.writeHead(204);
    res.end();
    return;
  }
  if (path.startsWith(`${prefix}/`)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ standIn: 'authentik-outpost', path, host: req.headers.host }));
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('authentik outpost stand-in: not an outpost path\n');
}).listen(port, '0.0.0.0', () => console.log(`authentik outpost stand-in listening on ${port}`));

process.on('SIGTERM', () => process.exit(0));
