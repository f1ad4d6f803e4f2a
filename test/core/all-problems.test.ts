import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/compile.js';
import { edit, provenance } from '../check/fixture-support.js';

const codesAndLines = (yaml: string) => {
  const result = compile({ file: 'perfect.config.yaml', content: yaml, env: {}, provenance });
  expect(result.ok).toBe(false);
  return result.diagnostics.map((d) => [d.code, d.range?.start.line]);
};

const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('compile reports every problem at once', () => {
  it('reports an undefined variable together with the schema problems elsewhere', () => {
    const yaml = edit(['    database: prefect\n', '    database: ${NOPE}\n    databse: typo\n'], ['      db: 1\n', '      db: "one"\n']);
    expect(codesAndLines(yaml)).toEqual([
      ['ENV_UNDEFINED', lineOf(yaml, '${NOPE}')],
      ['SCHEMA_UNKNOWN_KEY', lineOf(yaml, 'databse')],
      ['SCHEMA_TYPE', lineOf(yaml, 'db: "one"')],
    ]);
  });

  it('does not report a value twice: the empty text an undefined variable leaves is not also a bad host', () => {
    const yaml = edit(['    host: perfect.zitian.party\n', '    host: ${PREFECT_HOST}\n']);
    expect(codesAndLines(yaml)).toEqual([['ENV_UNDEFINED', lineOf(yaml, '${PREFECT_HOST}')]]);
  });

  it('stops at a YAML syntax error, where the tree is not what the user wrote', () => {
    const yaml = edit(['    port: 6379\n', '     port: 6379\n'], ['      db: 1\n', '      db: "one"\n']);
    expect(codesAndLines(yaml)).toEqual([['YAML_SYNTAX', lineOf(yaml, '     port: 6379')]]);
  });
});
