import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../src/check/schedule/cron.js';
import { timeZoneProblem } from '../../src/check/schedule/time-zone.js';

describe('cron expressions', () => {
  it.each(['0 3 * * *', '*/5 * * * *', '0 9-17/2 * * MON-FRI', '0 0 1 jan,jul *', '59 23 31 12 7', '0 0 L * *', '0 12 ? * 5#2', '1-5,10-15/5 * * * *', '@daily', '@hourly', '@midnight'])('%s is valid', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    ['0 25 * * *', /hour .*25 is out of range/],
    ['60 * * * *', /minute .*60 is out of range/],
    ['0 0 32 * *', /day of month/],
    ['0 0 * 13 *', /month .*13 is out of range/],
    ['0 0 * * 8', /day of week .*8 is out of range/],
    ['* * * *', /4 fields, not 5/],
    ['0 0 * * MONDAY', /"MONDAY" is not a day of week/],
    ['0 0 * JNA *', /"JNA" is not a month/],
    ['*/0 * * * *', /step "0"/],
    ['1,,2 * * * *', /empty item/],
    ['0 0 * * 5#6', /occurrence 6/],
    ['0 0 L * L', /"L" is not a day of week/],
    ['0 17-9 * * *', /runs backwards/],
    ['@dialy', /not a known shorthand/],
  ])('%s is refused', (cron, message) => {
    expect(cronProblem(cron)?.message).toMatch(message);
  });

  it('suggests the weekday a long name starts with', () => {
    expect(cronProblem('0 0 * * MONDAY')?.hint).toMatch(/^did you mean MON\?/);
  });
});

describe('time zones', () => {
  it.each(['Europe/Berlin', 'UTC', 'Etc/UTC', 'GMT', 'US/Eastern', 'Asia/Calcutta', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires'])('%s is known', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  it.each([
    ['Europe/Amstredam', 'Europe/Amsterdam'],
    ['europe/berlin', 'Europe/Berlin'],
    ['utc', 'UTC'],
    ['Europe/Berln', 'Europe/Berlin'],
  ])('%s: did you mean %s', (zone, suggestion) => {
    expect(timeZoneProblem(zone)?.hint).toMatch(new RegExp(`^did you mean ${suggestion}\\?`));
  });

  it('gives no suggestion for a name close to none', () => {
    expect(timeZoneProblem('Mars/Olympus_Mons')?.hint).not.toMatch(/did you mean/);
  });
});
