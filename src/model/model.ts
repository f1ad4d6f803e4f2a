import type { ConfigPath } from '../diagnostics/diagnostic.js';
import type { Workload } from './workload.js';
import type { WrittenPrefectDeployment } from './written-config.js';

/**
 * The normalized model: defaults applied, names derived, Vault paths resolved per environment.
 * Every emitter reads only this. `at` fields point back into the config for diagnostics.
 */
export interface Model {
  readonly platform: Platform;
  readonly environments: readonly Environment[];
  readonly apps: readonly App[];
}

export interface Environment {
  readonly name: string;
  readonly description?: string;
  readonly at: ConfigPath;
}

export interface SecretRef {
  /** As written, possibly with `{env}`. */
  readonly path: string;
  readonly key: string;
  readonly at: ConfigPath;
}

/** A secret location resolved for one environment. */
export interface ResolvedSecret {
  /** `secret/platform/production/postgres`, as `vault kv get` takes it. */
  readonly logicalPath: string;
  /** `secret/data/platform/production/postgres` for KV v2: what templates read and policies grant. */
  readonly apiPath: string;
  readonly key: string;
  readonly kvVersion: 1 | 2;
  /** The environment `{env}` was replaced with: the reader's, or the app's for a value all readers share. */
  readonly environment: string;
  readonly at: ConfigPath;
}

/** One entry of a container's `volumes`, as the config writes it in Compose short syntax. */
export interface VolumeMount {
  /** `bind` for a host path (starting with `/`, `.` or `~`), `named` for a volume of the Compose project. */
  readonly kind: 'bind' | 'named';
  /** The host path as written, a relative one being relative to the config's folder; or the volume's name. */
  readonly source: string;
  readonly target: string;
  readonly mode?: 'ro' | 'rw';
  readonly at: ConfigPath;
}

export interface ServiceOptions {
  readonly environment: Readonly<Record<string, string>>;
  readonly volumes: readonly VolumeMount[];
  readonly labels: Readonly<Record<string, string>>;
  readonly resources?: { readonly cpus?: number; readonly memory?: string };
  readonly logging?: { readonly driver: string; readonly options: Readonly<Record<string, string>> };
  readonly at: ConfigPath;
}

export type Access =
  | { readonly mode: 'sso'; readonly groups: readonly string[]; readonly slug: string; readonly tokenValidity: string; readonly at: ConfigPath }
  | { readonly mode: 'public'; readonly reason: string; readonly at: ConfigPath };

export interface Platform {
  readonly name: string;
  readonly domain: string;
  readonly network: string;
  readonly prefix: string;
  readonly postgres: { readonly host: string; readonly port: number; readonly user: string; readonly password: SecretRef };
  readonly redis: { readonly host: string; readonly port: number; readonly password?: SecretRef };
  readonly vault: VaultSettings;
  readonly authentik: {
    readonly outpostUrl: string;
    readonly authorizationFlow: string;
    readonly invalidationFlow: string;
    readonly tokenValidity: string;
    readonly at: ConfigPath;
  };
  readonly traefik: {
    readonly entrypoint: string;
    readonly certResolver: string;
    /** The oldest Traefik the file must load in; keys newer than it are left out. */
    readonly version: TraefikVersion;
    readonly httpRedirect?: { readonly entrypoint: string };
    readonly securityHeaders?: {
      readonly stsSeconds: number;
      readonly stsIncludeSubdomains: boolean;
      readonly stsPreload: boolean;
      readonly frameDeny: boolean;
    };
  };
}

export interface TraefikVersion {
  /** As written: `3.0`, `3.6.9`. */
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface VaultSettings {
  readonly address: string;
  /** Host path of the CA for an https address: a PEM file or a folder of them. */
  readonly ca?: { readonly kind: 'file' | 'folder'; readonly hostPath: string };
  readonly kvMount: string;
  readonly kvVersion: 1 | 2;
  readonly auth: {
    readonly method: 'approle' | 'token_file';
    readonly mountPath: string;
    /** Host folder with one sub-folder per agent: `<app>/<environment>`. */
    readonly credentialsDir: string;
  };
  readonly agent: {
    readonly flavor: 'vault' | 'openbao';
    readonly image: string;
    /** Root of the agent's files inside its container: `/vault` or `/openbao`. */
    readonly root: string;
  };
  readonly at: ConfigPath;
}

/** One line of a rendered env file. */
export type EnvEntry =
  | {
      readonly kind: 'secret';
      readonly name: string;
      readonly secret: ResolvedSecret;
      /** Only ASCII is accepted: the reader compares the value as a Python `str` with hmac.compare_digest. */
      readonly asciiOnly?: boolean;
    }
  /** A URL with the secret percent-encoded between a fixed prefix and suffix. */
  | { readonly kind: 'url'; readonly name: string; readonly prefix: string; readonly secret: ResolvedSecret; readonly suffix: string };

/** An env file the vault-agent renders for one consuming container. */
export interface EnvFile {
  /** `server`, `worker-production-pool`, `app`. */
  readonly consumer: string;
  /** File name inside the secrets volume: `server.env`. */
  readonly fileName: string;
  /** Where its consumers find the volume, read-only: `/vault/secrets`. */
  readonly readDir: string;
  /**
   * The tmpfs volume that holds this file and nothing else: `prefect-secrets-server`. Only the agent and
   * this file's consumers mount it, so no container can read another consumer's secrets.
   */
  readonly volume: string;
  /** The environment whose secrets the file holds. */
  readonly environment: string;
  /** Compose service of the agent that renders the file: the one agent its consumers wait for. */
  readonly agentService: string;
  readonly entries: readonly EnvEntry[];
}

/**
 * The sidecar that renders an app's env files of one environment. Each environment has its own agent,
 * credentials and policy, so a secret missing in one environment cannot keep another's containers from
 * starting, and an agent cannot read another environment's paths.
 */
export interface VaultAgent {
  /** `prefect-vault-agent-staging`: `<app>-vault-agent-<environment>`. */
  readonly service: string;
  readonly container: string;
  readonly environment: string;
  /** Output folder of this agent's Vault files, relative to the output root: `prefect/vault/staging`. */
  readonly outputDir: string;
  /** Host folder holding this agent's AppRole credentials or token: `<credentialsDir>/<app>/<environment>`. */
  readonly credentialsDir: string;
  /** `platform-prefect-staging`: the policy and the AppRole role of this agent. */
  readonly policyName: string;
  /** Each with its own volume; the agent mounts them all, one sub-folder per consumer. */
  readonly envFiles: readonly EnvFile[];
}

/** A host that Traefik publishes. */
export interface PublicRoute {
  readonly host: string;
  readonly publicUrl: string;
  /** `http://platform-prefect-server:4200`. */
  readonly upstream: string;
  readonly healthPath: string;
  readonly access: Access;
  /**
   * The app checks an `Authorization` header of its own (Prefect's API auth string, which its UI sends), so
   * the SSO outpost must pass that header through rather than read it as sign-in credentials.
   */
  readonly appAuthorization: boolean;
  readonly at: ConfigPath;
}

interface AppBase {
  readonly name: string;
  readonly title: string;
  readonly environment: string;
  readonly at: ConfigPath;
  readonly route?: PublicRoute;
  /** One per environment whose secrets the app's containers read, in order of first use; empty without secrets. */
  readonly vaultAgents: readonly VaultAgent[];
  /** Every service the app runs, its agents first, as each target renders them. */
  readonly workloads: readonly Workload[];
}

export interface Container {
  readonly service: string;
  /** Absent when the service runs several replicas (Compose then names them). */
  readonly container?: string;
}

export interface PrefectDeployment extends WrittenPrefectDeployment {
  readonly at: ConfigPath;
}

export interface WorkPool extends Container {
  readonly name: string;
  readonly environment: string;
  readonly workers: number;
  readonly image: string;
  /** Flow runs each worker takes at once (`--limit`). */
  readonly workerConcurrencyLimit?: number;
  /** Flow runs the pool allows at once across all its workers; the bootstrap script sets it, or clears it when absent. */
  readonly poolConcurrencyLimit?: number;
  readonly envFile?: EnvFile;
  readonly deployments: readonly PrefectDeployment[];
  readonly options: ServiceOptions;
  readonly at: ConfigPath;
}

/**
 * Prefect's API auth string. One value for the server and every worker, so it is resolved for the app's
 * environment whatever environment a reader serves.
 */
export type ApiAuth =
  | { readonly enabled: true; readonly secret: ResolvedSecret; readonly at: ConfigPath }
  | { readonly enabled: false; readonly reason: string; readonly at: ConfigPath };

export interface PrefectApp extends AppBase {
  readonly kind: 'prefect';
  readonly route: PublicRoute;
  readonly image: string;
  readonly database: Database;
  readonly apiAuth: ApiAuth;
  readonly redis: { readonly db: number; readonly docketDb?: number; readonly at: ConfigPath };
  readonly server: Container & { readonly port: number; readonly internalUrl: string; readonly apiUrl: string; readonly options: ServiceOptions };
  readonly services: Container & { readonly options: ServiceOptions };
  /** A one-shot step that retries the migration `attempts` times, `intervalSeconds` apart, then fails. */
  readonly migrate: Container & { readonly attempts: number; readonly intervalSeconds: number };
  /** Env file shared by migrate, server and services (database and Redis credentials). */
  readonly serverEnvFile: EnvFile;
  readonly workPools: readonly WorkPool[];
}

/** The Postgres role an app connects as: its own, or the platform-wide user whose password every such app holds. */
export interface DatabaseLogin {
  readonly user: string;
  readonly password: SecretRef;
}

export interface Database {
  readonly name: string;
  readonly login: DatabaseLogin;
  /** The login's password, resolved for the app's environment: where an operator finds it. */
  readonly password: ResolvedSecret;
}

export interface AppDatabase extends Database {
  readonly urlEnv: string;
  readonly scheme: string;
}

export interface AppRedis {
  readonly db: number;
  readonly urlEnv: string;
  readonly at: ConfigPath;
}

interface ContainerApp extends AppBase, Container {
  readonly container: string;
  readonly image: string;
  readonly port?: number;
  readonly healthPath?: string;
  /** False when the config turns the Docker healthcheck off (an image without a shell cannot run it). */
  readonly dockerHealthcheck: boolean;
  readonly internalUrl?: string;
  readonly command?: readonly string[];
  readonly database?: AppDatabase;
  readonly redis?: AppRedis;
  readonly envFile?: EnvFile;
  readonly options: ServiceOptions;
}

export interface WebApp extends ContainerApp {
  readonly kind: 'web';
  readonly route: PublicRoute;
  readonly port: number;
  readonly internalUrl: string;
  readonly healthPath: string;
}

export interface InternalApp extends ContainerApp {
  readonly kind: 'internal';
}

export type App = PrefectApp | WebApp | InternalApp;
