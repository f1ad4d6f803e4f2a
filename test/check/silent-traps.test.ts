import { describe, expect, it } from 'vitest';
import { checkFixtures } from './check-fixtures.js';
import { at, compileFixture, edit, type Fixture } from './fixture-support.js';

const fixture = (name: string): Fixture => {
  const found = checkFixtures.find((f) => f.name === name);
  if (!found) throw new Error(`no fixture named ${name}`);
  return found;
};

const hints = (f: Fixture) => compileFixture(f).diagnostics.map((d) => d.hint ?? '');

describe('hints that point at the intended spelling', () => {
  it.each(['${env} written for {env} in a Vault path', '${ENV} written for {env} in the Postgres password path'])('%s: did you mean {env}', (name) => {
    const [hint = ''] = hints(fixture(name));
    expect(hint).toMatch(/^did you mean \{env\}\?/);
    expect(hint).not.toMatch(/^set /);
  });

  it.each(['$env', '{{env}}', '{environment}'])('%s in a Vault path: did you mean {env}', (written) => {
    const [hint = ''] = hints(fixture(`${written} written for {env} in a Vault path`));
    expect(hint).toMatch(/^did you mean secret\/platform\/\{env\}\/foo\?/);
  });

  it('an undefined variable elsewhere keeps the usual hint', () => {
    const result = compileFixture({ name: 'env outside a path', yaml: edit([at.title, '    title: ${env}\n']), expectedCodes: [] });
    expect(result.diagnostics.map((d) => d.hint)).toEqual([expect.stringMatching(/^set env in the environment/)]);
  });
});

describe('renamed keys', () => {
  it('concurrencyLimit names both of its successors', () => {
    const result = compileFixture({ name: 'old key', yaml: edit([at.stagingPool, `${at.stagingPool}        concurrencyLimit: 4\n`]), expectedCodes: [] });
    const [d] = result.diagnostics;
    expect(d?.code).toBe('SCHEMA_UNKNOWN_KEY');
    expect(d?.hint).toMatch(/rename it workerConcurrencyLimit/);
    expect(d?.hint).toMatch(/poolConcurrencyLimit/);
  });
});
