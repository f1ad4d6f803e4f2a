import { internalError } from './internal-error.js';

/**
 * The env files are read three ways: POSIX `sh` (`set -a; . file`), python-dotenv (Prefect via
 * pydantic-settings) and the npm `dotenv` package. Each value is written in a quoting that sh and
 * python-dotenv read back byte for byte, and npm dotenv too where it can (checked against
 * python-dotenv 1.2, dotenv 18.0, dash and the end-to-end suite's real agent), chosen per value
 * when the agent renders it:
 *
 * - single quotes, `NAME='value'`, read literally by all three, unless the value holds `'` (it
 *   would end the value; sh needs `'\''`, the dotenv packages `\'`), `\\` (python-dotenv turns it
 *   into `\`) or ends with `\` (python-dotenv then reads the closing quote as escaped);
 * - otherwise double quotes, `NAME="value"` with `\` and `"` backslash-escaped, which sh and
 *   python-dotenv unescape alike; npm dotenv only turns `\n` and `\r` into line breaks there and
 *   keeps the other backslashes, so it reads such a value right only when it holds neither `\`
 *   nor `"` (containers take their values from sh, which dotenv does not override). sh would
 *   still expand `$name`, `$1`, `${…}`, `$(…)` and backquotes there, and python-dotenv keeps a
 *   backslash before `$`, so such a value is refused.
 *
 * In both, `${…}` is refused (python-dotenv expands it even inside single quotes), and so are CR
 * (both dotenv packages turn it into LF) and NUL (no shell variable can hold it). Newlines and
 * every other character read back the same.
 */
export interface UnsafeValueRule {
  /** Suffix of the error name the template reports: `perfect_gen_error__<NAME>_<reason>`. */
  readonly reason: string;
  /** A regular expression that means the same in Go's RE2 (consul-template `regexMatch`) and in JS. */
  readonly pattern: string;
}

/** Values no quoting carries. */
export const unsafeValueRules: readonly UnsafeValueRule[] = [
  { reason: 'contains_dollar_brace', pattern: String.raw`\$\{` },
  { reason: 'contains_a_carriage_return_or_nul', pattern: String.raw`[\r\x00]` },
];

/** For a value its reader takes only in ASCII (the Prefect API auth string). */
export const nonAscii: UnsafeValueRule = { reason: 'contains_non_ascii', pattern: String.raw`[^\x00-\x7f]` };

/** Values that single quotes cannot carry: they are written double-quoted instead. */
export const needsDoubleQuotes: string = String.raw`'|\\\\|\\$`;

/** What double quotes cannot carry either: sh would expand it. */
export const unsafeInDoubleQuotes: UnsafeValueRule = {
  reason: 'contains_a_quote_or_backslash_together_with_a_dollar_or_backquote',
  pattern: '\\$[A-Za-z0-9_{(@*#?$!-]|`',
};

/** The rule a value breaks, if any, for literal text that the generator writes single-quoted. */
export function brokenRule(value: string): UnsafeValueRule | undefined {
  if (new RegExp(needsDoubleQuotes).test(value)) return { reason: 'needs_double_quotes', pattern: needsDoubleQuotes };
  return unsafeValueRules.find((rule) => new RegExp(rule.pattern).test(value));
}

/** Literal text inside a single-quoted value (URL prefix and suffix): same rules, and one line. */
export function assertDotenvLiteral(text: string): string {
  const rule = brokenRule(text);
  if (rule || /[\u0000-\u001f\u007f]/.test(text)) {
    throw internalError(`${JSON.stringify(text)} cannot be written inside a single-quoted env value`);
  }
  return text;
}

/** A variable name that sh, python-dotenv and npm dotenv all accept (the schema's envName). */
export function assertEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw internalError(`${JSON.stringify(name)} is not an environment variable name`);
  return name;
}
