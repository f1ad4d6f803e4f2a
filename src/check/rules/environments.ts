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
  written.apps.forEach((app, i) => {
    check(app.environment, ['apps', i, 'environment']);
    if (app.kind === 'prefect') app.workPools.forEach((pool, j) => check(pool.environment, ['apps', i, 'workPools', j, 'environment']));
  });
  return out;
};
