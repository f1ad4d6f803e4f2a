import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertScriptShellSafe, jsString, pyString } from '../../src/serialize/script-literal.js';

/** Python's own reading of the literals, each inside a sh double-quoted word as the health checks write them. */
function pythonReads(literals: readonly string[]): string[] {
  const program = `import json; print(json.dumps([${literals.join(', ')}]))`;
  return JSON.parse(execFileSync('sh', ['-c', `python3 -c "${program}"`], { encoding: 'utf8' })) as string[];
}

const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

describe('pyString', () => {
  it('writes a plain URL as it is', () => {
    expect(pyString('http://localhost:4200/api/health')).toBe("'http://localhost:4200/api/health'");
  });

  it('escapes what Python, sh or Compose would read otherwise', () => {
    expect(pyString(`a'b"c$d\`e\\f\ng\u00e9\u{1f600}`)).toBe("'a\\x27b\\x22c\\x24d\\x60e\\x5cf\\x0ag\\xe9\\U0001f600'");
  });

  it.skipIf(!hasPython)('reads back as written in Python, through a sh double-quoted word (needs python3)', () => {
    const values = fc.sample(fc.string({ unit: 'binary', maxLength: 20 }), { numRuns: 200, seed: 19 }).filter((v) => !/[\ud800-\udfff]/u.test(v));
    expect(values.length).toBeGreaterThan(100);
    expect(pythonReads(values.map(pyString))).toEqual(values);
  });

  it('refuses a lone surrogate', () => {
    expect(() => pyString('\ud800')).toThrow(/internal error/);
  });

  it.each([`'a"b'`, "'a$b'", "'a`b'", "'a\\b'", "'a'b'", "'a\nb'", 'a', "'\u00e9'"])('the guard refuses a literal a shell word cannot carry: %j', (literal) => {
    expect(() => assertScriptShellSafe(literal)).toThrow(/internal error/);
  });
});

/** Node's own reading of the literals, through a sh double-quoted word as the health checks write them. */
function nodeReads(literals: readonly string[]): string[] {
  const program = `console.log(JSON.stringify([${literals.join(', ')}]))`;
  return JSON.parse(execFileSync('sh', ['-c', `${JSON.stringify(process.execPath)} -e "${program}"`], { encoding: 'utf8' })) as string[];
}

describe('jsString', () => {
  it('writes a plain URL as it is', () => {
    expect(jsString('http://127.0.0.1:8080/health')).toBe("'http://127.0.0.1:8080/health'");
  });

  it('reads back as written in Node, through a sh double-quoted word', () => {
    const values = fc.sample(fc.string({ unit: 'binary', maxLength: 20 }), { numRuns: 200, seed: 23 }).filter((v) => !/[\ud800-\udfff]/u.test(v));
    expect(values.length).toBeGreaterThan(100);
    expect(nodeReads(values.map(jsString))).toEqual(values);
  });
});
