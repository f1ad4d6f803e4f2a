import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/load/load-yaml.js';
import type { Model } from '../../src/model/model.js';
import { normalize } from '../../src/normalize/normalize.js';
import { validateConfig } from '../../src/validate/validate.js';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Loads, validates and normalizes YAML text; throws if it has any problem (for emitter tests). */
export function modelFromYaml(text: string, file = 'perfect.config.yaml'): Model {
  const loaded = loadConfig({ file, content: text, env: {} });
  if (!loaded.config || loaded.diagnostics.length > 0) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const validated = validateConfig(loaded.config.value);
  if (!validated.ok) throw new Error(JSON.stringify(validated.diagnostics, null, 2));
  return normalize(validated.config);
}

export function exampleText(name = 'perfect'): string {
  return readFileSync(`${projectRoot}examples/${name}/perfect.config.yaml`, 'utf8');
}

export const exampleModel = (name = 'perfect'): Model => modelFromYaml(exampleText(name));

export const apiAuthOffReason = 'single-tenant host with no other containers';

/** The seed-shaped config text with Prefect's API auth turned off (after `database: prefect`). */
export function withApiAuthOff(text: string): string {
  if (!text.includes('    database: prefect\n')) throw new Error('config has no `database: prefect` line');
  return text.replace('    database: prefect\n', `    database: prefect\n    apiAuth: {enabled: false, reason: ${apiAuthOffReason}}\n`);
}
