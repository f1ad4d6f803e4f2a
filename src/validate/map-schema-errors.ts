import type { PathDiagnostic } from '../diagnostics/diagnostic.js';
import type { SchemaError, SchemaNode } from './validator-types.js';
import { closest } from './closest.js';
import { placeholderHint } from './placeholder-hint.js';
import { renamedKeyHint } from './renamed-keys.js';

/** Keywords that only say "a branch failed"; the branch's own errors say why. */
const branchKeywords = new Set(['if', 'then', 'else', 'oneOf', 'anyOf', 'allOf', 'not', 'propertyNames']);

export function mapSchemaErrors(errors: readonly SchemaError[]): PathDiagnostic[] {
  const seen = new Set<string>();
  const out: PathDiagnostic[] = [];
  const misspelt = misspeltKeys(errors);
  for (const error of withoutBranchCascades(errors)) {
    // `hots:` is one mistake: its "did you mean host" says all that "missing host" would.
    if (error.keyword === 'required' && misspelt.has(`${error.instancePath}/${String(error.params['missingProperty'])}`)) continue;
    if (branchKeywords.has(error.keyword)) continue;
    const diagnostic = mapOne(error);
    const key = `${diagnostic.path.join('\u0000')}|${diagnostic.code}|${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}

/**
 * An object whose schema branches on one of its keys (`if: {properties: {mode: …}}`) and whose key is
 * missing or not one of the allowed values: ajv still judges the object by one branch, and reports
 * everything the other branch would have wanted. Only the key itself is the problem then.
 */
function withoutBranchCascades(errors: readonly SchemaError[]): readonly SchemaError[] {
  const switches = new Map<string, ReadonlySet<string>>();
  for (const e of errors) {
    if (e.keyword === 'if') switches.set(e.instancePath, new Set(Object.keys(e.parentSchema?.if?.properties ?? {})));
  }
  const isBrokenSwitch = (e: SchemaError): boolean => {
    if (e.keyword === 'required') {
      return switches.get(e.instancePath)?.has(String(e.params['missingProperty'])) === true && e.parentSchema?.if !== undefined;
    }
    if (e.keyword !== 'enum') return false;
    const cut = e.instancePath.lastIndexOf('/');
    return switches.get(e.instancePath.slice(0, cut))?.has(e.instancePath.slice(cut + 1)) === true;
  };
  const broken = errors.filter(isBrokenSwitch);
  if (broken.length === 0) return errors;
  const brokenObjects = broken.map((e) => (e.keyword === 'required' ? e.instancePath : e.instancePath.slice(0, e.instancePath.lastIndexOf('/'))));
  const inside = (e: SchemaError) => brokenObjects.some((p) => e.instancePath === p || e.instancePath.startsWith(p + '/'));
  return errors.filter((e) => broken.includes(e) || !inside(e));
}

/** `/apps/0/host` for each unknown key that is a near miss of a key the schema defines there. */
function misspeltKeys(errors: readonly SchemaError[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const suggestion = closest(String(e.params['additionalProperty']), Object.keys(e.parentSchema?.properties ?? {}));
    if (suggestion !== undefined) out.add(`${e.instancePath}/${suggestion}`);
  }
  return out;
}

function parsePath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function where(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'at the top level';
  return 'in ' + path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function describe(schema: SchemaNode | undefined): string | undefined {
  const text = schema?.description;
  if (!text) return undefined;
  return text.replace(/`/g, '');
}

function mapOne(error: SchemaError): PathDiagnostic {
  const path = parsePath(error.instancePath);
  const parent = error.parentSchema;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const patterns = Object.keys(parent?.patternProperties ?? {}).map((p) => `${p.replace(/^\^/, '')}…`);
      const allowed = [...Object.keys(parent?.properties ?? {}), ...patterns];
      const suggestion = closest(key, Object.keys(parent?.properties ?? {}));
      return {
        code: 'SCHEMA_UNKNOWN_KEY',
        path: [...path, key],
        at: 'key',
        message: `unknown key "${key}" ${where(path)}`,
        hint:
          renamedKeyHint(key, allowed) ??
          (suggestion ? `did you mean "${suggestion}"? Allowed here: ${allowed.join(', ')}` : `allowed here: ${allowed.join(', ')}`),
      };
    }
    case 'required':
      return missingKey(error, path, '');
    case 'dependencies':
      // Keys that only make sense together, such as an app's own database `user` and `password`.
      return missingKey(error, path, `, which "${String(error.params['property'])}" needs`);
    case 'type': {
      const expected = String(error.params['type']).replace(/,/g, ' or ');
      return {
        code: 'SCHEMA_TYPE',
        path,
        message: `expected ${expected} ${where(path)}, found ${kindOf(error.data)}`,
        hint: describe(parent) ?? `write ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`,
      };
    }
    case 'pattern':
    case 'format': {
      const target = error.propertyName ?? valueText(error.data);
      return {
        code: 'SCHEMA_PATTERN',
        path: error.propertyName === undefined ? path : [...path, error.propertyName],
        at: error.propertyName === undefined ? 'value' : 'key',
        message: `${target} is not valid ${where(path)}`,
        hint:
          (error.propertyName === undefined ? placeholderHint(error.data, path) : undefined) ??
          describe(parent) ??
          `it must match ${String(error.params['pattern'] ?? error.params['format'])}`,
      };
    }
    case 'const':
    case 'enum': {
      const allowed = error.keyword === 'const' ? [error.params['allowedValue']] : ((error.params['allowedValues'] as unknown[]) ?? []);
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      const suggestion = typeof error.data === 'string' ? closest(error.data, allowed.map(String)) : undefined;
      return {
        code: 'SCHEMA_ENUM',
        path,
        message: `${valueText(error.data)} is not allowed ${where(path)}`,
        hint: suggestion ? `did you mean ${JSON.stringify(suggestion)}? Allowed: ${list}` : `allowed: ${list}`,
      };
    }
    default:
      return {
        code: 'SCHEMA_RANGE',
        path,
        message: `${valueText(error.data)} ${error.message ?? 'is out of range'} ${where(path)}`,
        hint: describe(parent) ?? 'see the schema for the allowed range',
      };
  }
}

/** The path names the missing key, so that two keys missing from one mapping are two reports. */
function missingKey(error: SchemaError, path: (string | number)[], why: string): PathDiagnostic {
  const key = String(error.params['missingProperty']);
  const property = error.parentSchema?.properties?.[key];
  const choices = property?.enum ? `one of ${property.enum.map((v) => JSON.stringify(v)).join(', ')}. ` : '';
  const about = describe(property);
  return {
    code: 'SCHEMA_REQUIRED',
    path: [...path, key],
    at: 'key',
    message: `missing required key "${key}" ${where(path)}${why}`,
    hint: about ? `add ${key}: ${choices}${about}` : `add the key ${key}`,
  };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (Array.isArray(value)) return 'the list';
  if (value !== null && typeof value === 'object') return 'the mapping';
  return String(value);
}
