/**
 * The closed list of change kinds a plan reports, in order of risk: groups first (access is the
 * most dangerous), then kinds within a group. `--fail-on` names these; the README lists them.
 */
export const riskGroups = ['access', 'secrets', 'identity', 'runtime', 'network', 'other'] as const;
export type RiskGroup = (typeof riskGroups)[number];

export const changeKinds = {
  'public-route': { group: 'access', meaning: 'a new host is public, without SSO' },
  'sso-removed': { group: 'access', meaning: 'a host that was behind SSO is now public' },
  'sso-group-added': { group: 'access', meaning: 'a group may now sign in to a host' },
  'host-exposed': { group: 'access', meaning: 'a new host is published, behind SSO' },
  'host-changed': { group: 'access', meaning: 'an app is published under another host' },
  'sso-group-removed': { group: 'access', meaning: 'a group may no longer sign in to a host' },
  'sso-added': { group: 'access', meaning: 'a public host is now behind SSO' },
  'host-removed': { group: 'access', meaning: 'a host is no longer published' },
  'secret-read-added': { group: 'secrets', meaning: 'a container can newly read a Vault secret' },
  'secret-consumer-added': { group: 'secrets', meaning: 'a new container reads secrets from Vault' },
  'policy-widened': { group: 'secrets', meaning: 'a Vault policy grants a new path (or a new policy)' },
  'policy-narrowed': { group: 'secrets', meaning: 'a Vault policy loses a path (or is no longer generated)' },
  'secret-read-removed': { group: 'secrets', meaning: 'a container no longer reads a Vault secret' },
  'secret-consumer-removed': { group: 'secrets', meaning: 'a container no longer reads any secret' },
  'authentik-created': { group: 'identity', meaning: 'the blueprint creates an Authentik object' },
  'authentik-changed': { group: 'identity', meaning: 'the blueprint changes an Authentik object' },
  'authentik-removed': { group: 'identity', meaning: 'the blueprint deletes an Authentik object, or no longer uses a group (groups are kept)' },
  'image-changed': { group: 'runtime', meaning: 'a service runs another image, with the version delta' },
  'workers-changed': { group: 'runtime', meaning: 'a work pool gets more or fewer workers, or is added or removed' },
  'concurrency-changed': { group: 'runtime', meaning: "a work pool's concurrency limit (per worker or pool-wide) changes" },
  'deployment-added': { group: 'runtime', meaning: 'a Prefect deployment is added' },
  'deployment-removed': { group: 'runtime', meaning: 'a Prefect deployment is removed' },
  'schedule-changed': { group: 'runtime', meaning: "a deployment's schedule changes" },
  'service-reachable': { group: 'network', meaning: 'a service newly joins the shared network, or listens on a new port' },
  'service-removed': { group: 'network', meaning: 'a service leaves the shared network' },
  'files-changed': { group: 'other', meaning: 'generated files change in a way none of the kinds above describes' },
} as const satisfies Record<string, { readonly group: RiskGroup; readonly meaning: string }>;

export type ChangeKind = keyof typeof changeKinds;

export const kindOrder: readonly ChangeKind[] = Object.keys(changeKinds) as ChangeKind[];

export function isChangeKind(value: string): value is ChangeKind {
  return Object.hasOwn(changeKinds, value);
}

export const groupOf = (kind: ChangeKind): RiskGroup => changeKinds[kind].group;
