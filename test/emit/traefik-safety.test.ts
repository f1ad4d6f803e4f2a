import { describe, expect, test } from 'vitest';
import { traefikEmitter } from '../../src/emit/traefik/index.js';
import {
  assertNoTemplateAction,
  assertTraefikSafe,
  commentSafe,
  ruleLiteral,
  UnsafeTraefikValueError,
} from '../../src/serialize/traefik.js';
import type { EmitContext } from '../../src/emit/types.js';
import { loadConfig } from '../../src/load/load-yaml.js';
import { placeDiagnostic } from '../../src/load/spans.js';
import type { App, Model, PublicRoute } from '../../src/model/model.js';
import { validateConfig } from '../../src/validate/validate.js';
import { exampleModel, exampleText } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = { provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' }, generatorVersion: '0.0.0-test' };

/** The schema keeps such values out; the model is changed directly to prove the emitter's own guard. */
function withRoute(model: Model, change: Partial<PublicRoute>): Model {
  return { ...model, apps: model.apps.map((app) => (app.route ? ({ ...app, route: { ...app.route, ...change } } as App) : app)) };
}

describe('emitter guard', () => {
  test.each([
    ['backtick in a host', { host: 'perfect.zitian.party`) || Host(`evil.example' }],
    ['template action in a host', { host: '{{ env "VAULT_TOKEN" }}.zitian.party' }],
    ['line break in a host', { host: 'perfect.zitian.party\n      priority: 999' }],
    ['template action in an upstream', { upstream: 'http://{{ .X }}:4200' }],
    ['line break in a health path', { healthPath: '/health\u2028' }],
  ])('rejects a %s', (_name, change) => {
    expect(() => renderedFiles(traefikEmitter, withRoute(exampleModel(), change), context)).toThrow(UnsafeTraefikValueError);
  });

  test('accepts the example', () => {
    expect(() => renderedFiles(traefikEmitter, exampleModel(), context)).not.toThrow();
  });

  test('ruleLiteral refuses a backtick', () => {
    expect(ruleLiteral('a.example')).toBe('`a.example`');
    expect(() => ruleLiteral('a`b')).toThrow(UnsafeTraefikValueError);
  });

  test('rules must keep the shapes perfect-gen writes', () => {
    const router = (rule: string) => ({ http: { routers: { r: { rule, service: 's' } } } });
    expect(() => assertTraefikSafe(router('Host(`a.example`)'))).not.toThrow();
    expect(() => assertTraefikSafe(router('Host(`a.example`) && PathPrefix(`/outpost.goauthentik.io/`)'))).not.toThrow();
    expect(() => assertTraefikSafe(router('Host(`a`) || Host(`b`)'))).toThrow(UnsafeTraefikValueError);
    expect(() => assertTraefikSafe(router('Host(`a`b`)'))).toThrow(UnsafeTraefikValueError);
  });

  test('keys are checked too', () => {
    expect(() => assertTraefikSafe({ http: { routers: { '{{x}}': {} } } })).toThrow(UnsafeTraefikValueError);
  });

  test('the rendered text, comments included, may not start a template action', () => {
    expect(() => assertNoTemplateAction('# a {{ .X }}\nhttp: {}\n')).toThrow(UnsafeTraefikValueError);
    expect(() => assertNoTemplateAction('# a { {\nhttp: {}\n')).not.toThrow();
  });

  test('commentSafe flattens line breaks and splits braces', () => {
    const out = commentSafe('one\r\ntwo\u0085three\u2028four {{{ x }}');
    expect(out).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(out).not.toContain('{{');
    expect(out).toBe('one two three four { { { x }}');
  });
});

describe('hostile hostnames are schema errors at the host line', () => {
  const original = 'host: perfect.zitian.party';

  test.each([
    ['backtick', 'perfect`.zitian.party'],
    ['space', 'perfect zitian.party'],
    ['template action', '{{ .Env.HOST }}.zitian.party'],
    ['uppercase', 'Perfect.zitian.party'],
    ['trailing dot', 'perfect.zitian.party.'],
    // Every label is valid, so only the 253-character limit can fail.
    ['300 characters', `${'a'.repeat(60)}.`.repeat(4) + 'b'.repeat(56)],
  ])('%s', (_name, host) => {
    const written = `host: ${JSON.stringify(host)}`;
    expect(exampleText()).toContain(original);
    const text = exampleText().replace(original, written);
    const hostLine = text.split('\n').findIndex((line) => line.trim() === written) + 1;
    expect(hostLine).toBeGreaterThan(0);

    const loaded = loadConfig({ file: 'perfect.config.yaml', content: text, env: {} });
    expect(loaded.diagnostics).toEqual([]);
    if (!loaded.config) throw new Error('not loaded');
    const validated = validateConfig(loaded.config.value);
    expect(validated.ok).toBe(false);
    const atHost = validated.diagnostics.filter((d) => d.path.join('/') === 'apps/0/host');
    expect(atHost.map((d) => d.code)).toEqual(['SCHEMA_PATTERN']);
    const [hostDiagnostic] = atHost;
    if (!hostDiagnostic) throw new Error('no diagnostic');
    const placed = placeDiagnostic(loaded.config.source, loaded.config.spans, hostDiagnostic);
    expect(placed.code).toBe('SCHEMA_PATTERN');
    expect(placed.file).toBe('perfect.config.yaml');
    expect(placed.range?.start.line).toBe(hostLine);
  });
});
