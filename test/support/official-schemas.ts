/**
 * The official Compose, Traefik and authentik schemas (test/conformance/schemas), compiled once.
 * ajv needs seconds for the authentik schema; compiled on first use, that would be paid by every
 * test worker on every run. Instead the validators are compiled to standalone code, stored under
 * node_modules/.cache named by the hash of everything that shapes them, and tests only load that
 * code. The test suite's global set-up makes the file when the schemas or this file change.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standalone from 'ajv/dist/standalone/index.js';

const requireCjs = createRequire(import.meta.url);
const schemasDir = fileURLToPath(new URL('../conformance/schemas/', import.meta.url));
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/perfect-gen-tests/', import.meta.url));

type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type NodeKind = 'scalar' | 'seq';

/** authentik's custom YAML tags and the node kinds its loader accepts (authentik/blueprints/v1/common.py). */
export const AK_TAG_KINDS = {
  '!KeyOf': ['scalar'],
  '!Find': ['seq'],
  '!FindObject': ['seq'],
  '!Env': ['scalar', 'seq'],
  '!File': ['scalar', 'seq'],
  '!Context': ['scalar', 'seq'],
  '!Format': ['seq'],
  '!If': ['seq'],
  '!Condition': ['seq'],
  '!Enumerate': ['seq'],
  '!Index': ['scalar'],
  '!Value': ['scalar'],
  '!AtIndex': ['seq'],
  '!ParseJSON': ['scalar'],
} as const satisfies Record<string, readonly NodeKind[]>;

export type AkTagName = keyof typeof AK_TAG_KINDS;
function readJson(file: string): SchemaObject {
  return JSON.parse(readFileSync(file, 'utf8')) as SchemaObject;
}

const schemaFiles = {
  compose: 'compose-spec.schema.json',
  traefik: 'traefik-v3-file-provider.schema.json',
  blueprint: 'authentik-blueprint.schema.json',
} as const;

export const AK_TAG_DEF = '__ak_tag';
export const TAG_TOLERANT = 'perfect-gen: the value or an authentik tag';
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'] as const;
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'] as const;
const SUBSCHEMA_SINGLES = ['additionalProperties', 'items', 'additionalItems', 'contains', 'not', 'if', 'then', 'else'] as const;
const TYPE_KEYWORDS = ['type', 'enum', 'const', 'format'] as const;

/**
 * Copy of a (sub)schema where every typed subschema also accepts a tag object, because the
 * schema cannot know what a tag resolves to (authentik#7789). The entry's `model` const stays
 * as is: it is what tells the entry kinds apart.
 */
function tagTolerant(schema: unknown, wrap: boolean): unknown {
  if (!isRecord(schema)) return schema;
  const out: JsonObject = { ...schema };
  for (const key of SUBSCHEMA_MAPS) {
    const map = out[key];
    if (!isRecord(map)) continue;
    out[key] = Object.fromEntries(
      Object.entries(map).map(([name, sub]) => [name, tagTolerant(sub, !(key === 'properties' && name === 'model' && isRecord(sub) && 'const' in sub))]),
    );
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((sub) => tagTolerant(sub, true));
  }
  for (const key of SUBSCHEMA_SINGLES) {
    if (!(key in out)) continue;
    const sub = out[key];
    out[key] = Array.isArray(sub) ? sub.map((s) => tagTolerant(s, true)) : tagTolerant(sub, true);
  }
  // Fragment-only ids ("#/properties/version") are annotations here; dropped so $refs resolve by pointer.
  if (wrap && typeof out['$id'] === 'string' && out['$id'].startsWith('#')) delete out['$id'];
  if (!wrap || !TYPE_KEYWORDS.some((k) => k in out)) return out;
  return { $comment: TAG_TOLERANT, anyOf: [out, { $ref: `#/$defs/${AK_TAG_DEF}` }] };
}

function tagTolerantBlueprintSchema(original: SchemaObject): SchemaObject {
  const schema = tagTolerant(original, false) as SchemaObject;
  const defs = schema['$defs'] as JsonObject;
  defs[AK_TAG_DEF] = {
    type: 'object',
    required: ['$ak', 'args'],
    properties: { $ak: { enum: Object.keys(AK_TAG_KINDS) } },
  };
  return schema;
}

/** The root with entries checked for shape only; each entry is then checked against its own model. */
function topLevelSchema(tolerant: SchemaObject): SchemaObject {
  const id = String(tolerant['$id']);
  const rootProperties = tolerant['properties'] as JsonObject;
  const entry = { type: 'object', required: ['model'], properties: { model: { type: 'string' } } };
  const list = { type: 'array', items: entry };
  const properties = Object.fromEntries(Object.keys(rootProperties).map((name) => [name, { $ref: `${id}#/properties/${name}` }]));
  return {
    type: 'object',
    required: tolerant['required'],
    properties: { ...properties, entries: { anyOf: [list, { type: 'object', additionalProperties: list }] } },
  };
}

/** Model name → index of its branch in `$defs.blueprint_entry.oneOf` (each branch has `model: {const}`). */
function entryBranchIndex(schema: SchemaObject): Map<string, number> {
  const branches = ((schema['$defs'] as JsonObject)['blueprint_entry'] as JsonObject)['oneOf'] as JsonObject[];
  return new Map(branches.map((branch, index) => [String(((branch['properties'] as JsonObject)['model'] as JsonObject)['const']), index]));
}

/**
 * The blueprint models that get a precompiled validator: those perfect-gen writes and those the
 * tests use. Any other model is compiled when first asked for.
 */
const precompiledModels = [
  'authentik_blueprints.metaapplyblueprint',
  'authentik_core.application',
  'authentik_core.group',
  'authentik_outposts.outpost',
  'authentik_policies.policybinding',
  'authentik_providers_proxy.proxyprovider',
];

const entryExport = (model: string) => `entry_${model.replace(/[^A-Za-z0-9]/g, '_')}`;

/** One ajv holding all three schemas; `code.source` keeps the code that standaloneCode writes out. */
function loadedAjv(): { ajv: Ajv; branchIndex: Map<string, number> } {
  // verbose: the blueprint check reads each error's parentSchema to drop the "or a tag" noise.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true, formats: ajvFormatsCode } });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
  addFormats.default(ajv);
  // The compose schema names its meta-schema with https and no '#', which ajv does not know.
  const draft07 = readJson(requireCjs.resolve('ajv/dist/refs/json-schema-draft-07.json'));
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  const original = readJson(path.join(schemasDir, schemaFiles.blueprint));
  const tolerant = tagTolerantBlueprintSchema(original);
  const blueprintId = String(tolerant['$id']);
  ajv.addSchema(readJson(path.join(schemasDir, schemaFiles.compose)), 'compose');
  ajv.addSchema(readJson(path.join(schemasDir, schemaFiles.traefik)), 'traefik');
  ajv.addSchema(tolerant);
  ajv.addSchema(topLevelSchema(tolerant), 'blueprintTop');
  const branchIndex = entryBranchIndex(original);
  for (const [model, index] of branchIndex) ajv.addSchema({ $ref: `${blueprintId}#/$defs/blueprint_entry/oneOf/${index}` }, entryExport(model));
  return { ajv, branchIndex };
}

/** How the standalone code reaches ajv-formats' format functions. */
const ajvFormatsCode = (() => {
  const { _ } = requireCjs('ajv/dist/compile/codegen') as typeof import('ajv/dist/compile/codegen/index.js');
  return _`require("ajv-formats/dist/formats").fullFormats`;
})();

function standaloneSource(): string {
  const { ajv, branchIndex } = loadedAjv();
  const exports: Record<string, string> = { compose: 'compose', traefik: 'traefik', blueprintTop: 'blueprintTop' };
  for (const model of precompiledModels) {
    if (!branchIndex.has(model)) throw new Error(`the authentik schema has no model ${model}`);
    exports[entryExport(model)] = entryExport(model);
  }
  // Every model the schema knows, so an unknown model is told apart from one not precompiled.
  return `${standalone.default(ajv, exports)}\nexports.models = ${JSON.stringify([...branchIndex.keys()])};\n`;
}

/** Everything that changes the compiled code: the schemas, this file, and ajv's version. */
function cacheKey(): string {
  const hash = createHash('sha256');
  for (const file of Object.values(schemaFiles)) hash.update(readFileSync(path.join(schemasDir, file)));
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(String((requireCjs('ajv/package.json') as { version: string }).version));
  return hash.digest('hex').slice(0, 16);
}

/** The path of the compiled validators, compiling them first when no file for this key exists. */
export function prepareOfficialValidators(): string {
  const file = path.join(cacheDir, `official-schemas-${cacheKey()}.cjs`);
  try {
    statSync(file);
    return file;
  } catch {
    mkdirSync(cacheDir, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, standaloneSource());
    renameSync(staging, file);
    return file;
  }
}

export interface OfficialValidators {
  readonly compose: ValidateFunction;
  readonly traefik: ValidateFunction;
  readonly blueprintTop: ValidateFunction;
  /** The validator of one blueprint entry model; undefined for a model the schema does not know. */
  blueprintEntry(model: string): ValidateFunction | undefined;
}

let loaded: OfficialValidators | undefined;

export function officialValidators(): OfficialValidators {
  if (loaded) return loaded;
  const compiled = requireCjs(prepareOfficialValidators()) as Record<string, ValidateFunction> & { models: string[] };
  const known = new Set(compiled.models);
  let fallback: ReturnType<typeof loadedAjv> | undefined;
  loaded = {
    compose: compiled['compose'] as ValidateFunction,
    traefik: compiled['traefik'] as ValidateFunction,
    blueprintTop: compiled['blueprintTop'] as ValidateFunction,
    blueprintEntry(model) {
      if (!known.has(model)) return undefined;
      const precompiled = compiled[entryExport(model)];
      if (precompiled) return precompiled;
      fallback ??= loadedAjv();
      return fallback.ajv.getSchema(entryExport(model));
    },
  };
  return loaded;
}
