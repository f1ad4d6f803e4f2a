import { at, edit, type Fixture } from './fixture-support.js';

/** Schema errors, one config per code the validate stage maps ajv's keywords to. */
export const validateFixtures: readonly Fixture[] = [
  { name: 'the per-worker limit under its old name', yaml: edit([at.stagingPool, `${at.stagingPool}        concurrencyLimit: 4\n`]), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: 'misspelt key', yaml: edit([at.title, '    titel: Perfect\n']), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: 'missing host', yaml: edit(['    host: perfect.zitian.party\n', '']), expectedCodes: ['SCHEMA_REQUIRED'] },
  { name: 'port as text', yaml: edit(['    port: 5432\n', '    port: five\n']), expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'upper-case host', yaml: edit(['    host: perfect.zitian.party\n', '    host: Perfect.Zitian.Party\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'unknown auth method', yaml: edit(['      method: approle\n', '      method: ldap\n']), expectedCodes: ['SCHEMA_ENUM'] },
  { name: 'own database user without its password', yaml: edit(['    database: prefect\n', '    database: {name: prefect, user: prefect}\n']), expectedCodes: ['SCHEMA_REQUIRED'] },
  { name: 'Redis DB beyond 15', yaml: edit([at.redisDb, '    redis:\n      db: 16\n']), expectedCodes: ['SCHEMA_RANGE'] },
];
