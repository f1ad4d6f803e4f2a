import type { AkTag } from './conformance.js';

/**
 * A small model of how authentik's blueprint importer applies entries to its database, enough to follow
 * providers, applications, groups and group bindings across applies (authentik/blueprints/v1/importer.py):
 * entries in file order in one transaction; `conditions` all truthy or the entry is skipped; identifiers
 * ANDed; `present` updates the match or creates; `absent` deletes the match (an application takes its
 * bindings with it, a provider leaves its application without one); `!KeyOf` is the pk of an earlier
 * entry; `!Find` the pk of the first match or null. Application.provider is one-to-one and slugs are
 * unique, as in authentik; a violation throws, which in authentik rolls the whole blueprint back.
 */
export interface AuthentikState {
  readonly rows: Row[];
  nextPk: number;
}

interface Row {
  readonly model: string;
  readonly pk: number;
  fields: Record<string, unknown>;
}

interface Entry {
  readonly model: string;
  readonly state?: string;
  readonly id?: string;
  readonly conditions?: readonly unknown[];
  readonly identifiers?: Record<string, unknown>;
  readonly attrs?: Record<string, unknown>;
}

export const emptyAuthentik = (): AuthentikState => ({ rows: [], nextPk: 1 });


export function applyBlueprint(state: AuthentikState, blueprint: { entries: readonly Entry[] }): AuthentikState {
  const next: AuthentikState = { rows: state.rows.map((r) => ({ ...r, fields: { ...r.fields } })), nextPk: state.nextPk };
  const ids = new Map<string, number>();
  const resolve = (value: unknown): unknown => {
    if (isTag(value, '!KeyOf')) {
      const pk = ids.get(String(value.args));
      if (pk === undefined) throw new Error(`KeyOf ${String(value.args)}: no earlier entry`);
      return pk;
    }
    if (isTag(value, '!Find')) {
      const [model, ...pairs] = value.args as [string, ...[string, unknown][]];
      const wanted = Object.fromEntries(pairs.map(([k, v]) => [k, resolve(v)]));
      return find(next, model, wanted)?.pk ?? null;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  for (const entry of blueprint.entries) {
    const model = entry.model;
    if (model === 'authentik_blueprints.metaapplyblueprint' || model === 'authentik_outposts.outpost') continue;
    if (!(entry.conditions ?? []).every((c) => Boolean(resolve(c)))) continue;
    const identifiers = resolve(entry.identifiers ?? {}) as Record<string, unknown>;
    const match = find(next, model, identifiers);
    if (entry.state === 'absent') {
      if (match) remove(next, match);
      continue;
    }
    const fields = { ...identifiers, ...(resolve(entry.attrs ?? {}) as Record<string, unknown>) };
    const row = match ?? { model, pk: next.nextPk++, fields: {} };
    row.fields = { ...row.fields, ...fields };
    if (!match) next.rows.push(row);
    checkUnique(next);
    if (entry.id !== undefined) ids.set(entry.id, row.pk);
  }
  return next;
}

export function rowsOf(state: AuthentikState, model: string): Record<string, unknown>[] {
  return state.rows.filter((r) => r.model === model).map((r) => ({ pk: r.pk, ...r.fields }));
}

function find(state: AuthentikState, model: string, wanted: Record<string, unknown>): Row | undefined {
  return state.rows.find((r) => r.model === model && Object.entries(wanted).every(([k, v]) => (r.fields[k] ?? null) === v));
}

function remove(state: AuthentikState, row: Row): void {
  state.rows.splice(state.rows.indexOf(row), 1);
  for (const other of [...state.rows]) {
    if (row.model === 'authentik_core.application' && other.model === 'authentik_policies.policybinding' && other.fields['target'] === row.pk) {
      state.rows.splice(state.rows.indexOf(other), 1);
    }
    if (row.model === 'authentik_core.group' && other.model === 'authentik_policies.policybinding' && other.fields['group'] === row.pk) {
      state.rows.splice(state.rows.indexOf(other), 1);
    }
    if (row.model === 'authentik_providers_proxy.proxyprovider' && other.model === 'authentik_core.application' && other.fields['provider'] === row.pk) {
      other.fields = { ...other.fields, provider: null };
    }
  }
}

function checkUnique(state: AuthentikState): void {
  const apps = state.rows.filter((r) => r.model === 'authentik_core.application');
  for (const field of ['slug', 'provider']) {
    const values = apps.map((a) => a.fields[field]).filter((v) => v !== null && v !== undefined);
    const duplicate = values.find((v, i) => values.indexOf(v) !== i);
    if (duplicate !== undefined) throw new Error(`application with this ${field} already exists: ${String(duplicate)}`);
  }
}

function isTag(value: unknown, tag: string): value is AkTag {
  return typeof value === 'object' && value !== null && (value as { $ak?: unknown }).$ak === tag;
}
