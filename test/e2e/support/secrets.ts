import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A secret that a generated template reads: the path as the template names it, and the fields it uses. */
export interface TemplateSecret {
  readonly apiPath: string;
  readonly keys: readonly string[];
  /** Keys whose template refuses non-ASCII values (their reader takes only ASCII). */
  readonly asciiOnly: readonly string[];
}

/** Every `.ctmpl` under a folder. */
export function templateFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ctmpl')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * The secrets a template reads, from its `with secret "…"` blocks and the `.Data` fields used in
 * each (KV v2 `.Data.data.key`, KV v1 `.Data.key`, or `index .Data.data "key"`).
 */
export function templateSecrets(text: string): TemplateSecret[] {
  const found = new Map<string, Set<string>>();
  const ascii = new Set<string>();
  const blocks = text.split(/\{\{-?\s*with secret "/).slice(1);
  for (const block of blocks) {
    const path = block.slice(0, block.indexOf('"'));
    // Generated templates never nest one `with secret` in another: a block runs to the next one.
    const body = block;
    const keys = found.get(path) ?? new Set<string>();
    for (const m of body.matchAll(/\.Data(?:\.data)?\.([A-Za-z_][A-Za-z0-9_]*)/g)) keys.add(m[1]!);
    for (const m of body.matchAll(/index \.Data(?:\.data)? "([^"]+)"/g)) keys.add(m[1]!);
    keys.delete('data');
    found.set(path, keys);
    for (const line of body.split('\n').filter((l) => l.includes('_contains_non_ascii'))) {
      for (const m of line.matchAll(/\.Data(?:\.data)?\.([A-Za-z_][A-Za-z0-9_]*) \}\}/g)) ascii.add(`${path}#${m[1]}`);
    }
  }
  return [...found].map(([apiPath, keys]) => ({ apiPath, keys: [...keys].sort(), asciiOnly: [...keys].filter((k) => ascii.has(`${apiPath}#${k}`)).sort() }));
}

/**
 * Test secret values with every character that quoting gets wrong: `$ " ' \ % + @ : / #`,
 * spaces and non-ASCII. No single quoting reads back `'` together with `$NAME` or a backtick in
 * both sh and python-dotenv, so each value carries one of two sets; every set is exercised.
 */
const shapes = [
  (tag: string) => `p@ss:w/o rd#$HOME%+&=?~\`x"é ✓-${tag}`,
  (tag: string) => `it's "q" \\ 100% +@:/# $ ü-${tag}`,
];

export function testSecretValue(index: number, tag: string, asciiOnly = false): string {
  const value = shapes[index % shapes.length]!(tag);
  return asciiOnly ? value.replace(/[^\x00-\x7f]/g, '~') : value;
}

/** Reads an env file the way the generated entrypoints do (`set -a; . file`), byte for byte. */
export function parseWithSh(file: string, run: (cmd: string, args: string[]) => string): Record<string, string> {
  const out = run('/usr/bin/env', ['-i', '/bin/sh', '-c', 'set -a; . "$1"; exec /usr/bin/env -0', 'sh', file]);
  const vars: Record<string, string> = {};
  for (const entry of out.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) vars[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  delete vars['PWD'];
  delete vars['SHLVL'];
  delete vars['_'];
  return vars;
}
