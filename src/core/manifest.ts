import { emptyLedger, ledgerFrom, type AuthentikLedger } from '../emit/authentik/index.js';
import type { ModelSnapshot } from '../plan/snapshot.js';

// The synthesis step writes the manifest (src/synthesize/manifest.ts); what follows reads one back from disk.
export { manifestPath, sha256 } from '../synthesize/manifest.js';

export interface Manifest {
  readonly generator: { readonly name: 'perfect-gen'; readonly version: string };
  readonly source: string;
  readonly artifacts: readonly { readonly path: string; readonly kind: string; readonly sha256: string }[];
  /** What the blueprint manages in authentik, so the next build can mark what it drops `absent`. */
  readonly authentikObjects: AuthentikLedger;
  /** What `perfect-gen plan` compares with (src/plan/snapshot.ts). */
  readonly model: ModelSnapshot;
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
