/**
 * Conformance helpers for tests: check generated artifacts against the grammars of the programs
 * that consume them. Compose and Traefik files go through their official JSON schemas, authentik
 * blueprints through a tag-tolerant copy of theirs, Vault Agent HCL through an HCL v2 and an HCL v1
 * parser, and consul-template files through a small Go text/template checker and interpreter.
 * The schemas are vendored in test/conformance/schemas (see SOURCES.md there).
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import { AK_TAG_DEF, AK_TAG_KINDS, TAG_TOLERANT, officialValidators, type AkTagName, type OfficialValidators } from './official-schemas.js';

export type { AkTagName } from './official-schemas.js';

// ---------------------------------------------------------------------------------------------
// Official schemas

const requireCjs = createRequire(import.meta.url);

type JsonObject = Record<string, unknown>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `make` on first call only. */
function lazy<T>(make: () => T): () => T {
  let cell: { value: T } | undefined;
  return () => (cell ??= { value: make() }).value;
}

function errorDetail(error: ErrorObject): string {
  const params = error.params as JsonObject;
  switch (error.keyword) {
    case 'additionalProperties':
      return `: ${String(params['additionalProperty'])}`;
    case 'enum':
      return `: ${JSON.stringify(params['allowedValues'])}`;
    case 'const':
      return `: ${JSON.stringify(params['allowedValue'])}`;
    default:
      return '';
  }
}

function formatErrors(errors: readonly ErrorObject[], pathPrefix = ''): string[] {
  const lines = errors.map((e) => `${(pathPrefix + e.instancePath) || '/'} ${e.message ?? e.keyword}${errorDetail(e)}`);
  return [...new Set(lines)];
}

function runValidator(validate: ValidateFunction, doc: unknown): string[] {
  return validate(doc) ? [] : formatErrors(validate.errors ?? []);
}

/** Validates a parsed docker-compose document; returns "instancePath message" lines, empty when valid. */
export function validateCompose(doc: unknown): string[] {
  return runValidator(officialValidators().compose, doc);
}

/** Validates a parsed Traefik v3 dynamic (file provider) document. */
export function validateTraefik(doc: unknown): string[] {
  return runValidator(officialValidators().traefik, doc);
}

// ---------------------------------------------------------------------------------------------
// authentik blueprints

/** What a tagged node parses to: scalar tags keep the raw text, sequence tags the resolved items. */
export interface AkTag {
  readonly $ak: AkTagName;
  readonly args: unknown;
}

type NodeKind = 'scalar' | 'seq';

function akYamlTag(tag: AkTagName, kind: NodeKind): ScalarTag | CollectionTag {
  if (kind === 'scalar') return { tag, resolve: (text): AkTag => ({ $ak: tag, args: text }) };
  return { tag, collection: 'seq', resolve: (seq): AkTag => ({ $ak: tag, args: seq.toJSON() }) };
}

const akYamlTags = (Object.entries(AK_TAG_KINDS) as [AkTagName, readonly NodeKind[]][]).flatMap(([tag, kinds]) =>
  kinds.map((kind) => akYamlTag(tag, kind)),
);

/** PyYAML (authentik's loader) reads YAML 1.1, so `yes`/`on` are booleans. */
function parseBlueprintText(text: string): { value: unknown; problems: string[] } {
  const doc = parseDocument(text, { version: '1.1', customTags: akYamlTags });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `YAML ${e.code}: ${e.message.split('\n')[0] ?? ''}`);
  return { value: problems.length > 0 ? undefined : doc.toJS(), problems };
}

/** Parses blueprint YAML into plain JS with tags as `{ $ak, args }`; throws on YAML errors or warnings. */
export function parseBlueprint(text: string): unknown {
  const { value, problems } = parseBlueprintText(text);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return value;
}

/** Drops the errors of the "or a tag" alternative, leaving the original schema's precise ones. */
function isTagNoise(error: ErrorObject): boolean {
  if (error.schemaPath.includes(AK_TAG_DEF)) return true;
  return error.keyword === 'anyOf' && isRecord(error.parentSchema) && error.parentSchema['$comment'] === TAG_TOLERANT;
}

function runTolerant(validate: ValidateFunction, doc: unknown, pathPrefix = ''): string[] {
  return validate(doc) ? [] : formatErrors((validate.errors ?? []).filter((e) => !isTagNoise(e)), pathPrefix);
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Entries as [JSON pointer, entry]; `entries` may be a list or a map of named lists. */
function blueprintEntries(doc: unknown): [string, unknown][] {
  const entries = isRecord(doc) ? doc['entries'] : undefined;
  if (Array.isArray(entries)) return entries.map((entry, i) => [`/entries/${i}`, entry]);
  if (!isRecord(entries)) return [];
  return Object.entries(entries).flatMap(([section, list]) =>
    Array.isArray(list) ? list.map((entry, i): [string, unknown] => [`/entries/${escapePointer(section)}/${i}`, entry]) : [],
  );
}

function checkEntry(validators: OfficialValidators, pointer: string, entry: unknown): string[] {
  if (!isRecord(entry) || typeof entry['model'] !== 'string') return []; // reported by the top-level check
  const validate = validators.blueprintEntry(entry['model']);
  if (!validate) return [`${pointer}/model unknown model ${JSON.stringify(entry['model'])}`];
  return runTolerant(validate, entry, pointer);
}

/**
 * Validates blueprint YAML text: YAML 1.1 with authentik's tags, then the top level, then each
 * entry against the schema branch of its model (the whole-document oneOf gives hundreds of errors per mistake).
 */
export function validateBlueprint(text: string): string[] {
  const { value, problems } = parseBlueprintText(text);
  if (problems.length > 0) return problems;
  const validators = officialValidators();
  const version = isRecord(value) ? value['version'] : undefined;
  // authentik's importer rejects any version but 1; the schema only says integer.
  const versionErrors = typeof version === 'number' && version !== 1 ? ['/version must be 1'] : [];
  return [
    ...runTolerant(validators.blueprintTop, value),
    ...versionErrors,
    ...blueprintEntries(value).flatMap(([pointer, entry]) => checkEntry(validators, pointer, entry)),
  ];
}

// ---------------------------------------------------------------------------------------------
// HCL (Vault Agent config)

interface Hcl2Json {
  parse(fileName: string, contents: string): Promise<Record<string, unknown>>;
}

// Loaded on first use: each starts a Go runtime (WASM / GopherJS). @cdktn/hcl2json is required rather
// than imported because its typings carry `/// <reference lib="dom" />`, which would put DOM globals
// into the whole project's type check.
const hcl2json = lazy(() => requireCjs('@cdktn/hcl2json') as Hcl2Json);
const hcl1 = lazy(() => requireCjs('js-hcl-parser') as typeof import('js-hcl-parser'));

/** HCL v2 syntax gate (hcl2json output: every block becomes an array, labels nest as keys). */
export function parseHcl2(fileName: string, text: string): Promise<unknown> {
  return hcl2json().parse(fileName, text);
}

/** HCL v1 as Vault reads it (so `0640` is octal 416 here, and duplicate attributes are not errors). */
export function parseHcl1(text: string): unknown {
  const out = hcl1().parse(text);
  if (out.startsWith('unable to ')) throw new Error(out);
  return JSON.parse(out) as unknown;
}

// ---------------------------------------------------------------------------------------------
// Go text/template as consul-template uses it
//
// checkGoTemplate checks: action lexing ({{ }}, trim markers `{{- ` / ` -}}` which need the space,
// comments that must end at the delimiter, "strings" with Go escapes, `raw strings`, 'runes', numbers,
// bad characters, unclosed actions); the block structure (if/range/with/define/block ... end, else,
// else if only in if, else with only in with, one plain else, break/continue only in range, end
// without arguments, define only at top level); pipelines (balanced parens, no empty command, no
// literal after `|`, no keyword inside a command); `$var` declared in an enclosing scope; every bare
// identifier is a known function.
// It does not check: argument counts or types, operand order rules finer than the above, custom
// delimiters, the `template` names that are defined, or anything that happens at execution time.

type TokenKind = 'ident' | 'field' | 'var' | 'string' | 'raw' | 'char' | 'number' | '(' | ')' | '|' | ',' | ':=' | '=';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
}

interface Action {
  readonly kind: 'action';
  readonly pos: number;
  readonly end: number;
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
  readonly comment: boolean;
  readonly tokens: readonly Token[];
}

type Segment = { readonly kind: 'text'; readonly pos: number; readonly text: string } | Action;

interface Diagnostic {
  readonly pos: number;
  readonly message: string;
}

class TemplateSyntaxError extends Error {
  constructor(readonly pos: number, message: string) {
    super(message);
  }
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

const TOKEN_PATTERNS: readonly (readonly [TokenKind, RegExp])[] = [
  ['number', /[+-]?(?:0[xX][\da-fA-F_]+(?:\.[\da-fA-F_]*)?(?:[pP][+-]?\d+)?|0[bBoO][\d_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)i?/y],
  ['field', /(?:\.[A-Za-z_]\w*)+|\./y],
  ['var', /\$\w*(?:\.[A-Za-z_]\w*)*/y],
  ['ident', /[A-Za-z_]\w*/y],
  [',', /:=|[=()|,]/y], // punctuation: the token kind is its text
];

const ESCAPE = /\\(?:([abfnrtv\\'"])|([0-3][0-7]{2})|x([\da-fA-F]{2})|u([\da-fA-F]{4})|U([\da-fA-F]{8}))/y;
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };

/** Decodes a Go string/rune body to UTF-8 bytes (\x and octal escapes are bytes), or returns an error. */
function decodeGoQuoted(body: string, quote: '"' | "'"): Uint8Array | string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; ) {
    if (body[i] !== '\\') {
      const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
      bytes.push(...encoder.encode(ch));
      i += ch.length;
      continue;
    }
    ESCAPE.lastIndex = i;
    const m = ESCAPE.exec(body);
    const [, simple, octal, hex, u4, u8] = m ?? [];
    if (!m || simple === (quote === '"' ? "'" : '"')) return `invalid escape ${JSON.stringify(body.slice(i, i + 2))}`;
    if (simple !== undefined) bytes.push(SIMPLE_ESCAPES[simple] ?? 0);
    else if (octal !== undefined || hex !== undefined) bytes.push(octal !== undefined ? parseInt(octal, 8) : parseInt(hex ?? '', 16));
    else {
      const cp = parseInt(u4 ?? u8 ?? '', 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return `invalid code point escape ${m[0]}`;
      bytes.push(...encoder.encode(String.fromCodePoint(cp)));
    }
    i += m[0].length;
  }
  return Uint8Array.from(bytes);
}

/** Scans a "string" or 'rune' starting at `pos`; returns its end (exclusive). */
function scanQuoted(src: string, pos: number): number {
  const quote = src[pos] as '"' | "'";
  const what = quote === '"' ? 'unterminated quoted string' : 'unterminated character constant';
  for (let i = pos + 1; ; i++) {
    const c = src[i];
    if (c === undefined || c === '\n') throw new TemplateSyntaxError(pos, what);
    if (c === '\\') {
      if (src[i + 1] === undefined || src[i + 1] === '\n') throw new TemplateSyntaxError(pos, what);
      i++;
    } else if (c === quote) {
      const decoded = decodeGoQuoted(src.slice(pos + 1, i), quote);
      if (typeof decoded === 'string') throw new TemplateSyntaxError(pos, decoded);
      if (quote === "'" && [...new TextDecoder().decode(decoded)].length !== 1) throw new TemplateSyntaxError(pos, 'malformed character constant');
      return i + 1;
    }
  }
}

function lexToken(src: string, pos: number): Token {
  const c = src[pos];
  if (c === '"' || c === "'") return { kind: c === '"' ? 'string' : 'char', text: src.slice(pos, scanQuoted(src, pos)), pos };
  if (c === '`') {
    const close = src.indexOf('`', pos + 1);
    if (close < 0) throw new TemplateSyntaxError(pos, 'unterminated raw quoted string');
    return { kind: 'raw', text: src.slice(pos, close + 1), pos };
  }
  for (const [kind, pattern] of TOKEN_PATTERNS) {
    pattern.lastIndex = pos;
    const text = pattern.exec(src)?.[0];
    if (!text) continue;
    if (kind === 'number' && /\w/.test(src[pos + text.length] ?? '')) throw new TemplateSyntaxError(pos, `bad number syntax: ${JSON.stringify(src.slice(pos, pos + text.length + 1))}`);
    return { kind: kind === ',' ? (text as TokenKind) : kind, text, pos };
  }
  throw new TemplateSyntaxError(pos, `bad character ${JSON.stringify(c)}`);
}

/** Lexes the action opened at `start`; returns it with its end offset. Throws on lexical errors. */
function lexAction(src: string, start: number): Action {
  let pos = start + 2;
  const trimLeft = src[pos] === '-' && isSpace(src[pos + 1]);
  if (trimLeft) pos += 2;
  const base = { kind: 'action', pos: start, trimLeft } as const;
  if (src.startsWith('/*', pos)) {
    const close = src.indexOf('*/', pos + 2);
    if (close < 0) throw new TemplateSyntaxError(start, 'unclosed comment');
    const after = close + 2;
    if (src.startsWith('}}', after)) return { ...base, end: after + 2, trimRight: false, comment: true, tokens: [] };
    if (isSpace(src[after]) && src.startsWith('-}}', after + 1)) return { ...base, end: after + 4, trimRight: true, comment: true, tokens: [] };
    throw new TemplateSyntaxError(start, 'comment ends before closing delimiter');
  }
  const tokens: Token[] = [];
  while (pos < src.length) {
    if (src.startsWith('}}', pos)) return { ...base, end: pos + 2, trimRight: false, comment: false, tokens };
    if (isSpace(src[pos])) {
      if (src.startsWith('-}}', pos + 1)) return { ...base, end: pos + 4, trimRight: true, comment: false, tokens };
      pos++;
      continue;
    }
    const token = lexToken(src, pos);
    tokens.push(token);
    pos += token.text.length;
  }
  throw new TemplateSyntaxError(start, 'unclosed action');
}

function lexTemplate(src: string): { segments: Segment[]; error?: Diagnostic } {
  const segments: Segment[] = [];
  let pos = 0;
  try {
    while (pos < src.length) {
      const open = src.indexOf('{{', pos);
      const textEnd = open < 0 ? src.length : open;
      if (textEnd > pos) segments.push({ kind: 'text', pos, text: src.slice(pos, textEnd) });
      if (open < 0) break;
      const action = lexAction(src, open);
      segments.push(action);
      pos = action.end;
    }
    return { segments };
  } catch (e) {
    if (!(e instanceof TemplateSyntaxError)) throw e;
    return { segments, error: { pos: e.pos, message: e.message } };
  }
}

const GO_BUILTINS = 'and call eq ge gt html index js le len lt ne not or print printf println slice urlquery';
// consul-template template/funcs.go funcMap (API, helper, math and debug functions).
const CONSUL_TEMPLATE_FUNCS = `datacenters exportedServices file key keyExists keyOrDefault ls safeLs node nodes partitions
  peerings secret secrets service connect services tree safeTree caRoots caLeaf pkiCert nomadServices nomadService
  nomadVarList nomadVarListSafe nomadVar nomadVarExists scratch base64Decode base64Encode base64URLDecode base64URLEncode
  byKey byPort byTag contains containsAll containsAny containsNone containsNotAll env mustEnv envOrDefault executeTemplate
  explode explodeMap mergeMap mergeMapWithOverride in indent loop join trim trimPrefix trimSuffix trimSpace parseBool
  parseFloat parseInt parseJSON parseUint parseYAML plugin regexReplaceAll regexMatch replaceAll sha256Hex md5sum
  hmacSHA256Hex timestamp toLower toJSON toJSONPretty toUnescapedJSON toUnescapedJSONPretty toTitle toTOML toUpper toYAML
  split splitToMap byMeta sockaddr writeToFile add subtract multiply divide modulo minimum maximum spew_dump spew_printf
  spew_sdump spew_sprintf`;
const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set(`${GO_BUILTINS} ${CONSUL_TEMPLATE_FUNCS}`.split(/\s+/));
/** consul-template's own function names, without Go's builtins: the list Go's parser is handed in go-template.ts. */
export const consulTemplateFunctions: readonly string[] = CONSUL_TEMPLATE_FUNCS.trim().split(/\s+/);
const KEYWORDS: ReadonlySet<string> = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const LITERALS: ReadonlySet<TokenKind> = new Set(['string', 'raw', 'char', 'number']);

type BlockKind = 'if' | 'range' | 'with' | 'define' | 'block';

interface Block {
  readonly kind: BlockKind;
  readonly pos: number;
  sawElse: boolean;
}

interface Scope {
  readonly vars: Set<string>;
  /** define/block bodies are separate templates: outer variables are not visible. */
  readonly barrier: boolean;
}

class TemplateChecker {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly blocks: Block[] = [];
  private readonly scopes: Scope[] = [{ vars: new Set(['$']), barrier: true }];

  constructor(private readonly isFunction: (name: string) => boolean) {}

  check(src: string): Diagnostic[] {
    const { segments, error } = lexTemplate(src);
    for (const segment of segments) if (segment.kind === 'action' && !segment.comment) this.action(segment);
    if (error) this.diagnostics.push(error);
    else for (const block of this.blocks) this.report(block.pos, `unexpected EOF: {{${block.kind}}} has no {{end}}`);
    return this.diagnostics.sort((a, b) => a.pos - b.pos);
  }

  private report(pos: number, message: string): void {
    this.diagnostics.push({ pos, message });
  }

  private action(action: Action): void {
    const [head, ...rest] = action.tokens;
    if (!head) return this.report(action.pos, 'missing value for command');
    const keyword = head.kind === 'ident' && KEYWORDS.has(head.text) ? head.text : undefined;
    switch (keyword) {
      case 'if':
      case 'with':
      case 'range':
        return this.open(keyword, head, rest);
      case 'define':
      case 'block':
        return this.openTemplate(keyword, head, rest);
      case 'else':
        return this.else(head, rest);
      case 'end':
        return this.end(head, rest);
      case 'break':
      case 'continue':
        return this.loopControl(head, rest);
      case 'template':
        return this.template(head, rest);
      default:
        this.pipeline(action.tokens, action.pos);
    }
  }

  private open(kind: 'if' | 'with' | 'range', head: Token, rest: Token[]): void {
    this.scopes.push({ vars: new Set(), barrier: false });
    this.blocks.push({ kind, pos: head.pos, sawElse: false });
    this.pipeline(rest, head.pos, { required: kind, range: kind === 'range' });
  }

  private openTemplate(kind: 'define' | 'block', head: Token, rest: Token[]): void {
    const [name, ...args] = rest;
    if (kind === 'define' && this.blocks.length > 0) this.report(head.pos, 'unexpected {{define}}: only allowed at top level');
    if (!name || (name.kind !== 'string' && name.kind !== 'raw')) this.report(head.pos, `{{${kind}}} needs a quoted template name`);
    if (kind === 'define' && args[0]) this.report(args[0].pos, `unexpected ${JSON.stringify(args[0].text)} in define clause`);
    if (kind === 'block') this.pipeline(args, head.pos, { required: kind });
    this.scopes.push({ vars: new Set(['$']), barrier: true });
    this.blocks.push({ kind, pos: head.pos, sawElse: false });
  }

  private else(head: Token, rest: Token[]): void {
    const block = this.blocks.at(-1);
    if (!block || block.kind === 'define' || block.kind === 'block') return this.report(head.pos, 'unexpected {{else}}');
    if (block.sawElse) return this.report(head.pos, 'expected {{end}}; found {{else}}');
    const [chained, ...pipe] = rest;
    if (!chained) {
      block.sawElse = true;
      return;
    }
    if (chained.kind !== 'ident' || chained.text !== block.kind || block.kind === 'range') {
      return this.report(chained.pos, `unexpected ${JSON.stringify(chained.text)} in {{else}} of {{${block.kind}}}`);
    }
    this.pipeline(pipe, chained.pos, { required: block.kind });
  }

  private end(head: Token, rest: Token[]): void {
    if (rest[0]) return this.report(rest[0].pos, `unexpected ${JSON.stringify(rest[0].text)} in end`);
    if (!this.blocks.pop()) return this.report(head.pos, 'unexpected {{end}}');
    this.scopes.pop();
  }

  private loopControl(head: Token, rest: Token[]): void {
    if (rest[0]) this.report(rest[0].pos, `unexpected ${JSON.stringify(rest[0].text)} in {{${head.text}}}`);
    for (const block of [...this.blocks].reverse()) {
      if (block.kind === 'range') return;
      if (block.kind === 'define' || block.kind === 'block') break;
    }
    this.report(head.pos, `{{${head.text}}} outside {{range}}`);
  }

  private template(head: Token, rest: Token[]): void {
    const [name, ...args] = rest;
    if (!name || (name.kind !== 'string' && name.kind !== 'raw')) return this.report(head.pos, '{{template}} needs a quoted template name');
    if (args.length > 0) this.pipeline(args, name.pos);
  }

  /** Declarations, then commands separated by `|`. */
  private pipeline(tokens: readonly Token[], pos: number, opts: { required?: string; range?: boolean } = {}): void {
    if (tokens.length === 0) return this.report(pos, `missing value for ${opts.required ?? 'command'}`);
    const start = this.declarations(tokens, opts.required, opts.range ?? false);
    const end = this.commands(tokens, start, pos);
    if (tokens[end]) this.report(tokens[end].pos, 'unexpected right paren');
  }

  private declarations(tokens: readonly Token[], context: string | undefined, range: boolean): number {
    const kinds = tokens.slice(0, 4).map((t) => t.kind).join(' ');
    const count = /^var (:=|=)/.test(kinds) ? 1 : /^var , var (:=|=)/.test(kinds) ? 2 : 0;
    if (count === 2 && !range) this.report(tokens[0]?.pos ?? 0, `too many declarations in ${context ?? 'command'}`);
    const names = tokens.filter((_, i) => i % 2 === 0 && i < count * 2);
    const assign = tokens[count * 2 - 1];
    for (const name of names) {
      if (name.text.includes('.')) this.report(name.pos, `cannot declare field chain ${name.text}`);
      else if (assign?.kind === ':=') this.scopes.at(-1)?.vars.add(name.text);
      else this.variable(name);
    }
    return count * 2;
  }

  /** Returns the index of the first token not consumed: a `)` or the end. */
  private commands(tokens: readonly Token[], start: number, pos: number): number {
    for (let i = start, stage = 1; ; stage++) {
      const end = this.command(tokens, i, stage);
      if (end === i) this.report((tokens[i] ?? tokens[i - 1])?.pos ?? pos, 'missing value for command');
      if (tokens[end]?.kind !== '|') return end;
      i = end + 1;
    }
  }

  /** One command: operands up to `|`, `)` or the end. */
  private command(tokens: readonly Token[], start: number, stage: number): number {
    let i = start;
    for (let token = tokens[i]; token && token.kind !== '|' && token.kind !== ')'; token = tokens[i]) {
      if (i === start) this.commandHead(token, stage);
      if (token.kind === '(') {
        i = this.commands(tokens, i + 1, token.pos);
        if (tokens[i]?.kind !== ')') {
          this.report(token.pos, 'unclosed left paren');
          return tokens.length;
        }
      } else this.operand(token);
      i++;
    }
    return i;
  }

  /** A later stage receives the piped value, so it must be callable; `nil` never is. */
  private commandHead(token: Token, stage: number): void {
    const literal = LITERALS.has(token.kind) || token.text === '.' || /^(true|false|nil)$/.test(token.text);
    if (stage > 1 && literal) this.report(token.pos, `non executable command in pipeline stage ${stage}`);
    else if (token.text === 'nil') this.report(token.pos, 'nil is not a command');
  }

  private operand(token: Token): void {
    if (token.kind === 'var') return this.variable(token);
    if (token.kind === ',' || token.kind === ':=' || token.kind === '=') return this.report(token.pos, `unexpected ${JSON.stringify(token.text)} in command`);
    if (token.kind !== 'ident' || /^(true|false|nil)$/.test(token.text)) return;
    if (KEYWORDS.has(token.text)) return this.report(token.pos, `unexpected {{${token.text}}} in command`);
    if (!this.isFunction(token.text)) this.report(token.pos, `function ${JSON.stringify(token.text)} not defined`);
  }

  private variable(token: Token): void {
    const name = token.text.split('.')[0] ?? token.text;
    for (const scope of [...this.scopes].reverse()) {
      if (scope.vars.has(name)) return;
      if (scope.barrier) break;
    }
    this.report(token.pos, `undefined variable ${JSON.stringify(name)}`);
  }
}

function lineCol(src: string, pos: number): string {
  const before = src.slice(0, pos);
  const line = before.split('\n').length;
  return `${line}:${pos - before.lastIndexOf('\n')}`;
}

/** Checks Go text/template syntax as consul-template parses it; returns "line:col: message" lines. */
export function checkGoTemplate(text: string, opts: { functions?: readonly string[] } = {}): string[] {
  const extra = new Set(opts.functions ?? []);
  const isFunction = (name: string): boolean => KNOWN_FUNCTIONS.has(name) || extra.has(name) || name.startsWith('sprig_');
  return new TemplateChecker(isFunction).check(text).map((d) => `${lineCol(text, d.pos)}: ${d.message}`);
}

// ---------------------------------------------------------------------------------------------
// A consul-template interpreter for the subset perfect-gen emits (round-trip tests)

type RenderNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'print'; readonly action: Action }
  | { readonly kind: 'if' | 'with'; readonly action: Action; readonly body: RenderNode[] };

/** Applies trim markers: `{{- ` eats the whitespace before the action, ` -}}` the whitespace after. */
function trimmedSegments(segments: readonly Segment[]): Segment[] {
  return segments.map((segment, i) => {
    if (segment.kind !== 'text') return segment;
    const before = segments[i - 1];
    const after = segments[i + 1];
    let text = segment.text;
    if (before?.kind === 'action' && before.trimRight) text = text.replace(/^[ \t\r\n]+/, '');
    if (after?.kind === 'action' && after.trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    return { ...segment, text };
  });
}

class RenderError extends Error {}

function renderTree(src: string, segments: readonly Segment[]): RenderNode[] {
  const root: RenderNode[] = [];
  const open: RenderNode[][] = [root];
  for (const segment of segments) {
    const body = open.at(-1) ?? root;
    if (segment.kind === 'text') body.push({ kind: 'text', text: segment.text });
    if (segment.kind !== 'action' || segment.comment) continue;
    const head = segment.tokens[0];
    const keyword = head?.kind === 'ident' && KEYWORDS.has(head.text) ? head.text : undefined;
    if (keyword === 'if' || keyword === 'with') {
      const node: RenderNode = { kind: keyword, action: segment, body: [] };
      body.push(node);
      open.push(node.body);
    } else if (keyword === 'end') open.pop();
    else if (keyword) throw new RenderError(`${lineCol(src, segment.pos)}: {{${keyword}}} is outside the supported subset`);
    else body.push({ kind: 'print', action: segment });
  }
  return root;
}

/** Go url.QueryEscape: unreserved bytes stay, space becomes '+', every other UTF-8 byte %XX. */
function goQueryEscape(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function goTruth(value: unknown): boolean {
  if (Array.isArray(value) || typeof value === 'string') return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return value !== undefined && value !== null && value !== false && value !== 0;
}

function stringArgs(name: string, args: readonly unknown[], count: number): string[] {
  if (args.length !== count || !args.every((a) => typeof a === 'string')) {
    throw new RenderError(`${name} expects ${count} string argument(s), got ${JSON.stringify(args)}`);
  }
  return args as string[];
}

/** A command's word: a token, or a parenthesized pipeline. */
type Operand = Token | { readonly group: readonly Token[] };

function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]?.kind === '(') depth++;
    else if (tokens[i]?.kind === ')' && --depth === 0) return i;
  }
  throw new RenderError('unclosed (');
}

class Renderer {
  private readonly functions: Readonly<Record<string, (args: readonly unknown[]) => unknown>>;

  constructor(
    private readonly src: string,
    private readonly secrets: Readonly<Record<string, Readonly<Record<string, string>>>>,
  ) {
    this.functions = {
      secret: (args) => this.secret(stringArgs('secret', args, 1)[0] ?? ''),
      urlquery: (args) => goQueryEscape(stringArgs('urlquery', args, 1)[0] ?? ''),
      replaceAll: (args) => {
        const [from = '', to = '', s = ''] = stringArgs('replaceAll', args, 3);
        return s.replaceAll(from, () => to); // a function: no `$&` patterns in `to`
      },
      // JS RegExp stands in for Go's RE2; the two agree on the simple patterns perfect-gen emits.
      regexMatch: (args) => {
        const [pattern = '', s = ''] = stringArgs('regexMatch', args, 2);
        return new RegExp(pattern).test(s);
      },
      // Go's index ignores missingkey=error: a missing map key gives the zero value, nil.
      index: ([map, key]) => (isRecord(map) && typeof key === 'string' && Object.hasOwn(map, key) ? map[key] : undefined),
      printf: ([format, value]) => {
        if (format !== '%T') throw new RenderError(`printf ${JSON.stringify(format)} is outside the supported subset`);
        return value === undefined || value === null ? '<nil>' : typeof value;
      },
      eq: ([a, b]) => a === b,
    };
  }

  render(nodes: readonly RenderNode[], dot: unknown): string {
    return nodes.map((node) => this.node(node, dot)).join('');
  }

  private node(node: RenderNode, dot: unknown): string {
    if (node.kind === 'text') return node.text;
    const value = this.located(node.action.pos, () => this.pipeline(node.action.tokens.slice(node.kind === 'print' ? 0 : 1), dot));
    if (node.kind === 'if') return goTruth(value) ? this.render(node.body, dot) : '';
    if (node.kind === 'with') return goTruth(value) ? this.render(node.body, value) : '';
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return String(value);
    throw new RenderError(`${lineCol(this.src, node.action.pos)}: cannot print ${JSON.stringify(value)}`);
  }

  private located<T>(pos: number, run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (e instanceof RenderError) throw new RenderError(`${lineCol(this.src, pos)}: ${e.message}`);
      throw e;
    }
  }

  private secret(secretPath: string): unknown {
    const data = this.secrets[secretPath];
    if (!data) throw new RenderError(`no secret at ${JSON.stringify(secretPath)}`);
    return secretPath.includes('/data/') ? { Data: { data } } : { Data: data };
  }

  /** The piped value is passed as the last argument of the next command; `( … )` is a pipeline as an operand. */
  private pipeline(tokens: readonly Token[], dot: unknown): unknown {
    const stages: Operand[][] = [[]];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      if (token.kind === '|') stages.push([]);
      else if (token.kind === '(') {
        const close = matchingParen(tokens, i);
        stages.at(-1)?.push({ group: tokens.slice(i + 1, close) });
        i = close;
      } else stages.at(-1)?.push(token);
    }
    let piped: unknown[] = [];
    for (const [head, ...args] of stages) {
      if (!head) throw new RenderError('empty command');
      const values = [...args.map((t) => this.operand(t, dot)), ...piped];
      piped = ['group' in head || head.kind !== 'ident' ? this.single(head, dot, values) : this.call(head, values)];
    }
    return piped[0];
  }

  private call(head: Token, args: readonly unknown[]): unknown {
    const fn = this.functions[head.text];
    if (!fn) throw new RenderError(`function ${JSON.stringify(head.text)} is outside the supported subset`);
    return fn(args);
  }

  private single(head: Operand, dot: unknown, extra: readonly unknown[]): unknown {
    if (extra.length > 0) throw new RenderError(`${'group' in head ? '( … )' : head.text} is not a function`);
    return this.operand(head, dot);
  }

  private operand(token: Operand, dot: unknown): unknown {
    if ('group' in token) return this.pipeline(token.group, dot);
    if (token.kind === 'string') return new TextDecoder().decode(decodeGoQuoted(token.text.slice(1, -1), '"') as Uint8Array);
    if (token.kind === 'raw') return token.text.slice(1, -1).replaceAll('\r', ''); // as Go's strconv.Unquote
    if (token.kind === 'field') return this.field(dot, token.text);
    throw new RenderError(`${JSON.stringify(token.text)} is outside the supported subset`);
  }

  /** Map lookups with missingkey=error, which consul-template sets for error_on_missing_key. */
  private field(dot: unknown, chain: string): unknown {
    let value = dot;
    for (const name of chain.split('.').slice(1).filter(Boolean)) {
      if (!isRecord(value)) throw new RenderError(`can't evaluate field ${name} in ${JSON.stringify(value) ?? 'nil'}`);
      if (!Object.hasOwn(value, name)) throw new RenderError(`map has no entry for key ${JSON.stringify(name)}`);
      value = value[name];
    }
    return value;
  }
}

/**
 * Renders the consul-template subset perfect-gen emits: text, comments, trim markers,
 * `with secret "PATH"`, `if`, field chains, string literals, parenthesized pipelines, and the functions
 * secret, urlquery, replaceAll, regexMatch, index, eq and printf "%T". Throws on anything else, on syntax errors and on missing keys.
 */
export function renderGoTemplate(text: string, secrets: Record<string, Record<string, string>>): string {
  const errors = checkGoTemplate(text);
  if (errors.length > 0) throw new Error(`renderGoTemplate: invalid template:\n${errors.join('\n')}`);
  const { segments } = lexTemplate(text);
  try {
    return new Renderer(text, secrets).render(renderTree(text, trimmedSegments(segments)), undefined);
  } catch (e) {
    if (e instanceof RenderError) throw new Error(`renderGoTemplate: ${e.message}`);
    throw e;
  }
}
