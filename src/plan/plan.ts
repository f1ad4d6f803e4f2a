import { sha256, manifestPath } from '../core/manifest.js';
import type { LoadedConfig } from '../load/load-yaml.js';
import type { Model } from '../model/model.js';
import type { OutputFile } from '../emit/types.js';
import type { ConfigPath } from '../diagnostics/diagnostic.js';
import { diffSnapshots, type Change } from './diff.js';
import { groupOf, kindOrder, type ChangeKind, type RiskGroup } from './kinds.js';
import { locate, ownerLocator, type ConfigLocation } from './locate.js';
import type { Recorded } from './recorded.js';
import { modelFacts } from './snapshot.js';

type RecordedModel = Extract<Recorded, { readonly ok: true }>;

export interface PlannedChange {
  readonly kind: ChangeKind;
  readonly group: RiskGroup;
  readonly message: string;
  readonly location: ConfigLocation;
}

/** A generated file that a change adds, changes or removes. */
export interface FileChange {
  readonly path: string;
  readonly status: 'added' | 'changed' | 'removed';
  /** A unified diff, only when there is no recorded model to explain the change. */
  readonly diff?: string;
}

export type Plan =
  | { readonly recorded: true; readonly changes: readonly PlannedChange[]; readonly files: readonly FileChange[]; readonly failures: readonly ChangeKind[] }
  | { readonly recorded: false; readonly reason: string; readonly files: readonly FileChange[]; readonly failures: readonly string[] };

export interface PlanInput {
  readonly model: Model;
  readonly files: readonly OutputFile[];
  readonly config: Pick<LoadedConfig, 'source' | 'spans'>;
  readonly recorded: RecordedModel;
  readonly failOn: readonly ChangeKind[];
}

/**
 * Compares the model the config gives now with the recorded one: every change a line, most
 * dangerous first, each citing the config. Generated files are compared by the manifest's hashes;
 * when they change and no kind above explains it, one `files-changed` line says so, so a plan
 * never reads "no changes" while files change.
 */
export function makePlan(input: PlanInput): Plan {
  const located = diffSnapshots(input.recorded.snapshot, modelFacts(input.model), ownerLocator(input.model)).map((c) => ({ ...c, location: locate(input.config, c.at) }));
  const changes = merged(located);
  const files = fileChanges(input.recorded.artifacts, input.files);
  if (changes.length === 0 && files.length > 0) {
    changes.push({
      kind: 'files-changed',
      group: 'other',
      message: `${files.length} generated ${files.length === 1 ? 'file changes' : 'files change'}: ${files.map((f) => f.path).join(', ')}`,
      location: locate(input.config, appsOwning(input.model, files)),
    });
  }
  const sorted = changes.sort(
    (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.location.line - b.location.line || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  const failures = input.failOn.filter((kind) => sorted.some((c) => c.kind === kind));
  return { recorded: true, changes: sorted, files, failures };
}

/**
 * Without a recorded model there is no plan to give, only the file diff `build --check` shows.
 * `--fail-on` cannot tell the kinds of these changes, so it fails when any file changes.
 */
export function fallbackPlan(reason: string, files: readonly FileChange[], failOn: readonly ChangeKind[]): Plan {
  const failures = failOn.length > 0 && files.length > 0 ? ['no recorded model, so the kinds of these changes are unknown'] : [];
  return { recorded: false, reason, files, failures };
}

function fileChanges(recorded: readonly { path: string; sha256: string }[], files: readonly OutputFile[]): FileChange[] {
  const before = new Map(recorded.map((a) => [a.path, a.sha256]));
  const out: FileChange[] = [];
  const now = new Set<string>();
  for (const file of files) {
    if (file.path === manifestPath) continue;
    now.add(file.path);
    const was = before.get(file.path);
    if (was === undefined) out.push({ path: file.path, status: 'added' });
    else if (was !== sha256(file.content)) out.push({ path: file.path, status: 'changed' });
  }
  for (const path of before.keys()) if (!now.has(path)) out.push({ path, status: 'removed' });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Joins the lines that differ only in their item, at the same config position (see Change.merge). */
function merged(changes: readonly (Change & { readonly location: ConfigLocation })[]): PlannedChange[] {
  const entries: { change: PlannedChange; merge?: Change['merge']; items: string[] }[] = [];
  const byKey = new Map<string, { items: string[] }>();
  for (const c of changes) {
    const change: PlannedChange = { kind: c.kind, group: groupOf(c.kind), message: c.message, location: c.location };
    if (c.merge === undefined) {
      entries.push({ change, items: [] });
      continue;
    }
    const key = JSON.stringify([c.kind, c.merge.before, c.merge.after, c.location.line, c.location.path]);
    const existing = byKey.get(key);
    if (existing !== undefined) existing.items.push(c.merge.item);
    else {
      const entry = { change, merge: c.merge, items: [c.merge.item] };
      byKey.set(key, entry);
      entries.push(entry);
    }
  }
  return entries.map(({ change, merge, items }) => (merge === undefined ? change : { ...change, message: merge.before + items.join(', ') + merge.after }));
}

/** Files under an app's folder belong to that app: the first such app is where to look. */
function appsOwning(model: Model, files: readonly FileChange[]): ConfigPath[] {
  const folders = new Set(files.map((f) => f.path.split('/')[0]));
  const app = model.apps.find((a) => folders.has(a.name));
  return app === undefined ? [[]] : [app.at];
}
