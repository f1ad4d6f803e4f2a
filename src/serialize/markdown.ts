import { internalError } from './internal-error.js';

/** Markdown (CommonMark with GitHub's tables) for the runbooks. */

/**
 * Inline code that survives backticks in the text: the fence is one longer than any run inside.
 * Line breaks become spaces, as CommonMark reads them in a code span anyway; text that leaves nothing
 * to show, or holds a control character, cannot be carried and is a bug.
 */
export function inlineCode(text: string): string {
  const flat = oneLine(text);
  if (flat === '') throw internalError(`inline code of nothing: ${JSON.stringify(text)}`);
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(flat)) throw internalError(`control character in inline code ${JSON.stringify(text)}`);
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Free text on one line, so it cannot end a list item or a table row early. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Free text inside a table cell. */
export function tableText(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

/**
 * Free text as literal Markdown: each character that could start emphasis, a link, an HTML tag,
 * code, a table cell or a heading's closing `#`s is backslash-escaped, which CommonMark allows
 * for any ASCII punctuation and renders as the character itself.
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]<>#+!|~&]/g, '\\$&');
}

/** A whole document: the sections that do not apply leave blank lines at the end, which it drops. */
export function markdownDocument(text: string): string {
  return `${text.trimEnd()}\n`;
}
