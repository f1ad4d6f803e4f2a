import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/render.js';
import { at, compileFixture, edit, webApp, withApps } from '../check/fixture-support.js';

const compiled = (yaml: string, env = {}) => compileFixture({ name: '', yaml, env, expectedCodes: [] });
const render = (yaml: string, format: 'text' | 'json' | 'github', env = {}) =>
  renderDiagnostics(compiled(yaml, env).diagnostics, format, { color: false, sources: new Map([['perfect.config.yaml', yaml]]) });

describe('a literal secret is never echoed', () => {
  const secret = 'hunter2-do-not-print';
  const yaml = edit([at.image, `${at.image}    server:\n      environment:\n        SMTP_PASSWORD: ${secret}\n`]);

  it('the excerpt shows where the secret is, with the value redacted', () => {
    const text = render(yaml, 'text');
    expect(text).toContain('LITERAL_SECRET');
    expect(text).toContain('SMTP_PASSWORD: <redacted>');
    expect(text).toMatch(/\n {2}\d+ \| {9}SMTP_PASSWORD: <redacted>\n {5}\| {24}\^{10}\n/);
    for (const format of ['text', 'json', 'github'] as const) expect(render(yaml, format), format).not.toContain(secret);
  });
});

describe('a literal secret is not echoed by another diagnostic', () => {
  it('a number under a secret name gets no "read as" warning, which would quote it', () => {
    const yaml = edit([at.image, `${at.image}    server:\n      environment:\n        SMTP_PASSWORD: 0123\n        PYTHON_VERSION: 3.10\n`]);
    expect(compiled(yaml).diagnostics.map((d) => [d.code, d.severity, d.path?.at(-1)])).toEqual([
      ['LITERAL_SECRET', 'error', 'SMTP_PASSWORD'],
      ['YAML_IMPLICIT_TYPE', 'warning', 'PYTHON_VERSION'],
    ]);
    expect(render(yaml, 'text')).not.toContain('0123');
  });

  it('another excerpt of the same line shows it redacted too', () => {
    const yaml = withApps(webApp('wiki', '    database:\n      name: wiki\n    options:\n      environment: {SMTP_PASSWORD: hunter2-secret, DATABASE_URL: x}'));
    const text = render(yaml, 'text');
    expect(text).toContain('DUPLICATE_ENV_VAR');
    expect(text).not.toContain('hunter2-secret');
    // The carets under DATABASE_URL move with the shorter redacted text.
    expect(text).toMatch(/environment: \{SMTP_PASSWORD: <redacted>, DATABASE_URL: x\}\n {5}\| {48}\^{12}\n/);
  });
});

describe('a duplicate names both places', () => {
  const yaml = edit([at.environments, `${at.environments}  - name: staging\n`]);
  const lines = yaml.split('\n');
  const first = lines.indexOf('  - name: staging') + 1;
  const second = lines.lastIndexOf('  - name: staging') + 1;

  it('as a structured related range', () => {
    const [d] = compiled(yaml).diagnostics;
    expect(d?.code).toBe('DUPLICATE_NAME');
    expect(first).toBeLessThan(second);
    expect(d?.range?.start).toEqual({ line: second, col: 11 });
    expect(d?.related).toEqual([{ message: 'environment "staging" is first used here', file: 'perfect.config.yaml', range: { start: { line: first, col: 11 }, end: { line: first, col: 18 } } }]);
  });

  it('in text, JSON and GitHub output', () => {
    expect(render(yaml, 'text')).toContain(`perfect.config.yaml:${first}:11: environment "staging" is first used here\n  ${first} |   - name: staging`);
    expect(JSON.parse(render(yaml, 'json')).diagnostics[0].related[0].range.start).toEqual({ line: first, col: 11 });
    const github = render(yaml, 'github');
    expect(github).toMatch(new RegExp(`^::error file=perfect\\.config\\.yaml,line=${second},col=11,.*first used here: perfect\\.config\\.yaml:${first}:11\\)$`, 'm'));
    expect(github).toMatch(new RegExp(`^::notice file=perfect\\.config\\.yaml,line=${first},col=11,`, 'm'));
  });

  it('a variable rendered twice points at the first secret', () => {
    const yaml = edit([at.image, `${at.image}    secrets:\n      - {env: FOO, path: "secret/platform/{env}/a", key: a}\n      - {env: FOO, path: "secret/platform/{env}/b", key: b}\n`]);
    const d = compiled(yaml).diagnostics.find((x) => x.code === 'DUPLICATE_ENV_VAR');
    const line = yaml.split('\n').findIndex((l) => l.includes('/a", key: a}')) + 1;
    expect(d?.range?.start.line).toBe(line + 1);
    expect(d?.related?.[0]?.range?.start.line).toBe(line);
  });

  it('a key written twice points at both keys', () => {
    const twice = edit([at.title, `${at.title}    title: Again\n`]);
    const [d] = compiled(twice).diagnostics;
    expect(d?.code).toBe('YAML_DUPLICATE_KEY');
    expect(d?.related?.[0]?.range?.start.line).toBe((d?.range?.start.line ?? 0) - 1);
  });
});

describe('did you mean', () => {
  it('a ${VAR} one typo away from a defined variable', () => {
    const yaml = edit(['    title: Perfect\n', '    title: ${PERFECT_TILTE}\n']);
    const [d] = compiled(yaml, { PERFECT_TITLE: 'Perfect', HOME: '/root' }).diagnostics;
    expect(d?.code).toBe('ENV_UNDEFINED');
    expect(d?.hint).toMatch(/^did you mean \$\{PERFECT_TITLE\}\?/);
  });

  it('nothing for a variable unlike any defined one', () => {
    const yaml = edit(['    title: Perfect\n', '    title: ${HOST}\n']);
    expect(compiled(yaml, { HOME: '/root', PATH: '/bin' }).diagnostics[0]?.hint).not.toMatch(/did you mean/);
  });

  it('an environment name close to a declared one', () => {
    const yaml = edit(['    title: Perfect\n    environment: production\n', '    title: Perfect\n    environment: prodution\n']);
    const d = compiled(yaml).diagnostics.find((x) => x.code === 'UNKNOWN_ENVIRONMENT');
    expect(d?.hint).toMatch(/^did you mean "production"\?/);
  });
});
