/**
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}` and `$$`,
 * as Docker Compose reads them. Applied to string values of the parsed tree, so every
 * error keeps the position of the value it came from.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface InterpolationProblem {
  readonly code: 'ENV_UNDEFINED' | 'ENV_SYNTAX';
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

const reference = /\$\{([^}]*)\}|\$\$/g;
const body = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([\s\S]*))?$/;

export function interpolate(text: string, env: Env): Interpolated {
  if (!text.includes('$')) return { value: text, wholeReference: false, problems: [] };
  const problems: InterpolationProblem[] = [];
  let wholeReference = false;
  const value = text.replace(reference, (match, inner: string | undefined, index: number) => {
    if (inner === undefined) return '$';
    if (match.length === text.length) wholeReference = true;
    const parts = body.exec(inner);
    if (!parts) {
      problems.push({
        code: 'ENV_SYNTAX',
        index,
        length: match.length,
        message: `malformed variable reference "${match}"`,
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
          problems.push(undefinedVariable(name, index, match.length, argument));
          return '';
        }
        return current ?? '';
      default:
        if (current === undefined) {
          problems.push(undefinedVariable(name, index, match.length, ''));
          return '';
        }
        return current;
    }
  });
  return { value, wholeReference, problems };
}

function undefinedVariable(name: string, index: number, length: number, message: string): InterpolationProblem {
  return {
    code: 'ENV_UNDEFINED',
    index,
    length,
    message: message ? `${name}: ${message}` : `environment variable ${name} is not set`,
    hint: `set ${name} in the environment or in the .env file beside the config, or give a default: \${${name}:-value}`,
  };
}
