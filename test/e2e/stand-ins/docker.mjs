#!/usr/bin/env node
// TEST STAND-IN, not shipped: plays the `docker` CLI for `perfect-gen doctor --docker` against the
// suite's containers, which are processes in namespaces, not Docker containers. It answers only the
// read-only calls the doctor makes (src/doctor/checks/secrets.ts):
//
// - `docker inspect --format '{{.State.Status}} {{if .State.Health}}…' NAME`: `running` while the
//   container's process lives, else `exited`; the health is its compose healthcheck, run inside the
//   container now (`healthy` or `unhealthy`), and empty for a container without one.
// - `docker inspect --format '{{json .Config.Env}}' NAME`: the environment the container runs with.
// - `docker exec NAME ARGV…`: ARGV in the container's mount and network namespaces (nsenter), with
//   the container's environment, as `docker exec` runs it; its output and exit code pass through.
//
// What the containers are comes from the JSON file at PERFECT_GEN_E2E_DOCKER_STATE, written by the
// test: `{ nsenter, containers: { NAME: { pid, env, healthcheck?, labels } } }`. Anything else is
// refused with exit 125, so a new docker call in the doctor shows up as a failing scenario.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const state = JSON.parse(readFileSync(process.env.PERFECT_GEN_E2E_DOCKER_STATE ?? '', 'utf8'));
const [command, ...rest] = process.argv.slice(2);

const refuse = (why) => {
  process.stderr.write(`docker stand-in: ${why}\n`);
  process.exit(125);
};

const containerOf = (name) => {
  const c = state.containers[name];
  if (!c) {
    process.stderr.write(`Error response from daemon: No such container: ${name}\n`);
    process.exit(1);
  }
  return c;
};

const running = (c) => existsSync(`/proc/${c.pid}`);

const inContainer = (c, argv, stdio) =>
  spawnSync(state.nsenter, ['-t', String(c.pid), '-m', '-n', '--', '/usr/bin/env', '-i', ...Object.entries(c.env).map(([k, v]) => `${k}=${v}`), ...argv], { stdio, timeout: 30_000, killSignal: 'SIGKILL' });

if (command === 'inspect') {
  const [flag, format, name, ...extra] = rest;
  if (flag !== '--format' || name === undefined || extra.length > 0) refuse(`inspect ${rest.join(' ')}: not a call the doctor makes`);
  const c = containerOf(name);
  if (format === '{{json .Config.Env}}') {
    process.stdout.write(`${JSON.stringify(Object.entries(c.env).map(([k, v]) => `${k}=${v}`))}\n`);
  } else if (format.startsWith('{{.State.Status}} ')) {
    const status = running(c) ? 'running' : 'exited';
    const health = !c.healthcheck ? '' : status === 'running' && inContainer(c, c.healthcheck, 'ignore').status === 0 ? 'healthy' : 'unhealthy';
    process.stdout.write(`${status} ${health}\n`);
  } else refuse(`inspect --format ${format}: not a format the doctor uses`);
} else if (command === 'exec') {
  const [name, ...argv] = rest;
  if (name === undefined || argv.length === 0 || name.startsWith('-')) refuse(`exec ${rest.join(' ')}: not a call the doctor makes`);
  const c = containerOf(name);
  if (!running(c)) {
    process.stderr.write(`Error response from daemon: container ${name} is not running\n`);
    process.exit(1);
  }
  const result = inContainer(c, argv, ['ignore', 'inherit', 'inherit']);
  process.exit(result.status ?? 137);
} else refuse(`${command}: not a command the doctor runs`);
