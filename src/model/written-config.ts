/**
 * The config as the user writes it, after schema validation: optional fields are optional.
 * Mirrors schema/perfect.config.schema.json, which stays the single definition.
 */
export interface WrittenConfig {
  readonly version: 1;
  readonly platform: WrittenPlatform;
  readonly environments: readonly WrittenEnvironment[];
  readonly apps: readonly WrittenApp[];
}

export interface WrittenSecretRef {
  readonly path: string;
  readonly key: string;
}

export interface WrittenSecretEnv extends WrittenSecretRef {
  readonly env: string;
}

export interface WrittenServiceOptions {
  readonly environment?: Readonly<Record<string, string | number | boolean>>;
  readonly volumes?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly resources?: { readonly cpus?: number; readonly memory?: string };
  readonly logging?: { readonly driver: string; readonly options?: Readonly<Record<string, string>> };
}

export type WrittenAccess =
  | { readonly mode: 'sso'; readonly groups: readonly string[]; readonly slug?: string; readonly tokenValidity?: string }
  | { readonly mode: 'public'; readonly reason: string };

export interface WrittenEnvironment {
  readonly name: string;
  readonly description?: string;
}

export interface WrittenPlatform {
  readonly name: string;
  readonly domain: string;
  readonly network: string;
  readonly defaultEnvironment?: string;
  readonly naming?: { readonly prefix?: string };
  readonly postgres: { readonly host: string; readonly port?: number; readonly user: string; readonly password: WrittenSecretRef };
  readonly redis: { readonly host: string; readonly port?: number; readonly password?: WrittenSecretRef };
  readonly vault: {
    readonly address: string;
    readonly kv?: { readonly mount?: string; readonly version?: 1 | 2 };
    readonly auth?: { readonly method?: 'approle' | 'token_file'; readonly mountPath?: string; readonly credentialsDir?: string };
    readonly agent?: { readonly flavor?: 'vault' | 'openbao'; readonly image?: string };
  };
  readonly authentik: {
    readonly outpostUrl: string;
    readonly authorizationFlow?: string;
    readonly invalidationFlow?: string;
    readonly tokenValidity?: string;
  };
  readonly traefik: {
    readonly entrypoint: string;
    readonly certResolver: string;
    readonly version?: string;
    readonly httpRedirect?: { readonly entrypoint: string };
    readonly securityHeaders?: {
      readonly enabled?: boolean;
      readonly stsSeconds?: number;
      readonly stsIncludeSubdomains?: boolean;
      readonly stsPreload?: boolean;
      readonly frameDeny?: boolean;
    };
  };
}

interface WrittenAppBase {
  readonly name: string;
  readonly title?: string;
  readonly environment?: string;
  readonly secrets?: readonly WrittenSecretEnv[];
}

export interface WrittenPrefectDeployment {
  readonly name: string;
  readonly entrypoint: string;
  readonly description?: string;
  readonly cron?: string;
  readonly interval?: number;
  readonly timezone?: string;
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly tags?: readonly string[];
}

export interface WrittenWorkPool {
  readonly name: string;
  readonly environment: string;
  readonly workers?: number;
  readonly image?: string;
  readonly workerConcurrencyLimit?: number;
  readonly poolConcurrencyLimit?: number;
  readonly secrets?: readonly WrittenSecretEnv[];
  readonly deployments?: readonly WrittenPrefectDeployment[];
  readonly options?: WrittenServiceOptions;
}

/** The app's own Postgres role: both or neither (the schema says so). */
export interface WrittenDatabaseLogin {
  readonly user?: string;
  readonly password?: WrittenSecretRef;
}

export interface WrittenPrefectDatabase extends WrittenDatabaseLogin {
  readonly name: string;
}

export type WrittenApiAuth =
  | { readonly enabled?: true; readonly path?: string; readonly key?: string }
  | { readonly enabled: false; readonly reason: string };

export interface WrittenPrefectApp extends WrittenAppBase {
  readonly kind: 'prefect';
  readonly host: string;
  readonly access: WrittenAccess;
  readonly image: string;
  /** A name alone connects as the platform's Postgres user. */
  readonly database: string | WrittenPrefectDatabase;
  readonly apiAuth?: WrittenApiAuth;
  readonly redis: { readonly db: number; readonly docketDb?: number };
  readonly migrate?: { readonly attempts?: number; readonly intervalSeconds?: number };
  readonly workPools: readonly WrittenWorkPool[];
  readonly server?: WrittenServiceOptions;
  readonly services?: WrittenServiceOptions;
}

export interface WrittenAppDatabase extends WrittenDatabaseLogin {
  readonly name: string;
  readonly urlEnv?: string;
  readonly scheme?: string;
}

export interface WrittenAppRedis {
  readonly db: number;
  readonly urlEnv?: string;
}

export interface WrittenWebApp extends WrittenAppBase {
  readonly kind: 'web';
  readonly host: string;
  readonly access: WrittenAccess;
  readonly image: string;
  readonly port: number;
  readonly healthPath?: string;
  readonly command?: readonly string[];
  readonly database?: WrittenAppDatabase;
  readonly redis?: WrittenAppRedis;
  readonly options?: WrittenServiceOptions;
}

export interface WrittenInternalApp extends WrittenAppBase {
  readonly kind: 'internal';
  readonly image: string;
  readonly port?: number;
  readonly healthPath?: string;
  readonly command?: readonly string[];
  readonly database?: WrittenAppDatabase;
  readonly redis?: WrittenAppRedis;
  readonly options?: WrittenServiceOptions;
}

export type WrittenApp = WrittenPrefectApp | WrittenWebApp | WrittenInternalApp;
