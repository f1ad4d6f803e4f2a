import { at, edit, example, type Fixture } from '../check/fixture-support.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The classic billion laughs: nine levels of nine aliases, 9^9 strings if expanded. */
function billionLaughs(): string {
  const lines = ['lol0: &lol0 "lol"'];
  for (let i = 1; i <= 9; i++) lines.push(`lol${i}: &lol${i} [${Array.from({ length: 9 }, () => `*lol${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

/** One large anchored list copied by a few aliases: few expansions, many nodes. */
function wideAliases(): string {
  const big = `[${Array.from({ length: 3000 }, (_, i) => i).join(', ')}]`;
  return `${at.version}x-big: &big ${big}\nx-copies: [*big, *big, *big, *big, *big]\n`;
}

function indentedMaps(levels: number): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += ' '.repeat(i) + 'a:\n';
  return text;
}

/** The example with the title replaced by a (possibly hostile) double-quoted YAML scalar. */
const title = (quoted: string) => edit([at.title, `    title: ${quoted}\n`]);
/** The example with a top-level line added right after `version: 1`. */
const topLevel = (lines: string) => edit([at.version, at.version + lines]);
const serverEnv = (lines: string) => edit([at.image, `${at.image}    server:\n      environment:\n${lines}`]);

/**
 * Hostile configs: each must be refused with exactly these codes, never crash, never emit.
 * Injection attempts are refused by position when the field cannot carry them; where a field may
 * carry them (environment values, labels, titles), the artifact tests check they arrive intact.
 */
export const hostileFixtures: readonly Fixture[] = [
  // YAML bombs and nesting
  { name: 'billion laughs', yaml: billionLaughs(), expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: 'billion laughs inside the example', yaml: topLevel(billionLaughs().replace(/^/gm, '  ').replace(/^/, 'x-bomb:\n')), expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: 'few aliases of a large list', yaml: wideAliases(), expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: 'an alias inside its own anchor', yaml: topLevel('x-loop: &loop [1, *loop]\n'), expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: '100k nested flow sequences', yaml: `x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: '100k unclosed flow sequences', yaml: `x: ${'['.repeat(100_000)}\n`, expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: '50k nested flow mappings', yaml: `x: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`, expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: '100k nested block sequences', yaml: `${'- '.repeat(100_000)}x\n`, expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: '2,000 nested block mappings', yaml: indentedMaps(2_000), expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: 'a million one-character list items', yaml: `x: [${'1,'.repeat(1_000_000)}1]\n`, expectedCodes: ['YAML_TOO_COMPLEX'] },
  { name: '250k block lines', yaml: `x:\n${'- a\n'.repeat(250_000)}`, expectedCodes: ['YAML_TOO_COMPLEX'] },
  // The parser's own duplicate check compares every pair of keys: 50k keys would take tens of seconds.
  { name: '50k keys and one duplicate', yaml: `${Array.from({ length: 50_000 }, (_, i) => `k${i}: v\n`).join('')}k0: again\n`, expectedCodes: ['YAML_DUPLICATE_KEY'] },
  // Size and encoding
  { name: 'larger than 4 MiB', yaml: `${example}# ${'x'.repeat(4 * 1024 * 1024)}\n`, expectedCodes: ['INPUT_TOO_LARGE'], positioned: false },
  { name: 'invalid UTF-8', bytes: new Uint8Array([...utf8(example.slice(0, 200)), 0xc3, 0x28, ...utf8(example.slice(200))]), expectedCodes: ['INPUT_ENCODING'] },
  { name: 'UTF-16 with its byte order mark', bytes: new Uint8Array([0xff, 0xfe, ...[...example].flatMap((c) => [c.charCodeAt(0), 0])]), expectedCodes: ['INPUT_ENCODING'] },
  { name: 'overlong UTF-8 for "/"', bytes: new Uint8Array([...utf8('version: 1\nx: '), 0xc0, 0xaf, 0x0a]), expectedCodes: ['INPUT_ENCODING'] },
  { name: 'a NUL byte', yaml: edit([at.title, '    title: Per\u0000fect\n']), expectedCodes: ['INPUT_ENCODING'] },
  { name: 'a raw escape character', yaml: edit([at.title, '    title: "\u001b[31mPerfect"\n']), expectedCodes: ['INPUT_ENCODING'] },
  { name: 'a \\0 escape in a string', yaml: title('"Per\\0fect"'), expectedCodes: ['INPUT_ENCODING'] },
  { name: 'an unpaired surrogate escape', yaml: title('"Per\\ud800fect"'), expectedCodes: ['INPUT_ENCODING'] },
  // Keys
  { name: 'duplicate top-level key', yaml: topLevel(at.version), expectedCodes: ['YAML_DUPLICATE_KEY'] },
  { name: 'duplicate nested key', yaml: edit([at.redisDb, `${at.redisDb}      db: 2\n`]), expectedCodes: ['YAML_DUPLICATE_KEY'] },
  { name: 'duplicate key, once quoted', yaml: edit([at.title, `${at.title}    "title": Other\n`]), expectedCodes: ['YAML_DUPLICATE_KEY'] },
  { name: 'integer key', yaml: topLevel('1: x\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: 'sequence key', yaml: topLevel('[a]: b\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: 'mapping key', yaml: topLevel('? {a: 1}\n: x\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: 'null key', yaml: topLevel('null: x\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: 'boolean key', yaml: topLevel('true: x\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: 'key with a terminal escape', yaml: topLevel('"\\e[2Jx": 1\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: 'variable name with a newline', yaml: serverEnv('        "A\\nB": x\n'), expectedCodes: ['YAML_KEY_NOT_STRING'] },
  { name: '__proto__ at the top level', yaml: topLevel('__proto__: {polluted: true}\n'), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: 'constructor at the top level', yaml: topLevel('constructor: {prototype: {polluted: true}}\n'), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: '__proto__ inside platform', yaml: edit([at.platformName, `${at.platformName}  __proto__:\n    polluted: true\n`]), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  { name: '__proto__ as a variable name', yaml: serverEnv('        __proto__: x\n'), expectedCodes: ['SCHEMA_PATTERN'] },
  // Anchors, merge keys, tags, directives, documents
  // A merge key is read as Compose reads it; what it merges in is checked like any other key.
  { name: 'merge key of a misspelt block', yaml: edit([at.redisHost, '  redis:\n    <<: {hots: platform-redis}\n']), expectedCodes: ['SCHEMA_UNKNOWN_KEY'] },
  {
    name: 'a large block merged into many mappings',
    yaml: topLevel(`x-big: &big {${Array.from({ length: 500 }, (_, i) => `k${i}: ${i}`).join(', ')}}\nx-many:\n${Array.from({ length: 500 }, (_, i) => `  m${i}: {<<: *big}\n`).join('')}`),
    expectedCodes: ['YAML_TOO_COMPLEX'],
  },
  { name: 'merge key of text through an alias', yaml: topLevel('x-base: &base platform-redis\n').replace(at.redisHost, '  redis:\n    <<: *base\n    host: platform-redis\n'), expectedCodes: ['YAML_SYNTAX'] },
  { name: '!!python/object tag', yaml: title('!!python/object:os.system "rm -rf /"'), expectedCodes: ['YAML_SYNTAX'] },
  { name: 'custom !foo tag', yaml: title('!foo Perfect'), expectedCodes: ['YAML_SYNTAX'] },
  { name: '!!binary tag', yaml: title('!!binary UGVyZmVjdA=='), expectedCodes: ['YAML_SYNTAX'] },
  { name: '!!timestamp tag', yaml: title('!!timestamp 2001-12-14'), expectedCodes: ['YAML_SYNTAX'] },
  { name: '!!set tag', yaml: topLevel('x-set: !!set {a, b}\n'), expectedCodes: ['YAML_SYNTAX'] },
  { name: 'YAML 1.1 booleans are not booleans', yaml: `%YAML 1.1\n---\n${edit([at.traefik, `${at.traefik}    securityHeaders: {enabled: yes}\n`])}`, expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'two documents', yaml: `${example}---\nversion: 1\n`, expectedCodes: ['YAML_SYNTAX'] },
  { name: 'empty file', yaml: '', expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'only comments', yaml: '# nothing here\n', expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'only a scalar', yaml: 'perfect\n', expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'only a list', yaml: '- version: 1\n', expectedCodes: ['SCHEMA_TYPE'] },
  { name: 'tab indentation', yaml: edit([at.platformName, '\tname: platform\n']), expectedCodes: ['YAML_SYNTAX'] },
  { name: 'unclosed quote', yaml: title('"Perfect'), expectedCodes: ['YAML_SYNTAX'] },
  { name: 'key longer than YAML allows', yaml: topLevel(`${'k'.repeat(2000)}: x\n`), expectedCodes: ['YAML_SYNTAX'] },
  // Numbers that would not arrive as written
  { name: 'infinite port', yaml: edit(['    port: 5432\n', '    port: .inf\n']), expectedCodes: ['YAML_NUMBER'] },
  { name: 'NaN Redis DB', yaml: edit([at.redisDb, '    redis:\n      db: .nan\n']), expectedCodes: ['YAML_NUMBER'] },
  { name: 'integer beyond 2^53 in a variable', yaml: serverEnv('        ACCOUNT: 12345678901234567890\n'), expectedCodes: ['YAML_NUMBER'] },
  // Injection through strings that reach artifacts
  { name: 'newline in the title', yaml: title('"Perfect\\nevil: true"'), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'newline in the title from the environment', yaml: title('${TITLE}'), env: { TITLE: 'Perfect\nevil: true' }, expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'backticks in the host (Traefik rule)', yaml: edit(['    host: perfect.zitian.party\n', '    host: "perfect.zitian.party`) || Host(`evil.com"\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'newline in a group name', yaml: edit(['        - platform-admins\n', '        - "admins\\n  - everyone"\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'quote in a Vault path (HCL string)', yaml: edit([at.postgresPassword, '    password:\n      path: secret/platform/{env}/postgres" } path "sys/*\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: '{{ in a Vault key (consul-template)', yaml: edit(['      key: password\n', '      key: "{{ env \\"HOME\\" }}"\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'shell in a volume', yaml: serverEnv('        X: y\n').replace('      environment:\n        X: y\n', '      volumes:\n        - "$$(id):/data"\n'), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'YAML in the network name', yaml: edit(['  network: platform\n', '  network: "platform\\n    external: false"\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'comment marker in the image', yaml: edit([at.image, '    image: "prefecthq/prefect:3.8.3 # pinned"\n']), expectedCodes: ['SCHEMA_PATTERN'] },
  { name: 'unclosed ${', yaml: serverEnv('        GREETING: "hello ${NAME"\n'), expectedCodes: ['ENV_SYNTAX'] },
  { name: 'a million unclosed ${ in one value', yaml: serverEnv(`        GREETING: "${'${'.repeat(1_000_000)}"\n`), expectedCodes: ['ENV_SYNTAX'] },
  { name: 'nested ${', yaml: serverEnv('        GREETING: "${A:-${B}}"\n'), expectedCodes: ['ENV_SYNTAX'] },
  { name: 'undefined variable', yaml: serverEnv('        GREETING: "${NOT_SET_ANYWHERE}"\n'), expectedCodes: ['ENV_UNDEFINED'] },
  { name: 'required variable with a message', yaml: title('"${TITLE:?set TITLE in CI}"'), expectedCodes: ['ENV_UNDEFINED'] },
  { name: 'terminal escapes in a variable message', yaml: title('"${TITLE:?\\e[2J\\e[31mboom}"'), expectedCodes: ['ENV_UNDEFINED'] },
];

/** Inputs that look odd but are valid and must compile. */
export const acceptedOddities: readonly Fixture[] = [
  { name: 'byte order mark', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(example)]), expectedCodes: [] },
  { name: 'CRLF line endings', yaml: example.replace(/\n/g, '\r\n'), expectedCodes: [] },
  { name: '%YAML 1.2 directive', yaml: `%YAML 1.2\n---\n${example}`, expectedCodes: [] },
  { name: 'anchors and aliases', yaml: edit(['        - platform-admins\n', '        - &admins platform-admins\n']).replace(at.stagingPool, `${at.stagingPool}        options:\n          labels:\n            team: *admins\n`), expectedCodes: [] },
  { name: 'a trailing document end marker', yaml: `${example}...\n`, expectedCodes: [] },
  { name: 'core-schema tags that change nothing', yaml: title('!!str Perfect'), expectedCodes: [] },
];
