import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile } from '../../src/core/compile.js';
import type { ArtifactKind, OutputFile } from '../../src/emit/types.js';
import type { App, Model } from '../../src/model/model.js';
import { provenance } from '../check/fixture-support.js';
import { parseBlueprint, type AkTag } from '../support/conformance.js';
import { examples } from '../support/examples.js';
import { projectRoot } from '../support/model-from.js';

// The artifacts are read by different programs that never talk to each other: what one says
// about an app (its host, its SSO groups, its upstream) must match what the others say.

interface Case {
  readonly name: string;
  readonly model: Model;
  readonly files: readonly OutputFile[];
}

function compiled(name: string, text: string): Case {
  const result = compile({ file: 'perfect.config.yaml', content: text, env: {}, provenance });
  if (!result.ok) throw new Error(`${name} does not compile:\n${JSON.stringify(result.diagnostics, null, 2)}`);
  return { name, model: result.model, files: result.files };
}

/** Replaces text that must occur exactly once, so the variant fails loudly when the example changes. */
function edited(text: string, replacements: readonly (readonly [string, string])[]): string {
  return replacements.reduce((out, [from, to]) => {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`${JSON.stringify(from)} occurs ${count} times`);
    return out.replace(from, () => to);
  }, text);
}

const exampleCases = examples
  .filter((e) => existsSync(join(projectRoot, e.config)))
  .map((e) => ({ name: e.name, text: readFileSync(join(projectRoot, e.config), 'utf8') }));

const platformText = exampleCases.find((c) => c.name === 'platform')?.text;

/** The platform example with its wiki public and an HTTP→HTTPS redirect: the paths no example takes. */
const publicVariant = platformText && {
  name: 'platform, wiki public, HTTP redirect',
  text: edited(platformText, [
    ['      mode: sso\n      groups:\n        - platform-admins\n        - staff\n', '      mode: public\n      reason: The handbook that customers may read without an account.\n'],
    ['  traefik:\n    entrypoint: websecure\n', '  traefik:\n    entrypoint: websecure\n    httpRedirect:\n      entrypoint: web\n'],
  ]),
};

const cases: readonly Case[] = [...exampleCases, ...(publicVariant ? [publicVariant] : [])].map((c) => compiled(c.name, c.text));

// ---------------------------------------------------------------------------------------------
// Parsed artifacts

interface Router {
  readonly rule: string;
  readonly service: string;
  readonly entryPoints?: readonly string[];
  readonly middlewares?: readonly string[];
}
interface TraefikDoc {
  readonly http?: {
    readonly routers?: Readonly<Record<string, Router>>;
    readonly services?: Readonly<Record<string, { readonly loadBalancer?: { readonly servers?: readonly { readonly url: string }[] } }>>;
    readonly middlewares?: Readonly<Record<string, { readonly forwardAuth?: { readonly address: string } }>>;
  };
}
interface ComposeService {
  readonly container_name?: string;
  readonly expose?: readonly (string | number)[];
  readonly ports?: readonly unknown[];
  readonly networks?: readonly string[] | Readonly<Record<string, unknown>>;
}
interface ComposeDoc {
  readonly services: Readonly<Record<string, ComposeService>>;
}
interface Entry {
  readonly model: string;
  readonly id?: string;
  readonly identifiers?: Readonly<Record<string, unknown>>;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

function artifact(c: Case, kind: ArtifactKind): OutputFile {
  const matching = c.files.filter((f) => f.kind === kind);
  if (matching.length !== 1 || !matching[0]) throw new Error(`${c.name}: expected one ${kind} artifact, got ${matching.length}`);
  return matching[0];
}

const traefikOf = (c: Case): TraefikDoc => parse(artifact(c, 'traefik').content) as TraefikDoc;
const composeOf = (c: Case): ComposeDoc => parse(artifact(c, 'compose').content) as ComposeDoc;

function blueprintEntries(c: Case): readonly Entry[] {
  const blueprint = c.files.find((f) => f.kind === 'authentik-blueprint');
  if (!blueprint) return [];
  return ((parseBlueprint(blueprint.content) as { entries?: Entry[] }).entries ?? []);
}

const isTag = (value: unknown): value is AkTag => typeof value === 'object' && value !== null && '$ak' in value && 'args' in value;

const keyOf = (value: unknown): string | undefined => (isTag(value) && value.$ak === '!KeyOf' && typeof value.args === 'string' ? value.args : undefined);

/** The group name an entry's `group` points at, through a `!KeyOf` to a group entry of the same blueprint. */
function groupName(entries: readonly Entry[], ref: unknown): string | undefined {
  const id = keyOf(ref);
  const group = entries.find((e) => e.model === 'authentik_core.group' && e.id !== undefined && e.id === id);
  const name = group?.identifiers?.['name'];
  return typeof name === 'string' ? name : undefined;
}

const hostRule = (host: string): string => `Host(\`${host}\`)`;

function forwardAuthMiddlewares(doc: TraefikDoc): Set<string> {
  return new Set(Object.entries(doc.http?.middlewares ?? {}).filter(([, m]) => m.forwardAuth !== undefined).map(([name]) => name));
}

/**
 * Routers serving the app's host itself on the HTTPS entrypoint: not a path under it (the outpost
 * callbacks) and not the plain-HTTP router that only redirects.
 */
function hostRouters(doc: TraefikDoc, host: string, entrypoint: string): [string, Router][] {
  return Object.entries(doc.http?.routers ?? {}).filter(([, r]) => r.rule === hostRule(host) && (r.entryPoints ?? []).includes(entrypoint));
}

const routed = (model: Model): (App & { route: NonNullable<App['route']> })[] =>
  model.apps.filter((app): app is App & { route: NonNullable<App['route']> } => app.route !== undefined);

const exposedPorts = (service: ComposeService): string[] => (service.expose ?? []).map((p) => String(p).split('/')[0] ?? '');

/** The ports the model gives the containers of one compose service. */
function modelPorts(model: Model, service: string): number[] {
  type Ported = { readonly service: string; readonly port?: number };
  const containers = model.apps.flatMap((a): Ported[] => (a.kind === 'prefect' ? [a.server] : [a]));
  return containers.filter((x) => x.service === service && x.port !== undefined).map((x) => x.port ?? 0);
}

function serviceNetworks(service: ComposeService): string[] {
  const networks = service.networks ?? [];
  return Array.isArray(networks) ? [...(networks as readonly string[])] : Object.keys(networks);
}

// ---------------------------------------------------------------------------------------------

it('covers both examples and a public app', () => {
  expect(cases.map((c) => c.name)).toEqual(['perfect', 'platform', 'platform, wiki public, HTTP redirect']);
  const modes = cases.flatMap((c) => routed(c.model).map((app) => app.route.access.mode));
  expect(new Set(modes)).toEqual(new Set(['sso', 'public']));
});

describe.each(cases)('$name', (c) => {
  const traefik = traefikOf(c);
  const entries = blueprintEntries(c);
  const forwardAuth = forwardAuthMiddlewares(traefik);
  const outpostOrigin = new URL(c.model.platform.authentik.outpostUrl).origin;

  describe.each(routed(c.model).map((app) => [app.name, app] as const))('app %s', (_name, app) => {
    const { route } = app;
    const providers = entries.filter((e) => e.model === 'authentik_providers_proxy.proxyprovider' && e.attrs?.['external_host'] === route.publicUrl);
    const routers = hostRouters(traefik, route.host, c.model.platform.traefik.entrypoint);

    it('has one HTTPS router on its host', () => {
      expect(routers.map(([name]) => name)).toHaveLength(1);
    });

    if (route.access.mode === 'sso') {
      const access = route.access;

      it('SSO: the blueprint has its proxy provider, application and one policy binding per group', () => {
        expect(providers).toHaveLength(1);
        const provider = providers[0];
        expect(provider?.attrs?.['mode']).toBe('forward_single');
        expect(provider?.id).toBeTypeOf('string');

        const applications = entries.filter((e) => e.model === 'authentik_core.application' && keyOf(e.identifiers?.['provider']) === provider?.id);
        expect(applications).toHaveLength(1);
        const application = applications[0];
        expect(application?.attrs?.['slug']).toBe(access.slug);
        expect(application?.id).toBeTypeOf('string');

        const bindings = entries.filter((e) => e.model === 'authentik_policies.policybinding' && keyOf(e.identifiers?.['target']) === application?.id);
        const boundGroups = bindings.map((b) => groupName(entries, b.identifiers?.['group'] ?? b.attrs?.['group']));
        expect([...boundGroups].sort()).toEqual([...access.groups].sort());
        // authentik evaluates bindings by order: each group's binding needs its own.
        expect(new Set(bindings.map((b) => b.attrs?.['order'])).size).toBe(bindings.length);
      });

      it('SSO: the embedded outpost serves its provider', () => {
        const outposts = entries.filter((e) => e.model === 'authentik_outposts.outpost');
        expect(outposts).toHaveLength(1);
        const listed = ((outposts[0]?.attrs?.['providers'] ?? []) as unknown[]).map(keyOf);
        expect(listed).toContain(providers[0]?.id);
      });

      it('SSO: its router goes through forwardAuth to the configured outpost', () => {
        const used = (routers[0]?.[1].middlewares ?? []).filter((m) => forwardAuth.has(m));
        expect(used).toHaveLength(1);
        const address = traefik.http?.middlewares?.[used[0] ?? '']?.forwardAuth?.address ?? '';
        expect(new URL(address).origin).toBe(outpostOrigin);
      });
    } else {
      it('public: no proxy provider or application in the blueprint', () => {
        expect(providers).toEqual([]);
        const launch = entries.filter((e) => e.model === 'authentik_core.application' && String(e.attrs?.['meta_launch_url'] ?? '').startsWith(route.publicUrl));
        expect(launch).toEqual([]);
      });

      it('public: no router on its host uses forwardAuth', () => {
        const onHost = Object.values(traefik.http?.routers ?? {}).filter((r) => r.rule.includes(hostRule(route.host)));
        expect(onHost.length).toBeGreaterThan(0);
        for (const r of onHost) expect((r.middlewares ?? []).filter((m) => forwardAuth.has(m))).toEqual([]);
      });
    }
  });

  it('has exactly one proxy provider per SSO app and nothing for other apps', () => {
    const sso = routed(c.model).filter((app) => app.route.access.mode === 'sso');
    const hosts = entries.filter((e) => e.model === 'authentik_providers_proxy.proxyprovider').map((e) => e.attrs?.['external_host']);
    expect([...hosts].sort()).toEqual(sso.map((app) => app.route.publicUrl).sort());
  });

  it('every upstream is a compose service exposing that port, or the configured authentik server', () => {
    const compose = composeOf(c);
    const upstreams = Object.values(traefik.http?.services ?? {}).flatMap((s) => s.loadBalancer?.servers ?? []).map((s) => s.url);
    expect(upstreams.length).toBeGreaterThan(0);
    for (const upstream of upstreams) {
      const url = new URL(upstream);
      expect(url.protocol, upstream).toBe('http:');
      if (url.origin === outpostOrigin) continue;
      const named = Object.entries(compose.services).filter(([key, s]) => key === url.hostname || s.container_name === url.hostname);
      expect(named.map(([key]) => key), `${upstream} names one compose service`).toHaveLength(1);
      const [key, service] = named[0] ?? ['', {}];
      const port = url.port || '80';
      const says = exposedPorts(service).includes(port) || modelPorts(c.model, key).includes(Number(port));
      expect(says, `${upstream}: ${key} exposes ${JSON.stringify(service.expose)}`).toBe(true);
      expect(serviceNetworks(service), `${key} shares the network Traefik reaches`).toContain(c.model.platform.network);
    }
  });

  it("every router's service and middlewares are defined", () => {
    const routers = Object.entries(traefik.http?.routers ?? {});
    expect(routers.length).toBeGreaterThan(0);
    const services = new Set(Object.keys(traefik.http?.services ?? {}));
    const middlewares = new Set(Object.keys(traefik.http?.middlewares ?? {}));
    for (const [name, router] of routers) {
      // `@internal` names Traefik's built-in services (noop@internal for redirect-only routers).
      const serviceOk = services.has(router.service) || router.service.endsWith('@internal');
      expect(serviceOk, `router ${name} → service ${router.service}`).toBe(true);
      for (const m of router.middlewares ?? []) expect(middlewares.has(m.replace(/@file$/, '')), `router ${name} → middleware ${m}`).toBe(true);
    }
  });
});
