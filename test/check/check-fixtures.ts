import { at, edit, webApp, withApps, type Fixture } from './fixture-support.js';

/** Lines for the prefect app, inserted after its image. */
const prefect = (lines: string) => edit([at.image, at.image + lines]);
const serverEnv = (lines: string) => prefect(`    server:\n      environment:\n${lines}`);
const servicesEnv = (lines: string) => prefect(`    services:\n      environment:\n${lines}`);
const poolLines = (lines: string) => edit([at.productionPool, at.productionPool + lines]);
const poolEnv = (lines: string) => poolLines(`        options:\n          environment:\n${lines}`);
const appSecret = (env: string, path = 'secret/platform/{env}/app') => `    secrets:\n      - {env: ${env}, path: "${path}", key: value}\n`;
const publicAccess = (reason: string) =>
  edit([at.sso, `    access:\n      mode: public\n      reason: ${JSON.stringify(reason)}\n`]);
const webWith = (extra: string) => withApps(webApp('wiki', extra));

const deployment = (schedule: string) => poolLines(`        deployments:\n          - name: etl\n            entrypoint: flows/etl.py:etl\n${schedule}`);

/** Configs that compile (or not) with warnings: the expected warning codes are exact. */
export const warningFixtures: readonly Fixture[] = [
  // VAULT_PATH_OTHER_ENVIRONMENT
  {
    name: 'staging pool reads a production path',
    yaml: edit([at.stagingPool, `${at.stagingPool}        secrets:\n          - {env: DSN, path: secret/platform/production/warehouse, key: dsn}\n`]),
    expectedCodes: [],
    expectedWarnings: ['VAULT_PATH_OTHER_ENVIRONMENT'],
  },
  {
    name: '${env} set once in the process environment',
    yaml: edit([at.stagingPool, `${at.stagingPool}        secrets:\n          - {env: DSN, path: "secret/platform/\${env}/warehouse", key: dsn}\n`]),
    env: { env: 'production' },
    expectedCodes: [],
    expectedWarnings: ['VAULT_PATH_OTHER_ENVIRONMENT'],
  },
  // POOL_WITHOUT_WORKERS
  {
    name: 'scheduled deployments on a pool without workers',
    yaml: edit([at.stagingPool, '      - name: staging-pool\n        environment: staging\n        workers: 0\n        deployments:\n          - {name: etl, entrypoint: flows/etl.py:etl, cron: "0 3 * * *"}\n          - {name: ping, entrypoint: flows/ping.py:ping, interval: 300}\n']),
    expectedCodes: [],
    expectedWarnings: ['POOL_WITHOUT_WORKERS'],
  },
  // AGENT_IMAGE_FLAVOR
  { name: 'OpenBao image as the Vault flavor', yaml: edit(['      image: hashicorp/vault:1.20.4\n', '      image: openbao/openbao:2.6.2\n']), expectedCodes: [], expectedWarnings: ['AGENT_IMAGE_FLAVOR'] },
  { name: 'Vault image as the OpenBao flavor', yaml: edit(['      flavor: vault\n', '      flavor: openbao\n']), expectedCodes: [], expectedWarnings: ['AGENT_IMAGE_FLAVOR'] },
  // DOCKER_SOCKET
  { name: 'Docker socket in an SSO app', yaml: webWith('    options:\n      volumes:\n        - /var/run/docker.sock:/var/run/docker.sock:ro'), expectedCodes: [], expectedWarnings: ['DOCKER_SOCKET'] },
  { name: "the host's /run folder in a worker", yaml: poolLines('        options:\n          volumes:\n            - /run:/host-run\n'), expectedCodes: [], expectedWarnings: ['DOCKER_SOCKET'] },
  {
    name: 'Docker socket in a public app',
    yaml: withApps(webApp('status', '    options:\n      volumes:\n        - /var/run/docker.sock:/var/run/docker.sock').replace('      mode: sso\n      groups: [staff]\n', '      mode: public\n      reason: Status page that customers read without an account.\n')),
    expectedCodes: ['DOCKER_SOCKET'],
    expectedWarnings: [],
  },
];

/** Cross-field rules of the check stage: one or more configs per code. */
export const checkFixtures: readonly Fixture[] = [
  // DUPLICATE_NAME
  { name: 'environment declared twice', yaml: edit([at.environments, `${at.environments}  - name: staging\n`]), expectedCodes: ['DUPLICATE_NAME'] },
  { name: 'app name used twice', yaml: withApps(webApp('prefect', '', 'other.zitian.party')), expectedCodes: ['DUPLICATE_NAME'] },
  { name: 'work pool name used twice', yaml: edit([at.stagingPool, at.stagingPool.replace('staging-pool', 'production-pool')]), expectedCodes: ['DUPLICATE_NAME'] },
  {
    name: 'deployment name used twice for one environment',
    yaml: poolLines('        deployments:\n          - {name: etl, entrypoint: flows/etl.py:etl}\n          - {name: etl, entrypoint: flows/other.py:other}\n'),
    expectedCodes: ['DUPLICATE_NAME'],
  },
  {
    name: 'Authentik slug used twice',
    yaml: withApps(webApp('wiki').replace('      mode: sso\n', '      mode: sso\n      slug: perfect\n')),
    expectedCodes: ['DUPLICATE_NAME'],
  },
  // DUPLICATE_HOST
  { name: 'two apps on one host', yaml: withApps(webApp('wiki', '', 'perfect.zitian.party')), expectedCodes: ['DUPLICATE_HOST'] },
  // DUPLICATE_CONTAINER
  { name: 'web app named like the prefect server service', yaml: withApps(webApp('prefect-server')), expectedCodes: ['DUPLICATE_CONTAINER'] },
  { name: 'app container takes the Postgres host name', yaml: withApps(webApp('postgres')), expectedCodes: ['DUPLICATE_CONTAINER'] },
  {
    name: 'replicated worker service and a web app share a service name',
    yaml: withApps(webApp('prefect-worker-staging-pool')).replace(at.stagingPool, at.stagingPool.replace('workers: 1', 'workers: 2')),
    expectedCodes: ['DUPLICATE_CONTAINER'],
  },
  {
    // prefect + worker-x-secrets-app and prefect-secrets-worker-x + app both give `prefect-secrets-worker-x-secrets-app`.
    name: 'two apps derive the same secrets volume',
    yaml:
      edit([at.stagingPool, at.stagingPool.replace('staging-pool', 'x-secrets-app') + '        secrets:\n          - {env: TOKEN, path: "secret/platform/{env}/x", key: token}\n']) +
      webApp('prefect-secrets-worker-x', appSecret('FOO')),
    expectedCodes: ['DUPLICATE_CONTAINER'],
  },
  {
    // wiki in environment x-production and wiki-x in production both give the policy `platform-wiki-x-production`.
    name: 'two agents derive the same Vault policy',
    yaml:
      edit([at.environments, `${at.environments}  - name: x-production\n`]) +
      webApp('wiki', appSecret('FOO')).replace('    environment: production\n', '    environment: x-production\n') +
      webApp('wiki-x', appSecret('BAR')),
    expectedCodes: ['DUPLICATE_CONTAINER'],
  },
  // DUPLICATE_REDIS_DB
  { name: 'web app on the Prefect Redis DB', yaml: webWith('    redis:\n      db: 1'), expectedCodes: ['DUPLICATE_REDIS_DB'] },
  { name: 'Docket on the messaging DB', yaml: edit([at.redisDb, `${at.redisDb}      docketDb: 1\n`]), expectedCodes: ['DUPLICATE_REDIS_DB'] },
  // DUPLICATE_ENV_VAR
  { name: 'server variable also rendered from Vault', yaml: prefect(appSecret('FOO')).replace(at.image, `${at.image}    server:\n      environment:\n        FOO: bar\n`), expectedCodes: ['DUPLICATE_ENV_VAR'] },
  { name: 'worker sets the API auth string it already gets from Vault', yaml: poolEnv('            PREFECT_API_AUTH_STRING: admin\n'), expectedCodes: ['DUPLICATE_ENV_VAR', 'LITERAL_SECRET'] },
  { name: 'services variable also rendered from Vault', yaml: prefect(`${appSecret('FOO')}    services:\n      environment:\n        FOO: bar\n`), expectedCodes: ['DUPLICATE_ENV_VAR'] },
  {
    name: 'two secrets into one variable',
    yaml: prefect('    secrets:\n      - {env: FOO, path: "secret/platform/{env}/a", key: a}\n      - {env: FOO, path: "secret/platform/{env}/b", key: b}\n'),
    expectedCodes: ['DUPLICATE_ENV_VAR'],
  },
  { name: 'secret named like the database URL', yaml: webWith(`    database:\n      name: wiki\n${appSecret('DATABASE_URL')}`), expectedCodes: ['DUPLICATE_ENV_VAR'] },
  { name: 'database and Redis URL in one variable', yaml: webWith('    database:\n      name: wiki\n    redis:\n      db: 3\n      urlEnv: DATABASE_URL'), expectedCodes: ['DUPLICATE_ENV_VAR'] },
  // RESERVED_ENV_VAR
  { name: 'server overrides the database URL by its legacy name', yaml: serverEnv('        PREFECT_API_DATABASE_CONNECTION_URL: sqlite:///x.db\n'), expectedCodes: ['RESERVED_ENV_VAR'] },
  { name: 'services override the UI URL', yaml: servicesEnv('        PREFECT_UI_URL: https://elsewhere.example\n'), expectedCodes: ['RESERVED_ENV_VAR'] },
  { name: 'worker overrides the API URL', yaml: poolEnv('            PREFECT_API_URL: https://perfect.zitian.party/api\n'), expectedCodes: ['RESERVED_ENV_VAR'] },
  { name: 'worker secret rendered into the API URL', yaml: poolLines('        secrets:\n          - {env: PREFECT_API_URL, path: "secret/platform/{env}/x", key: url}\n'), expectedCodes: ['RESERVED_ENV_VAR'] },
  { name: 'web app overrides its Redis URL', yaml: webWith('    redis:\n      db: 3\n    options:\n      environment:\n        REDIS_URL: redis://elsewhere:6379/0'), expectedCodes: ['RESERVED_ENV_VAR'] },
  // UNKNOWN_ENVIRONMENT
  { name: 'pool in an undeclared environment', yaml: edit([at.stagingPool, at.stagingPool.replace('environment: staging', 'environment: qa')]), expectedCodes: ['UNKNOWN_ENVIRONMENT'] },
  { name: 'app in an undeclared environment', yaml: edit(['    environment: production\n    host:', '    environment: qa\n    host:']), expectedCodes: ['UNKNOWN_ENVIRONMENT'] },
  // ENVIRONMENT_REQUIRED
  { name: 'web app without an environment among several', yaml: withApps(webApp('wiki').replace('    environment: production\n', '')), expectedCodes: ['ENVIRONMENT_REQUIRED'] },
  {
    name: 'internal app without an environment among several',
    yaml: withApps('  - name: notifier\n    kind: internal\n    image: ghcr.io/zitian/notifier:1.4.2\n'),
    expectedCodes: ['ENVIRONMENT_REQUIRED'],
  },
  { name: 'platform default names an undeclared environment', yaml: edit([at.platformName, `${at.platformName}  defaultEnvironment: prod\n`]), expectedCodes: ['UNKNOWN_ENVIRONMENT'] },
  // ENV_UNDEFINED, with the placeholder it was meant to be
  { name: '${env} written for {env} in a Vault path', yaml: prefect(appSecret('FOO', 'secret/platform/${env}/foo')), expectedCodes: ['ENV_UNDEFINED'] },
  { name: '${ENV} written for {env} in the Postgres password path', yaml: edit([at.postgresPassword, '    password:\n      path: secret/platform/${ENV}/postgres\n']), expectedCodes: ['ENV_UNDEFINED'] },
  // SCHEMA_PATTERN, with the placeholder it was meant to be
  { name: '$env written for {env} in a Vault path', yaml: prefect(appSecret('FOO', 'secret/platform/$env/foo')), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: '{{env}} written for {env} in a Vault path', yaml: prefect(appSecret('FOO', 'secret/platform/{{env}}/foo')), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: '{environment} written for {env} in a Vault path', yaml: prefect(appSecret('FOO', 'secret/platform/{environment}/foo')), expectedCodes: ['SCHEMA_PATTERN'] },
  // VAULT_PATH_OUTSIDE_MOUNT
  { name: 'secret under another mount', yaml: prefect(appSecret('FOO', 'kv/platform/{env}/foo')), expectedCodes: ['VAULT_PATH_OUTSIDE_MOUNT'] },
  { name: 'secret path climbing out of the mount', yaml: prefect(appSecret('FOO', 'secret/../sys/policies')), expectedCodes: ['VAULT_PATH_OUTSIDE_MOUNT'] },
  {
    name: 'own database password outside the mount',
    yaml: edit(['    database: prefect\n', '    database: {name: prefect, user: prefect, password: {path: kv/prefect-db, key: password}}\n']),
    expectedCodes: ['VAULT_PATH_OUTSIDE_MOUNT'],
  },
  { name: 'API auth string outside the mount', yaml: prefect('    apiAuth: {path: kv/prefect, key: auth}\n'), expectedCodes: ['VAULT_PATH_OUTSIDE_MOUNT'] },
  { name: 'Redis password outside the mount', yaml: edit([at.redisHost, `${at.redisHost}    password: {path: other/redis, key: password}\n`]), expectedCodes: ['VAULT_PATH_OUTSIDE_MOUNT'] },
  // VAULT_PATH_API_FORM
  { name: 'KV v2 path written with data/', yaml: prefect(appSecret('FOO', 'secret/data/platform/{env}/foo')), expectedCodes: ['VAULT_PATH_API_FORM'] },
  { name: 'KV v2 path written with metadata/', yaml: poolLines('        secrets:\n          - {env: FOO, path: "secret/metadata/platform/{env}/foo", key: foo}\n'), expectedCodes: ['VAULT_PATH_API_FORM'] },
  { name: 'Postgres password path written with data/', yaml: edit([at.postgresPassword, '    password:\n      path: secret/data/platform/{env}/postgres\n']), expectedCodes: ['VAULT_PATH_API_FORM'] },
  // LITERAL_SECRET
  { name: 'password variable with a literal value', yaml: serverEnv('        SMTP_PASSWORD: hunter2\n'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'URL with a password', yaml: poolEnv('            WAREHOUSE: postgresql://etl:s3cret@warehouse:5432/dw\n'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'random token under an innocent name', yaml: serverEnv('        UPSTREAM: Zq3vR8xK2mN7pL4wT9yB6cD1\n'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'token pasted into a label', yaml: prefect('    server:\n      labels:\n        com.example.note: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'password on the command line', yaml: webWith('    command: [serve, --db-password=hunter2]'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'password as the next argument', yaml: webWith('    command: [serve, --password, hunter2]'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'logging token', yaml: webWith('    options:\n      logging:\n        driver: splunk\n        options:\n          splunk-token: 0e6f3e4b-7c5a-4d1e-9f2b-123456789abc'), expectedCodes: ['LITERAL_SECRET'] },
  {
    name: 'API key in deployment parameters',
    yaml: poolLines('        deployments:\n          - name: etl\n            entrypoint: flows/etl.py:etl\n            parameters:\n              source:\n                api_key: abc123\n'),
    expectedCodes: ['LITERAL_SECRET'],
  },
  { name: 'private key in an environment description', yaml: edit(['    description: Flows that serve real users.\n', '    description: "-----BEGIN OPENSSH PRIVATE KEY-----"\n']), expectedCodes: ['LITERAL_SECRET'] },
  {
    name: 'a variable declared notSecret still may not hold a known token format',
    yaml: prefect('    server:\n      environment:\n        NOTE: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n      notSecret: [NOTE]\n'),
    expectedCodes: ['LITERAL_SECRET'],
  },
  { name: 'a password setting named without a telling suffix still holds a password', yaml: serverEnv('        ADMIN_PASSWORD_OVERRIDE: hunter2\n'), expectedCodes: ['LITERAL_SECRET'] },
  { name: 'secret interpolated from the environment', yaml: serverEnv('        API_TOKEN: ${API_TOKEN}\n'), env: { API_TOKEN: 'value-from-ci' }, expectedCodes: ['LITERAL_SECRET'] },
  // IMAGE_NOT_PINNED
  { name: 'latest tag', yaml: edit([at.image, '    image: prefecthq/prefect:latest\n']), expectedCodes: ['IMAGE_NOT_PINNED'] },
  { name: 'no tag', yaml: edit([at.image, '    image: prefecthq/prefect\n']), expectedCodes: ['IMAGE_NOT_PINNED'] },
  { name: 'minor-only tag', yaml: edit([at.image, '    image: prefecthq/prefect:3.8\n']), expectedCodes: ['IMAGE_NOT_PINNED'] },
  { name: 'nightly tag with a version', yaml: poolLines('        image: prefecthq/prefect:3.8.3-NIGHTLY\n'), expectedCodes: ['IMAGE_NOT_PINNED'] },
  { name: 'floating agent image', yaml: edit(['      image: hashicorp/vault:1.20.4\n', '      image: hashicorp/vault:1\n']), expectedCodes: ['IMAGE_NOT_PINNED'] },
  // API_AUTH_OFF_WITHOUT_REASON
  { name: 'API auth off with a placeholder reason', yaml: prefect('    apiAuth: {enabled: false, reason: TODO TODO TODO}\n'), expectedCodes: ['API_AUTH_OFF_WITHOUT_REASON'] },
  // PUBLIC_WITHOUT_REASON
  { name: 'reason of spaces', yaml: publicAccess('            '), expectedCodes: ['PUBLIC_WITHOUT_REASON'] },
  { name: 'no reason at all', yaml: edit([at.sso, '    access:\n      mode: public\n']), expectedCodes: ['PUBLIC_WITHOUT_REASON'] },
  { name: 'a reason too short to say why', yaml: publicAccess('status'), expectedCodes: ['PUBLIC_WITHOUT_REASON'] },
  { name: 'placeholder reason', yaml: publicAccess('TODO TODO TODO'), expectedCodes: ['PUBLIC_WITHOUT_REASON'] },
  { name: 'reason of dots', yaml: publicAccess('. . . . . . . .'), expectedCodes: ['PUBLIC_WITHOUT_REASON'] },
  // TRAEFIK_LABEL
  { name: 'container publishes itself to Traefik', yaml: webWith('    options:\n      labels:\n        traefik.enable: "true"'), expectedCodes: ['TRAEFIK_LABEL'] },
  { name: 'router rule in a label', yaml: webWith('    options:\n      labels:\n        traefik.http.routers.wiki.rule: Host(`wiki.zitian.party`)'), expectedCodes: ['TRAEFIK_LABEL'] },
  // RESERVED_VOLUME
  { name: "web app mounts the Prefect server's secrets", yaml: webWith('    options:\n      volumes:\n        - prefect-secrets-server:/secrets:ro'), expectedCodes: ['RESERVED_VOLUME'] },
  {
    name: 'a worker mounts the server secrets',
    yaml: edit([at.stagingPool, `${at.stagingPool}        options:\n          volumes:\n            - prefect-secrets-server:/mnt\n`]),
    expectedCodes: ['RESERVED_VOLUME'],
  },
  // CRON_INVALID
  { name: 'hour 25', yaml: deployment('            cron: "0 25 * * *"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'four cron fields', yaml: deployment('            cron: "0 3 * *"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'six cron fields', yaml: deployment('            cron: "0 0 3 * * *"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'weekday spelt out', yaml: deployment('            cron: "0 3 * * MONDAY"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'step of zero', yaml: deployment('            cron: "*/0 * * * *"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'day of month 0', yaml: deployment('            cron: "0 3 0 * *"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'backward range', yaml: deployment('            cron: "0 17-9 * * *"\n'), expectedCodes: ['CRON_INVALID'] },
  { name: 'misspelt shorthand', yaml: deployment('            cron: "@dialy"\n'), expectedCodes: ['CRON_INVALID'] },
  // TIMEZONE_UNKNOWN
  { name: 'misspelt time zone', yaml: deployment('            cron: "0 3 * * *"\n            timezone: Europe/Amstredam\n'), expectedCodes: ['TIMEZONE_UNKNOWN'] },
  { name: 'time zone in lower case', yaml: deployment('            interval: 600\n            timezone: europe/berlin\n'), expectedCodes: ['TIMEZONE_UNKNOWN'] },
  { name: 'made-up time zone', yaml: deployment('            cron: "0 3 * * *"\n            timezone: Mars/Olympus\n'), expectedCodes: ['TIMEZONE_UNKNOWN'] },
  // CREDENTIALS_IN_OUTPUT
  { name: 'credentials inside the output folder', yaml: edit(['      credentialsDir: /etc/perfect-gen/approle\n', '      credentialsDir: ./out/approle\n']), layout: { configDir: '/repo', outDir: '/repo/out' }, expectedCodes: ['CREDENTIALS_IN_OUTPUT'] },
  { name: 'credentials are the output folder, by an absolute path', yaml: edit(['      credentialsDir: /etc/perfect-gen/approle\n', '      credentialsDir: /srv/deploy/out\n']), layout: { configDir: '/srv/deploy/config', outDir: '/srv/deploy/out' }, expectedCodes: ['CREDENTIALS_IN_OUTPUT'] },
  { name: 'credentials inside an output folder beside the config folder', yaml: edit(['      credentialsDir: /etc/perfect-gen/approle\n', '      credentialsDir: ../generated/creds\n']), layout: { configDir: '/repo/config', outDir: '/repo/generated' }, expectedCodes: ['CREDENTIALS_IN_OUTPUT'] },
  // MISSING_COMMAND
  {
    name: 'web app with a database and no command',
    yaml: withApps(webApp('wiki', '    database:\n      name: wiki').replace('    command: [yarn, start]\n', '')),
    expectedCodes: ['MISSING_COMMAND'],
  },
  {
    name: 'internal app with a secret and no command',
    yaml: withApps('  - name: notifier\n    kind: internal\n    environment: production\n    image: ghcr.io/zitian/notifier:1.4.2\n' + appSecret('SMTP_PASSWORD')),
    expectedCodes: ['MISSING_COMMAND'],
  },
];

/** Configs near each rule's edge that must compile: the rules' false positives. */
export const acceptedFixtures: readonly Fixture[] = [
  { name: 'the example', yaml: edit(), expectedCodes: [] },
  { name: 'a Vault field name with a dash', yaml: prefect(appSecret('API_KEY').replace('key: value', 'key: api-key')), expectedCodes: [] },
  // Settings about secrets are not secrets.
  { name: 'a documented password setting', yaml: serverEnv('        MB_PASSWORD_COMPLEXITY: strong\n        PASSWORD_RESET_DAYS: "30"\n        DB_PASSWORD_FILE: /run/secrets/db\n'), expectedCodes: [] },
  { name: 'a secret-like name holding a setting word', yaml: serverEnv('        SMTP_AUTH_PASSWORD: none\n'), expectedCodes: [] },
  {
    name: 'a variable declared notSecret',
    yaml: prefect('    server:\n      environment:\n        SESSION_TOKEN_SOURCE_ID: Zq3vR8xK2mN7pL4wT9yB6cD1\n        LDAP_BIND_SECRET_KIND: kerberos5\n      notSecret: [SESSION_TOKEN_SOURCE_ID, LDAP_BIND_SECRET_KIND]\n'),
    expectedCodes: [],
  },
  { name: 'an internal app without secrets keeps its image command', yaml: withApps('  - name: notifier\n    kind: internal\n    environment: staging\n    image: ghcr.io/zitian/notifier:1.4.2\n'), expectedCodes: [] },
  {
    name: 'apps without an environment take the declared platform default',
    yaml: withApps(webApp('wiki').replace('    environment: production\n', '')).replace(at.platformName, `${at.platformName}  defaultEnvironment: staging\n`),
    expectedCodes: [],
  },
  {
    name: 'an app without an environment where only one is declared',
    yaml: edit(['  - name: staging\n    description: Flows under test before release.\n', ''], ['      - name: staging-pool\n        environment: staging\n', '      - name: staging-pool\n        environment: production\n'], ['    environment: production\n    host:', '    host:']),
    expectedCodes: [],
  },
  {
    name: 'an {env}-free Vault path shared by the app and both pools',
    yaml: prefect(appSecret('SHARED', 'secret/platform/shared'))
      .replace(at.productionPool, `${at.productionPool}        secrets:\n          - {env: SHARED, path: secret/platform/shared, key: value}\n`)
      .replace(at.stagingPool, `${at.stagingPool}        secrets:\n          - {env: SHARED, path: secret/platform/shared, key: value}\n`),
    expectedCodes: [],
  },
  {
    name: 'secret-sounding names that hold no secret',
    yaml: serverEnv(
      [
        'BYPASS_CACHE: "1"',
        'POSTGRES_PASSWORD_FILE: /run/secrets/postgres',
        'TOKEN_URL: https://auth.zitian.party/token',
        'MAX_TOKENS: 4096',
        'PASSWORD_MIN_LENGTH: 12',
        'AWS_ACCESS_KEY_ID: AKIDEXAMPLE',
        'SESSION_SECRET_ENABLED: true',
        'PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE: 10',
        'PREFECT_SERVER_EVENTS_RETENTION_PERIOD: 7d',
      ]
        .map((l) => `        ${l}\n`)
        .join(''),
    ),
    expectedCodes: [],
  },
  {
    name: 'ordinary values that are long and mixed',
    yaml: serverEnv(
      [
        'JAVA_OPTS: -Xmx512m -XX:MaxRAMPercentage=75.0',
        'REQUEST_ID: 550e8400-e29b-41d4-a716-446655440000',
        'GIT_SHA: da39a3ee5e6b4b0d3255bfef95601890afd80709',
        'PYTHONPATH: /opt/prefect/flows:/usr/local/lib/python3.12/site-packages',
        'UPSTREAM: https://api.zitian.party/v2/ItemsList2024Export?page=1',
        'DSN: postgresql+asyncpg://prefect@platform-postgres:5432/prefect',
        'LANG: en_US.UTF-8',
      ]
        .map((l) => `        ${l}\n`)
        .join(''),
    ),
    expectedCodes: [],
  },
  { name: 'a public host with a real reason', yaml: publicAccess('Status page that customers read without an account.'), expectedCodes: [] },
  { name: 'Traefik explicitly disabled by label', yaml: webWith('    options:\n      labels:\n        traefik.enable: "false"'), expectedCodes: [] },
  { name: 'a command reading its password from the environment', yaml: webWith('    command: [sh, -c, exec serve --password "$$DB_PASSWORD"]'), expectedCodes: [] },
  {
    name: 'a data/ folder under a KV v1 mount is an ordinary path',
    yaml: edit(['      version: 2\n', '      version: 1\n']).replace(at.image, at.image + appSecret('FOO', 'secret/data/platform/{env}/foo')),
    expectedCodes: [],
  },
  {
    name: 'cron ranges, lists, steps, names and time zone aliases',
    yaml: poolLines(
      [
        '        deployments:',
        '          - {name: a, entrypoint: flows/a.py:a, cron: "*/15 9-17 * JAN-MAR,OCT mon-fri", timezone: UTC}',
        '          - {name: b, entrypoint: flows/b.py:b, cron: "0 0 L * ?", timezone: Etc/UTC}',
        '          - {name: c, entrypoint: flows/c.py:c, cron: "30 6 1,15 */2 5#3", timezone: US/Eastern}',
        '          - {name: d, entrypoint: flows/d.py:d, cron: "0 0 * * 7", timezone: America/Argentina/Buenos_Aires}',
        '          - {name: e, entrypoint: flows/e.py:e, cron: "5/10 0 * * *", timezone: Asia/Kolkata}',
        '          - {name: f, entrypoint: flows/f.py:f, cron: "@daily", timezone: Europe/Kyiv}',
        '',
      ].join('\n'),
    ),
    expectedCodes: [],
  },
  { name: 'credentials beside the output folder', yaml: edit(['      credentialsDir: /etc/perfect-gen/approle\n', '      credentialsDir: ./output-credentials\n']), layout: { configDir: '/repo', outDir: '/repo/out' }, expectedCodes: [] },
  {
    name: 'a pool without workers and without schedules, an agent image from a mirror, a socket-like name',
    yaml: edit([at.stagingPool, '      - name: staging-pool\n        environment: staging\n        workers: 0\n        deployments:\n          - {name: adhoc, entrypoint: flows/adhoc.py:adhoc}\n'], ['      image: hashicorp/vault:1.20.4\n', '      image: registry.example.com/mirror/agent:1.20.4\n'])
      .replace(at.productionPool, `${at.productionPool}        options:\n          volumes:\n            - ./docker.sockets.md:/docs/sockets.md:ro\n            - /var/run/postgresql:/var/run/postgresql\n`),
    expectedCodes: [],
  },
  { name: 'an image pinned by digest', yaml: edit([at.image, `    image: prefecthq/prefect@sha256:${'a1'.repeat(32)}\n`]), expectedCodes: [] },
  { name: 'the same deployment name in two environments', yaml: poolLines('        deployments:\n          - {name: etl, entrypoint: flows/etl.py:etl}\n').replace(at.stagingPool, `${at.stagingPool}        deployments:\n          - {name: etl, entrypoint: flows/etl.py:etl}\n`), expectedCodes: [] },
];
