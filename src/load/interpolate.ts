import { closest } from '../validate/closest.js';

/**
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}` and `$$`,
 * as Docker Compose reads them. Applied to string values of the parsed tree, so every
 * error keeps the position of the value it came from.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface InterpolationProblem {
  readonly code: 'ENV_UNDEFINED' | 'ENV_SYNTAX';
  /** The variable an ENV_UNDEFINED problem is about. */
  readonly name?: string;
  /** Offset of the reference inside the string. */
  readonly index: number;
  readonly length: number;
  readonly message: string;
  readonly hint: string;
}

export interface Interpolated {
  readonly value: string;
  /** True when the whole string was a single reference, so its type may be re-read. */
  readonly wholeReference: boolean;
  readonly problems: readonly InterpolationProblem[];
}

const body = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([\s\S]*))?$/;

/**
 * One left-to-right pass with indexOf: a regular expression such as `\$\{[^}]*\}` would rescan
 * to the end of the text from every `${` of a long value without a `}`, which is quadratic.
 */
export function interpolate(text: string, env: Env): Interpolated {
  if (!text.includes('$')) return { value: text, wholeReference: false, problems: [] };
  const problems: InterpolationProblem[] = [];
  let wholeReference = false;
  let value = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      value += text.slice(i);
      break;
    }
    value += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      value += '$';
      i = dollar + 2;
      continue;
    }
    if (next !== '{') {
      value += '$';
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) {
      problems.push({
        code: 'ENV_SYNTAX',
        index: dollar,
        length: text.length - dollar,
        message: 'a "${" reference is not closed',
        hint: 'close it with }; write $$ for a literal $',
      });
      value += text.slice(dollar);
      break;
    }
    const match = text.slice(dollar, close + 1);
    if (match.length === text.length) wholeReference = true;
    value += resolve(match, text.slice(dollar + 2, close), dollar, env, problems);
    i = close + 1;
  }
  return { value, wholeReference, problems };
}

function resolve(match: string, inner: string, index: number, env: Env, problems: InterpolationProblem[]): string {
  const parts = body.exec(inner);
  // `${A:-${B}}` nests in Compose; read flat it would leave a stray `}` and a literal `${B`.
  if (!parts || inner.includes('${')) {
    problems.push({
      code: 'ENV_SYNTAX',
      index,
      length: match.length,
      message: `malformed variable reference "${match.length > 80 ? match.slice(0, 77) + '...' : match}"`,
      hint: 'write ${NAME}, ${NAME:-default} or ${NAME:?message}; write $$ for a literal $',
    });
    return match;
  }
  const [, name = '', operator, argument = ''] = parts;
  const current = env[name];
  const unsetOrEmpty = current === undefined || current === '';
  switch (operator) {
    case ':-':
      return unsetOrEmpty ? argument : current;
    case '-':
      return current === undefined ? argument : current;
    case ':?':
    case '?':
      if (operator === ':?' ? unsetOrEmpty : current === undefined) {
        problems.push(undefinedVariable(name, index, match.length, argument, env));
        return '';
      }
      return current ?? '';
    default:
      if (current === undefined) {
        problems.push(undefinedVariable(name, index, match.length, '', env));
        return '';
      }
      return current;
  }
}

function undefinedVariable(name: string, index: number, length: number, message: string, env: Env): InterpolationProblem {
  // The process environment holds many unrelated names; only a near miss (a typo, a swap) is suggested.
  const near = closest(name, Object.keys(env), Math.max(1, Math.floor(name.length / 4)));
  const set = `set ${name} in the environment or in the .env file, or give a default: \${${name}:-value}`;
  return {
    code: 'ENV_UNDEFINED',
    name,
    index,
    length,
    message: message ? `${name}: ${message}` : `environment variable ${name} is not set`,
    hint: near === undefined ? set : `did you mean \${${near}}? Otherwise ${set}`,
  };
}
