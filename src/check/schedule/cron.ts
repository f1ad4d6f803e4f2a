import { closest } from '../../validate/closest.js';

/** What is wrong with a cron expression, and what would be right. */
export interface CronProblem {
  readonly message: string;
  readonly hint: string;
}

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** The value of the first name: months count from 1, weekdays from 0 (Sunday). */
  readonly firstName?: number;
  /** `?` (any), `L` (last day of the month) or `N#k` (the k-th weekday N of the month), as croniter reads them. */
  readonly special?: 'day-of-month' | 'day-of-week';
}

const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const weekdays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The five fields Prefect's cron schedules take; day of week 7 is Sunday, as 0 is. */
const fields: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, special: 'day-of-month' },
  { name: 'month', min: 1, max: 12, names: months, firstName: 1 },
  { name: 'day of week', min: 0, max: 7, names: weekdays, firstName: 0, special: 'day-of-week' },
];

const shape = 'minute hour day-of-month month day-of-week, such as "0 3 * * *" (03:00 every day)';

/** Shorthands croniter, and so Prefect, reads in place of the five fields. */
const macros = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Checks a five-field cron expression (or a shorthand such as `@daily`); undefined when it is valid. */
export function cronProblem(expression: string): CronProblem | undefined {
  if (expression.startsWith('@')) {
    if (macros.includes(expression.toLowerCase())) return undefined;
    const suggestion = closest(expression, macros);
    return { message: `cron "${expression}" is not a known shorthand`, hint: `${suggestion ? `did you mean ${suggestion}? ` : ''}use one of ${macros.join(', ')}, or five fields: ${shape}` };
  }
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== fields.length) {
    return { message: `cron "${expression}" has ${parts.length} field${parts.length === 1 ? '' : 's'}, not 5`, hint: `write five fields: ${shape}` };
  }
  for (const [i, part] of parts.entries()) {
    const field = fields[i] as Field;
    for (const item of part.split(',')) {
      const problem = itemProblem(item, field);
      if (problem) return { message: `cron "${expression}": in the ${field.name} field, ${problem.message}`, hint: problem.hint };
    }
  }
  return undefined;
}

const allowed = (field: Field): string =>
  `${field.name} takes ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}, *, ranges a-b, lists a,b and steps */n`;

function itemProblem(item: string, field: Field): CronProblem | undefined {
  if (item === '') return { message: 'a list has an empty item', hint: 'separate values with single commas, e.g. 1,15' };
  if (field.special && item === '?') return undefined;
  if (field.special === 'day-of-month' && item === 'L') return undefined;
  if (field.special === 'day-of-week' && item.includes('#')) return nthWeekday(item, field);
  const [range = '', step, extra] = item.split('/');
  if (extra !== undefined) return { message: `"${item}" has two steps`, hint: allowed(field) };
  if (step !== undefined) {
    const n = /^[0-9]+$/.test(step) ? Number(step) : NaN;
    if (!(n >= 1 && n <= field.max)) return { message: `step "${step}" is not a number from 1 to ${field.max}`, hint: allowed(field) };
  }
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return { message: `"${range}" is not a range`, hint: allowed(field) };
  const values: number[] = [];
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (typeof value !== 'number') return value;
    values.push(value);
  }
  const [low = 0, high = low] = values;
  if (low > high) return { message: `the range "${range}" runs backwards`, hint: `write the lower bound first, e.g. ${bounds[1]}-${bounds[0]}, or two ranges in a list` };
  return undefined;
}

function valueOf(text: string, field: Field): number | CronProblem {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n >= field.min && n <= field.max) return n;
    return { message: `${n} is out of range`, hint: allowed(field) };
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (field.firstName ?? 0);
  const suggestion = field.names && (closest(text.toUpperCase().slice(0, 3), field.names) ?? closest(text, field.names));
  return {
    message: `"${text}" is not a ${field.name}`,
    hint: suggestion ? `did you mean ${suggestion}? ${allowed(field)}` : allowed(field),
  };
}

/** `5#3`: the third Friday of the month. */
function nthWeekday(item: string, field: Field): CronProblem | undefined {
  const [day = '', nth = ''] = item.split('#');
  const value = valueOf(day, field);
  if (typeof value !== 'number') return value;
  if (!/^[1-5]$/.test(nth)) return { message: `"${item}" names occurrence ${nth || '(none)'}`, hint: 'write weekday#n with n from 1 to 5, e.g. 5#3 for the third Friday' };
  return undefined;
}
