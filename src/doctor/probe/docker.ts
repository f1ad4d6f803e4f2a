import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface DockerResult {
  /** The exit code; null when docker did not run or was stopped at the timeout. */
  readonly code: number | null;
  readonly stdout: string;
  /** Why docker did not run or finish, in words. */
  readonly error?: string;
}

/** Runs `docker ARGS` (no shell) and settles within `timeoutMs`. Tests pass a stand-in. */
export type DockerRunner = (args: readonly string[], timeoutMs: number) => Promise<DockerResult>;

/** Only read-only subcommands are run: inspect, and exec of test/stat. */
export const dockerCli: DockerRunner = (args, timeoutMs) =>
  new Promise((settle) => {
    execFile('docker', [...args], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, encoding: 'utf8' }, (error, stdout) => {
      if (!error) return settle({ code: 0, stdout });
      const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      if (typeof failure.code === 'number') return settle({ code: failure.code, stdout });
      const reason = failure.killed ? `no answer within ${Math.round(timeoutMs / 1000)} s` : failure.code === 'ENOENT' ? 'docker is not installed' : failure.message;
      settle({ code: null, stdout, error: reason });
    });
  });

/** Whether `--docker` can work here: the docker CLI on PATH and a daemon socket to talk to. */
export function dockerAvailability(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const onPath = (env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'docker')));
  if (!onPath) return 'the docker CLI is not on PATH';
  const host = env['DOCKER_HOST'];
  if (host !== undefined && host !== '') return host.startsWith('unix://') && !existsSync(host.slice('unix://'.length)) ? `DOCKER_HOST ${host} does not exist` : undefined;
  return existsSync('/var/run/docker.sock') ? undefined : 'no Docker socket at /var/run/docker.sock and DOCKER_HOST is not set';
}
