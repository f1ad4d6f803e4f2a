import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { projectRoot } from './model-from.js';

export interface CliRun {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const bin = join(projectRoot, 'bin', 'perfect-gen.cjs');

/** Where the spawned CLI keeps its V8 code cache: inside the project, not the user's cache folder. */
const cacheHome = join(projectRoot, 'node_modules', '.cache', 'perfect-gen-tests', 'xdg');

/** Runs the built CLI as a user would, with color off and a clean environment. */
export function runCli(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...env },
  });
  const clean = (s: string) => s.split(cwd).join('<workspace>');
  return { command: `perfect-gen ${args.join(' ')}`, status: result.status, stdout: clean(result.stdout), stderr: clean(result.stderr) };
}

/** A transcript that reads and diffs like a terminal session. */
export function transcript(...runs: readonly CliRun[]): string {
  return runs
    .map((r) => [`$ ${r.command}`, `exit code: ${r.status}`, '--- stdout', r.stdout.trimEnd(), '--- stderr', r.stderr.trimEnd(), ''].join('\n'))
    .join('\n');
}

/** A scratch folder holding a copy of an example's config (by default the perfect example's). */
export function workspace(config = 'examples/perfect/perfect.config.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfect-gen-cli-'));
  cpSync(join(projectRoot, config), join(dir, 'perfect.config.yaml'));
  return dir;
}

/** Every file under a folder with its bytes, for before/after comparisons. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}
