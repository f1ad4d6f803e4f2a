/*
 * Test doubles for a live deployment, all on 127.0.0.1: a Traefik double (HTTPS with a certificate
 * made here by openssl), an HTTP double of the Prefect API, a silent double that accepts connections
 * and never answers, and a docker double. None is the real program; each answers what doctor reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { DockerResult, DockerRunner } from '../../src/doctor/probe/docker.js';

export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

export interface Certificate {
  readonly key: string;
  readonly cert: string;
}

/** A self-signed certificate for the given DNS names, valid for `days` from now. */
export function selfSignedCertificate(names: readonly string[], days = 90): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${names[0]}`,
    '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
  ], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

export interface Double {
  readonly port: number;
  close(): Promise<void>;
}

/** Returns `started`, which awaits a double and keeps it to close after each test of the file. */
export function doublesPerTest(): (double: Promise<Double>) => Promise<Double> {
  const open: Double[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  return async (double) => {
    const ready = await double;
    open.push(ready);
    return ready;
  };
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function listen(server: Server | ReturnType<typeof createNetServer>, sockets: Set<Socket>): Promise<Double> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => closed());
      }),
  };
}

function withBody(handler: Handler) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  };
}

/** A Traefik double: HTTPS with the given certificate; `handler` plays the routers. */
export function traefikDouble(certificate: Certificate, handler: Handler): Promise<Double> {
  return listen(createHttpsServer({ key: certificate.key, cert: certificate.cert }, withBody(handler)), new Set());
}

/** A plain HTTP double (the Prefect API, the outpost). */
export function httpDouble(handler: Handler): Promise<Double> {
  return listen(createHttpServer(withBody(handler)), new Set());
}

/** Accepts every connection and never says a word: a deployment that hangs. */
export function silentDouble(): Promise<Double> {
  return listen(createNetServer(() => undefined), new Set());
}

/** Routes of a healthy SSO setup: forward auth sends the browser to the outpost start; the outpost answers ping. */
export function ssoRoutes(publicHosts: readonly string[] = []): Handler {
  return (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0] as string;
    const path = req.url ?? '/';
    if (path === '/outpost.goauthentik.io/ping') return void res.writeHead(204).end();
    if (publicHosts.includes(host)) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    res.writeHead(307, { location: `https://${host}/outpost.goauthentik.io/start?rd=${encodeURIComponent(`https://${host}${path}`)}` }).end();
  };
}

export interface PrefectState {
  readonly healthy: boolean;
  readonly ready: boolean;
  readonly pools: Record<string, { concurrency_limit: number | null; is_paused?: boolean; workers: { name: string; status: 'ONLINE' | 'OFFLINE' }[] }>;
  readonly deployments: { name: string; work_pool_name: string }[];
  /** The auth string the API wants (HTTP Basic), if any. */
  readonly authString?: string;
}

/** A double of the Prefect server's REST API, only the read paths doctor uses; records what it was sent. */
export function prefectApiDouble(state: PrefectState, seen: { authorization: string[]; paths: string[] } = { authorization: [], paths: [] }): Handler {
  return (req, res, body) => {
    const path = req.url ?? '/';
    seen.paths.push(`${req.method} ${path}`);
    seen.authorization.push(req.headers.authorization ?? '');
    const json = (status: number, value: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    // As the real server, /health and /ready answer without the API auth string.
    if (path === '/api/health') return json(state.healthy ? 200 : 500, state.healthy);
    if (path === '/api/ready') return json(state.ready ? 200 : 503, state.ready ? { message: 'OK' } : { message: 'Database is not available' });
    if (state.authString !== undefined && req.headers.authorization !== `Basic ${Buffer.from(state.authString).toString('base64')}`) return json(401, { exception_message: 'Unauthorized' });
    if (path === '/api/admin/version') return json(200, '3.9.1');
    const pool = /^\/api\/work_pools\/([^/]+)(\/workers\/filter)?$/.exec(path);
    if (pool) {
      const found = state.pools[decodeURIComponent(pool[1] as string)];
      if (!found) return json(404, { detail: 'Work pool not found.' });
      if (pool[2]) return req.method === 'POST' ? json(200, found.workers) : json(405, {});
      return json(200, { name: pool[1], concurrency_limit: found.concurrency_limit, is_paused: found.is_paused ?? false, status: 'READY' });
    }
    if (path === '/api/deployments/filter' && req.method === 'POST') {
      const wanted = (JSON.parse(body) as { deployments: { name: { any_: string[] } } }).deployments.name.any_;
      return json(200, state.deployments.filter((d) => wanted.includes(d.name)));
    }
    json(404, { detail: 'Not Found' });
  };
}

/** The platform example's Prefect server as healthy: every pool, limit, worker and deployment in place. */
export function healthyPrefect(): PrefectState {
  return {
    healthy: true,
    ready: true,
    pools: {
      'production-pool': { concurrency_limit: 8, workers: [{ name: 'w1', status: 'ONLINE' }, { name: 'w2', status: 'ONLINE' }] },
      'staging-pool': { concurrency_limit: null, workers: [{ name: 'w3', status: 'ONLINE' }] },
    },
    deployments: [
      { name: 'etl-production', work_pool_name: 'production-pool' },
      { name: 'etl-staging', work_pool_name: 'staging-pool' },
      { name: 'smoke-staging', work_pool_name: 'staging-pool' },
    ],
  };
}

/** A docker double: answers each command line from a table; anything else is "no such object". Records every call. */
export function dockerDouble(answers: Readonly<Record<string, DockerResult | 'hang'>>, calls: string[][] = []): DockerRunner {
  return (args, timeoutMs) => {
    calls.push([...args]);
    const answer = answers[args.join(' ')];
    if (answer === 'hang') return new Promise((settle) => setTimeout(() => settle({ code: null, stdout: '', error: `no answer within ${timeoutMs} ms` }), timeoutMs));
    return Promise.resolve(answer ?? { code: 1, stdout: '' });
  };
}
