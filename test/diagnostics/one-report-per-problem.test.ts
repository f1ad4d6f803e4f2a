import { describe, expect, it } from 'vitest';
import { compileFixture, edit, at } from '../check/fixture-support.js';

const report = (yaml: string, env = {}) =>
  compileFixture({ name: '', yaml, env, expectedCodes: [] }).diagnostics.map((d) => ({ code: d.code, severity: d.severity, path: d.path?.join('.'), hint: d.hint }));

describe('one report per problem, none lost', () => {
  it('an undefined variable inside an app does not hide a missing required key of the same app', () => {
    const yaml = edit(['    title: Perfect\n', '    title: ${TITLE}\n'], ['    host: perfect.zitian.party\n', '']);
    expect(report(yaml).map((d) => [d.code, d.path])).toEqual([
      ['SCHEMA_REQUIRED', 'apps.0.host'],
      ['ENV_UNDEFINED', 'apps.0.title'],
    ]);
  });

  it('two missing keys of one mapping are two reports', () => {
    const yaml = edit(['    host: perfect.zitian.party\n', ''], ['    database: prefect\n', '']);
    expect(report(yaml).map((d) => d.path).sort()).toEqual(['apps.0.database', 'apps.0.host']);
  });

  it('a misspelt required key is one error, with its "did you mean", not also a missing key', () => {
    const yaml = edit(['    host: perfect.zitian.party\n', '    hots: perfect.zitian.party\n']);
    expect(report(yaml).map((d) => [d.code, d.path, d.hint?.slice(0, 23)])).toEqual([['SCHEMA_UNKNOWN_KEY', 'apps.0.hots', 'did you mean "host"? Al']]);
  });

  it('one tab in the indentation is one error, not one per line after it', () => {
    const yaml = edit([at.title, '\ttitle: Perfect\n']);
    expect(report(yaml).map((d) => [d.code, d.hint])).toEqual([['YAML_SYNTAX', 'indent with spaces, not tabs']]);
  });

  it('an unquoted {env} in a flow mapping is one error with a hint to quote, not one per token after it', () => {
    const yaml = edit(['    database: prefect\n', '    secrets:\n      - {env: A, path: secret/{env}/x, key: k}\n    database: prefect\n']);
    const found = report(yaml);
    expect(found.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
    expect(found[0]?.hint).toMatch(/^quote the value/);
  });

  it('access without mode is one precise error that names both modes', () => {
    const yaml = edit([at.sso, at.sso.replace('      mode: sso\n', '')]);
    const found = report(yaml);
    expect(found.map((d) => [d.code, d.path])).toEqual([['SCHEMA_REQUIRED', 'apps.0.access.mode']]);
    expect(found[0]?.hint).toMatch(/"sso", "public"/);
  });

  it('a misspelt mode or kind lists every allowed value and nothing about the branches', () => {
    const mode = report(edit([at.sso, at.sso.replace('mode: sso', 'mode: ssoo')]));
    expect(mode).toHaveLength(1);
    expect(mode[0]?.hint).toBe('did you mean "sso"? Allowed: "sso", "public"');
    const kind = report(edit(['    kind: prefect\n', '    kind: prefekt\n']));
    expect(kind).toHaveLength(1);
    expect(kind[0]?.hint).toBe('did you mean "prefect"? Allowed: "prefect", "web", "internal"');
  });

  it('a public app without a reason is PUBLIC_WITHOUT_REASON, not a schema error', () => {
    expect(report(edit([at.sso, '    access:\n      mode: public\n'])).map((d) => d.code)).toEqual(['PUBLIC_WITHOUT_REASON']);
  });
});

describe('the "read as" warning on unquoted numbers', () => {
  it('applies to container environment variables', () => {
    const yaml = edit([at.image, `${at.image}    server:\n      environment:\n        PYTHON_VERSION: 3.10\n`]);
    expect(report(yaml).map((d) => [d.code, d.severity, d.path])).toEqual([['YAML_IMPLICIT_TYPE', 'warning', 'apps.0.server.environment.PYTHON_VERSION']]);
  });

  it('does not apply to a deployment parameter map named environment', () => {
    const yaml = edit([
      at.productionPool,
      `${at.productionPool}        deployments:\n          - name: etl\n            entrypoint: flows/etl.py:etl\n            parameters:\n              environment:\n                version: 3.10\n                enabled: yes\n`,
    ]);
    expect(report(yaml)).toEqual([]);
  });
});
