import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellBare, shellComment, shellQuote, shellWord } from '../../src/serialize/shell.js';

/** What sh reads back from a word, one argument per line. */
const readBack = (word: string): string => execFileSync('sh', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' });

describe('sh words', () => {
  it.each(["it's", 'a b', '$(id)', '`id`', '*', '"', 'x\ny', ''])('shellQuote and shellWord read back as written: %j', (value) => {
    expect(readBack(shellQuote(value))).toBe(value);
    expect(readBack(shellWord(value))).toBe(value);
  });

  it('leaves a safe word bare', () => {
    expect(shellWord('prefect-server')).toBe('prefect-server');
    expect(shellBare('platform-prefect-server')).toBe('platform-prefect-server');
    expect(shellBare('PREFECT_API_AUTH_STRING')).toBe('PREFECT_API_AUTH_STRING');
  });

  it.each(['a b', '$(id)', 'a;b', '`id`', "it's", '', 'x\ny', '*'])('refuses a bare word that sh would not read as written: %j', (value) => {
    expect(() => shellBare(value)).toThrow(/internal error/);
  });

  it('refuses a comment that a line break would end', () => {
    expect(shellComment('pool: environment production')).toBe('pool: environment production');
    expect(() => shellComment('pool\nrm -rf /')).toThrow(/internal error/);
  });
});
