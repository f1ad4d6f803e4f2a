import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { traefikEmitter } from '../../src/emit/traefik/index.js';
import type { EmitContext } from '../../src/emit/types.js';
import { validateConfig } from '../../src/validate/validate.js';
import { loadConfig } from '../../src/load/load-yaml.js';
import { exampleText, modelFromYaml } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = { provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' }, generatorVersion: '0.0.0-test' };

/**
 * Every key Traefik v3.0.0 accepts in the objects perfect-gen writes (pkg/config/dynamic at v3.0.0): a key
 * outside these fails the file there, and with it the file provider's whole folder.
 */
const v30Keys: Readonly<Record<string, readonly string[]>> = {
  router: ['entryPoints', 'middlewares', 'service', 'rule', 'ruleSyntax', 'priority', 'tls'],
  routerTls: ['options', 'certResolver', 'domains'],
  loadBalancer: ['sticky', 'servers', 'healthCheck', 'passHostHeader', 'responseForwarding', 'serversTransport'],
  server: ['url'],
  healthCheck: ['scheme', 'mode', 'path', 'method', 'port', 'interval', 'timeout', 'hostname', 'followRedirects', 'headers'],
  forwardAuth: ['address', 'tls', 'trustForwardHeader', 'authResponseHeaders', 'authResponseHeadersRegex', 'authRequestHeaders', 'addAuthCookiesToResponse'],
  headers: [
    'customRequestHeaders', 'customResponseHeaders', 'accessControlAllowCredentials', 'accessControlAllowHeaders',
    'accessControlAllowMethods', 'accessControlAllowOriginList', 'accessControlAllowOriginListRegex', 'accessControlExposeHeaders',
    'accessControlMaxAge', 'addVaryHeader', 'allowedHosts', 'hostsProxyHeaders', 'sslProxyHeaders', 'stsSeconds',
    'stsIncludeSubdomains', 'stsPreload', 'forceSTSHeader', 'frameDeny', 'customFrameOptionsValue', 'contentTypeNosniff',
    'browserXssFilter', 'customBrowserXSSValue', 'contentSecurityPolicy', 'publicKey', 'referrerPolicy', 'permissionsPolicy', 'isDevelopment',
  ],
  redirectScheme: ['scheme', 'port', 'permanent'],
};

interface Doc {
  http: {
    routers?: Record<string, Record<string, unknown> & { tls?: Record<string, unknown> }>;
    services?: Record<string, { loadBalancer: Record<string, unknown> & { servers: Record<string, unknown>[]; healthCheck?: Record<string, unknown> } }>;
    middlewares?: Record<string, Record<string, Record<string, unknown>>>;
  };
}

/** Each key of the file, as `where: key`, that Traefik v3.0 would not accept. */
function keysNewerThan30(doc: Doc): string[] {
  const out: string[] = [];
  const check = (where: string, object: object | undefined, allowed: readonly string[] | undefined) => {
    for (const key of Object.keys(object ?? {})) if (!allowed?.includes(key)) out.push(`${where}: ${key}`);
  };
  check('http', doc.http, ['routers', 'services', 'middlewares']);
  for (const [name, router] of Object.entries(doc.http.routers ?? {})) {
    check(`router ${name}`, router, v30Keys['router']);
    check(`router ${name} tls`, router.tls, v30Keys['routerTls']);
  }
  for (const [name, service] of Object.entries(doc.http.services ?? {})) {
    check(`service ${name}`, service, ['loadBalancer']);
    check(`service ${name}`, service.loadBalancer, v30Keys['loadBalancer']);
    for (const server of service.loadBalancer.servers) check(`service ${name} server`, server, v30Keys['server']);
    check(`service ${name} healthCheck`, service.loadBalancer.healthCheck, v30Keys['healthCheck']);
  }
  for (const [name, middleware] of Object.entries(doc.http.middlewares ?? {})) {
    for (const [type, options] of Object.entries(middleware)) check(`middleware ${name} ${type}`, options, v30Keys[type]);
  }
  return out;
}

/** The platform example (SSO, headers) with an HTTP redirect and, when given, a target Traefik version. */
function traefikDoc(version?: string): Doc {
  const extra = `    httpRedirect:\n      entrypoint: web\n${version === undefined ? '' : `    version: "${version}"\n`}`;
  const text = exampleText('platform').replace('    certResolver: letsencrypt\n', `    certResolver: letsencrypt\n${extra}`);
  const [file] = renderedFiles(traefikEmitter, modelFromYaml(text), context);
  return parse(file?.content ?? '') as Doc;
}

const forwardAuth = (doc: Doc): Record<string, unknown> | undefined =>
  Object.values(doc.http.middlewares ?? {}).find((m) => m['forwardAuth'])?.['forwardAuth'];

describe('the Traefik version the output targets', () => {
  test('the default output holds only keys that Traefik v3.0 accepts', () => {
    const doc = traefikDoc();
    const types = Object.values(doc.http.middlewares ?? {}).flatMap((m) => Object.keys(m));
    expect(types.sort()).toEqual(['forwardAuth', 'headers', 'redirectScheme']);
    expect(keysNewerThan30(doc)).toEqual([]);
    expect(keysNewerThan30(traefikDoc('3.0'))).toEqual([]);
  });

  test('the check above finds a newer key', () => {
    expect(keysNewerThan30(traefikDoc('3.7'))).toEqual([expect.stringMatching(/forwardAuth: maxResponseBodySize$/)]);
  });

  test.each([
    ['3.0', false],
    ['3.6', false],
    ['3.6.8', false],
    ['3.6.9', true],
    ['3.7', true],
    ['3.10.0', true],
  ])('forwardAuth maxResponseBodySize for Traefik %s: %s', (version, written) => {
    const auth = forwardAuth(traefikDoc(version));
    expect(auth?.['maxResponseBodySize']).toBe(written ? 4_194_304 : undefined);
  });

  test.each(['3', '2.11', 'v3.6', '3.6.9.1', '3.06', '4.0', ''])('the schema refuses version %j', (version) => {
    const text = exampleText('platform').replace('    certResolver: letsencrypt\n', `    certResolver: letsencrypt\n    version: "${version}"\n`);
    const loaded = loadConfig({ file: 'perfect.config.yaml', content: text, env: {} });
    const validated = validateConfig(loaded.config?.value);
    expect(validated.ok).toBe(false);
    expect(validated.diagnostics.map((d) => d.code)).toContain('SCHEMA_PATTERN');
  });

  test('the outpost service is the outpost origin: Traefik ignores a path in a server URL', () => {
    const doc = traefikDoc();
    const urls = Object.values(doc.http.services ?? {}).flatMap((s) => s.loadBalancer.servers.map((server) => String(server['url'])));
    const outpost = urls.filter((url) => url.includes('authentik'));
    expect(outpost).toEqual(['http://platform-authentik-server:9000']);
  });
});
