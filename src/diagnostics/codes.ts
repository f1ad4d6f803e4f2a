/**
 * The closed set of diagnostic codes. Tests assert on these, never on wording;
 * the README's table is generated from the same descriptions.
 */
export const diagnosticCodes = {
  // load
  INPUT_NOT_FOUND: 'The config file does not exist or cannot be read.',
  INPUT_TOO_LARGE: 'The config file is larger than perfect-gen accepts.',
  INPUT_ENCODING: 'The config file is not valid UTF-8 text, or contains NUL bytes, control characters or unpaired surrogates.',
  YAML_SYNTAX: 'The config file is not valid YAML.',
  YAML_DUPLICATE_KEY: 'A mapping has the same key twice.',
  YAML_KEY_NOT_STRING: 'A mapping key is not a plain string.',
  YAML_TOO_COMPLEX: 'Aliases, nesting or the number of entries go beyond the limits that guard against YAML bombs.',
  ENV_UNDEFINED: 'A `${VAR}` reference names a variable that is not set and has no default.',
  ENV_SYNTAX: 'A `${…}` reference is malformed.',
  // validate
  SCHEMA_UNKNOWN_KEY: 'A key that the schema does not define.',
  SCHEMA_REQUIRED: 'A required key is missing.',
  SCHEMA_TYPE: 'A value has the wrong type.',
  SCHEMA_PATTERN: 'A value does not have the required form.',
  SCHEMA_ENUM: 'A value is not one of the allowed values.',
  SCHEMA_RANGE: 'A value, list or text is too small or too large.',
  // check
  DUPLICATE_NAME: 'Two apps, environments, work pools, deployments of one app or Authentik slugs share a name.',
  DUPLICATE_HOST: 'Two apps use the same public host.',
  DUPLICATE_CONTAINER: 'Two generated containers or services (or two secrets volumes) would get the same name, or one would take the name of a platform host.',
  DUPLICATE_REDIS_DB: 'Two stacks share a Redis DB index.',
  DUPLICATE_ENV_VAR: 'One container would receive the same environment variable twice.',
  UNKNOWN_ENVIRONMENT: 'A reference to an environment that is not declared.',
  ENVIRONMENT_REQUIRED: 'An app names no environment while several are declared and no `platform.defaultEnvironment` is set.',
  VAULT_PATH_OUTSIDE_MOUNT: 'A Vault path does not lie under the configured KV mount.',
  VAULT_PATH_API_FORM: 'A KV v2 path is written as its API path (`<mount>/data/…` or `<mount>/metadata/…`); perfect-gen adds `data/` itself.',
  VAULT_PATH_OTHER_ENVIRONMENT: 'A Vault path read for one environment names another declared environment as a segment (warning).',
  LITERAL_SECRET: 'A secret-looking literal value; secrets belong in Vault.',
  IMAGE_NOT_PINNED: 'An image without an exact version tag or digest.',
  RESERVED_ENV_VAR: 'An extra environment variable would override one perfect-gen sets.',
  PUBLIC_WITHOUT_REASON: 'A host is public (no SSO) but its reason is blank or a placeholder.',
  API_AUTH_OFF_WITHOUT_REASON: 'Prefect\'s API auth is turned off but the reason is blank or a placeholder.',
  TRAEFIK_LABEL: 'A `traefik.*` container label could publish a route around the generated, SSO-protected config.',
  RESERVED_VOLUME: 'An extra volume would mount a secrets volume that belongs to another container.',
  MISSING_COMMAND: 'A web or internal app reads secrets but names no `command`; its image\'s own command cannot be kept.',
  CRON_INVALID: 'A deployment\'s cron schedule is not five valid fields (minute, hour, day of month, month, day of week).',
  TIMEZONE_UNKNOWN: 'A deployment\'s time zone is not an IANA time zone name.',
  CREDENTIALS_IN_OUTPUT: 'The Vault credentials folder lies inside the output folder, which is committed.',
  POOL_WITHOUT_WORKERS: 'A work pool with scheduled deployments has `workers: 0` (warning).',
  AGENT_IMAGE_FLAVOR: 'The vault-agent image looks like the other flavor (Vault or OpenBao) than `vault.agent.flavor` says (warning).',
  DOCKER_SOCKET: 'A container mounts the Docker socket (warning; an error on a public app).',
  // write
  OUTPUT_CONFLICT: 'The output folder cannot be written safely.',
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;
