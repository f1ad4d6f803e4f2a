import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import { changeKinds, kindOrder } from '../src/plan/kinds.js';
import { projectRoot } from './support/model-from.js';

describe('README', () => {
  const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

  it('documents every diagnostic code', () => {
    for (const code of Object.keys(diagnosticCodes)) expect(readme, code).toContain(`| \`${code}\` |`);
  });

  it('documents every exit code', () => {
    for (const code of [0, 1, 2, 3]) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });

  it('lists every plan change kind with its group, in plan order', () => {
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (access|secrets|identity|runtime|network|other) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(kindOrder.map((k) => [k, changeKinds[k].group]));
  });

  it('gives the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
