import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../support/model-from.js';
import { Container } from './container.js';
import type { NetHost } from './network.js';
import { programs } from './programs.js';
import { waitFor } from './run.js';
import type { Stack } from './stack.js';
import type { TraefikLogEntry } from './traefik-log.js';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface RequestOptions {
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/**
 * One HTTPS request to Traefik's address as a browser sends it to `host`: SNI and Host both name
 * the app host; Traefik's default certificate is self-signed, so it is not verified.
 */
export function https(address: string, host: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  return send(httpsRequest, { host: address, port: 443, servername: host, rejectUnauthorized: false }, host, options);
}

/** The same over plain HTTP, to the redirect entrypoint on :80. */
export function http(address: string, host: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  return send(httpRequest, { host: address, port: 80 }, host, options);
}

function send(make: typeof httpRequest, target: Record<string, unknown>, host: string, options: RequestOptions): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = make({ ...target, method: options.method ?? 'GET', path: options.path ?? '/', headers: { host, ...options.headers }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${host} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The test session cookie the outpost stand-in accepts. */
export const sessionCookie = (user: string): Record<string, string> => ({ cookie: `authentik_proxy_test=${user}` });

/** Names the hand-written dynamic file uses; nothing generated starts with `handwritten-`. */
export const handwritten = {
  router: 'handwritten-dashboard',
  service: 'handwritten-dashboard',
  middleware: 'handwritten-tag',
  tagHeader: 'X-Handwritten',
  host: (stack: Stack) => `handwritten.${stack.model.platform.domain}`,
  upstreamHost: 'handwritten-dashboard',
  upstreamPort: 8090,
} as const;

/** A certificate and key file Traefik serves for the hosts the certificate names. */
export interface TlsCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A second dynamic file beside the generated one, as a platform writes its own routes: a router of
 * its own behind its own headers middleware and the generated forward-auth middleware (by its
 * cross-provider name), to a service of its own.
 */
export function handwrittenDynamicFile(stack: Stack, authMiddleware: string, certificates: readonly TlsCertificate[] = []): string {
  const { traefik } = stack.model.platform;
  const doc = {
    ...(certificates.length > 0 ? { tls: { certificates: certificates.map(({ certFile, keyFile }) => ({ certFile, keyFile })) } } : {}),
    http: {
      routers: {
        [handwritten.router]: {
          rule: `Host(\`${handwritten.host(stack)}\`)`,
          entryPoints: [traefik.entrypoint],
          middlewares: [handwritten.middleware, `${authMiddleware}@file`],
          service: handwritten.service,
          tls: {},
        },
      },
      services: { [handwritten.service]: { loadBalancer: { servers: [{ url: `http://${handwritten.upstreamHost}:${handwritten.upstreamPort}` }] } } },
      middlewares: { [handwritten.middleware]: { headers: { customRequestHeaders: { [handwritten.tagHeader]: 'yes' } } } },
    },
  };
  return `# Written by hand by the platform, beside perfect-gen's file.\n${stringify(doc)}`;
}

/**
 * Traefik as the platform runs it, on its own host in the test network: an HTTPS entrypoint named
 * as the config names it on :443 with Traefik's default certificate, a plain-HTTP one on :80 when
 * the config redirects HTTP, and the file provider on a folder holding the generated file and a
 * hand-written one. DEBUG log and access log go to files the scenarios read.
 */
export class TraefikRun {
  readonly dir: string;
  readonly dynamicDir: string;
  readonly logFile: string;
  readonly accessLogFile: string;
  container!: Container;

  constructor(
    readonly stack: Stack,
    readonly version: string,
    readonly host: NetHost,
  ) {
    this.dir = join(stack.runDir, `traefik-${version}`);
    this.dynamicDir = join(this.dir, 'dynamic');
    this.logFile = join(this.dir, 'traefik.log');
    this.accessLogFile = join(this.dir, 'access.log');
  }

  get address(): string {
    return this.host.address;
  }

  /** `watch`: Traefik reloads the dynamic folder when a file in it changes, as a platform runs it. */
  start(handwrittenFile: string, { watch = false }: { watch?: boolean } = {}): void {
    const binary = programs.traefik?.[this.version];
    if (!binary) throw new Error(`Traefik ${this.version} is not installed: run test/e2e/install.mjs`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    cpSync(join(this.stack.outDir, 'traefik'), this.dynamicDir, { recursive: true });
    writeFileSync(join(this.dynamicDir, 'handwritten.yml'), handwrittenFile);
    const { traefik } = this.stack.model.platform;
    const entryPoints: Record<string, { address: string }> = { [traefik.entrypoint]: { address: ':443' } };
    if (traefik.httpRedirect) entryPoints[traefik.httpRedirect.entrypoint] = { address: ':80' };
    const staticConfig = {
      // No certificate resolver is defined: nothing here may reach an ACME server, so every router
      // gets Traefik's default self-signed certificate, unless the hand-written file brings one.
      global: { checkNewVersion: false, sendAnonymousUsage: false },
      entryPoints,
      providers: { file: { directory: this.dynamicDir, watch } },
      log: { level: 'DEBUG', format: 'json', filePath: this.logFile },
      accessLog: { filePath: this.accessLogFile, format: 'json', fields: { headers: { defaultMode: 'keep' } } },
    };
    const staticFile = join(this.dir, 'traefik.yml');
    writeFileSync(staticFile, stringify(staticConfig));
    this.container = new Container({
      name: `traefik-${this.version}`,
      host: this.host,
      argv: [binary, `--configFile=${staticFile}`],
      env: { PATH: '/usr/bin:/bin', HOME: this.dir },
      mounts: [],
      logFile: join(this.dir, 'stdout.log'),
    });
    this.container.start();
  }

  /** Waits until the file provider's routers answer: a routed host gets anything but Traefik's 404. */
  async ready(host: string): Promise<void> {
    await waitFor(`Traefik ${this.version} to route ${host}`, async () => {
      if (!this.container.running) throw new Error(`Traefik ${this.version} exited with ${this.container.exitCode}`);
      return (await https(this.address, host, { timeoutMs: 3000 })).status !== 404 ? true : undefined;
    }, 30_000, () => `${this.container.tail()}\n${this.logTail()}`);
  }

  /** Every log entry as parsed JSON. */
  logEntries(): TraefikLogEntry[] {
    if (!existsSync(this.logFile)) return [];
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as TraefikLogEntry);
  }

  logTail(lines = 30): string {
    const text = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
    return `--- last lines of ${this.logFile}:\n${text.split('\n').slice(-lines).join('\n')}`;
  }
}

export const standIn = (name: string): string => join(projectRoot, 'test/e2e/stand-ins', name);

/** Waits until a stand-in answers on its host's address (from the test, outside any namespace). */
export async function listening(container: Container, port: number, path: string): Promise<void> {
  await waitFor(`${container.spec.name} to listen on ${port}`, async () => {
    if (!container.running) throw new Error(`${container.spec.name} exited with ${container.exitCode}`);
    const res = await fetch(`http://${container.spec.host.address}:${port}${path}`, { signal: AbortSignal.timeout(2000) });
    return res.status > 0 ? true : undefined;
  }, 20_000, () => container.tail());
}

/** The outpost stand-in on the authentik host, at the port of `platform.authentik.outpostUrl`. */
export function outpostPort(stack: Stack): number {
  const url = new URL(stack.model.platform.authentik.outpostUrl);
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

export function startOutpost(stack: Stack): Container {
  const url = new URL(stack.model.platform.authentik.outpostUrl);
  const port = String(outpostPort(stack));
  const c = new Container({
    name: 'authentik-outpost-stand-in',
    host: stack.network.lookup(url.hostname)!,
    argv: [process.execPath, standIn('authentik-outpost.mjs'), port],
    env: { PATH: '/usr/bin:/bin' },
    mounts: [],
    logFile: `${stack.runDir}/logs/authentik-outpost-stand-in.log`,
  });
  c.start();
  return c;
}

/** The upstream of the hand-written route: the web-app stand-in on a host of its own. */
export function startHandwrittenUpstream(stack: Stack): Container {
  const c = new Container({
    name: handwritten.upstreamHost,
    host: stack.network.add([handwritten.upstreamHost]),
    argv: [process.execPath, standIn('web-app.mjs'), String(handwritten.upstreamPort)],
    env: { PATH: '/usr/bin:/bin' },
    mounts: [],
    logFile: `${stack.runDir}/logs/${handwritten.upstreamHost}.log`,
  });
  c.start();
  return c;
}
