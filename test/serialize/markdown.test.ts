import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { inlineCode, markdownDocument } from '../../src/serialize/markdown.js';

const md = new MarkdownIt();
/** The text of the one code span CommonMark reads from `markdown`. */
const codeOf = (markdown: string): string | undefined => /<code>(.*)<\/code>/s.exec(md.renderInline(markdown))?.[1];

describe('inlineCode', () => {
  it.each(['docker ps', 'a`b', '`start', 'end`', 'a``b`c', 'x | y'])('carries %j', (text) => {
    expect(codeOf(inlineCode(text))?.replace(/&quot;/g, '"').replace(/&amp;/g, '&')).toBe(text);
  });

  it('writes line breaks as the spaces CommonMark reads', () => {
    expect(inlineCode('a\nb')).toBe('`a b`');
  });

  it.each(['', ' \n ', 'a\u0000b', 'a\u001bb', 'a\u007fb'])('refuses what a code span cannot carry: %j', (text) => {
    expect(() => inlineCode(text)).toThrow(/internal error/);
  });
});

describe('markdownDocument', () => {
  it('ends the text with exactly one newline', () => {
    expect(markdownDocument('# T\n\ntext\n\n\n')).toBe('# T\n\ntext\n');
  });
});
