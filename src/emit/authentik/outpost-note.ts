/**
 * Why the blueprint has one outpost entry that lists every provider. authentik's blueprint tags
 * cannot append to a list, and applying an entry replaces the outpost's `providers` field whole
 * (authentik issues #6950, #6779). Per-app outpost entries would each detach the providers of the
 * apps before them, so a single entry at the end names them all.
 */
export const embeddedOutpostNote =
  "The embedded outpost entry lists every provider in this blueprint and replaces the outpost's provider list on each apply.";

/** For the README: what the single outpost entry means for the operator. */
export function describeEmbeddedOutpostEntry(): string {
  return [
    "The blueprint ends with one entry for authentik's embedded outpost that lists the proxy provider of every SSO app.",
    'authentik replaces the outpost\'s whole provider list when it applies that entry, because a blueprint cannot append to a list.',
    'A provider attached to the embedded outpost by hand or by another blueprint is therefore detached on the next apply',
    '(authentik re-applies blueprints hourly and on file change): attach such providers to a separate outpost.',
  ].join(' ');
}
