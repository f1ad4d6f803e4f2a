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
