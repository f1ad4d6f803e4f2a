import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  buildTraefikConfig,
  traefikEmitter,
  routerPriority,
  traefikMiddlewareRef,
  traefikNames,
  traefikOutputPath,
} from '../../src/emit/traefik/index.js';
import { authentikResponseHeaders } from '../../src/emit/traefik/authentik.js';
import type { EmitContext } from '../../src/emit/types.js';
import type { Model } from '../../src/model/model.js';
import { validateTraefik } from '../support/conformance.js';
import { exampleModel, exampleText, modelFromYaml, projectRoot } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build --config perfect.config.yaml' },
  generatorVersion: '0.0.0-test',
};

interface Router {
  rule: string;
  priority: number;
  entryPoints: string[];
  middlewares?: string[];
  service: string;
  tls?: { certResolver: string };
}
interface Service {
  loadBalancer: { servers: { url: string }[]; passHostHeader?: boolean; healthCheck?: { path: string; interval: string; timeout: string } };
}
interface TraefikDoc {
  http: { routers?: Record<string, Router>; services?: Record<string, Service>; middlewares?: Record<string, Record<string, unknown>> };
}

const docsApp = `
  - name: docs
    kind: web
    host: docs.zitian.party
    image: nginx:1.29.1
    port: 8080
    access:
      mode: public
      reason: "Product docs, no user data {{ .Env.X }}\\nsecond line"
`;

const grafanaApp = `
  - name: grafana
    kind: web
    host: grafana.zitian.party
    image: grafana/grafana:12.1.1
    port: 3000
    healthPath: /api/health
    access:
      mode: sso
      groups:
        - platform-admins
`;

/** Names chosen to collide with the derived ones if the separator were `-`. */
const collidingApps = `
  - name: prefect-outpost
    kind: web
    host: po.zitian.party
    image: nginx:1.29.1
    port: 8080
    access:
      mode: sso
      groups: [platform-admins]
  - name: authentik-outpost
    kind: web
    host: ao.zitian.party
    image: nginx:1.29.1
    port: 8080
    access:
      mode: sso
      groups: [platform-admins]
`;

const withHttpRedirect = (text: string): string =>
  text.replace('    certResolver: letsencrypt\n', '    certResolver: letsencrypt\n    httpRedirect:\n      entrypoint: web\n');
const withoutSecurityHeaders = (text: string): string =>
  text.replace('    certResolver: letsencrypt\n', '    certResolver: letsencrypt\n    securityHeaders:\n      enabled: false\n');

const configs: Record<string, () => Model> = {
  example: () => exampleModel(),
  ...(existsSync(`${projectRoot}examples/platform/perfect.config.yaml`) && { 'platform example': () => exampleModel('platform') }),
  'prefect + public web app': () => modelFromYaml(exampleText() + docsApp),
  'two SSO apps + public app, HTTP redirect': () => modelFromYaml(withHttpRedirect(exampleText() + grafanaApp + docsApp)),
  'security headers off, HTTP redirect': () => modelFromYaml(withoutSecurityHeaders(withHttpRedirect(exampleText() + docsApp))),
  'app names shaped like derived names': () => modelFromYaml(withHttpRedirect(exampleText() + collidingApps)),
};

function emit(model: Model): { text: string; doc: TraefikDoc } {
  const files = renderedFiles(traefikEmitter, model, context);
  expect(files).toHaveLength(1);
  const file = files[0];
  if (!file) throw new Error('no file');
  expect(file.path).toBe(traefikOutputPath);
  expect(file.kind).toBe('traefik');
  return { text: file.content, doc: parse(file.content) as TraefikDoc };
}

/**
 * The fields of the objects perfect-gen writes, as Traefik v3.0 (the oldest v3 the README supports)
 * defines them (pkg/config/dynamic at v3.0.4). Later fields such as forwardAuth's
 * `maxResponseBodySize` (v3.6.9) make v3.0 reject the file with `field not found`.
 */
const traefikV30Fields: {
  readonly router: readonly string[];
  readonly loadBalancer: readonly string[];
  readonly healthCheck: readonly string[];
  readonly middlewares: Readonly<Record<'forwardAuth' | 'headers' | 'redirectScheme', readonly string[]>>;
} = {
  router: ['entryPoints', 'middlewares', 'service', 'rule', 'ruleSyntax', 'priority', 'tls'],
  loadBalancer: ['sticky', 'servers', 'healthCheck', 'passHostHeader', 'responseForwarding', 'serversTransport'],
  healthCheck: ['scheme', 'mode', 'path', 'method', 'port', 'interval', 'timeout', 'hostname', 'followRedirects', 'headers'],
  middlewares: {
    forwardAuth: ['address', 'tls', 'trustForwardHeader', 'authResponseHeaders', 'authResponseHeadersRegex', 'authRequestHeaders', 'addAuthCookiesToResponse'],
    headers: [
      'customRequestHeaders', 'customResponseHeaders', 'accessControlAllowCredentials', 'accessControlAllowHeaders', 'accessControlAllowMethods',
      'accessControlAllowOriginList', 'accessControlAllowOriginListRegex', 'accessControlExposeHeaders', 'accessControlMaxAge', 'addVaryHeader',
      'allowedHosts', 'hostsProxyHeaders', 'sslProxyHeaders', 'stsSeconds', 'stsIncludeSubdomains', 'stsPreload', 'forceSTSHeader', 'frameDeny',
      'customFrameOptionsValue', 'contentTypeNosniff', 'browserXssFilter', 'customBrowserXSSValue', 'contentSecurityPolicy', 'publicKey',
      'referrerPolicy', 'permissionsPolicy', 'isDevelopment',
    ],
    redirectScheme: ['scheme', 'port', 'permanent'],
  },
};

const outpostRule = /&& PathPrefix\(`\/outpost\.goauthentik\.io\/`\)$/;
const hostOf = (rule: string): string | undefined => /^Host\(`([^`]*)`\)/.exec(rule)?.[1];

describe.each(Object.entries(configs))('%s', (_name, makeModel) => {
  const model = makeModel();
  const names = traefikNames(model.platform.name);
  const { doc } = emit(model);
  const routers = Object.entries(doc.http.routers ?? {});
  const services = doc.http.services ?? {};
  const middlewares = doc.http.middlewares ?? {};
  const routed = model.apps.flatMap((app) => (app.route ? [{ app, route: app.route }] : []));
  const routeForRule = (rule: string) => routed.find((r) => r.route.host === hostOf(rule));

  test('uses only fields Traefik v3.0 knows: it refuses the whole file on one unknown field', () => {
    for (const [name, router] of routers) expect(Object.keys(router).filter((k) => !traefikV30Fields.router.includes(k)), name).toEqual([]);
    for (const [name, service] of Object.entries(services)) {
      expect(Object.keys(service.loadBalancer).filter((k) => !traefikV30Fields.loadBalancer.includes(k)), name).toEqual([]);
      expect(Object.keys(service.loadBalancer.healthCheck ?? {}).filter((k) => !traefikV30Fields.healthCheck.includes(k)), name).toEqual([]);
    }
    for (const [name, middleware] of Object.entries(middlewares)) {
      for (const [type, options] of Object.entries(middleware)) {
        const known = traefikV30Fields.middlewares[type as keyof typeof traefikV30Fields.middlewares] ?? [];
        expect(type in traefikV30Fields.middlewares, `${name}: middleware type ${type}`).toBe(true);
        expect(Object.keys(options as object).filter((k) => !known.includes(k)), `${name}.${type}`).toEqual([]);
      }
    }
  });

  test('every router that is neither an outpost router, a redirect nor explicitly public carries authentik, after the headers', () => {
    for (const [name, router] of routers) {
      const mw = router.middlewares ?? [];
      if (router.service === 'noop@internal') {
        expect(mw, name).toEqual([names.redirectMiddleware]);
        continue;
      }
      if (outpostRule.test(router.rule)) {
        expect(mw, name).not.toContain(names.authMiddleware);
        expect(router.service, name).toBe(names.authentikService);
        continue;
      }
      const match = routeForRule(router.rule);
      expect(match, name).toBeDefined();
      if (match?.route.access.mode === 'public') {
        expect(mw, name).not.toContain(names.authMiddleware);
        expect(mw.at(-1), name).toBe(names.stripIdentityMiddleware);
      } else {
        expect(mw, name).toContain(names.authMiddleware);
        if (model.platform.traefik.securityHeaders) expect(mw, name).toEqual([names.headersMiddleware, names.authMiddleware]);
      }
    }
  });

  test('each routed host has one HTTPS app router; SSO hosts also an outpost router that outranks it', () => {
    for (const { app, route } of routed) {
      const onHost = routers.filter(([, r]) => hostOf(r.rule) === route.host && r.service !== 'noop@internal');
      const appRouters = onHost.filter(([, r]) => !outpostRule.test(r.rule));
      const outposts = onHost.filter(([, r]) => outpostRule.test(r.rule));
      expect(appRouters, app.name).toHaveLength(1);
      const appRouter = appRouters[0]?.[1];
      expect(appRouter?.rule).toBe(`Host(\`${route.host}\`)`);
      expect(appRouter?.entryPoints).toEqual([model.platform.traefik.entrypoint]);
      expect(appRouter?.tls).toEqual({ certResolver: model.platform.traefik.certResolver });
      expect(outposts, app.name).toHaveLength(route.access.mode === 'sso' ? 1 : 0);
      for (const [, outpost] of outposts) {
        expect(outpost.priority).toBeGreaterThan(appRouter?.priority ?? Infinity);
        expect(outpost.tls).toEqual(appRouter?.tls);
      }
    }
    expect(routerPriority.outpost).toBeGreaterThan(routerPriority.app);
  });

  test('every router service and middleware is defined in the file (or noop@internal)', () => {
    for (const [name, router] of routers) {
      if (router.service !== 'noop@internal') expect(Object.keys(services), name).toContain(router.service);
      for (const mw of router.middlewares ?? []) expect(Object.keys(middlewares), name).toContain(mw);
      expect(router.service, name).not.toMatch(/@(?!internal$)/);
    }
  });

  test('every upstream is the authentik outpost or a route upstream from the model; none is the internal Prefect API', () => {
    const allowed = new Set([...routed.map((r) => r.route.upstream), new URL(model.platform.authentik.outpostUrl).origin]);
    const internalApis = model.apps.flatMap((app) => (app.kind === 'prefect' ? [app.server.apiUrl] : []));
    for (const [name, service] of Object.entries(services)) {
      for (const server of service.loadBalancer.servers) {
        expect(allowed, name).toContain(server.url);
        expect(internalApis, name).not.toContain(server.url);
      }
    }
    for (const { app, route } of routed) {
      const service = services[names.appService(app.name)];
      expect(service?.loadBalancer).toMatchObject({
        servers: [{ url: route.upstream }],
        passHostHeader: true,
        healthCheck: { path: route.healthPath },
      });
    }
  });

  test('one forwardAuth middleware, shared, only when some app uses SSO', () => {
    const forwardAuths = Object.values(middlewares).filter((m) => 'forwardAuth' in m);
    const ssoApps = routed.filter((r) => r.route.access.mode === 'sso');
    expect(forwardAuths).toHaveLength(ssoApps.length > 0 ? 1 : 0);
    expect(Object.keys(services).filter((s) => s === names.authentikService)).toHaveLength(ssoApps.length > 0 ? 1 : 0);
  });

  test('router and service names are unique per app', () => {
    const perApp = routed.length + routed.filter((r) => r.route.access.mode === 'sso').length + (model.platform.traefik.httpRedirect ? routed.length : 0);
    expect(routers).toHaveLength(perApp);
    expect(Object.keys(services)).toHaveLength(routed.length + 1);
  });

  test('HTTP redirect routers exist exactly when configured', () => {
    const redirects = routers.filter(([, r]) => r.service === 'noop@internal');
    const redirect = model.platform.traefik.httpRedirect;
    expect(redirects.map(([, r]) => hostOf(r.rule)).sort()).toEqual(redirect ? routed.map((r) => r.route.host).sort() : []);
    for (const [, r] of redirects) {
      expect(r.entryPoints).toEqual([redirect?.entrypoint]);
      expect(r.tls).toBeUndefined();
    }
    if (redirect) expect(middlewares[names.redirectMiddleware]).toEqual({ redirectScheme: { scheme: 'https', permanent: true } });
    else expect(middlewares).not.toHaveProperty(names.redirectMiddleware);
  });

  test('emitting twice gives the same bytes', () => {
    expect(emit(model).text).toBe(renderedFiles(traefikEmitter, model, context)[0]?.content);
  });

  describe('conformance', () => {
    // The SchemaStore schema lags Traefik v3: it rejects negative priorities and router
    // `observability`/`parentRefs`, and has no healthCheck `status`/`mode`. The emitter writes none
    // of these, so the file is valid for both the schema and Traefik.
    test('validates against the Traefik v3 file-provider schema', () => {
      expect(validateTraefik(doc)).toEqual([]);
    });
  });
});

describe('example output', () => {
  const model = exampleModel();
  const { text, doc } = emit(model);

  test('starts with the header, then the schema modeline; sections in order', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# Generated by perfect-gen/);
    expect(lines[2]).toBe('# yaml-language-server: $schema=https://json.schemastore.org/traefik-v3-file-provider.json');
    expect(Object.keys(doc)).toEqual(['http']);
    expect(Object.keys(doc.http)).toEqual(['routers', 'services', 'middlewares']);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
  });

  test('names start with the platform, since Traefik skips a duplicate name from another file in silence', () => {
    expect(Object.keys(doc.http.routers ?? {})).toEqual(['platform-prefect', 'platform-prefect_outpost']);
    expect(Object.keys(doc.http.services ?? {})).toEqual(['platform-prefect', 'platform-authentik_outpost']);
    expect(Object.keys(doc.http.middlewares ?? {})).toEqual(['platform-security-headers', 'platform-authentik']);
  });

  test('the middleware drops client identity headers under any spelling a backend reads as the same name', () => {
    const forwardAuth = (doc.http.middlewares?.['platform-authentik'] as { forwardAuth: { authResponseHeadersRegex: string } }).forwardAuth;
    const goCaseInsensitive = /^\(\?i\)/;
    expect(forwardAuth.authResponseHeadersRegex).toMatch(goCaseInsensitive);
    const matches = new RegExp(forwardAuth.authResponseHeadersRegex.replace(goCaseInsensitive, ''), 'i');
    for (const name of ['X-authentik-username', 'X_authentik_username', 'X.authentik.groups', 'x_AUTHENTIK-email', 'X-Authentik_Jwt']) expect(matches.test(name), name).toBe(true);
    for (const name of ['X-Forwarded-User', 'X-authentikate', 'Xauthentik-username', 'Authorization', 'Y-authentik-username']) expect(matches.test(name), name).toBe(false);
  });

  test('the authentik middleware is the one authentik documents for Traefik v3, without keys newer than v3.0', () => {
    const outpost = model.platform.authentik.outpostUrl;
    expect(doc.http.middlewares?.['platform-authentik']).toEqual({
      forwardAuth: {
        address: `${outpost}/outpost.goauthentik.io/auth/traefik`,
        trustForwardHeader: true,
        authResponseHeaders: [
          'X-authentik-username',
          'X-authentik-groups',
          'X-authentik-entitlements',
          'X-authentik-email',
          'X-authentik-name',
          'X-authentik-uid',
          'X-authentik-jwt',
          'X-authentik-meta-jwks',
          'X-authentik-meta-outpost',
          'X-authentik-meta-provider',
          'X-authentik-meta-app',
          'X-authentik-meta-version',
        ],
        authResponseHeadersRegex: '(?i)^x[-_.]authentik[-_.]',
      },
    });
    expect(doc.http.services?.['platform-authentik_outpost']?.loadBalancer.servers).toEqual([{ url: outpost }]);
  });

  test('security headers come from the platform settings', () => {
    const expected = model.platform.traefik.securityHeaders;
    expect(doc.http.middlewares?.['platform-security-headers']).toMatchObject({
      headers: { ...expected, forceSTSHeader: true, contentTypeNosniff: true, browserXssFilter: true },
    });
  });

  test('buildTraefikConfig is what the file holds', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildTraefikConfig(model))));
  });
});

describe('public apps', () => {
  const { text, doc } = emit(modelFromYaml(exampleText() + docsApp));

  test('the reason is a one-line comment right above the router, with no template action', () => {
    const lines = text.split('\n');
    const routerLine = lines.indexOf('    platform-docs:');
    expect(routerLine).toBeGreaterThan(lines.indexOf('  routers:'));
    expect(routerLine).toBeLessThan(lines.indexOf('  services:'));
    expect(lines[routerLine - 1]).toMatch(/^ {4}# Public without SSO: Product docs, no user data .* second line$/);
    expect(text).not.toContain('{{');
    expect(doc.http.routers?.['platform-docs']?.middlewares).toEqual(['platform-security-headers', 'platform-strip-identity']);
  });

  test('a client cannot claim an identity on a public route: every identity header is removed', () => {
    const strip = doc.http.middlewares?.['platform-strip-identity'] as { headers: { customRequestHeaders: Record<string, string> } };
    expect(Object.keys(strip.headers.customRequestHeaders)).toEqual([...authentikResponseHeaders]);
    expect(new Set(Object.values(strip.headers.customRequestHeaders))).toEqual(new Set(['']));
  });

  test('the strip middleware exists only where a public route uses it', () => {
    expect(emit(exampleModel()).doc.http.middlewares).not.toHaveProperty('platform-strip-identity');
  });
});

test('a file with no routed app stays valid and minimal', () => {
  const text = exampleText().replace(/\napps:\n[\s\S]*$/, '\napps:\n  - name: tool\n    kind: internal\n    image: busybox:1.37.0\n');
  const { doc } = emit(modelFromYaml(text));
  expect(doc).toEqual({ http: {} });
});

test('Docker-label routers reference file middlewares with @file', () => {
  expect(traefikMiddlewareRef(traefikNames('platform').authMiddleware)).toBe('platform-authentik@file');
});

test('two platforms sharing one Traefik give their objects different names', () => {
  const other = modelFromYaml(exampleText().replace('  name: platform\n', '  name: lab\n'));
  const { doc: first } = emit(exampleModel());
  const { doc: second } = emit(other);
  for (const section of ['routers', 'services', 'middlewares'] as const) {
    const shared = Object.keys(first.http[section] ?? {}).filter((n) => n in (second.http[section] ?? {}));
    expect(shared, section).toEqual([]);
  }
});
