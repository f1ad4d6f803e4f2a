import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import { unsafeInDoubleQuotes, unsafeValueRules } from '../src/emit/vault/dotenv-value.js';
import { projectRoot } from './support/model-from.js';

describe('README', () => {
  const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

  it('documents every diagnostic code', () => {
    for (const code of Object.keys(diagnosticCodes)) expect(readme, code).toContain(`| \`${code}\` |`);
  });

  it('documents every reason the agent refuses a secret value for', () => {
    const documented = [...readme.matchAll(/^\| `(contains_\w+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...unsafeValueRules, unsafeInDoubleQuotes].map((rule) => rule.reason));
  });

  it('documents every exit code', () => {
    for (const code of [0, 1, 2, 3]) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });

  it('gives the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
