/**
 * The config as the user writes it, after schema validation: optional keys are optional.
 * schema/perfect.config.schema.json is the one definition of its shape: the build generates these
 * types from it (scripts/config-types.mjs), and test/model/written-config.test.ts checks that the
 * generated file is the schema's.
 */
export type * from '../generated/written-config.js';
