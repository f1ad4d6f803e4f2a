/**
 * The closed set of diagnostic codes. Tests assert on these, never on wording. The README's
 * table of codes says exactly these descriptions, in this order (test/readme.test.ts). A code's
 * prefix names the stage that reports it (test/architecture.test.ts).
 */
export const diagnosticCodes = {
  // load
  INPUT_NOT_FOUND: 'The config file does not exist or cannot be read.',
  INPUT_TOO_LARGE: 'The config file is larger than perfect-gen accepts (4 MiB).',
  INPUT_ENCODING: 'The config file is not valid UTF-8 text, or contains NUL bytes, control characters or unpaired surrogates. A byte-order mark is accepted.',
  YAML_SYNTAX: 'The config file is not valid YAML (bad indentation, tabs, unknown tags, several documents).',
  YAML_DUPLICATE_KEY: 'A mapping has the same key twice; the last one does not silently win. Both keys are named.',
  YAML_KEY_NOT_STRING: 'A mapping key is not a plain string.',
  YAML_TOO_COMPLEX: 'Aliases, nesting (64 levels) or the number of entries go beyond the limits that guard against YAML bombs.',
  ENV_UNDEFINED: 'A `${VAR}` reference names a variable that is not set and has no default. In a Vault path, `${env}` gets "did you mean `{env}`?": setting the variable would make every environment read the same path.',
  ENV_SYNTAX: 'A `${…}` reference is malformed.',
  YAML_NUMBER: 'A number cannot be represented exactly: it is not finite, or it is an integer beyond 2^53.',
  YAML_IMPLICIT_TYPE: 'An unquoted value under `environment` is read as a number or boolean that differs from the text (`3.10` is read as `3.1`); a warning.',
  // validate
  SCHEMA_UNKNOWN_KEY: 'A key that the schema does not define (with a "did you mean").',
  SCHEMA_REQUIRED: 'A required key is missing.',
  SCHEMA_TYPE: 'A value has the wrong type.',
  SCHEMA_PATTERN: 'A value does not have the required form (hostnames, names, image references, Vault paths…); a Vault path that spells the environment `$env`, `{{env}}` or `{environment}` gets "did you mean `{env}`?".',
  SCHEMA_ENUM: 'A value is not one of the allowed values.',
  SCHEMA_RANGE: 'A value, list or text is too small or too large.',
  // check
  DUPLICATE_NAME: 'Two apps, environments, work pools, deployments of one app or Authentik application slugs share a name.',
  DUPLICATE_HOST: 'Two apps use the same public host.',
  DUPLICATE_CONTAINER: 'Two generated containers, services, secrets volumes or Vault policies would get the same name, or one would take the name of a platform host.',
  DUPLICATE_REDIS_DB: 'Two stacks share a Redis DB index (Prefect\'s Redis keys have no prefix).',
  DUPLICATE_ENV_VAR: 'One container would receive the same environment variable twice.',
  UNKNOWN_ENVIRONMENT: 'A reference to an environment that is not declared.',
  ENVIRONMENT_REQUIRED: 'An app names no `environment` while several are declared and no `platform.defaultEnvironment` is set; the error lists the choices.',
  VAULT_PATH_OUTSIDE_MOUNT: 'A Vault path does not lie under the configured KV mount.',
  VAULT_PATH_API_FORM: 'A KV v2 path is written as its API path (`kv/data/apps/x`, `kv/metadata/apps/x`); write `kv/apps/x`, perfect-gen adds `data/` itself.',
  VAULT_PATH_OTHER_ENVIRONMENT: 'Warning: a Vault path read for one environment names another declared environment as a segment (`secret/production/x` for a staging pool).',
  LITERAL_SECRET: 'A secret-looking literal value (a password-like name, a token-like string, a URL with a password); secrets belong in Vault. A setting about a secret (`MB_PASSWORD_COMPLEXITY: strong`, `PASSWORD_RESET_DAYS`, a file path) is not one; `notSecret` lists other plain variables.',
  IMAGE_NOT_PINNED: 'An image without an exact version tag or digest.',
  RESERVED_ENV_VAR: 'An extra environment variable would override one perfect-gen sets.',
  PUBLIC_WITHOUT_REASON: 'A host is public (no SSO) but its reason is missing, blank, too short or a placeholder.',
  API_AUTH_OFF_WITHOUT_REASON: 'Prefect\'s API auth is turned off (`apiAuth.enabled: false`) but the reason is blank or a placeholder.',
  TRAEFIK_LABEL: 'A `traefik.*` container label could publish a route around the generated, SSO-protected config.',
  RESERVED_VOLUME: 'An extra volume would mount a secrets volume that belongs to another container.',
  MISSING_COMMAND: 'A web or internal app reads secrets but names no `command` (its image\'s own command cannot be kept).',
  CRON_INVALID: 'A deployment\'s cron schedule is not five valid fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or `JAN`-`DEC`, day of week 0-7 or `SUN`-`SAT`, with `*`, ranges, lists and steps (`L`, `5#3` and `@daily`-style shorthands as Prefect\'s croniter reads them).',
  TIMEZONE_UNKNOWN: 'A deployment\'s time zone is not an IANA name as the tz database writes it (`Europe/Amstredam`, `europe/berlin`), with a "did you mean".',
  CREDENTIALS_IN_OUTPUT: '`vault.auth.credentialsDir` lies inside the output folder, which is committed.',
  POOL_WITHOUT_WORKERS: 'Warning: a work pool with scheduled deployments has `workers: 0`; its runs would wait as Late unless a worker runs elsewhere.',
  AGENT_IMAGE_FLAVOR: 'Warning: the agent image looks like OpenBao while `vault.agent.flavor` is `vault`, or the other way round.',
  DOCKER_SOCKET: 'A container mounts the Docker socket (or `/`, `/run`, `/var/run`): a warning, and an error on a public app.',
  // write
  OUTPUT_CONFLICT: 'The output folder cannot be written safely: a file or folder is in the way, or a file that perfect-gen did not generate is at an artifact\'s path (replace it with `--force`), or `init` would overwrite an existing file.',
} as const;

export type DiagnosticCode = keyof typeof diagnosticCodes;
