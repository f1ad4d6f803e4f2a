import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { example } from '../check/fixture-support.js';

type Tree = unknown;
type Path = readonly (string | number)[];

/**
 * The example plus places where free text passes through to the artifacts: extra variables and
 * labels of the Prefect server and a worker, and a web app with a title, groups, variables,
 * labels and a command. Mutations have more to bite on than the bare example offers.
 */
export function baseTree(): Record<string, unknown> {
  const tree = parse(example) as { apps: Record<string, unknown>[] };
  const prefect = tree.apps[0] as { workPools: Record<string, unknown>[] } & Record<string, unknown>;
  prefect['server'] = { environment: { EXTRA_SETTING: 'plain' }, labels: { 'com.example.note': 'note' } };
  const pool = prefect.workPools[0];
  if (pool) pool['options'] = { environment: { POOL_SETTING: 'x' } };
  tree.apps.push({
    name: 'wiki',
    kind: 'web',
    title: 'Team Wiki',
    environment: 'production',
    host: 'wiki.zitian.party',
    access: { mode: 'sso', groups: ['staff', 'platform-admins'] },
    image: 'outlinewiki/outline:0.82.0',
    port: 3000,
    command: ['yarn', 'start'],
    options: { environment: { WIKI_SETTING: 'on' }, labels: { 'com.example.team': 'docs' } },
  });
  return tree as unknown as Record<string, unknown>;
}

/** Characters and sequences that mean something in one of the output languages, plus odd Unicode. */
const fragments = [
  '\n', '\r\n', '\t', '"', "'", '`', '\\', '{{', '}}', '{{ .Data }}', '${', '${HOME}', '$', '$$', '$HOME', '#', ': ', ' #',
  '- ', '&a', '*a', '!tag', '%', '@', '|', '>', '[', ']', '{', '}', ',', '?', '---', '...', 'null', '~', 'yes', 'no', 'on',
  '0755', '1e3', '0x1F', '12:30', '\u00a0', '\u2028', '\u200b', 'é', '日本', '🙂', '\u0000', '\u001b[31m', 'Host(`x`)',
  '") || Host("', '}} {{', 'EOF', '\\n', '%0A', ' ', '  ',
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...fragments), fc.string({ maxLength: 12 })).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
);

const edgeNumber = fc.constantFrom(0, -1, 1, 15, 16, 65535, 65536, 2 ** 31, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, -0, 0.5, 1e-9, Infinity, -Infinity, Number.NaN);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  edgeNumber,
);

/** Where free text from the config reaches an artifact unchanged, if the config is accepted. */
export type PassThrough = 'serverEnv' | 'poolEnv' | 'webEnv' | 'serverLabel' | 'webLabel' | 'title' | 'group' | 'description' | 'reason' | 'parameter';

export type Mutation =
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'retype'; readonly pick: number; readonly to: unknown }
  | { readonly kind: 'hostile'; readonly pick: number; readonly text: string; readonly how: 'replace' | 'prefix' | 'suffix' }
  | { readonly kind: 'duplicate'; readonly pick: number }
  | { readonly kind: 'unknownKey'; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'number'; readonly pick: number; readonly value: number }
  | { readonly kind: 'passThrough'; readonly where: PassThrough; readonly text: string };

const pick = fc.nat();
/** Pass-through edits weigh most: they are the ones that can still compile and must then arrive intact. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick }),
  fc.record({ kind: fc.constant('retype' as const), pick, to: anyValue }),
  fc.record({ kind: fc.constant('hostile' as const), pick, text: hostileText, how: fc.constantFrom('replace' as const, 'prefix' as const, 'suffix' as const) }),
  fc.record({ kind: fc.constant('duplicate' as const), pick }),
  fc.record({ kind: fc.constant('unknownKey' as const), pick, key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', '<<', 'x-extra', ''), fc.string({ maxLength: 8 })), value: anyValue }),
  fc.record({ kind: fc.constant('number' as const), pick, value: edgeNumber }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('passThrough' as const),
      where: fc.constantFrom<PassThrough>('serverEnv', 'poolEnv', 'webEnv', 'serverLabel', 'webLabel', 'title', 'group', 'description', 'reason', 'parameter'),
      text: hostileText,
    }),
  },
);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every path in the tree, parents before children. */
function paths(tree: Tree, prefix: Path = []): Path[] {
  const children = Array.isArray(tree) ? tree.map((v, i) => [i, v] as const) : isRecord(tree) ? Object.entries(tree) : [];
  return [prefix, ...children.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function get(tree: Tree, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], tree);
}

function set(tree: Tree, path: Path, value: unknown): void {
  const parent = get(tree, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (key === undefined) return;
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function remove(tree: Tree, path: Path): void {
  const parent = get(tree, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (isRecord(parent) && key !== undefined) delete parent[key];
}

const choose = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);

/** A value written into a pass-through place, to look for in the artifacts. */
export interface Planted {
  readonly where: PassThrough;
  /** The variable or label name, for those places. */
  readonly name?: string;
  readonly text: string;
  readonly path: Path;
}

/** Planted values that later mutations left as they were. */
export function intact(tree: Tree, planted: readonly Planted[]): Planted[] {
  return planted.filter((p) => get(tree, p.path) === p.text);
}

/** Applies the mutations in order to a fresh base tree; returns the tree and what was planted. */
export function applyMutations(mutations: readonly Mutation[]): { tree: Tree; planted: Planted[] } {
  const tree = baseTree();
  const planted: Planted[] = [];
  mutations.forEach((m, index) => {
    const all = paths(tree).slice(1);
    switch (m.kind) {
      case 'delete': {
        const p = choose(all, m.pick);
        if (p) remove(tree, p);
        break;
      }
      case 'retype': {
        const p = choose(all, m.pick);
        if (p) set(tree, p, structuredClone(m.to));
        break;
      }
      case 'hostile': {
        const p = choose(all.filter((q) => typeof get(tree, q) === 'string'), m.pick);
        if (!p) break;
        const current = String(get(tree, p));
        set(tree, p, m.how === 'replace' ? m.text : m.how === 'prefix' ? m.text + current : current + m.text);
        break;
      }
      case 'duplicate': {
        const p = choose(all.filter((q) => Array.isArray(get(tree, q)) && (get(tree, q) as unknown[]).length > 0), m.pick);
        const list = p && (get(tree, p) as unknown[]);
        if (list) list.push(structuredClone(list[0]));
        break;
      }
      case 'unknownKey': {
        const p = choose([[], ...all].filter((q) => isRecord(get(tree, q))), m.pick);
        if (p) set(tree, [...p, m.key], structuredClone(m.value));
        break;
      }
      case 'number': {
        const p = choose(all.filter((q) => typeof get(tree, q) === 'number'), m.pick);
        if (p) set(tree, p, m.value);
        break;
      }
      case 'passThrough': {
        const name = `HOSTILE_${index}`;
        const apps = (tree as { apps?: unknown }).apps;
        const at: Record<PassThrough, Path> = {
          serverEnv: ['apps', 0, 'server', 'environment', name],
          poolEnv: ['apps', 0, 'workPools', 0, 'options', 'environment', name],
          webEnv: ['apps', 1, 'options', 'environment', name],
          serverLabel: ['apps', 0, 'server', 'labels', `com.example.hostile-${index}`],
          webLabel: ['apps', 1, 'options', 'labels', `com.example.hostile-${index}`],
          title: ['apps', 1, 'title'],
          group: ['apps', 1, 'access', 'groups', 0],
          description: ['environments', 0, 'description'],
          reason: ['apps', 1, 'access', 'reason'],
          parameter: ['apps', 0, 'workPools', 0, 'deployments', 0, 'parameters', 'note'],
        };
        const path = at[m.where];
        // A reason needs a public host; a parameter needs a deployment.
        if (m.where === 'reason' && isRecord(get(tree, ['apps', 1]))) set(tree, ['apps', 1, 'access'], { mode: 'public' });
        if (m.where === 'parameter' && isRecord(get(tree, ['apps', 0, 'workPools', 0]))) {
          set(tree, ['apps', 0, 'workPools', 0, 'deployments'], [{ name: 'etl', entrypoint: 'flows/etl.py:etl', parameters: {} }]);
        }
        const parent = get(tree, path.slice(0, -1));
        if (!Array.isArray(apps) || !(isRecord(parent) || Array.isArray(parent))) break;
        set(tree, path, m.text);
        const key = path[path.length - 1];
        planted.push({ where: m.where, text: m.text, path, ...(typeof key === 'string' && { name: key }) });
        break;
      }
    }
  });
  return { tree, planted };
}

export function serialize(tree: Tree): string {
  return stringify(tree, { lineWidth: 0 });
}
