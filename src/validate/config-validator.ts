// Generated at build time by scripts/build.mjs: ajv's standalone code for
// schema/perfect.config.schema.json, so start-up neither loads ajv nor compiles the schema.
import generatedValidator from '../generated/config-validator.cjs';
import type { CompiledValidator } from './validator-types.js';

export function configValidator(): CompiledValidator {
  return generatedValidator as CompiledValidator;
}
