import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The validator and templates are generated at build time; tests run against fresh ones. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
