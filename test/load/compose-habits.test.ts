import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/compile.js';
import { loadConfig } from '../../src/load/load-yaml.js';
import { at, edit, example, provenance } from '../check/fixture-support.js';

const load = (yaml: string) => loadConfig({ file: 'perfect.config.yaml', content: yaml, env: {} });
const compiled = (yaml: string) => compile({ file: 'perfect.config.yaml', content: yaml, env: {}, provenance });

const shared = 'x-logging: &logging\n  driver: local\n  options:\n    max-size: 10m\nx-common: &common\n  environment:\n    LOG_LEVEL: info\n  logging: *logging\n';

describe('what Compose users write', () => {
  it('top-level x-* keys and a $schema key are accepted and ignored', () => {
    const yaml = edit([at.version, `$schema: ./schema/perfect.config.schema.json\n${at.version}${shared}`]);
    const result = compiled(yaml);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('a JSON config with $schema compiles like its YAML', () => {
    const value = load(example).config?.value;
    const json = JSON.stringify({ $schema: '../../schema/perfect.config.schema.json', ...(value as object) }, null, 2);
    const fromJson = compiled(json);
    const fromYaml = compiled(example);
    if (!fromJson.ok || !fromYaml.ok) throw new Error(JSON.stringify(fromJson.diagnostics));
    expect(fromJson.files.map((f) => f.path)).toEqual(fromYaml.files.map((f) => f.path));
  });

  it('an unknown top-level key still is one, and the hint names x-…', () => {
    const [d] = compiled(edit([at.version, `${at.version}xlogging: 1\n`])).diagnostics;
    expect(d?.code).toBe('SCHEMA_UNKNOWN_KEY');
    expect(d?.hint).toMatch(/x-…$/);
  });

  it('merge keys share a block; keys written in the mapping win, then the first merged mapping', () => {
    const yaml = `${shared}x-quiet: &quiet\n  environment:\n    LOG_LEVEL: warning\n  labels:\n    team: data\nserver:\n  <<: [*common, *quiet]\n  labels:\n    team: platform\n`;
    const result = load(yaml);
    expect(result.diagnostics).toEqual([]);
    expect((result.config?.value as Record<string, unknown>)['server']).toEqual({
      labels: { team: 'platform' },
      environment: { LOG_LEVEL: 'info' },
      logging: { driver: 'local', options: { 'max-size': '10m' } },
    });
  });

  it('a merged value keeps the position where it is written', () => {
    const yaml = edit([at.version, `${at.version}x-bad: &bad\n  environment:\n    lower_case: x\n`], [at.image, `${at.image}    server:\n      <<: *bad\n`]);
    const [d] = compiled(yaml).diagnostics;
    expect(d?.code).toBe('SCHEMA_PATTERN');
    expect(d?.range?.start.line).toBe(yaml.split('\n').indexOf('    lower_case: x') + 1);
  });

  it('a quoted "<<" is an ordinary key, and a merge of a non-mapping is refused', () => {
    expect(load('a:\n  "<<": 1\n').config?.value).toEqual({ a: { '<<': 1 } });
    expect(load('x: &x 1\na:\n  <<: *x\n').diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
  });
});
