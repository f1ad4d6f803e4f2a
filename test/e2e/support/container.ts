import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { NetHost } from './network.js';
import { e2eHome, programs } from './programs.js';
import { sh, shAsync, sleep, waitFor } from './run.js';

/** A path from the host placed at a path inside the container's mount namespace. */
export interface Mount {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface ContainerSpec {
  readonly name: string;
  readonly host: NetHost;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly Mount[];
  readonly workingDir?: string;
  /** `uid:gid` the process starts as (before any stand-in entrypoint drops privileges); root when absent. */
  readonly user?: { uid: number; gid: number; groups: readonly number[] };
  readonly logFile: string;
}

/**
 * Mount points that did not exist on the host and were made for a container's view; removed
 * again when the suite ends, so the host is left as it was.
 */
const madeMountPoints: string[] = [];

function ensureMountPoint(target: string, isFile: boolean): void {
  if (existsSync(target)) return;
  const missing: string[] = [];
  for (let p = isFile ? dirname(target) : target; !existsSync(p); p = dirname(p)) missing.unshift(p);
  for (const dir of missing) {
    mkdirSync(dir);
    madeMountPoints.push(dir);
  }
  if (isFile) {
    writeFileSync(target, '');
    madeMountPoints.push(target);
  }
}

/**
 * A folder on the host (such as /opt/prefect) is a mount point for the containers of every run on
 * the machine, and removing it detaches the mounts on it in every other mount namespace: another
 * run's cleanup would pull the volumes out from under this run's containers. A file of this run's
 * inside keeps such a folder from being removed while the run uses it.
 */
const pins: string[] = [];
const pinName = `.perfect-gen-e2e-in-use-${process.pid}`;

function pinMountPoint(target: string): void {
  const pin = join(target, pinName);
  if (pins.includes(pin)) return;
  writeFileSync(pin, '');
  pins.push(pin);
}

/** Whether a process outside this run still has something mounted at the path. */
function mountedElsewhere(path: string): boolean {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n').some((line) => line.split(' ')[4] === path)) return true;
    } catch {
      // the process has ended
    }
  }
  return false;
}

export function removeMountPoints(): void {
  for (const pin of pins.splice(0)) rmSync(pin, { force: true });
  for (const p of madeMountPoints.splice(0).reverse()) {
    if (mountedElsewhere(p)) continue;
    try {
      if (statSync(p).isDirectory()) rmdirSync(p);
      else rmSync(p);
    } catch {
      // still in use or not empty: leave it rather than remove something that is not ours
    }
  }
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * A container as a process: its own network namespace (`ip netns exec`), its own mount namespace
 * (`unshare --mount`) with each volume bind-mounted at its container path, the environment the
 * compose file gives it and nothing else, and its command. The process keeps one PID through the
 * whole exec chain, so `nsenter -t PID` runs a healthcheck in the same view.
 */
export class Container {
  private child?: ChildProcess;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  startedAt = 0;

  constructor(readonly spec: ContainerSpec) {}

  start(): void {
    const { spec } = this;
    const script: string[] = ['set -e'];
    // Outer mounts first; a mount point inside an earlier mount is made in that mount's source.
    const placed: Mount[] = [];
    for (const m of [...spec.mounts].sort((a, b) => a.target.split('/').length - b.target.split('/').length)) {
      const outer = placed.filter((p) => m.target.startsWith(`${p.target}/`)).sort((a, b) => b.target.length - a.target.length)[0];
      const isFile = statSync(m.source).isFile();
      ensureMountPoint(outer ? join(outer.source, relative(outer.target, m.target)) : m.target, isFile);
      if (!outer && !isFile && !m.target.startsWith(`${e2eHome}/`)) pinMountPoint(m.target);
      placed.push(m);
      script.push(`mount --bind ${quote(m.source)} ${quote(m.target)}`);
      if (m.readOnly) script.push(`mount -o remount,bind,ro ${quote(m.target)}`);
    }
    if (spec.workingDir) {
      ensureMountPoint(spec.workingDir, false);
      script.push(`cd ${quote(spec.workingDir)}`);
    }
    const envArgs = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`);
    const user = spec.user
      ? [programs.setpriv!, `--reuid=${spec.user.uid}`, `--regid=${spec.user.gid}`, spec.user.groups.length ? `--groups=${spec.user.groups.join(',')}` : '--clear-groups']
      : [];
    script.push('exec "$@"');
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const log = openSync(spec.logFile, 'a');
    writeFileSync(spec.logFile, `\n==> start ${new Date().toISOString()}: ${spec.argv.join(' ')}\n`, { flag: 'a' });
    this.exit = undefined;
    this.startedAt = Date.now();
    this.child = spawn(
      programs.ip!,
      ['netns', 'exec', spec.host.netns, programs.unshare!, '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script.join('\n'), spec.name, ...user, '/usr/bin/env', '-i', ...envArgs, ...spec.argv],
      { stdio: ['ignore', log, log], detached: true },
    );
    closeSync(log);
    this.child.on('exit', (code, signal) => (this.exit = { code, signal }));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exit === undefined;
  }

  get exitCode(): number | null | undefined {
    return this.exit?.code;
  }

  /** Waits for the process to end by itself, bounded. */
  async waitExit(timeoutMs: number): Promise<number | null> {
    await waitFor(`${this.spec.name} to exit`, () => (this.exit ? true : undefined), timeoutMs, () => this.tail());
    return this.exit!.code;
  }

  /** Runs a command inside this container's namespaces, as `docker exec` does. */
  async exec(argv: readonly string[], timeoutMs = 30_000, env: Readonly<Record<string, string>> = this.spec.env, input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    if (!this.pid || !this.running) return { status: -1, stdout: '', stderr: `${this.spec.name} is not running` };
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    return shAsync(programs.nsenter!, ['-t', String(this.pid), '-m', '-n', '--', '/usr/bin/env', '-i', ...envArgs, ...argv], { timeoutMs, input });
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    if (!this.child?.pid || this.exit) return;
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const deadline = Date.now() + timeoutMs;
    while (!this.exit && Date.now() < deadline) await sleep(100);
    if (!this.exit) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await waitFor(`${this.spec.name} to be killed`, () => (this.exit ? true : undefined), 5_000);
    }
  }

  /** The last lines of the container's log, for failure messages. */
  tail(lines = 40): string {
    const text = existsSync(this.spec.logFile) ? readFileSync(this.spec.logFile, 'utf8') : '';
    return `--- last lines of ${this.spec.name}'s log (${this.spec.logFile}):\n${text.split('\n').slice(-lines).join('\n')}`;
  }

  log(): string {
    return existsSync(this.spec.logFile) ? readFileSync(this.spec.logFile, 'utf8') : '';
  }
}

export { sh };
