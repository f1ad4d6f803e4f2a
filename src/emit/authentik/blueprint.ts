import type { Access, Model, Platform } from '../../model/model.js';
import { tagged, type Tagged } from '../../serialize/yaml.js';
import { entryIds } from './entry-ids.js';
import { applicationModel, bindingModel, providerModel, type AuthentikLedger, type ManagedObject } from './ledger.js';
import { providerName } from './names.js';
import { embeddedOutpostNote } from './outpost-note.js';
import { stockFlowBlueprint } from './stock-flows.js';

export type SsoAccess = Extract<Access, { readonly mode: 'sso' }>;

/** An app behind authentik forward auth, as the blueprint needs it. */
export interface SsoApp {
  readonly name: string;
  readonly title: string;
  readonly publicUrl: string;
  readonly access: SsoAccess;
  /** False when the app checks its own `Authorization` header, which the outpost must then pass through. */
  readonly interceptHeaderAuth: boolean;
}

export interface BlueprintEntry {
  readonly model: string;
  readonly state?: 'present' | 'absent';
  readonly id?: string;
  /** authentik skips the entry unless every item is truthy: a tombstone acts only while its object is there. */
  readonly conditions?: readonly Tagged[];
  readonly identifiers?: Readonly<Record<string, unknown>>;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

export interface Blueprint {
  readonly version: 1;
  readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly entries: readonly BlueprintEntry[];
}

export const outpostModel = 'authentik_outposts.outpost';
/** `MANAGED_OUTPOST` in authentik/outposts/apps.py; unlike the name, it is the key authentik itself manages. */
const embeddedOutpostManaged = 'goauthentik.io/outposts/embedded';

export { providerName } from './names.js';

export function ssoApps(model: Model): SsoApp[] {
  const apps: SsoApp[] = [];
  for (const app of model.apps) {
    const access = app.route?.access;
    if (app.route && access?.mode === 'sso') {
      apps.push({ name: app.name, title: app.title, publicUrl: app.route.publicUrl, access, interceptHeaderAuth: !app.route.appAuthorization });
    }
  }
  return apps;
}

const findFlow = (slug: string): Tagged => tagged('!Find', ['authentik_flows.flow', ['slug', slug]]);
const keyOf = (id: string): Tagged => tagged('!KeyOf', id);

/**
 * The blueprint for `apps` (at least one), entries in dependency order: every `!KeyOf` names an
 * entry above it, and the stock flows are applied before they are looked up.
 */
export function buildBlueprint(platform: Platform, apps: readonly SsoApp[], ledger: AuthentikLedger): Blueprint {
  const groups = [...new Set(apps.flatMap((app) => app.access.groups))].sort();
  const groupIds = new Map(groups.map((name, i) => [name, entryIds.group(i, name)]));
  return {
    version: 1,
    metadata: {
      name: `perfect-gen ${platform.name}`,
      labels: {
        'blueprints.goauthentik.io/description': `Forward-auth SSO for the apps of platform ${platform.name}: proxy providers, applications and group bindings. ${embeddedOutpostNote}`,
        'blueprints.goauthentik.io/instantiate': 'true',
      },
    },
    entries: [
      ...stockFlowEntries(platform),
      // Removed apps go first, so a new app may take their slug.
      ...ledger.absent.flatMap(removedAppEntry),
      ...groups.map((name) => groupEntry(name, groupIds.get(name) ?? '')),
      ...apps.flatMap((app) => [...appEntries(platform, app, groupIds), ...revokedBindings(platform, app, ledger)]),
      outpostEntry(apps),
    ],
  };
}

function stockFlowEntries(platform: Platform): BlueprintEntry[] {
  const { authorizationFlow, invalidationFlow } = platform.authentik;
  const names = [authorizationFlow, invalidationFlow].map(stockFlowBlueprint).filter((n): n is string => n !== undefined);
  return [...new Set(names)].map((name) => ({
    model: 'authentik_blueprints.metaapplyblueprint',
    attrs: { identifiers: { name }, required: true },
  }));
}

function groupEntry(name: string, id: string): BlueprintEntry {
  return { model: 'authentik_core.group', state: 'present', id, identifiers: { name } };
}

function appEntries(platform: Platform, app: SsoApp, groupIds: ReadonlyMap<string, string>): BlueprintEntry[] {
  const providerId = entryIds.provider(app.name);
  const appId = entryIds.application(app.name);
  const provider: BlueprintEntry = {
    model: providerModel,
    state: 'present',
    id: providerId,
    identifiers: { name: providerName(platform, app.name) },
    attrs: {
      mode: 'forward_single',
      external_host: app.publicUrl,
      authorization_flow: findFlow(platform.authentik.authorizationFlow),
      invalidation_flow: findFlow(platform.authentik.invalidationFlow),
      access_token_validity: app.access.tokenValidity,
      // When on, the outpost reads a Basic `Authorization` header as authentik credentials and answers 401
      // to any other; Prefect's UI sends its API auth string that way.
      intercept_header_auth: app.interceptHeaderAuth,
    },
  };
  // Identified by its provider, which never changes for an app: a changed slug then renames the application.
  // By slug, the new slug would be a second application for the same provider, which the one-to-one
  // field refuses, failing the whole blueprint.
  const application: BlueprintEntry = {
    model: applicationModel,
    state: 'present',
    id: appId,
    identifiers: { provider: keyOf(providerId) },
    attrs: { slug: app.access.slug, name: app.title, meta_launch_url: `${app.publicUrl}/`, policy_engine_mode: 'any' },
  };
  // With `policy_engine_mode: any`, membership in any one bound group grants access.
  const bindings = app.access.groups.map(
    (group, order): BlueprintEntry => ({
      model: bindingModel,
      state: 'present',
      identifiers: { target: keyOf(appId), group: keyOf(groupIds.get(group) ?? '') },
      attrs: { order, enabled: true, negate: false },
    }),
  );
  return [provider, application, ...bindings];
}

const findProvider = (name: string): Tagged => tagged('!Find', [providerModel, ['name', name]]);
const findGroup = (name: string): Tagged => tagged('!Find', ['authentik_core.group', ['name', name]]);

/**
 * An app the config no longer has: its application, then its provider (deleting the application first
 * takes its group bindings with it). The application is matched by slug and provider, so a new app
 * that took the slug is never hit, and both entries act only while the provider exists.
 */
function removedAppEntry(object: ManagedObject): BlueprintEntry[] {
  if (object.model === applicationModel) {
    return [{
      model: applicationModel,
      state: 'absent',
      conditions: [findProvider(object.provider)],
      identifiers: { slug: object.slug, provider: findProvider(object.provider) },
    }];
  }
  if (object.model === providerModel) {
    return [{ model: providerModel, state: 'absent', conditions: [findProvider(object.name)], identifiers: { name: object.name } }];
  }
  return [];
}

/**
 * Groups an earlier build bound to this app and the config no longer lists. The condition skips the
 * entry once the group is gone: `group: null` would otherwise match the app's user and policy bindings.
 */
function revokedBindings(platform: Platform, app: SsoApp, ledger: AuthentikLedger): BlueprintEntry[] {
  const provider = providerName(platform, app.name);
  return ledger.absent.flatMap((object): BlueprintEntry[] =>
    object.model === bindingModel && object.provider === provider
      ? [{
          model: bindingModel,
          state: 'absent',
          conditions: [findGroup(object.group)],
          identifiers: { target: keyOf(entryIds.application(app.name)), group: findGroup(object.group) },
        }]
      : [],
  );
}

function outpostEntry(apps: readonly SsoApp[]): BlueprintEntry {
  return {
    model: outpostModel,
    state: 'present',
    identifiers: { managed: embeddedOutpostManaged },
    attrs: { providers: apps.map((app) => keyOf(entryIds.provider(app.name))) },
  };
}
