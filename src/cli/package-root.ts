import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's folder (holds schema/), whether running bundled from dist/ or from src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'schema', 'perfect.config.schema.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the perfect-gen package folder');
    dir = parent;
  }
  return dir;
}
