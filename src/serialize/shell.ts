import { internalError } from './internal-error.js';

/** POSIX sh quoting, for the scripts and command lines perfect-gen writes. */

/** One sh word that the shell reads back as exactly `value`, always single-quoted. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const shellSafe = /^[A-Za-z0-9_./:@%+=,-]+$/;

/** Like shellQuote, but leaves words bare that need no quoting, for command lines people read. */
export function shellWord(value: string): string {
  return shellSafe.test(value) ? value : shellQuote(value);
}

/**
 * A word written bare where quotes would change its meaning or read badly (a container name in a
 * command line, a variable name in `${…}`): the schema allows only safe names there, so anything else is a bug.
 */
export function shellBare(value: string): string {
  if (!shellSafe.test(value)) throw internalError(`${JSON.stringify(value)} cannot be written as a bare sh word`);
  return value;
}

/** Text for a `#` comment line: a line break would end the comment and run the rest. */
export function shellComment(text: string): string {
  if (/[\r\n]/.test(text)) throw internalError(`line break in sh comment ${JSON.stringify(text)}`);
  return text;
}
