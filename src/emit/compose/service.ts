import type { ServiceOptions } from '../../model/model.js';
import { sortedRecord } from '../../serialize/yaml.js';
import { volumeEntry } from './host-paths.js';
import type { ComposeService, Dependencies, Deploy, Healthcheck, Logging, ServiceRole } from './types.js';

/** Everything one service needs; `service()` turns it into Compose keys in a fixed order. */
export interface ServiceParts {
  readonly app: string;
  readonly role: ServiceRole;
  readonly network: string;
  readonly image: string;
  /** Absent for replicated services: Compose names their containers. */
  readonly container?: string;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  /** One-shot services (the migration) must not be restarted once they succeed. */
  readonly oneShot?: boolean;
  readonly dependsOn?: Dependencies;
  readonly groupAdd?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly expose?: readonly number[];
  readonly volumes?: readonly string[];
  readonly healthcheck?: Healthcheck;
  readonly replicas?: number;
  readonly options?: ServiceOptions;
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

export function service(parts: ServiceParts): ComposeService {
  const options = parts.options;
  // The config's extra variables come last so they win; the check stage reports the clash.
  const environment = { ...parts.environment, ...options?.environment };
  const volumes = [...(parts.volumes ?? []), ...(options?.volumes ?? []).map(volumeEntry)];
  const deploy = deployOf(parts.replicas, options);
  const logging = loggingOf(options);
  return {
    image: parts.image,
    ...(parts.container !== undefined && { container_name: parts.container }),
    ...(parts.entrypoint && { entrypoint: parts.entrypoint }),
    ...(parts.command && { command: parts.command }),
    restart: parts.oneShot ? 'no' : 'unless-stopped',
    ...(parts.dependsOn && Object.keys(parts.dependsOn).length > 0 && { depends_on: parts.dependsOn }),
    ...(parts.groupAdd && parts.groupAdd.length > 0 && { group_add: parts.groupAdd }),
    ...(Object.keys(environment).length > 0 && { environment: sortedRecord(environment) }),
    ...(parts.expose && parts.expose.length > 0 && { expose: parts.expose.map(String) }),
    ...(volumes.length > 0 && { volumes }),
    ...(parts.healthcheck && { healthcheck: parts.healthcheck }),
    ...(deploy && { deploy }),
    ...(logging && { logging }),
    // Generated labels are applied last: they identify the service and keep Traefik's Docker provider away.
    labels: sortedRecord({ ...options?.labels, [APP_LABEL]: parts.app, [ROLE_LABEL]: parts.role, [TRAEFIK_ENABLE_LABEL]: 'false' }),
    networks: [parts.network],
  };
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
