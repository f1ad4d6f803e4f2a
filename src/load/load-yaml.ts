import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { bytePosition, controlCharacter, findForbiddenCharacter, firstInvalidUtf8, unwritableCharacter } from './encoding.js';
import { interpolate, type Env } from './interpolate.js';
import { placeholderMistake } from './path-placeholders.js';
import { structureProblem } from './nesting.js';
import { computeLineStarts, rangeAt, type SourceText } from './source-text.js';
import { pointer, type NodeSpan, type SpanMap } from './spans.js';

export const loadLimits = {
  /** A platform config is a few kilobytes; 1,000 apps fit in well under this. */
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  /** Values materialised through aliases, the YAML-bomb guard. */
  maxAliasExpansions: 1_000,
  /** Nodes copied through aliases in all; one alias of a large list counts every item. */
  maxAliasedNodes: 10_000,
  /**
   * Block lines plus flow items. A config of 1,000 apps has about 50,000; millions of one-character
   * items would keep the parser busy for seconds.
   */
  maxEntries: 200_000,
  /** YAML syntax errors reported; a binary or truncated file would otherwise produce thousands. */
  maxSyntaxErrors: 20,
} as const;

export interface LoadInput {
  /** The path as the user wrote it, used in diagnostics. */
  readonly file: string;
  readonly content: Uint8Array | string;
  readonly env: Env;
}

export interface LoadedConfig {
  readonly source: SourceText;
  /** Plain JSON-like data after interpolation. */
  readonly value: unknown;
  readonly spans: SpanMap;
}

export interface LoadResult {
  readonly config?: LoadedConfig;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The config is YAML 1.2 with the core schema only: no timestamps or binary, no application
 * tags. Merge keys (`<<: *defaults`) are read as YAML 1.1 and Compose read them, by the walker. Whatever the text says (`%YAML 1.1`, `!!python/object`), the result is
 * plain strings, numbers, booleans, null, lists and mappings with string keys.
 */
const parseOptions = {
  schema: 'core',
  merge: false,
  // The walker finds duplicate keys with a set; the parser's own check compares every pair of keys.
  uniqueKeys: false,
  strict: true,
  prettyErrors: false,
  keepSourceTokens: false,
} as const;

/** Tags that only restate what the core schema would resolve anyway. */
const coreTags = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`)]);

export function loadConfig(input: LoadInput): LoadResult {
  const decoded = decode(input);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  const text = decoded.text;
  const source: SourceText = { file: input.file, lineStarts: computeLineStarts(text) };
  const at = (start: number, end = start + 1): SourceRange => rangeAt(source, start, end);
  const fail = (code: DiagnosticCode, message: string, hint: string, range?: SourceRange): LoadResult => ({
    diagnostics: [{ code, severity: 'error', message, hint, file: input.file, ...(range && { range }) }],
  });

  const bad = findForbiddenCharacter(text);
  if (bad) {
    const what = bad.codePoint === 'U+0000' ? 'a NUL byte' : `the control or non-character ${bad.codePoint}`;
    return fail('INPUT_ENCODING', `the file contains ${what}`, 'remove it; a config is printable text (tabs and line breaks are the only control characters allowed)', at(bad.index));
  }
  const structure = structureProblem(text, loadLimits);
  if (structure?.kind === 'depth') {
    return fail('YAML_TOO_COMPLEX', `nesting deeper than ${loadLimits.maxDepth} levels`, 'flatten the structure; a config needs a handful of levels', at(structure.at));
  }
  if (structure?.kind === 'entries') {
    return fail('YAML_TOO_COMPLEX', `more than ${loadLimits.maxEntries} entries`, 'split generated or pasted content out of the config', at(structure.at));
  }

  let doc: Document;
  try {
    doc = parseDocument(text, { ...parseOptions, lineCounter: new LineCounter() });
  } catch (error) {
    // The pre-scan should make this unreachable; a stack overflow must still not escape as a crash.
    if (error instanceof RangeError) return fail('YAML_TOO_COMPLEX', 'the document nests too deeply to parse', 'flatten the structure', at(0, 0));
    throw error;
  }
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const shown = withoutEchoes(withoutTabCascades(problems))
      .sort((a, b) => a.pos[0] - b.pos[0])
      .slice(0, loadLimits.maxSyntaxErrors)
      .map((e) => overIndented(e, text, input.file, source) ?? yamlProblem(e, input.file, source));
    return { diagnostics: shown };
  }
  const walker = new TreeWalker(doc, text, source, input.env);
  const value = walker.walk(doc.contents, [], 0);
  return { config: { source, value, spans: walker.spans }, diagnostics: walker.diagnostics };
}

/**
 * A line indented deeper than the entry above it continues that entry's value as far as YAML is
 * concerned, so the parser reports the value above (MULTILINE_IMPLICIT_KEY, echoed by a
 * BLOCK_AS_IMPLICIT_KEY at the same offset). The line to fix is the deeper one.
 */
function overIndented(e: YAMLError, text: string, file: string, source: SourceText): Diagnostic | undefined {
  if (e.code !== 'MULTILINE_IMPLICIT_KEY') return undefined;
  const entryLine = text.lastIndexOf('\n', e.pos[0] - 1) + 1;
  let line = text.indexOf('\n', e.pos[0]) + 1;
  while (line > 0 && line < e.pos[1] && /^[ \t]*(#.*)?\r?$/.test(text.slice(line, lineEnd(text, line)))) line = text.indexOf('\n', line) + 1;
  if (line <= 0 || line > e.pos[1]) return undefined;
  const start = line + (/^ */.exec(text.slice(line))?.[0].length ?? 0);
  const indent = /^ */.exec(text.slice(entryLine))?.[0].length ?? 0;
  return {
    code: 'YAML_SYNTAX',
    severity: 'error',
    message: 'this line is indented deeper than the entry above it, so YAML reads it as part of that value',
    hint: `indent it by ${indent} spaces, like the entry above, or nest it under a key that ends with ":"`,
    file,
    range: rangeAt(source, start, lineEnd(text, line)),
  };
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/**
 * A tab in the indentation shifts every line after it out of place as far as the parser can tell,
 * so one tab would bring a report for each of them. The tab is what to fix.
 */
function withoutTabCascades(problems: readonly YAMLError[]): readonly YAMLError[] {
  const tabs = problems.filter((e) => e.code === 'TAB_AS_INDENT');
  return tabs.length > 0 ? tabs : withoutTokenCascades(problems);
}

/**
 * After an unexpected token the parser has lost the structure, and reports each token after it
 * (often every line to the end of the file) as unexpected too. The first one is the mistake.
 */
function withoutTokenCascades(problems: readonly YAMLError[]): readonly YAMLError[] {
  const first = problems.filter((e) => e.code === 'UNEXPECTED_TOKEN').reduce<YAMLError | undefined>((a, e) => (a && a.pos[0] <= e.pos[0] ? a : e), undefined);
  return first === undefined ? problems : problems.filter((e) => e.code !== 'UNEXPECTED_TOKEN' || e === first);
}

/** The parser reports one over-indented line twice; keep the report that says which line. */
function withoutEchoes(problems: readonly YAMLError[]): YAMLError[] {
  const multiline = new Set(problems.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  return problems.filter((e) => !(e.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(e.pos[0])));
}

function yamlProblem(e: YAMLError, file: string, source: SourceText): Diagnostic {
  const range = rangeAt(source, e.pos[0], e.pos[1]);
  // The parser recovers from its own stack overflow by reporting it as an error.
  if (/call stack/i.test(e.message)) {
    return { code: 'YAML_TOO_COMPLEX', severity: 'error', message: 'the document nests too deeply to parse', hint: 'flatten the structure', file, range };
  }
  const duplicate = e.code === 'DUPLICATE_KEY';
  return {
    code: duplicate ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX',
    severity: 'error',
    message: e.code === 'MULTIPLE_DOCS' ? 'the file holds more than one YAML document' : firstLine(e.message),
    hint: duplicate ? 'keep one of the two entries; YAML does not let the last one win here' : yamlHint(e.code, e.message),
    file,
    range,
  };
}

function decode(input: LoadInput): { text: string } | { diagnostic: Diagnostic } {
  const fail = (code: DiagnosticCode, message: string, hint: string, range?: SourceRange) => ({
    diagnostic: { code, severity: 'error', message, hint, file: input.file, ...(range && { range }) } satisfies Diagnostic,
  });
  const content = input.content;
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (size > loadLimits.maxBytes) {
    return fail('INPUT_TOO_LARGE', `the file has ${size} bytes; the limit is ${loadLimits.maxBytes}`, 'split generated or pasted content out of the config');
  }
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    const invalid = firstInvalidUtf8(content);
    if (invalid !== -1) {
      const utf16 = (content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff);
      const { line, col } = bytePosition(content, invalid);
      return fail(
        'INPUT_ENCODING',
        `the file is not valid UTF-8 (byte 0x${(content[invalid] ?? 0).toString(16).padStart(2, '0')} at offset ${invalid})`,
        utf16 ? 'the file looks like UTF-16; save it as UTF-8' : 'save the file as UTF-8',
        { start: { line, col }, end: { line, col: col + 1 } },
      );
    }
    text = new TextDecoder('utf-8').decode(content);
  }
  // A byte order mark is allowed at the start, as YAML allows it; it is not part of the text.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

type Path = (string | number)[];

class TreeWalker {
  readonly spans = new Map<string, NodeSpan>();
  readonly diagnostics: Diagnostic[] = [];
  private aliasExpansions = 0;
  private aliasedNodes = 0;
  /** How many aliases the walk is currently inside. */
  private aliasDepth = 0;
  /** Anchored nodes whose alias is being expanded, to stop an alias that contains itself. */
  private readonly expanding = new Set<Node>();
  /** For each merge key being walked, the spans recorded since it began. */
  private readonly merging: string[][] = [];
  /** Set once a limit is hit: the rest of the tree is not materialised. */
  private stopped = false;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly source: SourceText,
    private readonly env: Env,
  ) {}

  walk(node: unknown, path: Path, depth: number, key?: NodeSpan): unknown {
    if (this.stopped) return null;
    if (depth > loadLimits.maxDepth) return this.stop(node, `nesting deeper than ${loadLimits.maxDepth} levels`, 'flatten the structure');
    if (this.aliasDepth > 0 && ++this.aliasedNodes > loadLimits.maxAliasedNodes) {
      return this.stop(node, `aliases copy more than ${loadLimits.maxAliasedNodes} values`, 'write the values out, or share fewer of them through aliases');
    }
    if (isAlias(node)) return this.alias(node, path, depth, key);
    if (!node || !(isMap(node) || isSeq(node) || isScalar(node))) {
      this.setSpan(pointer(path), key ?? { start: 0, end: 0 });
      return null;
    }
    this.record(path, node, key);
    if (node.tag !== undefined && !coreTags.has(node.tag)) {
      this.report('YAML_SYNTAX', node, `the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not supported`, 'remove the tag; the config uses plain YAML values');
      return null;
    }
    if (isScalar(node)) return this.scalar(node.value, node, path);
    if (isSeq(node)) return node.items.map((item, i) => this.walk(item, [...path, i], depth + 1));
    const out: Record<string, unknown> = {};
    const seen = new Map<string, Node | null>();
    const merged: Record<string, unknown>[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isMergeKey(keyNode)) {
        merged.push(...this.mergeSources(pair.value as Node | null, path, depth, keyNode));
        continue;
      }
      const name = this.keyName(keyNode, node);
      if (name === undefined) continue;
      const first = seen.get(name);
      if (first !== undefined) {
        this.diagnostics.push({
          code: 'YAML_DUPLICATE_KEY',
          severity: 'error',
          message: `the key ${shown(name)} appears twice in this mapping`,
          hint: 'keep one of the two entries; YAML does not let the last one win here',
          file: this.source.file,
          range: this.rangeOf(keyNode),
          path: [...path, name],
          related: [{ message: `the key ${shown(name)} is first written here`, file: this.source.file, range: this.rangeOf(first) }],
        });
        continue;
      }
      seen.set(name, keyNode);
      const [ks, ke] = keyNode?.range ?? [0, 0];
      const value = this.walk(pair.value, [...path, name], depth + 1, { start: ks, end: ke, keyStart: ks, keyEnd: ke });
      // defineProperty, not assignment: a `__proto__` key stays an ordinary key and never replaces the prototype.
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
    // `<<: *defaults`, as Compose files share blocks: keys written in the mapping win, then the
    // first merged mapping that has the key (YAML 1.1 merge).
    for (const source of merged) {
      for (const [name, value] of Object.entries(source)) {
        if (Object.prototype.hasOwnProperty.call(out, name)) continue;
        Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  }

  /** The mappings a merge key names, walked where they are written so that their values keep their positions. */
  private mergeSources(value: Node | null, path: Path, depth: number, keyNode: Node | null): Record<string, unknown>[] {
    const items = isSeq(value) ? value.items : [value];
    const sources: Record<string, unknown>[] = [];
    items.forEach((item, i) => {
      const target = isAlias(item) ? item.resolve(this.doc) : item;
      if (!isMap(target)) {
        this.report('YAML_SYNTAX', item ?? keyNode, 'a merge key (<<) takes a mapping or a list of mappings', 'write <<: *name, or <<: [*one, *two], with anchors on mappings');
        return;
      }
      const mergePath = [...path, '<<', ...(isSeq(value) ? [i] : [])];
      const recorded: string[] = [];
      this.merging.push(recorded);
      const walked = this.walk(item, mergePath, depth + 1);
      this.merging.pop();
      if (walked !== null && typeof walked === 'object') {
        this.copySpans(recorded, mergePath, path);
        sources.push(walked as Record<string, unknown>);
      }
    });
    return sources;
  }

  /** Merged values are found under their own path too, at the place they were written. */
  private copySpans(recorded: readonly string[], from: Path, to: Path): void {
    const prefix = pointer(from) + '/';
    for (const at of recorded) {
      const span = this.spans.get(at);
      const target = pointer(to) + at.slice(prefix.length - 1);
      if (span && at.startsWith(prefix) && !this.spans.has(target)) this.setSpan(target, span);
    }
  }

  private alias(node: Node, path: Path, depth: number, key?: NodeSpan): unknown {
    if (!isAlias(node)) return null;
    if (++this.aliasExpansions > loadLimits.maxAliasExpansions) {
      return this.stop(node, `more than ${loadLimits.maxAliasExpansions} alias expansions`, 'use fewer aliases');
    }
    const target = node.resolve(this.doc);
    if (target && this.expanding.has(target)) {
      return this.stop(node, 'an alias refers to a collection that contains it', 'an alias cannot repeat its own enclosing collection; write the value out');
    }
    if (target) this.expanding.add(target);
    this.aliasDepth++;
    const value = this.walk(target, path, depth + 1, key);
    this.aliasDepth--;
    if (target) this.expanding.delete(target);
    // Problems with the value as a whole point at the alias, not at the anchor it copies.
    this.record(path, node, key);
    return value;
  }

  private keyName(keyNode: Node | null, map: Node): string | undefined {
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      this.report('YAML_KEY_NOT_STRING', keyNode ?? map, 'mapping keys must be plain strings', 'write the key as text, in quotes if it looks like a number');
      return undefined;
    }
    const name = keyNode.value;
    if (controlCharacter.test(name) || unwritableCharacter(name)) {
      this.report('YAML_KEY_NOT_STRING', keyNode, `the key ${shown(name)} contains control characters`, 'write the key with printable characters only');
      return undefined;
    }
    return name;
  }

  private record(path: Path, node: Node, key?: NodeSpan): void {
    const [start, end] = node.range ?? [key?.start ?? 0, key?.end ?? 0];
    const span: NodeSpan = key ? { start, end, keyStart: key.keyStart, keyEnd: key.keyEnd } : { start, end };
    this.setSpan(pointer(path), span);
  }

  /** Records a span, and tells each merge being walked, so that it can copy the spans of what it merges. */
  private setSpan(at: string, span: NodeSpan): void {
    this.spans.set(at, span);
    for (const recorded of this.merging) recorded.push(at);
  }

  private scalar(value: unknown, node: Node, path: Path): unknown {
    if (value === null || value === undefined || typeof value === 'boolean') return this.literal(value ?? null, node, path);
    if (typeof value === 'number') return this.number(value, node, path);
    if (typeof value !== 'string') {
      this.report('YAML_SYNTAX', node, 'this value is not a string, number, boolean or null', 'write plain YAML values');
      return null;
    }
    const unwritable = unwritableCharacter(value);
    if (unwritable) {
      this.report('INPUT_ENCODING', node, `the text contains ${unwritable.codePoint === 'U+0000' ? 'a NUL character' : `an unpaired surrogate (${unwritable.codePoint})`}`, 'remove the escape sequence; it cannot be written to a file or passed to a container', path);
      return null;
    }
    const result = interpolate(value, this.env);
    const [start, end] = node.range ?? [0, 0];
    for (const found of result.problems) {
      const problem = placeholderMistake(found, path);
      const raw = this.text.slice(start, end);
      const ref = value.slice(problem.index, problem.index + problem.length);
      const at = raw.indexOf(ref);
      const from = at === -1 ? start : start + at;
      this.diagnostics.push({
        code: problem.code,
        severity: 'error',
        message: printable(problem.message),
        hint: problem.hint,
        file: this.source.file,
        range: rangeAt(this.source, from, at === -1 ? end : from + ref.length),
        path,
        valueOnly: true,
      });
    }
    const plain = isScalar(node) && node.type === 'PLAIN';
    return plain && result.wholeReference ? retype(result.value) : result.value;
  }

  private number(value: number, node: Node, path: Path): unknown {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
      const written = this.written(node);
      this.report(
        'YAML_NUMBER',
        node,
        Number.isFinite(value) ? `${written} is too large to be represented exactly` : `${written} is not a finite number`,
        `use a finite number below 2^53, or quote the value if it is text: "${written}"`,
        path,
      );
      return null;
    }
    return this.literal(value, node, path);
  }

  /**
   * Extra environment variables are strings in the container; `PYTHON_VERSION: 3.10` would arrive as
   * `3.1`. Warn when the value the container gets is not the text the user wrote.
   */
  private literal(value: number | boolean | null, node: Node, path: Path): unknown {
    if (value !== null && isContainerVariable(path) && isScalar(node) && node.type === 'PLAIN') {
      const written = this.written(node);
      if (written !== String(value)) {
        this.diagnostics.push({
          code: 'YAML_IMPLICIT_TYPE',
          severity: 'warning',
          message: `${String(path[path.length - 1])} is read as ${String(value)}, not as written (${written})`,
          hint: `quote the value to pass it as written: "${written}"`,
          file: this.source.file,
          range: this.rangeOf(node),
          path,
        });
      }
    }
    return value;
  }

  private written(node: Node): string {
    const [start, end] = node.range ?? [0, 0];
    return this.text.slice(start, end);
  }

  private rangeOf(node: unknown): SourceRange {
    const range = (node as Node | null)?.range ?? [0, 0];
    return rangeAt(this.source, range[0], range[1]);
  }

  private stop(node: unknown, message: string, hint: string): null {
    this.stopped = true;
    this.report('YAML_TOO_COMPLEX', node, message, hint);
    return null;
  }

  /** `valuePath`: the problem is confined to that one value, and the rest of the tree is as written. */
  private report(code: DiagnosticCode, node: unknown, message: string, hint: string, valuePath?: Path): void {
    const where = valuePath && { path: valuePath, valueOnly: true as const };
    this.diagnostics.push({ code, severity: 'error', message, hint, file: this.source.file, range: this.rangeOf(node), ...where });
  }
}

/**
 * `apps[i].{server,services,options}.environment.X` and `apps[i].workPools[j].options.environment.X`:
 * variables a container receives as text. A deployment parameter named `environment` keeps its type.
 */
function isContainerVariable(path: Path): boolean {
  const [apps, , part, , options, environment] = path;
  if (apps !== 'apps' || path.length < 5) return false;
  if (path.length === 5) return (part === 'server' || part === 'services' || part === 'options') && path[3] === 'environment';
  return path.length === 7 && part === 'workPools' && options === 'options' && environment === 'environment';
}

/** `<<` as a plain key; a quoted "<<" is an ordinary key. */
function isMergeKey(keyNode: Node | null): boolean {
  return isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN';
}

/** `port: ${PG_PORT}` should read as the number the variable holds, as Compose does. */
function retype(value: string): unknown {
  if (/^-?(0|[1-9][0-9]*)$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** Message text quoted from the config, with control characters escaped so none reaches a terminal raw. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A key as messages show it: quoted, escaped (no raw control characters reach a terminal), and short. */
function shown(key: string): string {
  return JSON.stringify(key.length > 60 ? key.slice(0, 57) + '...' : key);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function yamlHint(code: string, message: string): string {
  switch (code) {
    case 'UNEXPECTED_TOKEN':
      return /flow-(map|seq)-start/.test(message)
        ? 'quote the value: inside a value, { and [ start a mapping or a list (write "secret/{env}/app")'
        : 'fix the YAML syntax at this position; what follows it could not be read';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested keys need more spaces than their parent, siblings the same';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the tag; the config uses plain YAML values';
    case 'MULTIPLE_DOCS':
      return 'keep one document in the file (no second ---)';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'quote the value: a plain value cannot contain ": "';
    case 'BAD_ALIAS':
      return 'define the anchor (&name) before the alias (*name) that uses it';
    default:
      return 'fix the YAML syntax at this position';
  }
}
