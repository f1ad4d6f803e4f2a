import { internalError } from './internal-error.js';

/**
 * Go text/template quoting, as consul-template (Vault Agent, OpenBao Agent) parses `.ctmpl` files
 * with the default `{{ }}` delimiters. Every piece of generated template source that comes from
 * data goes through one of these functions.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

// Shown as escapes so the source stays readable: controls, and the line separators some editors break on.
const ESCAPED_AS_CODE_POINT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A Go interpreted string literal ("…") whose value is `value`. `'` stays as is: `\'` is not a
 * valid escape inside "…" in Go.
 */
export function goString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const simple = SIMPLE_ESCAPES[ch];
    const codePoint = ch.codePointAt(0) ?? 0;
    if (simple !== undefined) out += simple;
    else if (codePoint >= 0xd800 && codePoint <= 0xdfff) throw internalError(`lone surrogate in Go string ${JSON.stringify(value)}`);
    else if (ESCAPED_AS_CODE_POINT.test(ch)) out += `\\u${codePoint.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A Go raw string literal (`…`) when the value can be one (no backquote, no CR, which Go drops
 * from raw strings), else an interpreted one. Reads best for regular expressions.
 */
export function goRawString(value: string): string {
  return /[`\r]/.test(value) ? goString(value) : `\`${value}\``;
}

/**
 * Literal template text that renders as itself. A `{` is only dangerous where it can form the
 * left delimiter `{{`: before another `{`, or at the end of the text, where the next action's
 * `{{` would follow. Each such `{` is written as the action `{{ "{" }}`.
 * The caller keeps in mind that a neighbouring trim marker (`-}}` before, `{{-` after) removes
 * whitespace at the edges of the text.
 */
export function goTemplateText(text: string): string {
  return text.replace(/\{(?=\{|$)/g, '{{ "{" }}');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A field chain `.A.b.c` (struct fields or map keys). Only identifiers can be written this way;
 * other keys would need `index`, which ignores missingkey=error, so they are refused.
 */
export function goFieldChain(names: readonly string[]): string {
  if (names.length === 0) throw internalError('empty Go field chain');
  for (const name of names) {
    if (!IDENTIFIER.test(name)) throw internalError(`${JSON.stringify(name)} is not a Go template field name`);
  }
  return names.map((n) => `.${n}`).join('');
}

/** Vault field names with characters other than identifier ones: letters, digits, `_`, `-` and `.`. */
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * The value of `key` in the map at `chain`: `.Data.data.key` where the key is an identifier, else
 * `(index .Data.data "my-key")`. `index` gives nil for a missing key whatever missingkey says, so
 * the caller guards that case with `goMissingKey`.
 */
export function goMapValue(chain: readonly string[], key: string): string {
  if (IDENTIFIER.test(key)) return goFieldChain([...chain, key]);
  if (!FIELD_NAME.test(key)) throw internalError(`${JSON.stringify(key)} is not a Vault field name`);
  return `(index ${goFieldChain(chain)} ${goString(key)})`;
}

/** A condition that holds when `goMapValue` reads a key the map does not have; undefined where missingkey=error already stops. */
export function goMissingKey(chain: readonly string[], key: string): string | undefined {
  if (IDENTIFIER.test(key)) return undefined;
  return `eq (printf "%T" ${goMapValue(chain, key)}) "<nil>"`;
}
