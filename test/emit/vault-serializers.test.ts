import { describe, expect, it } from 'vitest';
import { goFieldChain, goRawString, goString, goTemplateText } from '../../src/serialize/go-template.js';
import { hclCommentText, hclString, hclValue } from '../../src/serialize/hcl.js';
import { checkGoTemplate, parseHcl1, parseHcl2, renderGoTemplate } from '../support/conformance.js';

describe('hclString', () => {
  const values = ['plain', 'a"b', 'back\\slash', '\\"', 'end\\', 'cost $5 and 50%', '$', '%', 'é🔑', 'a } b { c', '# not a comment', '// nor this'];

  it.each(values)('%j reads back the same in HCL v2 and HCL v1', async (value) => {
    const text = `x = ${hclString(value)}\n`;
    expect(await parseHcl2('x.hcl', text)).toEqual({ x: value });
    expect(parseHcl1(text)).toEqual({ x: value });
  });

  it.each(['${var}', '%{ if true }', 'line\nbreak', 'tab\t', 'nul\u0000', 'del\u007f', 'c1\u0085'])('refuses %j', (value) => {
    expect(() => hclString(value)).toThrow(/^internal error/);
  });
});

describe('hclValue', () => {
  it('writes booleans and decimal integers as HCL v1 and v2 read them', async () => {
    const text = `a = ${hclValue(true)}\nb = ${hclValue(false)}\nc = ${hclValue(640)}\nd = ${hclValue(-5)}\ne = ${hclValue('0640')}\n`;
    const expected = { a: true, b: false, c: 640, d: -5, e: '0640' };
    expect(await parseHcl2('x.hcl', text)).toEqual(expected);
    expect(parseHcl1(text)).toEqual(expected);
  });

  it.each([0.5, Number.NaN, 2 ** 60])('refuses the number %s', (value) => {
    expect(() => hclValue(value)).toThrow(/^internal error/);
  });

  it('refuses values of other types (a helper call without argument)', () => {
    expect(() => hclValue({} as never)).toThrow(/^internal error/);
  });
});

describe('hclCommentText', () => {
  it('keeps one line and refuses a line break', () => {
    expect(hclCommentText('platform-prefect')).toBe('platform-prefect');
    expect(() => hclCommentText('a\nb')).toThrow(/^internal error/);
  });
});

/** Renders a Go string literal through a function call, so the template interpreter decodes it. */
const renderLiteral = (literal: string): string => renderGoTemplate(`{{ replaceAll "" "" ${literal} }}`, {});

describe('goString and goRawString', () => {
  const values = ['plain', 'a"b', 'back\\slash', "it's", 'tab\there', 'new\nline', 'cr\r', 'nul\u0000', 'bell\u0007', 'é🔑', '\u2028', '}} {{', '`tick`', '\\$\\{'];

  it.each(values)('%j decodes back to itself', (value) => {
    expect(renderLiteral(goString(value))).toBe(value);
    expect(renderLiteral(goRawString(value))).toBe(value);
  });

  it('writes regular expressions as raw strings when it can', () => {
    expect(goRawString(String.raw`\\\\|\\$`)).toBe('`\\\\\\\\|\\\\$`');
    expect(goRawString('a`b')).toBe('"a`b"');
    expect(goRawString('a\rb')).toBe('"a\\rb"');
  });

  it('refuses a lone surrogate', () => {
    expect(() => goString('\ud800')).toThrow(/^internal error/);
  });
});

describe('goTemplateText', () => {
  const texts = ['no braces', '{', '{{', '{{{', '{{ .Data }}', 'a{{b}}c', '}}', '{{- x -}}', 'end{', '{start', '{{/* c */}}'];

  it.each(texts)('%j renders as itself, also when an action follows', (text) => {
    const source = goTemplateText(text);
    expect(checkGoTemplate(source)).toEqual([]);
    expect(renderGoTemplate(source, {})).toBe(text);
    const followed = `${source}{{ replaceAll "" "" "!" }}`;
    expect(checkGoTemplate(followed)).toEqual([]);
    expect(renderGoTemplate(followed, {})).toBe(`${text}!`);
  });
});

describe('goFieldChain', () => {
  it('writes identifiers as a field chain', () => {
    expect(goFieldChain(['Data', 'data', 'db_password'])).toBe('.Data.data.db_password');
  });

  it.each([[[]], [['Data', 'with-dash']], [['Data', '9lives']], [['Data', 'a.b']]])('refuses %j', (names) => {
    expect(() => goFieldChain(names)).toThrow(/^internal error/);
  });
});
