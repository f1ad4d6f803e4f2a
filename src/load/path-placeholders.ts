import type { InterpolationProblem } from './interpolate.js';

/**
 * Placeholders that a Vault path resolves per environment, as opposed to `${VAR}`, which is read
 * once from the process environment. Writing `${env}` for `{env}` is an easy slip, and the usual
 * advice for an undefined variable, "set it", would make every environment read one environment's
 * secrets.
 */
const pathPlaceholders: readonly string[] = ['env'];

/** A Vault path is the `path` of a secret reference: platform passwords, app and pool secrets. */
const isVaultPath = (path: readonly (string | number)[]): boolean => path[path.length - 1] === 'path';

/** The problem with a hint that names the placeholder, when the undefined variable is one written with `$`. */
export function placeholderMistake(problem: InterpolationProblem, path: readonly (string | number)[]): InterpolationProblem {
  const placeholder = problem.name && pathPlaceholders.find((p) => p === problem.name?.toLowerCase());
  if (problem.code !== 'ENV_UNDEFINED' || !placeholder || !isVaultPath(path)) return problem;
  return {
    ...problem,
    message: `\${${problem.name}} in a Vault path is a variable of the process environment, not the {${placeholder}} placeholder`,
    hint: `did you mean {${placeholder}}? Without the $, each environment reads its own path; setting ${problem.name} would make every environment read the same one`,
  };
}
