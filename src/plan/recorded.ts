import { rowKey, snapshotSchema, snapshotTables, type ModelSnapshot, type SnapshotTable } from './snapshot.js';

/** An artifact as the recorded manifest lists it. */
export interface RecordedArtifact {
  readonly path: string;
  readonly sha256: string;
}

export type Recorded =
  | { readonly ok: true; readonly snapshot: ModelSnapshot; readonly artifacts: readonly RecordedArtifact[]; readonly generator: string }
  /** Why there is no model to compare with; the plan then shows the file diff. */
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the model recorded in a `manifest.json` from disk. The file is input like any other: a
 * missing, older, newer or hand-edited record gives a reason, never an exception or a half-read model.
 */
export function readRecorded(text: string | undefined, shownPath: string, ownVersion: string): Recorded {
  if (text === undefined) return { ok: false, reason: `${shownPath} does not exist: the output folder was never built, or --out names another folder` };
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${shownPath} is not valid JSON` };
  }
  if (!isObject(manifest)) return { ok: false, reason: `${shownPath} is not a perfect-gen manifest` };
  const generator = isObject(manifest['generator']) && typeof manifest['generator']['version'] === 'string' ? manifest['generator']['version'] : 'an unknown version';
  const model = manifest['model'];
  if (model === undefined) {
    return { ok: false, reason: `${shownPath} records no model: it was written by perfect-gen ${generator}, before manifests recorded one; build once with this version to record it` };
  }
  if (!isObject(model) || typeof model['schema'] !== 'number') return { ok: false, reason: `${shownPath} has a "model" key that perfect-gen did not write` };
  if (model['schema'] > snapshotSchema) {
    return {
      ok: false,
      reason: `${shownPath} records a model in format ${model['schema']}, written by perfect-gen ${generator}; this perfect-gen (${ownVersion}) reads format ${snapshotSchema}: upgrade it`,
    };
  }
  if (model['schema'] < snapshotSchema) {
    return { ok: false, reason: `${shownPath} records a model in the older format ${model['schema']} (perfect-gen ${generator}); this perfect-gen reads format ${snapshotSchema}` };
  }
  const artifacts = readArtifacts(manifest['artifacts']);
  const problem = snapshotTables.find((table) => !validTable(table, model[table]));
  if (problem !== undefined || artifacts === undefined) {
    return { ok: false, reason: `${shownPath} has a damaged record (${problem === undefined ? 'artifacts' : `model.${problem}`}); it was edited by hand or cut short` };
  }
  return { ok: true, snapshot: model as unknown as ModelSnapshot, artifacts, generator };
}

function readArtifacts(value: unknown): RecordedArtifact[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: RecordedArtifact[] = [];
  for (const a of value) {
    if (!isObject(a) || typeof a['path'] !== 'string' || typeof a['sha256'] !== 'string') return undefined;
    out.push({ path: a['path'], sha256: a['sha256'] });
  }
  return out;
}

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const int: Check = (v) => typeof v === 'number' && Number.isInteger(v);
const optional = (check: Check): Check => (v) => v === undefined || check(v);
const list = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);
const read: Check = (v) => Array.isArray(v) && v.length === 2 && str(v[0]) && str(v[1]);
const attr: Check = (v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const attrs: Check = (v) => isObject(v) && Object.values(v).every(attr);

/** The shape of each row; a row that does not fit means the record cannot be trusted. */
const rowShapes: { readonly [T in SnapshotTable]: Readonly<Record<string, Check>> } = {
  routes: { app: str, host: str, access: (v) => v === 'sso' || v === 'public', groups: optional(list(str)), reason: optional(str) },
  services: { service: str, container: optional(str), app: str, image: str, network: str, replicas: int, port: optional(int) },
  secretReads: { service: str, app: str, reads: list(read) },
  policies: { name: str, app: str, paths: list(str) },
  authentik: { id: str, app: optional(str), attrs },
  workPools: { app: str, pool: str, environment: str, workers: int, workerConcurrencyLimit: optional(int), poolConcurrencyLimit: optional(int) },
  deployments: { app: str, pool: str, name: str, cron: optional(str), interval: optional(int), timezone: optional(str) },
};

/** Every row has its table's shape and its own key: two rows under one key would hide a change. */
function validTable(table: SnapshotTable, rows: unknown): boolean {
  const shape = rowShapes[table];
  if (!Array.isArray(rows)) return false;
  const shaped = rows.every((row) => isObject(row) && Object.keys(row).every((k) => Object.hasOwn(shape, k)) && Object.entries(shape).every(([k, check]) => check(row[k])));
  const key = rowKey[table] as (row: unknown) => string;
  return shaped && new Set(rows.map(key)).size === rows.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
