import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { projectRoot } from '../../support/model-from.js';
import { e2eHome } from './programs.js';

/** The two examples every scenario runs on, by report name. */
export const examples = [
  { name: 'perfect', config: 'examples/perfect/perfect.config.yaml' },
  { name: 'platform', config: 'examples/platform/perfect.config.yaml' },
] as const;

/**
 * An example's config with some settings changed (OpenBao and token_file auth, KV v1…), written
 * under .e2e/configs; returns its absolute path.
 */
export function variant(config: string, name: string, settings: readonly (readonly [path: readonly string[], value: unknown])[]): string {
  const doc = parseDocument(readFileSync(join(projectRoot, config), 'utf8'));
  for (const [path, value] of settings) {
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, value);
  }
  const dir = join(e2eHome, 'configs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, doc.toString());
  return file;
}

const vault = ['platform', 'vault'];

/** token_file auth with the OpenBao agent. */
export const tokenFileSettings = [
  [[...vault, 'auth', 'method'], 'token_file'],
  [[...vault, 'agent', 'flavor'], 'openbao'],
  [[...vault, 'agent', 'image'], 'openbao/openbao:2.4.1'],
] as const;

/** A KV version 1 mount. */
export const kv1Settings = [[[...vault, 'kv', 'version'], 1]] as const;
