import { closest } from '../../validate/closest.js';

/**
 * IANA zones as Node's ICU knows them. `supportedValuesOf` lists canonical names only, so aliases
 * that Prefect accepts as well (UTC, Etc/UTC, US/Eastern...) are recognised by asking
 * `Intl.DateTimeFormat`, which throws on a name it does not know. Both come from the ICU data that
 * ships inside Node, not from the machine's own zone files.
 */
let canonical: ReadonlySet<string> | undefined;
const zones = (): ReadonlySet<string> => (canonical ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']));

function resolved(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export interface TimeZoneProblem {
  readonly message: string;
  readonly hint: string;
}

/** Undefined for a known IANA name, written with the tz database's capitals (Python's zoneinfo is case-sensitive). */
export function timeZoneProblem(name: string): TimeZoneProblem | undefined {
  if (zones().has(name)) return undefined;
  const known = resolved(name);
  // ICU ignores case; a segment written in lower case (europe/berlin, utc) is not the tz name.
  const miscased = known !== undefined && known !== name && (known.toLowerCase() === name.toLowerCase() || name.split('/').some((s) => /^[a-z]/.test(s)));
  if (known !== undefined && !miscased) return undefined;
  const suggestion = known ?? closest(name, [...zones()]);
  return {
    message: known ? `time zone "${name}" is not written as in the tz database` : `"${name}" is not an IANA time zone`,
    hint: suggestion ? `did you mean ${suggestion}? Time zones are IANA names such as Europe/Berlin or UTC` : 'write an IANA time zone name such as Europe/Berlin, America/New_York or UTC',
  };
}
