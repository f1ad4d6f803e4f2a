import { agentDigestVariable, agentLayout, agentUser, agentVolumeDir, renderedFilePath } from '../model/agent-layout.js';
import type { ConfigPath } from '../diagnostics/diagnostic.js';
import type { EnvFile, InternalApp, Platform, VaultAgent, WebApp } from '../model/model.js';
import type { Dependency, EnvFileReader, HealthProbe, Mount, Workload } from '../model/workload.js';

/**
 * The sidecar that renders the env files of one environment of an app. Vault and OpenBao images share the
 * entrypoint contract (`agent` becomes `vault agent` / `bao agent`; SKIP_SETCAP and SKIP_CHOWN are honoured by
 * both) and differ only in the root folder. The Vault address lives in agent.hcl, so neither VAULT_ADDR nor
 * BAO_ADDR is set: the variable would silently override the file.
 */
export function agentWorkload(platform: Platform, agent: VaultAgent, at: ConfigPath): Workload {
  // The layout agent.hcl is written against, so its paths and these mounts cannot drift apart.
  const layout = agentLayout(platform.vault);
  // The agent needs no mlock, and its config is mounted read-only.
  const environmentVariables = { SKIP_SETCAP: 'true', SKIP_CHOWN: 'true' };
  return {
    service: agent.service,
    container: agent.container,
    role: 'vault-agent',
    image: platform.vault.agent.image,
    environment: agent.environment,
    command: ['agent', `-config=${layout.configFile}`],
    oneShot: false,
    environmentVariables,
    filesDigestVariable: agentDigestVariable,
    reservedVariables: [...Object.keys(environmentVariables), agentDigestVariable],
    mounts: [
      { kind: 'output', path: `${agent.outputDir}/agent.hcl`, target: layout.configFile },
      { kind: 'output', path: `${agent.outputDir}/templates`, target: layout.templatesDir },
      { kind: 'host', path: agent.credentialsDir, target: layout.credentialsDir },
      ...(layout.ca ? [{ kind: 'host' as const, path: layout.ca.hostPath, target: layout.ca.agentPath }] : []),
      // One volume per env file, each in its own folder: only the agent of their environment sees them all.
      ...agent.envFiles.map((file): Mount => ({ kind: 'secrets', volume: file.volume, target: agentVolumeDir(layout, file), readOnly: false })),
    ],
    dependsOn: [],
    ports: [],
    groups: [],
    // The agent has no readiness endpoint: it is ready once every file it renders is non-empty. The volumes
    // are tmpfs, so a file from an earlier run cannot pass.
    probe: { kind: 'files', paths: agent.envFiles.map((file) => renderedFilePath(layout, file)), timing: { interval: '5s', timeout: '3s', retries: 30 } },
    at,
  };
}

/** What a container that reads an env file gets: that file's volume alone, read-only, the agent's group, and a wait on the one agent that renders it. */
export interface ReaderParts {
  readonly reads: EnvFileReader;
  readonly mounts: readonly Mount[];
  readonly groups: readonly number[];
  readonly dependsOn: readonly Dependency[];
}

export function readerParts(file: EnvFile | undefined, then: EnvFileReader['then']): ReaderParts | undefined {
  if (!file) return undefined;
  return {
    reads: { file, then },
    mounts: [{ kind: 'secrets', volume: file.volume, target: file.readDir, readOnly: true }],
    groups: [agentUser.gid],
    dependsOn: [{ service: file.agentService, until: 'healthy' }],
  };
}

/** The one container of a web or internal app. Its image is not known, so its probe tries common HTTP clients. */
export function containerAppWorkload(platform: Platform, app: Omit<WebApp, 'workloads'> | Omit<InternalApp, 'workloads'>): Workload {
  const reader = readerParts(app.envFile, 'command');
  const environmentVariables = plainEnvironment(platform, app);
  const probe = probeOf(app);
  return {
    service: app.service,
    container: app.container,
    role: app.kind,
    image: app.image,
    environment: app.environment,
    ...(app.command && { command: app.command }),
    oneShot: false,
    ...(reader && { reads: reader.reads }),
    environmentVariables,
    reservedVariables: [...(app.redis ? [app.redis.urlEnv] : []), ...(app.database ? [app.database.urlEnv] : [])],
    mounts: reader?.mounts ?? [],
    dependsOn: reader?.dependsOn ?? [],
    ports: app.port === undefined ? [] : [app.port],
    groups: reader?.groups ?? [],
    ...(probe && { probe }),
    options: app.options,
    at: app.at,
  };
}

/** Only a password-less Redis URL is plain; the database URL and anything with a password are in the env file. */
function plainEnvironment(platform: Platform, app: Pick<WebApp, 'redis' | 'envFile'>): Readonly<Record<string, string>> {
  const redis = app.redis;
  const secretNames = new Set(app.envFile?.entries.map((e) => e.name));
  if (!redis || secretNames.has(redis.urlEnv)) return {};
  return { [redis.urlEnv]: `redis://${platform.redis.host}:${platform.redis.port}/${redis.db}` };
}

/**
 * Internal apps without a health path, or without a port to probe, get none; nor does an app that turns it off.
 * An image with no HTTP client (distroless, scratch) reports unhealthy; that is cosmetic, since nothing waits on
 * these services and Traefik's file provider does not read container health.
 */
function probeOf(app: Pick<WebApp, 'dockerHealthcheck' | 'healthPath' | 'port'> | Pick<InternalApp, 'dockerHealthcheck' | 'healthPath' | 'port'>): HealthProbe | undefined {
  if (!app.dockerHealthcheck || app.healthPath === undefined || app.port === undefined) return undefined;
  return {
    kind: 'http',
    url: `http://127.0.0.1:${app.port}${app.healthPath}`,
    client: 'any',
    timing: { interval: '30s', timeout: '10s', retries: 3, startPeriod: '30s' },
  };
}
