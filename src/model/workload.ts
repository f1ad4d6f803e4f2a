import type { ConfigPath } from '../diagnostics/diagnostic.js';
import type { EnvFile, ServiceOptions } from './model.js';

/**
 * One service of an app as every target runs it: Compose writes it as a service, another target would
 * write it as its own kind of workload. Normalize derives the whole list, so the targets, the runbook and
 * the checks read the same wiring and none works it out again.
 */
export interface Workload {
  readonly service: string;
  /** Absent when the service runs several replicas (the target names them). */
  readonly container?: string;
  readonly role: WorkloadRole;
  readonly image: string;
  /** Set for a service the config scales (a pool's workers), even to 1. */
  readonly replicas?: number;
  /** The environment whose secrets and settings it serves. */
  readonly environment: string;
  /** The command line, exec form; absent to keep the image's. */
  readonly command?: readonly string[];
  /** A step that runs once and must not be restarted after it succeeds. */
  readonly oneShot: boolean;
  /** The env file it sources before its program starts, and how that program starts then. */
  readonly reads?: EnvFileReader;
  /** Variables perfect-gen sets, as the program reads them. */
  readonly environmentVariables: Readonly<Record<string, string>>;
  /**
   * A variable whose value is the hash of this agent's emitted files: known only once they are emitted, so
   * the pipeline supplies the value and the target writes it beside `environmentVariables`.
   */
  readonly filesDigestVariable?: string;
  /**
   * Names a value from the config may not set here: those perfect-gen sets (plain or rendered from Vault)
   * and the settings the program reads in their place.
   */
  readonly reservedVariables: readonly string[];
  /** What perfect-gen mounts, in order; the config's own volumes are in `options`. */
  readonly mounts: readonly Mount[];
  /** Other services of the platform it starts after, in order. */
  readonly dependsOn: readonly Dependency[];
  /** Ports other containers reach it on. */
  readonly ports: readonly number[];
  /** Extra groups of its process: the agent's group, to read the agent's files. */
  readonly groups: readonly number[];
  readonly probe?: HealthProbe;
  /** The config's `options` for this service; absent where the config has none to give. */
  readonly options?: ServiceOptions;
  /** What in the config asks for it: the app, or the work pool of a worker. */
  readonly at: ConfigPath;
}

/** `dev.perfect-gen.role` in Compose. */
export type WorkloadRole = 'vault-agent' | 'migrate' | 'server' | 'services' | 'worker' | 'web' | 'internal';

export interface EnvFileReader {
  readonly file: EnvFile;
  /**
   * `prefect-image`: then the Prefect image's own entrypoint (tini, then its script), which runs the command.
   * `command`: then the command itself, which the config must give, since the image's is not known.
   */
  readonly then: 'prefect-image' | 'command';
}

export type Mount =
  /** A file or folder of the output, read-only: `path` is relative to the output folder. */
  | { readonly kind: 'output'; readonly path: string; readonly target: string }
  /** A host path, read-only: absolute, or relative to the config's folder. */
  | { readonly kind: 'host'; readonly path: string; readonly target: string }
  /** The tmpfs volume of one env file, owned by the agent's user. */
  | { readonly kind: 'secrets'; readonly volume: string; readonly target: string; readonly readOnly: boolean };

export interface Dependency {
  readonly service: string;
  /** `healthy`: its probe passes; `completed`: it exited with 0. */
  readonly until: 'healthy' | 'completed';
}

export type HealthProbe =
  /**
   * An HTTP GET from inside the container that must answer 2xx. `python` for the Prefect image, which has
   * Python and no curl; `any` tries the clients images commonly ship, in turn.
   */
  | { readonly kind: 'http'; readonly url: string; readonly client: 'python' | 'any'; readonly timing: ProbeTiming }
  /** Every file listed exists and is not empty. */
  | { readonly kind: 'files'; readonly paths: readonly string[]; readonly timing: ProbeTiming };

/** Durations as Compose and Kubernetes both write them: `10s`. */
export interface ProbeTiming {
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly startPeriod?: string;
}
