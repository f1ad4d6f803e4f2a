import type { ConfigPath } from '../diagnostics/diagnostic.js';
import { imageDelta } from './image-delta.js';
import type { ChangeKind } from './kinds.js';
import {
  readKey,
  rowKey,
  type AuthentikRow,
  type DeploymentRow,
  type Located,
  type ModelFacts,
  type ModelSnapshot,
  type PolicyRow,
  type RouteRow,
  type SecretRead,
  type SecretReadRow,
  type ServiceRow,
  type SnapshotTable,
  type WorkPoolRow,
} from './snapshot.js';

/** One line of a plan, before its config position is looked up. */
export interface Change {
  readonly kind: ChangeKind;
  readonly message: string;
  /** Candidate config paths, the first one the config spells out wins. */
  readonly at: readonly ConfigPath[];
  /**
   * Lines of one kind with the same text around `item` and the same config position become one
   * line listing the items: one image bump moves a Prefect app's server, services and every
   * worker, and one new secret of the server is read by migrate, server and services.
   */
  readonly merge?: { readonly before: string; readonly item: string; readonly after: string };
}

/** Where a row that no longer exists was dropped: the nearest owner that still exists. */
export type OwnerAt = (row: { readonly app?: string; readonly pool?: string }, key: string) => readonly ConfigPath[];

/** Compares the recorded model with the current one, table by table. */
export function diffSnapshots(before: ModelSnapshot, now: ModelFacts, ownerAt: OwnerAt): Change[] {
  return [
    ...diffRoutes(pair('routes', before, now), ownerAt),
    ...diffSecretReads(pair('secretReads', before, now), ownerAt),
    ...diffPolicies(pair('policies', before, now), ownerAt),
    ...diffAuthentik(pair('authentik', before, now), ownerAt),
    ...diffServices(pair('services', before, now), ownerAt),
    ...diffWorkPools(pair('workPools', before, now), ownerAt),
    ...diffDeployments(pair('deployments', before, now), ownerAt),
  ];
}

interface Paired<Row> {
  readonly added: readonly Located<Row>[];
  readonly removed: readonly Row[];
  readonly kept: readonly (readonly [Row, Located<Row>])[];
}

function pair<T extends SnapshotTable>(table: T, before: ModelSnapshot, now: ModelFacts): Paired<ModelSnapshot[T][number]> {
  type Row = ModelSnapshot[T][number];
  const key = rowKey[table] as (row: Row) => string;
  const old = new Map((before[table] as readonly Row[]).map((r) => [key(r), r]));
  const added: Located<Row>[] = [];
  const kept: (readonly [Row, Located<Row>])[] = [];
  const seen = new Set<string>();
  for (const fact of now[table] as readonly Located<Row>[]) {
    const k = key(fact.row);
    seen.add(k);
    const was = old.get(k);
    if (was === undefined) added.push(fact);
    else kept.push([was, fact]);
  }
  const removed = [...old.entries()].filter(([k]) => !seen.has(k)).map(([, r]) => r);
  return { added, removed, kept };
}

const part = (fact: Located<unknown>, name: string): readonly ConfigPath[] => [...(fact.parts?.get(name) ?? []), ...fact.at];
const quote = (s: string): string => JSON.stringify(s);
const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.map(quote).join(', '));

function diffRoutes({ added, removed, kept }: Paired<RouteRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  for (const f of added) {
    const r = f.row;
    if (r.access === 'public') out.push({ kind: 'public-route', message: `${r.host} (app ${r.app}) is published without SSO; reason: ${quote(r.reason ?? '')}`, at: part(f, 'access') });
    else out.push({ kind: 'host-exposed', message: `${r.host} (app ${r.app}) is published behind SSO for groups ${list(r.groups ?? [])}`, at: f.at });
  }
  for (const r of removed) out.push({ kind: 'host-removed', message: `${r.host} (app ${r.app}) is no longer published`, at: ownerAt(r, 'host') });
  for (const [was, f] of kept) {
    const r = f.row;
    if (was.host !== r.host) out.push({ kind: 'host-changed', message: `app ${r.app} moves from ${was.host} to ${r.host}`, at: f.at });
    if (was.access === 'sso' && r.access === 'public') out.push({ kind: 'sso-removed', message: `${r.host} (app ${r.app}) is now public, without SSO; reason: ${quote(r.reason ?? '')}`, at: part(f, 'access') });
    if (was.access === 'public' && r.access === 'sso') out.push({ kind: 'sso-added', message: `${r.host} (app ${r.app}) is now behind SSO for groups ${list(r.groups ?? [])}`, at: part(f, 'access') });
    if (was.access === 'sso' && r.access === 'sso') {
      const [gained, lost] = setDelta(was.groups ?? [], r.groups ?? []);
      for (const g of gained) out.push({ kind: 'sso-group-added', message: `group ${quote(g)} may now sign in to ${r.host}`, at: part(f, `group:${g}`) });
      for (const g of lost) out.push({ kind: 'sso-group-removed', message: `group ${quote(g)} may no longer sign in to ${r.host}`, at: part(f, 'access') });
    }
  }
  return out;
}

const readText = (read: SecretRead): string => `${read[0]} key ${quote(read[1])}`;

/** A change whose message names one service, to be merged with the same change of its siblings. */
function perService(kind: ChangeKind, before: string, service: string, after: string, at: readonly ConfigPath[]): Change {
  return { kind, message: before + service + after, at, merge: { before, item: service, after } };
}

function diffSecretReads({ added, removed, kept }: Paired<SecretReadRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  for (const f of added) {
    const first = f.row.reads[0];
    const at = first ? part(f, readKey(first)) : f.at;
    out.push(perService('secret-consumer-added', '', f.row.service, ` (app ${f.row.app}): new consumer of ${f.row.reads.map(readText).join('; ')}`, at));
  }
  for (const r of removed) out.push(perService('secret-consumer-removed', '', r.service, ` (app ${r.app}) can no longer read any secret`, ownerAt(r, 'secrets')));
  for (const [was, f] of kept) {
    const before = new Map(was.reads.map((read) => [readKey(read), read]));
    const now = new Map(f.row.reads.map((read) => [readKey(read), read]));
    const app = ` (app ${f.row.app})`;
    for (const [k, read] of now) if (!before.has(k)) out.push(perService('secret-read-added', '', f.row.service, `${app} can now read ${readText(read)}`, part(f, k)));
    for (const [k, read] of before) if (!now.has(k)) out.push(perService('secret-read-removed', '', f.row.service, `${app} can no longer read ${readText(read)}`, ownerAt(f.row, 'secrets')));
  }
  return out;
}

function diffPolicies({ added, removed, kept }: Paired<PolicyRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  for (const f of added) {
    const first = f.row.paths[0];
    out.push({ kind: 'policy-widened', message: `new policy ${f.row.name} grants read on ${f.row.paths.join(', ')}`, at: first === undefined ? f.at : part(f, first) });
  }
  for (const r of removed) out.push({ kind: 'policy-narrowed', message: `policy ${r.name} is no longer generated; Vault keeps it until it is deleted there`, at: ownerAt(r, 'secrets') });
  for (const [was, f] of kept) {
    const [gained, lost] = setDelta(was.paths, f.row.paths);
    for (const p of gained) out.push({ kind: 'policy-widened', message: `policy ${f.row.name} now grants read on ${p}`, at: part(f, p) });
    for (const p of lost) out.push({ kind: 'policy-narrowed', message: `policy ${f.row.name} no longer grants read on ${p}`, at: ownerAt(f.row, 'secrets') });
  }
  return out;
}

/** `provider:perfect-gen platform wiki` → `provider "perfect-gen platform wiki"`. */
function objectName(id: string): string {
  const colon = id.indexOf(':');
  const type = id.slice(0, colon);
  const name = id.slice(colon + 1);
  if (type === 'application') return `the application of app ${name}`;
  if (type === 'binding') {
    // App names are slugs, so the first colon ends the app; the group may hold more.
    const split = name.indexOf(':');
    return `the binding of group ${quote(name.slice(split + 1))} to the application of app ${name.slice(0, split)}`;
  }
  return `${type} ${quote(name)}`;
}

/**
 * The blueprint marks what the config dropped `absent` (a binding goes with its application), and
 * Authentik deletes it; groups hold members and are never deleted.
 */
function removal(id: string): string {
  return id.startsWith('group:') ? `no app uses ${objectName(id)} any more; Authentik keeps it (perfect-gen never deletes groups)` : `deletes ${objectName(id)} in Authentik`;
}

function diffAuthentik({ added, removed, kept }: Paired<AuthentikRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  for (const f of added) out.push({ kind: 'authentik-created', message: `creates ${objectName(f.row.id)}`, at: f.at });
  for (const r of removed) out.push({ kind: 'authentik-removed', message: removal(r.id), at: ownerAt(r, 'access') });
  for (const [was, f] of kept) {
    const names = [...new Set([...Object.keys(was.attrs), ...Object.keys(f.row.attrs)])].sort();
    const changed = names.filter((n) => was.attrs[n] !== f.row.attrs[n]);
    if (changed.length === 0) continue;
    const detail = changed.map((n) => `${n} ${shownAttr(was.attrs[n])} → ${shownAttr(f.row.attrs[n])}`).join('; ');
    // The outpost changes because a provider joined or left it: cite that provider's app.
    const at = f.row.id === 'outpost:embedded' ? outpostCause(was, f, removed, ownerAt) : f.at;
    out.push({ kind: 'authentik-changed', message: `changes ${objectName(f.row.id)}: ${detail}`, at });
  }
  return out;
}

function outpostCause(was: AuthentikRow, now: Located<AuthentikRow>, removed: readonly AuthentikRow[], ownerAt: OwnerAt): readonly ConfigPath[] {
  const before = String(was.attrs['providers'] ?? '').split(', ');
  const joined = [...(now.parts?.keys() ?? [])].find((p) => !before.includes(p));
  if (joined !== undefined) return part(now, joined);
  const left = removed.find((r) => r.id.startsWith('provider:'));
  return left === undefined ? now.at : [...ownerAt(left, 'access'), ...now.at];
}

const shownAttr = (value: unknown): string => (value === undefined ? '(unset)' : typeof value === 'string' ? quote(value) : String(value));

function diffServices({ added, removed, kept }: Paired<ServiceRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  const port = (r: ServiceRow): string => (r.port === undefined ? '' : `, listening on port ${r.port}`);
  for (const f of added) out.push({ kind: 'service-reachable', message: `service ${f.row.service} (app ${f.row.app}) joins network ${f.row.network}${port(f.row)}`, at: f.at });
  for (const r of removed) out.push({ kind: 'service-removed', message: `service ${r.service} (app ${r.app}) leaves network ${r.network}`, at: ownerAt(r, 'name') });
  for (const [was, f] of kept) {
    const r = f.row;
    if (was.network !== r.network) out.push({ kind: 'service-reachable', message: `service ${r.service} (app ${r.app}) moves from network ${was.network} to ${r.network}${port(r)}`, at: f.at });
    // A prefix change renames every container, and other containers reach them by that name.
    else if (r.container !== undefined && was.container !== undefined && was.container !== r.container) {
      out.push({ kind: 'service-reachable', message: `service ${r.service} (app ${r.app}) is now reachable as ${r.container} (was ${was.container})`, at: part(f, 'container') });
    }
    if (was.network === r.network && r.port !== undefined && was.port !== r.port) out.push({ kind: 'service-reachable', message: `service ${r.service} (app ${r.app}) now listens on port ${r.port} (was ${was.port ?? 'none'})`, at: part(f, 'port') });
    if (was.image !== r.image) out.push(perService('image-changed', `${imageDelta(was.image, r.image)}: `, r.service, '', part(f, 'image')));
  }
  return out;
}

const limits = [
  ['workerConcurrencyLimit', 'runs per worker'],
  ['poolConcurrencyLimit', 'runs in the pool'],
] as const;

function diffWorkPools({ added, removed, kept }: Paired<WorkPoolRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  const limit = (value: number | undefined): string => (value === undefined ? 'no limit' : String(value));
  for (const f of added) {
    const r = f.row;
    const caps = limits.map(([key, what]) => `${what} ${limit(r[key])}`).join(', ');
    out.push({ kind: 'workers-changed', message: `new work pool ${r.pool} (app ${r.app}, environment ${r.environment}): ${r.workers} worker${r.workers === 1 ? '' : 's'}, ${caps}`, at: f.at });
  }
  for (const r of removed) out.push({ kind: 'workers-changed', message: `work pool ${r.pool} (app ${r.app}) is removed with its workers; the Prefect server keeps the pool until it is deleted there`, at: ownerAt(r, 'workPools') });
  for (const [was, f] of kept) {
    const r = f.row;
    if (was.workers !== r.workers) out.push({ kind: 'workers-changed', message: `work pool ${r.pool} (app ${r.app}): workers ${was.workers} → ${r.workers}`, at: part(f, 'workers') });
    for (const [key, what] of limits) {
      if (was[key] !== r[key]) out.push({ kind: 'concurrency-changed', message: `work pool ${r.pool} (app ${r.app}): ${what} ${limit(was[key])} → ${limit(r[key])}`, at: part(f, key) });
    }
  }
  return out;
}

function schedule(r: DeploymentRow): string {
  const zone = r.timezone === undefined ? '' : ` (${r.timezone})`;
  if (r.cron !== undefined) return `cron ${quote(r.cron)}${zone}`;
  if (r.interval !== undefined) return `every ${r.interval} s${zone}`;
  return 'no schedule';
}

function diffDeployments({ added, removed, kept }: Paired<DeploymentRow>, ownerAt: OwnerAt): Change[] {
  const out: Change[] = [];
  const name = (r: DeploymentRow): string => `deployment ${r.name} on work pool ${r.pool} (app ${r.app})`;
  for (const f of added) out.push({ kind: 'deployment-added', message: `${name(f.row)}: ${schedule(f.row)}`, at: f.at });
  for (const r of removed) out.push({ kind: 'deployment-removed', message: `${name(r)} leaves prefect.yaml; the Prefect server keeps it until it is deleted there`, at: ownerAt(r, 'deployments') });
  for (const [was, f] of kept) if (schedule(was) !== schedule(f.row)) out.push({ kind: 'schedule-changed', message: `${name(f.row)}: ${schedule(was)} → ${schedule(f.row)}`, at: part(f, 'schedule') });
  return out;
}

function setDelta(before: readonly string[], after: readonly string[]): [string[], string[]] {
  const a = new Set(before);
  const b = new Set(after);
  return [after.filter((x) => !a.has(x)), before.filter((x) => !b.has(x))];
}
