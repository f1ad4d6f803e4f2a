import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import { closest } from '../../validate/closest.js';
import type { Rule } from '../rule.js';

export const knownEnvironments: Rule = ({ model, written }) => {
  const names = new Set(model.environments.map((e) => e.name));
  const list = [...names].join(', ');
  const out: PathDiagnostic[] = [];
  const check = (name: string | undefined, path: readonly (string | number)[]) => {
    if (name !== undefined && !names.has(name)) {
      const near = closest(name, names);
      const choices = `use one of: ${list}, or add it under environments`;
      out.push({ code: 'UNKNOWN_ENVIRONMENT', path, message: `environment "${name}" is not declared`, hint: near === undefined ? choices : `did you mean "${near}"? Otherwise ${choices}` });
    }
  };
  check(written.platform.defaultEnvironment, ['platform', 'defaultEnvironment']);
  written.apps.forEach((app, i) => {
    check(app.environment, ['apps', i, 'environment']);
    if (app.kind === 'prefect') app.workPools.forEach((pool, j) => check(pool.environment, ['apps', i, 'workPools', j, 'environment']));
  });
  return out;
};

/**
 * An app reads its secrets for one environment. With several declared, taking the first would give
 * production apps the secrets of whichever environment happens to be listed first, so the app, or
 * the platform's declared default, has to say which.
 */
export const environmentsChosen: Rule = ({ written }) => {
  if (written.environments.length < 2 || written.platform.defaultEnvironment !== undefined) return [];
  const list = written.environments.map((e) => e.name).join(', ');
  const out: PathDiagnostic[] = [];
  written.apps.forEach((app, i) => {
    if (app.environment !== undefined) return;
    out.push({
      code: 'ENVIRONMENT_REQUIRED',
      path: ['apps', i, 'name'],
      message: `app "${app.name}" names no environment, and the config declares ${written.environments.length}: ${list}`,
      hint: `add environment: <one of ${list}> to the app, or set platform.defaultEnvironment for every app that names none`,
    });
  });
  return out;
};
