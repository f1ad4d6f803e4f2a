import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prepareOfficialValidators } from './official-schemas.js';

/**
 * The validator and templates are generated at build time; tests run against fresh ones. The
 * official schemas are compiled here, once, rather than in every test file that uses them.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  prepareOfficialValidators();
}
