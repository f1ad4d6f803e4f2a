import { authentikOutputPath } from '../../model/authentik.js';
import type { Model } from '../../model/model.js';
import { commented } from '../../serialize/yaml.js';
import type { Emitter } from '../types.js';
import { buildBlueprint, outpostModel, ssoApps, type Blueprint } from './blueprint.js';
import { emptyLedger, nextLedger, presentObjects, type AuthentikLedger } from './ledger.js';
import { embeddedOutpostNote } from './outpost-note.js';

export { emptyLedger, ledgerFrom, type AuthentikLedger } from './ledger.js';
export { authentikOutputPath } from '../../model/authentik.js';

/** The objects this build's blueprint manages, and those it marks absent, given the last build's. */
export function authentikLedger(model: Model, previous: AuthentikLedger): AuthentikLedger {
  return nextLedger(presentObjects(model.platform, ssoApps(model)), previous);
}

/**
 * One authentik blueprint for every app whose route uses SSO; nothing when none does. Written as
 * YAML 1.1 because authentik reads blueprints with PyYAML, where `yes` or `12:30` unquoted would
 * not be strings.
 */
export const authentikEmitter: Emitter = {
  name: 'authentik',
  kinds: ['authentik-blueprint'],
  // Also without SSO routes when the last build managed objects: the blueprint then marks them absent.
  appliesTo: (model, context) => ssoApps(model).length > 0 || authentikLedger(model, context.previousAuthentik ?? emptyLedger).absent.length > 0,
  emit: (model, context) => {
    const blueprint = buildBlueprint(model.platform, ssoApps(model), authentikLedger(model, context.previousAuthentik ?? emptyLedger));
    return [{ path: authentikOutputPath, kind: 'authentik-blueprint', document: { language: 'yaml', version: '1.1', value: withOutpostComment(blueprint) } }];
  },
};

function withOutpostComment(blueprint: Blueprint): unknown {
  const note = `${embeddedOutpostNote}\nA provider attached to it elsewhere is detached: a blueprint cannot append to the list.`;
  return { ...blueprint, entries: blueprint.entries.map((e) => (e.model === outpostModel ? commented(note, e) : e)) };
}
