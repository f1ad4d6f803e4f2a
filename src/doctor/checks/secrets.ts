import { parse } from 'yaml';
import { containerStateFormat } from '../../emit/runbook/container-commands.js';
import { agentDigestVariable } from '../../model/agent-layout.js';
import type { DoctorContext } from '../context.js';
import type { DockerRunner } from '../probe/docker.js';
import { fail, ok, type CheckRow } from '../report.js';
import type { AgentTarget } from '../targets.js';
import type { CheckId } from '../check-ids.js';

/**
 * With `--docker`: each vault-agent container runs and is healthy, each env file it renders exists
 * and is not empty, and containers carry the config hash of the current compose file. Only
 * `docker inspect` and `docker exec … stat` run: a file's size is read, never its content.
 */
export async function secretsChecks(ctx: DoctorContext): Promise<CheckRow[]> {
  if (!ctx.docker) return [];
  if (ctx.docker.unavailable !== undefined) {
    return [fail('secrets.docker', 'docker', ctx.docker.unavailable, 'Run the doctor with --docker on the Docker host, as a user who may use the Docker socket, or leave out --docker.')];
  }
  const run = ctx.docker.run;
  const [agents, hashes] = await Promise.all([
    Promise.all(ctx.targets.agents.map((agent) => agentChecks(ctx, run, agent))),
    configHashChecks(ctx, run),
  ]);
  return [...agents.flat(), ...hashes].filter((row) => ctx.selection.has(row.id as CheckId));
}


async function agentChecks(ctx: DoctorContext, run: DockerRunner, agent: AgentTarget): Promise<CheckRow[]> {
  const [state, ...sizes] = await Promise.all([
    run(['inspect', '--format', containerStateFormat, agent.container], ctx.deadline.probeMs()),
    ...agent.files.map((file) => run(['exec', agent.container, 'stat', '-c', '%s', file.path], ctx.deadline.probeMs())),
  ]);
  const agentFix = `Read its state and log: \`${agent.statusCommand}\`, \`${agent.logsCommand}\`. The policy \`${agent.policyName}\` must grant read on every path, and the credentials in ${agent.credentialsDir} must be valid; see ${agent.runbook}, "Health check failed" and "Secrets in Vault".`;
  const seenState = state.code === 0 ? state.stdout.trim() : (state.error ?? `docker inspect exited ${state.code}: no such container`);
  const agentRow = seenState === 'running healthy' ? ok('secrets.agent', agent.container, seenState) : fail('secrets.agent', agent.container, seenState || 'no state', agentFix);
  const fileRows = agent.files.map((file, i): CheckRow => {
    const size = sizes[i];
    const subject = `${agent.container}:${file.path}`;
    const fix = `The agent renders ${file.fileName} (read by ${file.readers}) from Vault: a missing key or path, or a denied read, leaves it unrendered. List the rendered files: \`${agent.listCommand}\`; read \`${agent.logsCommand}\`; see ${agent.runbook}, "Secrets in Vault".`;
    if (!size || size.code === null) return fail('secrets.env-file', subject, size?.error ?? 'not checked', fix);
    if (size.code !== 0) return fail('secrets.env-file', subject, 'missing', fix);
    const bytes = Number(size.stdout.trim());
    if (!Number.isFinite(bytes) || bytes <= 0) return fail('secrets.env-file', subject, 'empty', fix);
    return ok('secrets.env-file', subject, `exists, ${bytes} bytes`);
  });
  return [agentRow, ...fileRows];
}

interface ComposeDocument {
  readonly services?: Record<string, { readonly container_name?: string; readonly environment?: Record<string, string> | string[] }>;
}

/** `NAME=value` entries or a map, as Compose accepts both. */
const environmentOf = (env: Record<string, string> | string[] | undefined): Record<string, string> =>
  Array.isArray(env) ? Object.fromEntries(env.map((e) => [e.split('=')[0]!, e.split('=').slice(1).join('=')])) : (env ?? {});

/** Compares each agent's digest of its files in the current compose file with the running container's. */
async function configHashChecks(ctx: DoctorContext, run: DockerRunner): Promise<CheckRow[]> {
  const compose = ctx.files.find((f) => f.kind === 'compose');
  if (!compose) return [];
  const document = parse(compose.content) as ComposeDocument | null;
  const name = agentDigestVariable;
  const expected = Object.entries(document?.services ?? {}).flatMap(([service, spec]) => {
    const value = environmentOf(spec.environment)[name];
    return value === undefined ? [] : [{ service, container: spec.container_name, value: String(value) }];
  });
  return Promise.all(
    expected.map(async ({ service, container, value }): Promise<CheckRow> => {
      const subject = container ?? service;
      const fix = `Recreate it from the current output: \`docker compose up -d ${service}\` in ${ctx.out.shown}.`;
      if (container === undefined) return ok('secrets.config-hash', subject, 'has no fixed container name; not compared');
      const env = await run(['inspect', '--format', '{{json .Config.Env}}', container], ctx.deadline.probeMs());
      if (env.code !== 0) return fail('secrets.config-hash', subject, env.error ?? 'no such container', fix);
      const running = parseEnv(env.stdout)?.[name];
      if (running === value) return ok('secrets.config-hash', subject, `${name} ${value}, as the compose file says`);
      return fail('secrets.config-hash', subject, `${name} is ${running ?? 'not set'}, the compose file says ${value}: the container runs an older config`, fix);
    }),
  );
}

/** `docker inspect --format '{{json .Config.Env}}'`: a JSON list of `NAME=value`. */
function parseEnv(text: string): Record<string, string> | undefined {
  try {
    const list = JSON.parse(text) as string[] | null;
    return Array.isArray(list) ? environmentOf(list) : undefined;
  } catch {
    return undefined;
  }
}
