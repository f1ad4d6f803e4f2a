import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/core/compile.js';
import { provenanceFor } from '../../src/core/provenance.js';
import type { OutputFile } from '../../src/emit/types.js';
import { projectRoot } from './model-from.js';

/** Each bundled example and the folder its committed output lives in. */
export const examples = [
  { name: 'perfect', config: 'examples/perfect/perfect.config.yaml', out: 'out' },
  { name: 'platform', config: 'examples/platform/perfect.config.yaml', out: 'examples/platform/out' },
] as const;

export type Example = (typeof examples)[number];

/** Builds an example in memory exactly as `perfect-gen build` would from the project root. */
export function buildExample(example: Example): readonly OutputFile[] {
  const configPath = join(projectRoot, example.config);
  const result = compile({
    file: example.config,
    content: readFileSync(configPath),
    env: {},
    provenance: provenanceFor(configPath, join(projectRoot, example.out)),
  });
  if (!result.ok) throw new Error(`${example.name} does not build:\n${JSON.stringify(result.diagnostics, null, 2)}`);
  return result.files;
}
