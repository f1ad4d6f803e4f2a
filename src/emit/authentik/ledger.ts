import type { Platform } from '../../model/model.js';
import type { SsoApp } from './blueprint.js';
import { providerName } from './names.js';

/**
 * The authentik objects a build manages, as `manifest.json` records them under `authentikObjects`.
 * authentik deletes only what a blueprint marks `absent`, so the next build compares its own objects
 * with these and marks the ones it no longer produces. Groups are never listed: they hold members
 * and may serve other apps, so perfect-gen creates them but never deletes them.
 */
export interface AuthentikLedger {
  readonly present: readonly ManagedObject[];
  /**
   * Objects an earlier build managed and this one marks `absent`. They stay listed, and in the
   * blueprint, until the config produces them again: authentik re-applies the blueprint, and a
   * build must give the same bytes when nothing changed.
   */
  readonly absent: readonly ManagedObject[];
}

export const providerModel = 'authentik_providers_proxy.proxyprovider';
export const applicationModel = 'authentik_core.application';
export const bindingModel = 'authentik_policies.policybinding';

/** One managed object by the names that identify it; an application and its bindings by their provider. */
export type ManagedObject =
  | { readonly model: typeof providerModel; readonly name: string }
  | { readonly model: typeof applicationModel; readonly slug: string; readonly provider: string }
  | { readonly model: typeof bindingModel; readonly provider: string; readonly group: string };

export const emptyLedger: AuthentikLedger = { present: [], absent: [] };

/** What the blueprint for `apps` creates or updates. */
export function presentObjects(platform: Platform, apps: readonly SsoApp[]): ManagedObject[] {
  return apps.flatMap((app): ManagedObject[] => {
    const provider = providerName(platform, app.name);
    return [
      { model: providerModel, name: provider },
      { model: applicationModel, slug: app.access.slug, provider },
      ...app.access.groups.map((group): ManagedObject => ({ model: bindingModel, provider, group })),
    ];
  });
}

/**
 * This build's ledger. An object is absent when an earlier build listed it (present or absent) and this
 * one does not produce it. An application is the same object while its provider is (its slug may change,
 * which the blueprint applies as an update), and a binding is left to the cascade when its application
 * goes too.
 */
export function nextLedger(present: readonly ManagedObject[], previous: AuthentikLedger): AuthentikLedger {
  const keys = new Set(present.map(identity));
  const providers = new Set(present.flatMap((o) => (o.model === providerModel ? [o.name] : [])));
  const seen = new Set<string>();
  const absent = [...previous.present, ...previous.absent].filter((o) => {
    const key = identity(o);
    if (keys.has(key) || seen.has(key)) return false;
    seen.add(key);
    if (o.model === applicationModel) return !providers.has(o.provider);
    if (o.model === bindingModel) return providers.has(o.provider);
    return true;
  });
  return { present, absent: absent.sort((a, b) => compare(identity(a), identity(b))) };
}

/** Applications are keyed by provider, not slug: a changed slug renames the same application. */
function identity(o: ManagedObject): string {
  switch (o.model) {
    case providerModel:
      return `${o.model}\u0000${o.name}`;
    case applicationModel:
      return `${o.model}\u0000${o.provider}`;
    case bindingModel:
      return `${o.model}\u0000${o.provider}\u0000${o.group}`;
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Reads the ledger from a parsed manifest; anything malformed reads as nothing managed. */
export function ledgerFrom(value: unknown): AuthentikLedger {
  if (value === null || typeof value !== 'object') return emptyLedger;
  const { present, absent } = value as { present?: unknown; absent?: unknown };
  return { present: objectsFrom(present), absent: objectsFrom(absent) };
}

function objectsFrom(value: unknown): ManagedObject[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ManagedObject[] => {
    if (item === null || typeof item !== 'object') return [];
    const o = item as Record<string, unknown>;
    const text = (key: string): string | undefined => (typeof o[key] === 'string' && o[key] !== '' ? (o[key] as string) : undefined);
    const name = text('name');
    const slug = text('slug');
    const provider = text('provider');
    const group = text('group');
    if (o['model'] === providerModel && name) return [{ model: providerModel, name }];
    if (o['model'] === applicationModel && slug && provider) return [{ model: applicationModel, slug, provider }];
    if (o['model'] === bindingModel && provider && group) return [{ model: bindingModel, provider, group }];
    return [];
  });
}
