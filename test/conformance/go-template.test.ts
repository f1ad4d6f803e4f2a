import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/emit/types.js';
import { vaultEmitter } from '../../src/emit/vault/index.js';
import type { EnvFile, Model } from '../../src/model/model.js';
import { renderGoTemplate } from '../support/conformance.js';
import { buildExample, examples } from '../support/examples.js';
import { goAvailable, goSkipReason, runGoTemplates, type GoTemplateInput, type GoTemplateResult } from '../support/go-template.js';
import { exampleModel } from '../support/model-from.js';
import {
  asciiEdges,
  awkwardDoubleQuoted,
  context,
  doubleQuoted,
  envFilesOf,
  envLine,
  expectedValue,
  fakeSecrets,
  hasPythonDotenv,
  isAuthString,
  models,
  nonAsciiValues,
  readManyWithPythonDotenv,
  readWithSh, readAllWithSh,
  refused,
  richSecrets,
  withUrlPrefix,
} from '../support/vault-fixtures.js';
import { renderedFiles } from '../support/emit.js';

// The same templates through Go's own text/template (test/support/go-template/main.go) and through
// the TypeScript checker and renderer the other tests use: Go must accept what the agent would
// accept, and both must produce the same bytes, so the TypeScript round trips stand for the real one.

if (!goAvailable) console.warn(goSkipReason);

type Secrets = Record<string, Record<string, string>>;
type Case = GoTemplateInput & { readonly secrets: Secrets };

function resultsByName(cases: readonly GoTemplateInput[], render: boolean): Map<string, GoTemplateResult> {
  return new Map(runGoTemplates(cases, {}, render).map((r) => [r.name, r]));
}

function goResult(results: Map<string, GoTemplateResult> | undefined, name: string): GoTemplateResult {
  const result = results?.get(name);
  if (!result) throw new Error(`Go returned nothing for ${name}`);
  return result;
}

function tsRender(text: string, secrets: Secrets): { readonly output?: string; readonly error?: string } {
  try {
    return { output: renderGoTemplate(text, secrets) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function expectSameRender(go: GoTemplateResult, c: Case): void {
  const ts = tsRender(c.text, c.secrets);
  expect(ts.error).toBeUndefined();
  expect(go.parseError).toBeUndefined();
  expect(go.execError).toBeUndefined();
  expect(go.output).toBe(ts.output);
}

const errorField = (message: string | undefined): string | undefined => message?.match(/perfect_gen_error__\w+/)?.[0];

/** Both stop the render and name `field` as the reason. */
function expectSameRefusal(go: GoTemplateResult, c: Case, field: string): void {
  const ts = tsRender(c.text, c.secrets);
  expect(go.parseError).toBeUndefined();
  expect(go.output).toBeUndefined();
  expect(ts.output).toBeUndefined();
  expect(errorField(go.execError)).toBe(field);
  expect(errorField(ts.error)).toBe(field);
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function writeEnv(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'perfect-gen-go-template-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, 'file.env'), text);
  return dir;
}

const fileAt = (files: readonly OutputFile[], filePath: string): OutputFile => {
  const file = files.find((f) => f.path === filePath);
  if (!file) throw new Error(`no ${filePath} in ${files.map((f) => f.path).join(', ')}`);
  return file;
};

describe.skipIf(!goAvailable)(`Go text/template${goAvailable ? '' : ` (${goSkipReason})`}`, () => {
  describe('bundled examples', () => {
    const built = examples.map((example) => ({ example, files: buildExample(example), secrets: richSecrets(exampleModel(example.name)) }));
    const templates: readonly Case[] = built.flatMap(({ example, files, secrets }) =>
      files.filter((f) => f.path.endsWith('.ctmpl')).map((f) => ({ name: `${example.name}: ${f.path}`, text: f.content, secrets })),
    );
    // Traefik's file provider runs every dynamic file through Go's text/template (with sprig, not
    // consul-template's functions). A file with no actions parses under either and renders to itself.
    const traefik: readonly GoTemplateInput[] = built.flatMap(({ example, files }) =>
      files.filter((f) => f.kind === 'traefik').map((f) => ({ name: `${example.name}: ${f.path}`, text: f.content })),
    );

    let results: Map<string, GoTemplateResult> | undefined;
    beforeAll(() => {
      results = resultsByName([...templates, ...traefik], true);
    });

    it('covers every template and one Traefik file per example', () => {
      for (const { example, files } of built) {
        expect(templates.filter((t) => t.name.startsWith(`${example.name}: `)).length, example.name).toBeGreaterThan(0);
        expect(files.filter((f) => f.kind === 'vault-template').every((f) => f.path.endsWith('.ctmpl'))).toBe(true);
        expect(traefik.filter((t) => t.name.startsWith(`${example.name}: `)), example.name).toHaveLength(1);
      }
    });

    it.each(templates.map((t) => [t.name, t] as const))('%s parses and renders as in TypeScript', (name, t) => {
      const go = goResult(results, name);
      expect(go.parseError).toBeUndefined();
      expect(go.execError).toBeUndefined();
      expect(go.output).toBe(tsRender(t.text, t.secrets).output);
    });

    it.each(traefik.map((t) => [t.name, t] as const))('%s parses and renders to itself', (name, t) => {
      const go = goResult(results, name);
      expect(go.parseError).toBeUndefined();
      expect(go.execError).toBeUndefined();
      expect(go.output).toBe(t.text);
    });
  });

  describe('the template subset the TypeScript renderer implements', () => {
    const data = { 'secret/data/x': { a: 'A', empty: '' }, 'kv/y': { b: 'B' } };
    const snippets: readonly (readonly [string, string])[] = [
      ['if/else', '{{ with secret "secret/data/x" }}{{ if .Data.data.empty }}yes{{ else }}no{{ end }}{{ end }}'],
      ['else if chain', '{{ with secret "secret/data/x" }}{{ if .Data.data.empty }}1{{ else if regexMatch `^A$` .Data.data.a }}2{{ else }}3{{ end }}{{ end }}'],
      ['else if chain falling through', '{{ with secret "secret/data/x" }}{{ if .Data.data.empty }}1{{ else if .Data.data.empty }}2{{ else }}3{{ end }}!{{ end }}'],
      ['with/else keeps the outer dot', '{{ with secret "secret/data/x" }}{{ with .Data.data.empty }}{{ . }}{{ else }}{{ .Data.data.a }}{{ end }}{{ end }}'],
      ['else with', '{{ with secret "kv/y" }}{{ with .Data.b | regexMatch `z` }}1{{ else with .Data.b }}{{ . }}{{ end }}{{ end }}'],
      ['nested if inside else', '{{ with secret "secret/data/x" }}{{ if .Data.data.empty }}1{{ else }}{{ if .Data.data.a }}2{{ end }}3{{ end }}4{{ end }}'],
      ['trim markers around else', '{{ with secret "secret/data/x" -}}\n{{ if .Data.data.empty -}}\nx\n{{ else -}}\ny\n{{ end -}}\n{{ end -}}\n'],
      ['replaceAll with raw strings', '{{ with secret "secret/data/x" }}{{ "a\\\\b\\"c`d" | replaceAll `\\` `\\\\` | replaceAll `"` `\\"` }}{{ end }}'],
      ['replaceAll with an empty raw string', '{{ replaceAll `` `-` "ab" }}'],
    ];
    const cases: readonly Case[] = snippets.map(([name, text]) => ({ name, text, secrets: data }));

    let results: Map<string, GoTemplateResult> | undefined;
    beforeAll(() => {
      results = resultsByName(cases, true);
    });

    it.each(cases.map((c) => [c.name, c] as const))('%s: Go and TypeScript render the same bytes', (name, c) => {
      expectSameRender(goResult(results, name), c);
    });
  });

  describe.each([
    ['rich', 'single-quoted'],
    ['kv1', 'single-quoted'],
    ['openbao', 'single-quoted'],
    ['rich', 'double-quoted'],
  ])('%s model, %s values', (modelName, quoting) => {
    const model = models[modelName] as Model;
    const files = renderedFiles(vaultEmitter, model, context);
    const doubleQuotes = quoting === 'double-quoted';
    const secrets = doubleQuotes ? richSecrets(model, awkwardDoubleQuoted) : richSecrets(model);

    const envFiles: readonly (Case & { readonly envFile: EnvFile })[] = model.apps.flatMap((app) =>
      envFilesOf(app).map((envFile) => ({
        name: `${app.name}/${envFile.fileName}`,
        text: fileAt(files, `${app.name}/vault/${envFile.environment}/templates/${envFile.fileName}.ctmpl`).content,
        secrets,
        envFile,
      })),
    );

    const production = fileAt(files, 'prefect/vault/production/templates/worker-production-pool.env.ctmpl').content;
    const refusals: readonly (Case & { readonly value: string; readonly reason: string })[] = refused.map(([value, reason]) => ({
      name: `refuses ${JSON.stringify(value)}`,
      text: production,
      secrets: fakeSecrets(model, (e) => (e.name === 'WAREHOUSE_PASSWORD' ? value : 'fine')),
      value,
      reason,
    }));

    const carried: readonly (Case & { readonly value: string })[] = doubleQuoted.map((value) => ({
      name: `carries ${JSON.stringify(value)}`,
      text: production,
      secrets: fakeSecrets(model, (e) => (e.name === 'WAREHOUSE_PASSWORD' ? value : 'fine')),
      value,
    }));

    const refusedInUrl = refused.map(([v]) => v).join('');
    const others: Case[] = [
      {
        name: 'server.env with every refused value inside the database URL',
        text: fileAt(files, 'prefect/vault/production/templates/server.env.ctmpl').content,
        secrets: fakeSecrets(model, (e) => (e.secret.apiPath.endsWith('/postgres') ? refusedInUrl : 'fine')),
      },
    ];
    if (modelName === 'rich') {
      const prefixed = fileAt(renderedFiles(vaultEmitter, withUrlPrefix('x{{ .Data }}{{{:'), context), 'wiki/vault/production/templates/app.env.ctmpl').content;
      others.push({ name: 'wiki app.env whose URL prefix holds template delimiters', text: prefixed, secrets: fakeSecrets(model, () => 'pw') });
    }

    // API_TOKEN reads the field `api-token`, which only `index` reaches; without the field the
    // template must stop as a missing identifier field does, not render an empty value.
    const withoutDashedField = fakeSecrets(model, () => 'fine');
    for (const byKey of Object.values(withoutDashedField)) delete byKey['api-token'];
    const missingDashed: Case = { name: 'a missing field with a dash in its name', text: production, secrets: withoutDashedField };

    let results: Map<string, GoTemplateResult> | undefined;
    /** Each env file's rendered output in a folder of its own, and python-dotenv's reading of it, by case name. */
    const written = new Map<string, { readonly dir: string; readonly python?: Record<string, string> }>();
    beforeAll(() => {
      results = resultsByName([...envFiles, ...carried, ...refusals, ...others, missingDashed], true);
      const names = [...envFiles, ...carried].map((c) => c.name);
      const dirs = names.map((name) => writeEnv(goResult(results, name).output ?? ''));
      const python = hasPythonDotenv ? readManyWithPythonDotenv(dirs) : [];
      names.forEach((name, i) => written.set(name, { dir: dirs[i] as string, ...(python[i] && { python: python[i] }) }));
    });

    it('reads fields with a dash through index, and stops when one is missing, in Go and in TypeScript', () => {
      expect(production).toContain('(index .Data');
      const go = goResult(results, missingDashed.name);
      const ts = tsRender(missingDashed.text, missingDashed.secrets);
      expect(go.parseError).toBeUndefined();
      expect(go.output).toBeUndefined();
      expect(ts.output).toBeUndefined();
      expect(errorField(go.execError)).toBe('perfect_gen_error__API_TOKEN_has_no_field_api_token');
      expect(errorField(ts.error)).toBe(errorField(go.execError));
    });

    it('uses secrets with every character the issue names', () => {
      const values = Object.values(secrets).flatMap((byKey) => Object.values(byKey)).join('');
      for (const c of ['$', '"', "'", '\\', '%', '+', '@', ':', '/', '#', ' ', '\n']) expect(values, JSON.stringify(c)).toContain(c);
    });

    it.each([...envFiles, ...carried, ...others].map((c) => [c.name, c] as const))('%s: Go renders the same bytes as TypeScript', (name, c) => {
      expectSameRender(goResult(results, name), c);
    });

    it.each(envFiles.map((c) => [c.name, c] as const))("%s: Go's output reads back to the secret values", (name, c) => {
      const rendered = goResult(results, name).output ?? '';
      const expected = Object.fromEntries(c.envFile.entries.map((e) => [e.name, expectedValue(e, secrets)]));
      const { dir, python } = written.get(name) ?? { dir: '' };
      expect(readAllWithSh(dir, Object.keys(expected)), 'sh').toEqual(expected);
      if (hasPythonDotenv) expect(python).toEqual(expected);
      // npm dotenv keeps the backslash escapes of double-quoted values (test/emit/vault.test.ts).
      if (!doubleQuotes) {
        expect(dotenv.parse(rendered)).toEqual(expected);
        expect(dotenv.parse(rendered, { fast: true })).toEqual(expected);
      }
      for (const entry of c.envFile.entries.filter((e) => e.kind === 'url')) {
        const url = expected[entry.name] as string;
        expect(decodeURIComponent(url.slice(entry.prefix.length, url.length - entry.suffix.length))).toBe(secrets[entry.secret.apiPath]?.[entry.secret.key]);
      }
    });

    it.each(carried.map((c) => [c.name, c] as const))("%s: Go double-quotes it and sh and python-dotenv read it back", (name, c) => {
      const rendered = goResult(results, name).output ?? '';
      expect(envLine(rendered, 'WAREHOUSE_PASSWORD')).toMatch(/^WAREHOUSE_PASSWORD="/);
      const { dir, python } = written.get(name) ?? { dir: '' };
      expect(readWithSh(dir, 'WAREHOUSE_PASSWORD')).toBe(c.value);
      if (hasPythonDotenv) expect(python?.['WAREHOUSE_PASSWORD']).toBe(c.value);
    });

    it.each(refusals.map((c) => [c.name, c] as const))('%s in Go and in TypeScript, naming the same field', (name, c) => {
      expectSameRefusal(goResult(results, name), c, `perfect_gen_error__WAREHOUSE_PASSWORD_${c.reason}`);
    });
  });
  describe('the Prefect API auth string takes only ASCII', () => {
    const model = models['rich'] as Model;
    const files = renderedFiles(vaultEmitter, model, context);
    const templates = [
      ['PREFECT_SERVER_API_AUTH_STRING', fileAt(files, 'prefect/vault/production/templates/server.env.ctmpl').content],
      ['PREFECT_API_AUTH_STRING', fileAt(files, 'prefect/vault/production/templates/worker-production-pool.env.ctmpl').content],
    ] as const;
    const authIs = (value: string): Secrets => fakeSecrets(model, (e) => (isAuthString(e) ? value : 'fine'));

    const refusals: readonly (Case & { readonly field: string })[] = templates.flatMap(([variable, text]) =>
      nonAsciiValues.map((value) => ({
        name: `${variable} refuses ${JSON.stringify(value)}`,
        text,
        secrets: authIs(value),
        field: `perfect_gen_error__${variable}_contains_non_ascii`,
      })),
    );
    const production = templates[1][1];
    const carried: readonly Case[] = [
      ...templates.map(([variable, text]) => ({ name: `${variable} carries ASCII at its edges`, text, secrets: authIs(asciiEdges) })),
      ...nonAsciiValues.map((value) => ({
        name: `WAREHOUSE_PASSWORD carries ${JSON.stringify(value)}`,
        text: production,
        secrets: fakeSecrets(model, (e) => (e.name === 'WAREHOUSE_PASSWORD' ? value : 'fine')),
      })),
    ];

    let results: Map<string, GoTemplateResult> | undefined;
    beforeAll(() => {
      results = resultsByName([...refusals, ...carried], true);
    });

    it.each(refusals.map((c) => [c.name, c] as const))('%s in Go and in TypeScript, naming the same field', (name, c) => {
      expectSameRefusal(goResult(results, name), c, c.field);
    });

    it.each(carried.map((c) => [c.name, c] as const))('%s: Go renders the same bytes as TypeScript', (name, c) => {
      expectSameRender(goResult(results, name), c);
    });
  });
});
