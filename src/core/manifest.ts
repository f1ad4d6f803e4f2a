import { createHash } from 'node:crypto';
import { emptyLedger, ledgerFrom, type AuthentikLedger } from '../emit/authentik/index.js';
import type { OutputFile } from '../model/artifact.js';
import { snapshotJson } from '../plan/snapshot-json.js';
import type { ModelSnapshot } from '../plan/snapshot.js';

export const manifestPath = 'manifest.json';

export interface Manifest {
  readonly generator: { readonly name: 'perfect-gen'; readonly version: string };
  readonly source: string;
  readonly artifacts: readonly { readonly path: string; readonly kind: string; readonly sha256: string }[];
  /** What the blueprint manages in authentik, so the next build can mark what it drops `absent`. */
  readonly authentikObjects: AuthentikLedger;
  /** What `perfect-gen plan` compares with (src/plan/snapshot.ts). */
  readonly model: ModelSnapshot;
}

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * Lists every artifact with its hash (what `build` may later remove is exactly what this lists)
 * and records the model for `perfect-gen plan`.
 */
export function manifestFile(files: readonly OutputFile[], version: string, source: string, authentikObjects: AuthentikLedger, model: ModelSnapshot): OutputFile {
  const listing: Omit<Manifest, 'model'> = {
    generator: { name: 'perfect-gen', version },
    source,
    artifacts: files.map((f) => ({ path: f.path, kind: f.kind, sha256: sha256(f.content) })),
    authentikObjects,
  };
  const head = JSON.stringify(listing, null, 2).slice(0, -2);
  return { path: manifestPath, kind: 'manifest', content: `${head},\n  "model": ${snapshotJson(model, '  ')}\n}\n` };
}

/** Paths listed by a manifest read from disk; anything unreadable lists nothing. */
export function manifestPaths(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (!Array.isArray(parsed.artifacts)) return [];
    return parsed.artifacts.map((a) => a?.path).filter((p): p is string => typeof p === 'string' && isSafeRelative(p));
  } catch {
    return [];
  }
}

/** Whether a file on disk is a manifest that perfect-gen wrote, rather than someone's own manifest.json. */
export function isManifest(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    const parsed = JSON.parse(text) as Partial<Manifest> | null;
    return parsed?.generator?.name === 'perfect-gen' && Array.isArray(parsed.artifacts);
  } catch {
    return false;
  }
}

/** The authentik objects a manifest read from disk records; a missing or unreadable one records none. */
export function manifestAuthentikObjects(text: string | undefined): AuthentikLedger {
  if (text === undefined) return emptyLedger;
  try {
    return ledgerFrom((JSON.parse(text) as Partial<Manifest> | null)?.authentikObjects);
  } catch {
    return emptyLedger;
  }
}

/** A manifest on disk is input too: never follow it outside the output folder. */
export function isSafeRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && !path.split('/').some((s) => s === '..' || s === '' || s === '.');
}
