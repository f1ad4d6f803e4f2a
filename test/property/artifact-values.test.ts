import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/emit/types.js';
import { at, compileFixture, edit } from '../check/fixture-support.js';
import { artifactProblems, composeValue, parsedArtifact } from './artifact-strings.js';

/** Free text in every place that allows it, written the way a YAML author would, with what each means. */
const title = 'Perfect "Prod" — it\'s `live` #1: {{ .Title }} ${NOPE} $HOME';
const groups = ['platform-admins', 'Ops & "On-Call"', 'yes', '#team: red', '{{ .Group }}', '- dash', '100', 'null', '~', "O'Brien"];
const serverEnvironment: Readonly<Record<string, string>> = {
  GREETING: 'Hello "world" — it\'s `now`',
  DOLLARS: 'cost: $5, ${HOME} and $$',
  HASH: '#not-a-comment',
  MULTILINE: 'line one\nline two: indented\n',
  BRACES: '{{ .Env.X }} {{- }}',
  YES: 'yes',
  OCTAL: '0755',
  COLON: 'a: b',
  EMPTY: '',
  UNICODE: '日本語 🙂 é',
  SPACED: '  spaced  ',
  BACKSLASH: 'C:\\path\\to',
  NUMBER_TEXT: '3.10',
};
const labels: Readonly<Record<string, string>> = {
  'com.example.note': "it's: #1 {{x}} $HOME",
  'com.example.flag': 'on',
};

/** YAML source: double-quoted scalars, with `$` doubled so that the config means a literal `$`. */
const quoted = (value: string) => JSON.stringify(value).replace(/\$/g, '$$$$');

const specialConfig = edit(
  [at.title, `    title: ${quoted(title)}\n`],
  ['        - platform-admins\n', groups.map((g) => `        - ${quoted(g)}\n`).join('')],
  [
    at.image,
    [
      at.image,
      '    server:\n      environment:\n',
      ...Object.entries(serverEnvironment).map(([k, v]) => `        ${k}: ${quoted(v)}\n`),
      '      labels:\n',
      ...Object.entries(labels).map(([k, v]) => `        ${k}: ${quoted(v)}\n`),
    ].join(''),
  ],
);

function artifact(files: readonly OutputFile[], kind: OutputFile['kind']): unknown {
  const file = files.find((f) => f.kind === kind);
  if (!file) throw new Error(`no ${kind} artifact`);
  return parsedArtifact(file);
}

interface BlueprintEntry {
  readonly model: string;
  readonly identifiers?: Readonly<Record<string, unknown>>;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

const entries = (blueprint: unknown): BlueprintEntry[] => (blueprint as { entries: BlueprintEntry[] }).entries;

interface ComposeService {
  readonly environment?: Readonly<Record<string, unknown>>;
  readonly labels?: Readonly<Record<string, unknown>>;
}

const service = (compose: unknown, name: string): ComposeService => {
  const found = (compose as { services: Record<string, ComposeService> }).services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

function compiled(yaml: string): readonly OutputFile[] {
  const result = compileFixture({ name: 'values', yaml, expectedCodes: [] });
  expect(result.diagnostics).toEqual([]);
  if (!result.ok) throw new Error('the config must compile');
  return result.files;
}

describe('artifacts say exactly what the config says', () => {
  it('the example: title, group and the server URL', () => {
    const files = compiled(edit());
    expect(files.flatMap(artifactProblems)).toEqual([]);
    const blueprint = entries(artifact(files, 'authentik-blueprint'));
    expect(blueprint.find((e) => e.model === 'authentik_core.application')?.attrs?.['name']).toBe('Perfect');
    expect(blueprint.filter((e) => e.model === 'authentik_core.group').map((e) => e.identifiers?.['name'])).toEqual(['platform-admins']);
    const server = service(artifact(files, 'compose'), 'prefect-server');
    expect(composeValue(server.environment?.['PREFECT_UI_URL'])).toBe('https://perfect.zitian.party');
  });

  describe('a config full of special characters in the places that allow them', () => {
    const files = compiled(specialConfig);

    it('every artifact parses and conforms', () => expect(files.flatMap(artifactProblems)).toEqual([]));

    it('the blueprint names the application by the exact title (read as PyYAML reads it)', () => {
      const apps = entries(artifact(files, 'authentik-blueprint')).filter((e) => e.model === 'authentik_core.application');
      expect(apps.map((e) => e.attrs?.['name'])).toEqual([title]);
    });

    it('the blueprint creates the exact groups', () => {
      const names = entries(artifact(files, 'authentik-blueprint'))
        .filter((e) => e.model === 'authentik_core.group')
        .map((e) => e.identifiers?.['name']);
      expect([...names].sort()).toEqual([...groups].sort());
    });

    it('the server container gets every extra variable as written ($$ read as $)', () => {
      const environment = service(artifact(files, 'compose'), 'prefect-server').environment ?? {};
      for (const [name, value] of Object.entries(serverEnvironment)) expect(composeValue(environment[name]), name).toBe(value);
    });

    it('the server container carries every label as written', () => {
      const containerLabels = service(artifact(files, 'compose'), 'prefect-server').labels ?? {};
      for (const [name, value] of Object.entries(labels)) expect(composeValue(containerLabels[name]), name).toBe(value);
    });
  });
});
