/**
 * Why the blueprint has one outpost entry that lists every provider. authentik's blueprint tags
 * cannot append to a list, and applying an entry replaces the outpost's `providers` field whole
 * (authentik issues #6950, #6779). Per-app outpost entries would each detach the providers of the
 * apps before them, so a single entry at the end names them all.
 */
export const embeddedOutpostNote =
  "The embedded outpost entry lists every provider in this blueprint and replaces the outpost's provider list on each apply.";
