import type { PathDiagnostic } from '../diagnostics/diagnostic.js';
import type { WrittenConfig } from '../model/written-config.js';
import { configValidator } from './config-validator.js';
import { mapSchemaErrors } from './map-schema-errors.js';

export type ValidateResult =
  | { readonly ok: true; readonly config: WrittenConfig; readonly diagnostics: readonly PathDiagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly PathDiagnostic[] };

/** JSON-schema validation of the loaded tree; on success the tree is typed as the written config. */
export function validateConfig(value: unknown): ValidateResult {
  const validate = configValidator();
  if (validate(value)) return { ok: true, config: value as WrittenConfig, diagnostics: [] };
  return { ok: false, diagnostics: mapSchemaErrors(validate.errors ?? []) };
}
