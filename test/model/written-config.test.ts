import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTypes } from '../../scripts/config-types.mjs';
import { projectRoot } from '../support/model-from.js';

type Schema = { $defs: Record<string, { properties?: Record<string, unknown> } & Record<string, unknown>> } & Record<string, unknown>;

const schemaText = readFileSync(`${projectRoot}schema/perfect.config.schema.json`, 'utf8');
const schema = (): Schema => JSON.parse(schemaText) as Schema;

describe('the config types are the schema', () => {
  it('src/generated/written-config.ts is what the schema generates (run npm run build after editing the schema)', () => {
    expect(readFileSync(`${projectRoot}src/generated/written-config.ts`, 'utf8')).toBe(configTypes(schema()));
  });

  it('a key added to the schema appears in the types, optional unless required', () => {
    const edited = schema();
    const environment = edited.$defs['environment'];
    if (!environment?.properties) throw new Error('the schema has no environment definition');
    environment.properties['region'] = { type: 'string', maxLength: 20 };
    expect(configTypes(edited)).toMatch(/export interface WrittenEnvironment \{[^}]*readonly region\?: string;/);
    environment['required'] = ['name', 'region'];
    expect(configTypes(edited)).toMatch(/export interface WrittenEnvironment \{[^}]*readonly region: string;/);
  });

  it('a shaping keyword it cannot translate stops the build instead of becoming a wrong type', () => {
    const edited = schema();
    edited.$defs['environment'] = { oneOf: [{ type: 'string' }, { type: 'object' }] };
    expect(() => configTypes(edited)).toThrow(/oneOf has no TypeScript translation/);
  });

  it('turns a choice by kind into a union of the branches', () => {
    expect(configTypes(schema())).toContain('export type WrittenApp = WrittenPrefectApp | WrittenWebApp | WrittenInternalApp;');
  });
});
