/**
 * The env files are read three ways: POSIX `sh` (`set -a; . file`), python-dotenv (Prefect via
 * pydantic-settings) and the npm `dotenv` package. Values are written single-quoted,
 * `NAME='value'`, which all three read literally, with these exceptions (checked against
 * python-dotenv 1.2.2, dotenv 18 and dash):
 *
 * - `'` ends the value in all three, and no escape for it works in all three
 *   (sh needs `'\''`, python-dotenv and npm dotenv take `\'` or nothing).
 * - `${…}` is expanded by python-dotenv even inside single quotes (its default interpolate=True).
 * - `\\` becomes `\` in python-dotenv (it unescapes `\\` and `\'` inside single quotes), and a
 *   trailing `\` escapes the closing quote there, so the line no longer parses.
 * - CR turns into LF in both dotenv packages (line ending normalisation), and NUL cannot be in
 *   a shell variable.
 *
 * Any other character, newlines included, reads back the same in all three.
 */
export interface UnsafeValueRule {
  /** Suffix of the error name the template reports: `perfect_gen_error__<NAME>_<reason>`. */
  readonly reason: string;
  /** A regular expression that means the same in Go's RE2 (consul-template `regexMatch`) and in JS. */
  readonly pattern: string;
}

export const unsafeValueRules: readonly UnsafeValueRule[] = [
  { reason: 'contains_a_single_quote', pattern: "'" },
  { reason: 'contains_dollar_brace', pattern: String.raw`\$\{` },
  { reason: 'contains_a_double_backslash_or_ends_with_a_backslash', pattern: String.raw`\\\\|\\$` },
  { reason: 'contains_a_carriage_return_or_nul', pattern: String.raw`[\r\x00]` },
];

/** The rule a value breaks, if any (for literal text the generator itself writes). */
export function brokenRule(value: string): UnsafeValueRule | undefined {
  return unsafeValueRules.find((rule) => new RegExp(rule.pattern).test(value));
}

/** Literal text inside a single-quoted value (URL prefix and suffix): same rules, and one line. */
export function assertDotenvLiteral(text: string): string {
  const rule = brokenRule(text);
  if (rule || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new Error(`internal error: ${JSON.stringify(text)} cannot be written inside a single-quoted env value`);
  }
  return text;
}

/** A variable name that sh, python-dotenv and npm dotenv all accept (the schema's envName). */
export function assertEnvName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`internal error: ${JSON.stringify(name)} is not an environment variable name`);
  return name;
}
