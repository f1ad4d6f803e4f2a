import HandlebarsRuntime from 'handlebars/runtime.js';
import { describe, expect, it } from 'vitest';
import '../../src/serialize/template-helpers.js';

/** The helpers as the templates call them; Handlebars appends its options object to every call. */
const helpers = (HandlebarsRuntime as unknown as { helpers: Record<string, (...args: unknown[]) => string> }).helpers;
const options = { hash: {}, data: {} };

describe('template helpers', () => {
  it('{{sh}} leaves a safe word bare and quotes any other', () => {
    expect(helpers['sh']?.('platform-prefect-server', options)).toBe('platform-prefect-server');
    expect(helpers['sh']?.("it's $HOME", options)).toBe(`'it'\\''s $HOME'`);
  });

  it('{{code}} writes inline code, with a longer fence around a backtick', () => {
    expect(helpers['code']?.('prefect', options)).toBe('`prefect`');
    expect(helpers['code']?.('a`b', options)).toBe('``a`b``');
  });

  it.each(['sh', 'code'])('{{%s}} without a value is refused, not written as [object Object]', (name) => {
    expect(() => helpers[name]?.(options)).toThrow(/internal error/);
  });

  it('{{code}} refuses text that leaves nothing to show', () => {
    expect(() => helpers['code']?.('  ', options)).toThrow(/internal error/);
  });
});
