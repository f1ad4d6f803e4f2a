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
