/**
 * Every row id a doctor run can print, by group. `--only` takes group names and ids; the README
 * lists the same ids, and a test keeps the two in sync.
 */
export const checkGroups = {
  tls: ['tls'],
  sso: ['sso.redirect', 'sso.ping', 'sso.public'],
  prefect: ['prefect.health', 'prefect.ready', 'prefect.pool', 'prefect.workers', 'prefect.concurrency', 'prefect.deployments'],
  secrets: ['secrets.docker', 'secrets.agent', 'secrets.env-file', 'secrets.config-hash'],
  drift: ['drift'],
} as const;

export type CheckGroup = keyof typeof checkGroups;
export type CheckId = (typeof checkGroups)[CheckGroup][number];

export const allCheckIds: readonly CheckId[] = Object.values(checkGroups).flat();

/** Which ids a run prints: every one, or those that `--only` names directly or by group. */
export interface CheckSelection {
  has(id: CheckId): boolean;
  hasGroup(group: CheckGroup): boolean;
}

/** Parses `--only` values (each a comma-separated list); an unknown name is returned as an error. */
export function selectChecks(only: readonly string[]): CheckSelection | { readonly unknown: readonly string[] } {
  const names = only.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) return { has: () => true, hasGroup: () => true };
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    if (name in checkGroups) for (const id of checkGroups[name as CheckGroup]) ids.add(id);
    else if ((allCheckIds as readonly string[]).includes(name)) ids.add(name);
    else unknown.push(name);
  }
  if (unknown.length > 0) return { unknown };
  return {
    has: (id) => ids.has(id),
    hasGroup: (group) => checkGroups[group].some((id) => ids.has(id)),
  };
}
