import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../support/model-from.js';

/** What `test/e2e/install.mjs` installed: paths of the real programs, and what it could not install. */
export interface Programs {
  readonly postgres?: string;
  readonly 'redis-server'?: string;
  readonly tini?: string;
  readonly ip?: string;
  readonly nsenter?: string;
  readonly setpriv?: string;
  readonly unshare?: string;
  readonly openssl?: string;
  readonly 'docker-compose'?: string;
  readonly bao?: string;
  /** The tools venv's Python, which has python-dotenv. */
  readonly python?: string;
  /** Traefik binary by version. */
  readonly traefik?: Readonly<Record<string, string>>;
  /** Prefect venv folder by Prefect version. */
  readonly prefect?: Readonly<Record<string, string>>;
}

export const e2eHome = join(projectRoot, '.e2e');
export const versions = JSON.parse(readFileSync(join(projectRoot, 'test/e2e/versions.json'), 'utf8')) as {
  traefik: { minimum: string; newest: string };
  prefectRedis: Record<string, string>;
};

function load(): { programs: Programs; problems: string[] } {
  const file = join(e2eHome, 'programs.json');
  if (!existsSync(file)) return { programs: {}, problems: ['.e2e/programs.json is missing: run `npm run test:e2e`, which installs the programs first'] };
  return JSON.parse(readFileSync(file, 'utf8'));
}

export const installed = load();
export const programs = installed.programs;

/** The reason a scenario cannot run here, naming each missing program; undefined when all are there. */
export function missing(...names: (keyof Programs)[]): string | undefined {
  const absent = names.filter((n) => !programs[n] || (typeof programs[n] === 'object' && Object.keys(programs[n]!).length === 0));
  if (absent.length === 0) return undefined;
  return `not installed: ${absent.join(', ')}${installed.problems.length ? ` (${installed.problems.join('; ')})` : ''}`;
}

export const isRoot = process.getuid?.() === 0;

/** Namespaces and mounts need root; by hand as another user the stack scenarios skip. */
export function needsStack(...names: (keyof Programs)[]): string | undefined {
  if (!isRoot) return 'network and mount namespaces need root';
  return missing('ip', 'nsenter', 'unshare', 'setpriv', ...names);
}
