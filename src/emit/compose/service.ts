import type { ServiceOptions, VolumeMount } from '../../model/model.js';
import type { Mount, Workload } from '../../model/workload.js';
import { sortedRecord } from '../../serialize/yaml.js';
import { healthcheckOf } from './healthchecks.js';
import { entrypointOf } from './secrets.js';
import type { ComposeService, Dependencies, Deploy, Logging } from './types.js';

/** What a service needs beyond its workload. */
export interface ServiceSetting {
  readonly app: string;
  readonly network: string;
  /** The hash of the agent's files, for a workload that carries one. */
  readonly filesDigest?: string;
  /** A host path relative to the config's folder, as seen from the output folder where the compose file is. */
  readonly hostPath: (path: string) => string;
}

export const APP_LABEL = 'dev.perfect-gen.app';
export const ROLE_LABEL = 'dev.perfect-gen.role';
/**
 * Traefik's Docker provider publishes every container it sees unless told not to (`exposedByDefault`
 * is true by default), with a default Host rule and no forward auth. Every generated service opts
 * out, so its only routes are the SSO-protected ones of the file provider, whatever Traefik's static
 * config says.
 */
export const TRAEFIK_ENABLE_LABEL = 'traefik.enable';

/** One workload as Compose keys, in a fixed order. */
export function composeService(workload: Workload, setting: ServiceSetting): ComposeService {
  const options = workload.options;
  const entrypoint = entrypointOf(workload);
  // The config's extra variables come last so they win; the check stage reports the clash.
  const environment = { ...workload.environmentVariables, ...digestVariable(workload, setting), ...options?.environment };
  const volumes = [...workload.mounts.map((m) => mountEntry(m, setting)), ...(options?.volumes ?? []).map((v) => volumeEntry(v, setting))];
  const dependsOn = dependenciesOf(workload);
  const deploy = deployOf(workload.replicas, options);
  const logging = loggingOf(options);
  return {
    image: workload.image,
    ...(workload.container !== undefined && { container_name: workload.container }),
    ...(entrypoint && { entrypoint }),
    ...(workload.command && { command: workload.command }),
    // One-shot services (the migration) must not be restarted once they succeed.
    restart: workload.oneShot ? 'no' : 'unless-stopped',
    ...(Object.keys(dependsOn).length > 0 && { depends_on: dependsOn }),
    ...(workload.groups.length > 0 && { group_add: workload.groups.map(String) }),
    ...(Object.keys(environment).length > 0 && { environment: sortedRecord(environment) }),
    ...(workload.ports.length > 0 && { expose: workload.ports.map(String) }),
    ...(volumes.length > 0 && { volumes }),
    ...(workload.probe && { healthcheck: healthcheckOf(workload.probe) }),
    ...(deploy && { deploy }),
    ...(logging && { logging }),
    // Generated labels are applied last: they identify the service and keep Traefik's Docker provider away.
    labels: sortedRecord({ ...options?.labels, [APP_LABEL]: setting.app, [ROLE_LABEL]: workload.role, [TRAEFIK_ENABLE_LABEL]: 'false' }),
    networks: [setting.network],
  };
}

function digestVariable(workload: Workload, setting: ServiceSetting): Record<string, string> {
  if (workload.filesDigestVariable === undefined) return {};
  if (setting.filesDigest === undefined) throw new Error(`internal error: no digest of the files of ${workload.service}`);
  return { [workload.filesDigestVariable]: setting.filesDigest };
}

function dependenciesOf(workload: Workload): Dependencies {
  const out: Record<string, Dependencies[string]> = {};
  for (const d of workload.dependsOn) out[d.service] = { condition: d.until === 'healthy' ? 'service_healthy' : 'service_completed_successfully' };
  return out;
}

/** The short syntax Compose reads. */
function mountEntry(mount: Mount, setting: ServiceSetting): string {
  switch (mount.kind) {
    case 'output':
      return `./${mount.path}:${mount.target}:ro`;
    case 'host':
      return `${setting.hostPath(mount.path)}:${mount.target}:ro`;
    case 'secrets':
      return `${mount.volume}:${mount.target}${mount.readOnly ? ':ro' : ''}`;
  }
}

function volumeEntry(volume: VolumeMount, setting: ServiceSetting): string {
  const source = volume.kind === 'bind' ? setting.hostPath(volume.source) : volume.source;
  return `${source}:${volume.target}${volume.mode ? `:${volume.mode}` : ''}`;
}

function deployOf(replicas: number | undefined, options: ServiceOptions | undefined): Deploy | undefined {
  const resources = options?.resources;
  const limits = resources && {
    ...(resources.cpus !== undefined && { cpus: String(resources.cpus) }),
    ...(resources.memory !== undefined && { memory: resources.memory }),
  };
  const hasLimits = limits !== undefined && Object.keys(limits).length > 0;
  if (replicas === undefined && !hasLimits) return undefined;
  return {
    ...(replicas !== undefined && { replicas }),
    ...(hasLimits && { resources: { limits } }),
  };
}

function loggingOf(options: ServiceOptions | undefined): Logging | undefined {
  const logging = options?.logging;
  if (!logging) return undefined;
  return {
    driver: logging.driver,
    ...(Object.keys(logging.options).length > 0 && { options: sortedRecord(logging.options) }),
  };
}
