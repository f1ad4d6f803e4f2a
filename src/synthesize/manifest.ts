import { createHash } from 'node:crypto';
import type { Artifact, OutputFile } from '../model/artifact.js';

export const manifestPath = 'manifest.json';

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** What the manifest records beyond the files; the pipeline gathers it (src/core/manifest.ts reads it back). */
export interface ManifestFacts {
  readonly generatorVersion: string;
  /** The config's file name. */
  readonly source: string;
  /** What the blueprint manages in authentik, so the next build can mark what it drops `absent`. */
  readonly authentikObjects: unknown;
  /** The model `perfect-gen plan` compares with, as JSON text indented for its place (src/plan/snapshot-json.ts). */
  readonly modelJson: string;
}

/**
 * The manifest as one more artifact: every other file with its kind and hash (what `build` may later
 * remove is exactly what it lists), then the facts.
 */
export function manifestArtifact(files: readonly OutputFile[], facts: ManifestFacts): Artifact {
  const listing = {
    generator: { name: 'perfect-gen', version: facts.generatorVersion },
    source: facts.source,
    artifacts: files.map((f) => ({ path: f.path, kind: f.kind, sha256: sha256(f.content) })),
    authentikObjects: facts.authentikObjects,
  };
  const head = JSON.stringify(listing, null, 2).slice(0, -2);
  return { path: manifestPath, kind: 'manifest', document: { language: 'json', text: `${head},\n  "model": ${facts.modelJson}\n}\n` } };
}
