import { internalError } from './internal-error.js';

/**
 * Python string literals, for the one-line programs perfect-gen writes (`python -c "…"` health checks).
 * Such a program usually sits inside a shell word or a Compose value, so the literal is kept to
 * printable ASCII without the characters sh expands or ends a double-quoted word on (`"`, `$`, `` ` ``, `\`):
 * those, and everything else, are written as Python escapes, which read back the same.
 */
export function pyString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) throw internalError(`lone surrogate in Python string ${JSON.stringify(value)}`);
    if (ch === "'" || shellActive.test(ch) || !pyPlain.test(ch)) out += pyEscape(code);
    else out += ch;
  }
  return assertPyShellSafe(`${out}'`);
}

/** Printable ASCII that means itself in a Python literal, in sh double quotes and to Compose. */
const pyPlain = /^[\x20-\x7e]$/;
const shellActive = /["$`\\]/;

function pyEscape(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * The last line: a literal written into a shell double-quoted word holds only printable ASCII and none
 * of `"`, `$`, `` ` `` unescaped; a backslash may only start a Python escape.
 */
export function assertPyShellSafe(literal: string): string {
  const body = literal.slice(1, -1).replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})/g, '');
  if (!/^'.*'$/s.test(literal) || !/^[\x20-\x7e]*$/.test(body) || shellActive.test(body) || body.includes("'")) {
    throw internalError(`${JSON.stringify(literal)} is not a Python string literal that a shell double-quoted word carries`);
  }
  return literal;
}
