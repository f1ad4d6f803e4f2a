import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { escapeComposeValues } from '../../src/serialize/compose-escape.js';
import { toYaml } from '../../src/serialize/yaml.js';

describe('escapeComposeValues', () => {
  test('doubles every $ in nested string values and leaves keys and other scalars alone', () => {
    const tree = { a: 'exec "$@"', list: ['$HOME', '${X}', '$$', 3, true, null], nested: { $key: 'cost: 5$' } };
    expect(escapeComposeValues(tree)).toEqual({
      a: 'exec "$$@"',
      list: ['$$HOME', '$${X}', '$$$$', 3, true, null],
      nested: { $key: 'cost: 5$$' },
    });
  });

  test('does not change its input', () => {
    const tree = { a: ['$x'] };
    escapeComposeValues(tree);
    expect(tree).toEqual({ a: ['$x'] });
  });

  test('survives the YAML writer unchanged', () => {
    const text = toYaml(escapeComposeValues({ entrypoint: ['/bin/sh', '-c', 'exec "$@"'] }), { version: '1.1' });
    expect(parse(text)).toEqual({ entrypoint: ['/bin/sh', '-c', 'exec "$$@"'] });
  });

  test('refuses class instances, which a plain copy would lose', () => {
    expect(() => escapeComposeValues({ a: new Date(0) })).toThrow(TypeError);
  });
});
