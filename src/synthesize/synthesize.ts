import type { Artifact, OutputFile, Provenance } from '../model/artifact.js';
import { manifestArtifact, type ManifestFacts } from './manifest.js';
import { serializeDocument } from './serialize-document.js';
import { assertUniquePaths } from './unique-paths.js';

/** Each artifact's bytes (src/synthesize/serialize-document.ts), in the order given. */
export function render(artifacts: readonly Artifact[], provenance: Provenance): OutputFile[] {
  return artifacts.map((a) => ({ path: a.path, kind: a.kind, content: serializeDocument(a.document, provenance) }));
}

/**
 * The whole output: every artifact rendered, their paths checked unique, sorted by path, and the
 * manifest that lists them last. `rendered` holds files the pipeline rendered earlier because a later
 * emitter names their hash (the compose file names each vault agent's).
 */
export function synthesize(artifacts: readonly Artifact[], provenance: Provenance, facts: ManifestFacts, rendered: readonly OutputFile[] = []): OutputFile[] {
  const files = [...rendered, ...render(artifacts, provenance)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = manifestArtifact(files, facts);
  assertUniquePaths([...files, manifest]);
  return [...files, ...render([manifest], provenance)];
}
