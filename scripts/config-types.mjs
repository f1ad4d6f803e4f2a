// The TypeScript types of the config as written, generated from schema/perfect.config.schema.json,
// so the schema is the one definition of the config's shape. scripts/build.mjs writes the result
// to src/generated/written-config.ts; src/model/written-config.ts re-exports it.
//
// Every keyword that shapes a value is translated; keywords that only narrow it (pattern,
// minimum, maxLength…) have no TypeScript form and are skipped. Any other keyword stops the
// build, so a schema construct this generator does not know can never become a wrong type.

/** Keywords that constrain a value without changing its TypeScript type. */
const narrowing = new Set([
  'description', 'title', '$comment', 'default', 'examples', 'format', 'pattern',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'propertyNames',
]);

/** Keywords about the schema document, not the value. */
const documentLevel = new Set(['$schema', '$id', '$defs']);

/** Keywords that shape a value, handled below. */
const shaping = new Set(['$ref', 'type', 'const', 'enum', 'properties', 'patternProperties', 'required', 'additionalProperties', 'items', 'if', 'then', 'else']);

/** A name other than `Written` + the definition's name, kept because code already uses it. */
const renamed = { prefectWorkPool: 'WrittenWorkPool' };

/** Generates the module text for a parsed schema. */
export function configTypes(schema) {
  const defs = schema.$defs ?? {};
  const names = new Map(
    Object.entries(defs)
      .filter(([, def]) => isNamed(def))
      .map(([name]) => [name, renamed[name] ?? `Written${name[0].toUpperCase()}${name.slice(1)}`]),
  );
  const context = { schema, defs, names };
  const declarations = [declaration('WrittenConfig', schema, context, '#')];
  for (const [def, name] of names) declarations.push(declaration(name, defs[def], context, `#/$defs/${def}`));
  return [
    '// Generated from schema/perfect.config.schema.json by scripts/config-types.mjs. Do not edit.',
    '// The config as the user writes it, after schema validation: optional keys are optional.',
    '',
    declarations.join('\n\n'),
    '',
  ].join('\n');
}

/** Objects and choices between shapes get a name; scalars (names, ports, paths) are written inline. */
function isNamed(def) {
  return def.type === 'object' || 'if' in def;
}

function declaration(name, def, context, at) {
  const type = typeOf(def, context, at, '');
  const summary = typeof def.description === 'string' ? `${comment(def.description)}\n` : '';
  return isPlainObject(def) ? `${summary}export interface ${name} ${type}` : `${summary}export type ${name} = ${type};`;
}

function comment(text) {
  return `/** ${text.replaceAll('*/', '*\\/').replaceAll('\n', ' ')} */`;
}

function isPlainObject(def) {
  return def.type === 'object' && def.properties !== undefined && !('if' in def) && def.additionalProperties === false;
}

function typeOf(def, context, at, indent) {
  if (def === true || (typeof def === 'object' && Object.keys(def).length === 0)) return 'unknown';
  for (const key of Object.keys(def)) {
    // `dependencies` listing keys (both or neither) only narrows; a schema there would shape the value.
    if (key === 'dependencies' && Object.values(def.dependencies).every(Array.isArray)) continue;
    if (!narrowing.has(key) && !shaping.has(key) && !documentLevel.has(key)) throw new Error(`${at}: the keyword ${key} has no TypeScript translation in scripts/config-types.mjs`);
  }
  if (def.$ref !== undefined) return refType(def.$ref, context, at, indent);
  if ('if' in def) {
    // A choice by a discriminating key: the value is one of the branches.
    if (def.then === undefined || def.else === undefined) throw new Error(`${at}: an if needs both then and else`);
    return [typeOf(def.then, context, `${at}/then`, indent), typeOf(def.else, context, `${at}/else`, indent)].join(' | ');
  }
  if (def.const !== undefined) return JSON.stringify(def.const);
  if (def.enum !== undefined) return def.enum.map((value) => JSON.stringify(value)).join(' | ');
  // A branch of an if often leaves `type: object` to the schema around it.
  const types = Array.isArray(def.type) ? def.type : [def.type ?? (def.properties !== undefined ? 'object' : undefined)];
  if (types.includes(undefined)) throw new Error(`${at}: a value needs a type, $ref, const, enum or if`);
  return types.map((type) => typeOfType(type, def, context, at, indent)).join(' | ');
}

function typeOfType(type, def, context, at, indent) {
  switch (type) {
    case 'string':
    case 'boolean':
    case 'null':
      return type;
    case 'integer':
    case 'number':
      return 'number';
    case 'array': {
      if (def.items === undefined) return 'readonly unknown[]';
      const item = typeOf(def.items, context, `${at}/items`, indent);
      return item.includes(' ') && !item.startsWith('{') ? `readonly (${item})[]` : `readonly ${item}[]`;
    }
    case 'object':
      return objectType(def, context, at, indent);
    default:
      throw new Error(`${at}: unknown type ${type}`);
  }
}

function objectType(def, context, at, indent) {
  const extra = def.additionalProperties;
  if (def.properties === undefined) {
    const value = extra === undefined || extra === true ? 'unknown' : typeOf(extra, context, `${at}/additionalProperties`, indent);
    return `Readonly<Record<string, ${value}>>`;
  }
  if (extra !== false) throw new Error(`${at}: an object with properties must set additionalProperties: false`);
  const required = new Set(def.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(def.properties).map(([key, value]) => {
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
    const doc = typeof value.description === 'string' ? `${inner}${comment(value.description)}\n` : '';
    return `${doc}${inner}readonly ${name}${required.has(key) ? '' : '?'}: ${typeOf(value, context, `${at}/properties/${key}`, inner)};`;
  });
  // `^x-`: keys with a literal prefix, as a template-literal index signature; other patterns have no TypeScript form.
  for (const [pattern, value] of Object.entries(def.patternProperties ?? {})) {
    const prefix = /^\^([A-Za-z0-9_-]+)$/.exec(pattern)?.[1];
    if (prefix === undefined) throw new Error(`${at}: patternProperties ${pattern} is not a literal prefix (^prefix)`);
    const doc = typeof value.description === 'string' ? `${inner}${comment(value.description)}\n` : '';
    // A pattern with only a description (extension keys the tool ignores) admits any value.
    const anyValue = Object.keys(value).every((key) => key === 'description');
    const type = anyValue ? 'unknown' : typeOf(value, context, `${at}/patternProperties/${pattern}`, inner);
    lines.push(`${doc}${inner}readonly [key: \`${prefix}\${string}\`]: ${type};`);
  }
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function refType(ref, context, at, indent) {
  const named = /^#\/\$defs\/([^/]+)$/.exec(ref);
  if (named && context.names.has(named[1])) return context.names.get(named[1]);
  if (!ref.startsWith('#/')) throw new Error(`${at}: only local references are supported, not ${ref}`);
  const target = ref
    .slice(2)
    .split('/')
    .reduce((node, part) => node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], context.schema);
  if (target === undefined) throw new Error(`${at}: ${ref} points at nothing`);
  return typeOf(target, context, ref, indent);
}
