import type { EnvEntry, EnvFile, ResolvedSecret } from '../../model/model.js';
import { goFieldChain, goMapValue, goMissingKey, goRawString, goString, goTemplateText } from '../../serialize/go-template.js';
import { assertDotenvLiteral, assertEnvName, needsDoubleQuotes, nonAscii, unsafeInDoubleQuotes, unsafeValueRules } from '../../serialize/dotenv.js';

/**
 * The consul-template source of one env file: one `NAME='value'` or `NAME="value"` line per
 * entry, the quoting chosen per value as src/serialize/dotenv.ts explains.
 *
 * Entries that read the same secret share one `{{ with secret }}` block, in order of first use.
 * Inside it `.` is the secret; KV v2 nests the fields under `.Data.data`, KV v1 under `.Data`.
 * Trim markers (`-}}`) remove the newline after each action line, so the file renders to the
 * entry lines only.
 *
 * Written here rather than as a Handlebars template in templates/: the output is itself a Go
 * template, and Handlebars would need every `{{` of it escaped, which reads worse than this.
 */
export function envTemplate(file: EnvFile): string {
  const blocks = groupBySecretPath(file.entries).map(([apiPath, entries]) =>
    [`{{ with secret ${goString(apiPath)} -}}\n`, ...entries.map(entryLines), '{{ end -}}\n'].join(''),
  );
  return blocks.join('');
}

function groupBySecretPath(entries: readonly EnvEntry[]): [string, EnvEntry[]][] {
  const groups = new Map<string, EnvEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.secret.apiPath);
    if (group) group.push(entry);
    else groups.set(entry.secret.apiPath, [entry]);
  }
  return [...groups];
}

const fieldsOf = (secret: ResolvedSecret) => (secret.kvVersion === 2 ? ['Data', 'data'] : ['Data']);

function secretField(secret: ResolvedSecret): string {
  return goMapValue(fieldsOf(secret), secret.key);
}

function entryLines(entry: EnvEntry): string {
  const name = assertEnvName(entry.name);
  const field = secretField(entry.secret);
  if (entry.kind === 'url') {
    // url.QueryEscape leaves only [A-Za-z0-9._~%+-]; `+` (a space) becomes %20 because URL parsers
    // such as SQLAlchemy's unquote the password without turning `+` into a space.
    const prefix = goTemplateText(assertDotenvLiteral(entry.prefix));
    const suffix = goTemplateText(assertDotenvLiteral(entry.suffix));
    return [...missingGuard(entry), `${name}='${prefix}{{ ${field} | urlquery | replaceAll "+" "%20" }}${suffix}'\n`].join('');
  }
  const rules = entry.asciiOnly ? [...unsafeValueRules, nonAscii] : unsafeValueRules;
  const guards = rules.map((rule) => guardLine(name, `regexMatch ${goRawString(rule.pattern)} ${field}`, rule.reason));
  const escaped = `${field} | replaceAll ${goRawString('\\')} ${goRawString('\\\\')} | replaceAll ${goRawString('"')} ${goRawString('\\"')}`;
  return [
    ...missingGuard(entry),
    ...guards,
    `{{ if regexMatch ${goRawString(needsDoubleQuotes)} ${field} -}}\n`,
    guardLine(name, `regexMatch ${goRawString(unsafeInDoubleQuotes.pattern)} ${field}`, unsafeInDoubleQuotes.reason),
    `${name}="{{ ${escaped} }}"\n`,
    '{{ else -}}\n',
    `${name}='{{ ${field} }}'\n`,
    '{{ end -}}\n',
  ].join('');
}

/** A field read with `index` (a name with a dash) stops on a missing key as a field chain does. */
function missingGuard(entry: EnvEntry): string[] {
  const missing = goMissingKey(fieldsOf(entry.secret), entry.secret.key);
  return missing === undefined ? [] : [guardLine(entry.name, missing, `has_no_field_${entry.secret.key.replace(/[^A-Za-z0-9_]/g, '_')}`)];
}

/**
 * Stops rendering when the value cannot be written safely. Inside `with secret`, `.` is the
 * secret struct (*dependency.Secret), and Go's text/template reports a missing struct field as
 * an execution error ("can't evaluate field … in type …") whatever the missingkey option, which
 * only covers map keys. consul-template returns that error from the render; the agent logs it,
 * with the field name naming the variable and the reason, and with
 * template_config.exit_on_retry_failure = true it exits instead of retrying. No file is written,
 * and the message names the field, never the value.
 */
function guardLine(name: string, condition: string, reason: string): string {
  const errorField = goFieldChain([`perfect_gen_error__${name}_${reason}`]);
  return `{{ if ${condition} }}{{ ${errorField} }}{{ end -}}\n`;
}
