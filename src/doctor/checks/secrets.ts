import { parse } from 'yaml';
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

const stateFormat = '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}';

async function agentChecks(ctx: DoctorContext, run: DockerRunner, agent: AgentTarget): Promise<CheckRow[]> {
  const [state, ...sizes] = await Promise.all([
    run(['inspect', '--format', stateFormat, agent.container], ctx.deadline.probeMs()),
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

/** A service label of the compose file whose name says it holds a hash of the service's config. */
const hashLabel = /hash/i;

interface ComposeDocument {
  readonly services?: Record<string, { readonly container_name?: string; readonly labels?: Record<string, string> | string[] }>;
}

/** Compares each hash label of the current compose file with the running container's. */
async function configHashChecks(ctx: DoctorContext, run: DockerRunner): Promise<CheckRow[]> {
  const compose = ctx.files.find((f) => f.kind === 'compose');
  if (!compose) return [];
  const document = parse(compose.content) as ComposeDocument | null;
  const expected = Object.entries(document?.services ?? {}).flatMap(([service, spec]) => {
    const labels = Array.isArray(spec.labels) ? Object.fromEntries(spec.labels.map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')])) : (spec.labels ?? {});
    return Object.entries(labels)
      .filter(([name]) => hashLabel.test(name))
      .map(([name, value]) => ({ service, container: spec.container_name, name, value: String(value) }));
  });
  return Promise.all(
    expected.map(async ({ service, container, name, value }): Promise<CheckRow> => {
      const subject = container ?? service;
      const fix = `Recreate it from the current output: \`docker compose up -d ${service}\` in ${ctx.out.shown}.`;
      if (container === undefined) return ok('secrets.config-hash', subject, 'has no fixed container name; not compared');
      const labels = await run(['inspect', '--format', '{{json .Config.Labels}}', container], ctx.deadline.probeMs());
      if (labels.code !== 0) return fail('secrets.config-hash', subject, labels.error ?? 'no such container', fix);
      const running = parseLabels(labels.stdout)?.[name];
      if (running === value) return ok('secrets.config-hash', subject, `${name} ${value}, as the compose file says`);
      return fail('secrets.config-hash', subject, `${name} is ${running ?? 'not set'}, the compose file says ${value}: the container runs an older config`, fix);
    }),
  );
}

function parseLabels(text: string): Record<string, string> | undefined {
  try {
    return (JSON.parse(text) as Record<string, string> | null) ?? undefined;
  } catch {
    return undefined;
  }
}
