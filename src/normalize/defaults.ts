/** Every default the normalizer applies, in one place so the README can list them. */
export const defaults = {
  postgresPort: 5432,
  redisPort: 6379,
  kvMount: 'secret',
  kvVersion: 2,
  authMethod: 'approle',
  approleMountPath: 'auth/approle',
  credentialsDir: '/etc/perfect-gen/vault',
  agentFlavor: 'vault',
  agentImages: { vault: 'hashicorp/vault:1.20.4', openbao: 'openbao/openbao:2.6.2' },
  agentRoots: { vault: '/vault', openbao: '/openbao' },
  authorizationFlow: 'default-provider-authorization-implicit-consent',
  invalidationFlow: 'default-provider-invalidation-flow',
  tokenValidity: 'hours=24',
  traefikVersion: '3.0',
  migrateAttempts: 60,
  migrateIntervalSeconds: 5,
  securityHeaders: { enabled: true, stsSeconds: 31_536_000, stsIncludeSubdomains: true, stsPreload: false, frameDeny: true },
  workers: 1,
  /** Where a consumer mounts the volume of its own env file. */
  consumerSecretsDir: '/vault/secrets',
  prefectPort: 4200,
  prefectHealthPath: '/api/health',
  /** Under the KV mount: `secret/<platform>/{env}/<app>`. */
  apiAuthPath: (kvMount: string, platform: string, app: string): string => `${kvMount}/${platform}/{env}/${app}`,
  apiAuthKey: 'api_auth_string',
  /** Prefect's names for the auth string: the server requires the first, clients send the second. */
  apiAuthVariables: { server: 'PREFECT_SERVER_API_AUTH_STRING', client: 'PREFECT_API_AUTH_STRING' },
  webHealthPath: '/',
  databaseUrlEnv: 'DATABASE_URL',
  databaseScheme: 'postgresql',
  redisUrlEnv: 'REDIS_URL',
} as const;
