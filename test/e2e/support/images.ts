import { chownSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../support/model-from.js';
import type { Mount } from './container.js';
import { programs } from './programs.js';

/**
 * What an image contributes to a container that the compose file does not say: its default
 * entrypoint, working folder and programs. No image can be pulled here, so each is played by
 * the real program from PyPI or Debian plus one small stand-in, named and documented:
 *
 * - prefecthq/prefect:X — Prefect X from PyPI in a venv, Debian's tini, and
 *   `stand-ins/prefect-entrypoint.sh` at /opt/prefect/entrypoint.sh;
 * - hashicorp/vault, openbao/openbao — OpenBao's agent, through `stand-ins/agent-entrypoint.sh`,
 *   which drops to uid 100 / gid 1000 as both images do;
 * - any other image — `stand-ins/web-app.mjs` in place of the image's program, behind the
 *   entrypoint the compose file gives (so the env file is still loaded the generated way).
 */
export interface ImageRuntime {
  readonly entrypoint: readonly string[];
  /** Replaces the compose `command` (only for images whose program cannot run here). */
  readonly command?: readonly string[];
  readonly path: readonly string[];
  readonly workingDir?: string;
  readonly mounts: readonly Mount[];
  readonly env: Readonly<Record<string, string>>;
  readonly kind: 'prefect' | 'agent' | 'stand-in';
  readonly prefectVersion?: string;
}

const standIn = (name: string) => join(projectRoot, 'test/e2e/stand-ins', name);
const systemPath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function imageRuntime(image: string, containerDir: string, exposed: readonly string[]): ImageRuntime {
  const prefect = /^prefecthq\/prefect:(\d+\.\d+\.\d+)/.exec(image);
  if (prefect) {
    const version = prefect[1]!;
    const venv = programs.prefect?.[version];
    if (!venv) throw new Error(`Prefect ${version} (image ${image}) is not installed: run test/e2e/install.mjs`);
    // The image's WORKDIR is /opt/prefect: each container gets its own, holding the entrypoint stand-in.
    const workdir = join(containerDir, 'opt-prefect');
    mkdirSync(workdir, { recursive: true });
    copyFileSync(standIn('prefect-entrypoint.sh'), join(workdir, 'entrypoint.sh'));
    const home = join(containerDir, 'home');
    mkdirSync(home, { recursive: true });
    return {
      kind: 'prefect',
      prefectVersion: version,
      entrypoint: ['/usr/bin/tini', '-g', '--', '/opt/prefect/entrypoint.sh'],
      path: [join(venv, 'bin'), ...systemPath],
      workingDir: '/opt/prefect',
      mounts: [{ source: workdir, target: '/opt/prefect', readOnly: false }],
      // tini is not PID 1 here (no PID namespace), so it reaps as a registered subreaper instead.
      env: { HOME: home, PYTHONUNBUFFERED: '1', TINI_SUBREAPER: '1' },
    };
  }
  if (/^(hashicorp\/vault|openbao\/openbao|quay\.io\/openbao\/openbao)[:@]/.test(image)) {
    // The images' user (uid 100) has its own home; the agent's token helper looks there.
    const home = join(containerDir, 'home');
    mkdirSync(home, { recursive: true });
    chownSync(home, 100, 1000);
    return {
      kind: 'agent',
      entrypoint: [standIn('agent-entrypoint.sh')],
      path: [join(programs.bao!, '..'), ...systemPath],
      mounts: [],
      env: { HOME: home },
    };
  }
  const ports = exposed.map((p) => p.split('/')[0]!);
  return {
    kind: 'stand-in',
    entrypoint: [],
    command: [process.execPath, standIn('web-app.mjs'), ...ports],
    path: systemPath,
    mounts: [],
    env: { HOME: '/tmp' },
  };
}
