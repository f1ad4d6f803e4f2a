/** The subset of the Compose specification this emitter writes. Key order is fixed by `service()`. */

export type DependencyCondition = 'service_healthy' | 'service_completed_successfully';

export interface Healthcheck {
  readonly test: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly start_period?: string;
}

export interface Deploy {
  readonly replicas?: number;
  readonly resources?: { readonly limits: { readonly cpus?: string; readonly memory?: string } };
}

export interface Logging {
  readonly driver: string;
  readonly options?: Readonly<Record<string, string>>;
}

export interface ComposeService {
  readonly image: string;
  readonly container_name?: string;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly restart: 'unless-stopped' | 'no';
  readonly depends_on?: Readonly<Record<string, { readonly condition: DependencyCondition }>>;
  readonly group_add?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly expose?: readonly string[];
  readonly volumes?: readonly string[];
  readonly healthcheck?: Healthcheck;
  readonly deploy?: Deploy;
  readonly logging?: Logging;
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: readonly string[];
}

/** A secrets tmpfs, or `{}` for a named volume of the config with Docker's defaults. */
export type ComposeVolume =
  | { readonly driver: 'local'; readonly driver_opts: { readonly type: 'tmpfs'; readonly device: 'tmpfs'; readonly o: string } }
  | Readonly<Record<string, never>>;

export interface ComposeFile {
  readonly name: string;
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly networks: Readonly<Record<string, { readonly external: true; readonly name: string }>>;
  readonly volumes?: Readonly<Record<string, ComposeVolume>>;
}

/** A consumer's dependencies, by service name. */
export type Dependencies = Readonly<Record<string, { readonly condition: DependencyCondition }>>;
