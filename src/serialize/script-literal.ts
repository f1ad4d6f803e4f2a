import { internalError } from './internal-error.js';

/**
 * String literals for the one-line programs perfect-gen writes (`python -c "…"` and `node -e "…"` health
 * checks). Such a program sits inside a shell word or a Compose value, so the literal is kept to printable
 * ASCII without the characters sh expands or ends a double-quoted word on (`"`, `$`, `` ` ``, `\`): those,
 * and everything else, are written as escapes, which Python and JavaScript read back the same.
 */
export type ScriptLanguage = 'python' | 'javascript';

export const pyString = (value: string): string => scriptString(value, 'python');

export const jsString = (value: string): string => scriptString(value, 'javascript');

function scriptString(value: string, language: ScriptLanguage): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) throw internalError(`lone surrogate in ${language} string ${JSON.stringify(value)}`);
    if (ch === "'" || shellActive.test(ch) || !plain.test(ch)) out += escape(code, language);
    else out += ch;
  }
  return assertScriptShellSafe(`${out}'`);
}

/** Printable ASCII that means itself in a Python or JavaScript literal, in sh double quotes and to Compose. */
const plain = /^[\x20-\x7e]$/;
const shellActive = /["$`\\]/;

function escape(code: number, language: ScriptLanguage): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return language === 'python' ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * The last line: a literal written into a shell double-quoted word holds only printable ASCII and none
 * of `"`, `$`, `` ` `` unescaped; a backslash may only start an escape.
 */
export function assertScriptShellSafe(literal: string): string {
  const body = literal.slice(1, -1).replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|u\{[0-9a-f]{5,6}\})/g, '');
  if (!/^'.*'$/s.test(literal) || !/^[\x20-\x7e]*$/.test(body) || shellActive.test(body) || body.includes("'")) {
    throw internalError(`${JSON.stringify(literal)} is not a string literal that a shell double-quoted word carries`);
  }
  return literal;
}
