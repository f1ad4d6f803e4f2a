import { at, edit, webApp, withApps, type Fixture } from './fixture-support.js';

/** Schema errors, one config per code the validate stage maps ajv's keywords to. */
export const validateFixtures: readonly Fixture[] = [
  { name: 'the per-worker limit under its old name', yaml: edit([at.stagingPool, `${at.stagingPool}        concurrencyLimit: 4\n`]), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: 'misspelt key', yaml: edit([at.title, '    titel: Perfect\n']), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: 'missing host', yaml: edit(['    host: perfect.zitian.party\n', '']), expectedCodes: ['SCHEMA_REQUIRED'] },
  { name: 'port as text', yaml: edit(['    port: 5432\n', '    port: five\n']), expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'upper-case host', yaml: edit(['    host: perfect.zitian.party\n', '    host: Perfect.Zitian.Party\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'unknown auth method', yaml: edit(['      method: approle\n', '      method: ldap\n']), expectedCodes: ['SCHEMA_ENUM'] },
  { name: 'a relative Vault CA path', yaml: edit(['    address: http://platform-vault:8200\n', '    address: https://platform-vault:8200\n    tls: {caCert: ./ca.pem}\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  {
    name: 'both a CA file and a CA folder',
    yaml: edit(['    address: http://platform-vault:8200\n', '    address: https://platform-vault:8200\n    tls: {caCert: /etc/ca.pem, caPath: /etc/cas}\n']),
    expectedCodes: ['SCHEMA_RANGE'],
  },
  { name: 'healthcheck as text', yaml: withApps(webApp('wiki', '    healthcheck: "no"')), expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'own database user without its password', yaml: edit(['    database: prefect\n', '    database: {name: prefect, user: prefect}\n']), expectedCodes: ['SCHEMA_REQUIRED'] },
  { name: 'Redis DB beyond 15', yaml: edit([at.redisDb, '    redis:\n      db: 16\n']), expectedCodes: ['SCHEMA_RANGE'] },
];
