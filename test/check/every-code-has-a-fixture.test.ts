import { describe, expect, it } from 'vitest';
import { diagnosticCodes, type DiagnosticCode } from '../../src/diagnostics/codes.js';
import { hostileFixtures } from '../hostile/hostile-fixtures.js';
import { checkFixtures, warningFixtures } from './check-fixtures.js';
import { validateFixtures } from './validate-fixtures.js';

/** Codes that load, validate and check cannot produce, and where they are covered instead. */
const excluded: Readonly<Partial<Record<DiagnosticCode, string>>> = {
  INPUT_NOT_FOUND: 'raised by the CLI when it reads the file, before compile(); covered by test/hostile/hostile-configs.test.ts and test/cli',
  YAML_IMPLICIT_TYPE: 'a warning, so no fixture (fixtures are refused configs); covered by test/hostile/hostile-configs.test.ts',
  OUTPUT_CONFLICT: 'returned by the write stage, after compile(); covered by test/write/write-atomic.test.ts and test/cli/output-conflict.test.ts',
};

describe('every diagnostic code has a fixture', () => {
  const covered = new Set<DiagnosticCode>(
    [...hostileFixtures, ...validateFixtures, ...checkFixtures, ...warningFixtures].flatMap((f) => [...f.expectedCodes, ...(f.expectedWarnings ?? [])]),
  );

  it.each(Object.keys(diagnosticCodes) as DiagnosticCode[])('%s', (code) => {
    if (excluded[code] !== undefined) {
      expect(covered.has(code), `${code} is excluded (${excluded[code]}) but also has a fixture; drop the exclusion`).toBe(false);
      return;
    }
    expect(covered.has(code), `no fixture expects ${code}; add one to test/check or test/hostile`).toBe(true);
  });

  it('excludes only codes that exist', () => {
    for (const code of Object.keys(excluded)) expect(Object.keys(diagnosticCodes)).toContain(code);
  });
});
