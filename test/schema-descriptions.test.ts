import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/model-from.js';

type SchemaNode = { readonly [key: string]: unknown };

const schema = JSON.parse(readFileSync(`${projectRoot}schema/perfect.config.schema.json`, 'utf8')) as SchemaNode;

function resolve(ref: string): SchemaNode | undefined {
  let node: unknown = schema;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as SchemaNode | undefined)?.[part];
  return node as SchemaNode | undefined;
}

/** A property is described when it has a description, or refers to a definition that has one. */
function described(node: SchemaNode): boolean {
  if (typeof node['description'] === 'string' && node['description'].trim() !== '') return true;
  const target = typeof node['$ref'] === 'string' ? resolve(node['$ref']) : undefined;
  return target !== undefined && described(target);
}

/** Every property an editor can complete, by where it is declared. `if` blocks only select a branch. */
function undescribed(node: unknown, at: string): string[] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as SchemaNode;
  const out: string[] = [];
  for (const [name, child] of Object.entries((n['properties'] ?? {}) as Record<string, SchemaNode>)) {
    if (!described(child)) out.push(`${at}.${name}`);
    out.push(...undescribed(child, `${at}.${name}`));
  }
  for (const key of ['items', 'additionalProperties', 'then', 'else']) out.push(...undescribed(n[key], `${at}/${key}`));
  for (const key of ['allOf', 'anyOf', 'oneOf']) ((n[key] ?? []) as unknown[]).forEach((c, i) => out.push(...undescribed(c, `${at}/${key}/${i}`)));
  for (const [name, def] of Object.entries((n['$defs'] ?? {}) as Record<string, unknown>)) out.push(...undescribed(def, `#${name}`));
  return out;
}

describe('the config schema', () => {
  it('describes every property, for editors and for the README', () => {
    expect(undescribed(schema, '')).toEqual([]);
  });
});
