import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { interpolate, type Env } from './interpolate.js';
import { computeLineStarts, rangeAt, type SourceText } from './source-text.js';
import { pointer, type NodeSpan, type SpanMap } from './spans.js';

export const loadLimits = {
  /** A platform config is a few kilobytes; 1,000 apps fit in well under this. */
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 64,
  /** Values materialised through aliases, the YAML-bomb guard. */
  maxAliasExpansions: 1_000,
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

export function loadConfig(input: LoadInput): LoadResult {
  const decoded = decode(input);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  const text = decoded.text;
  const source: SourceText = { file: input.file, lineStarts: computeLineStarts(text) };
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false, keepSourceTokens: false });
  } catch (error) {
    if (error instanceof RangeError) return { diagnostics: [tooComplex(source, 'the document nests too deeply to parse')] };
    throw error;
  }
  const yamlProblems = [...doc.errors, ...doc.warnings].map((e): Diagnostic => {
    const code: DiagnosticCode = e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX';
    return {
      code,
      severity: 'error',
      message: firstLine(e.message),
      hint: code === 'YAML_DUPLICATE_KEY' ? 'keep one of the two entries; YAML does not let the last one win here' : yamlHint(e.code),
      file: input.file,
      range: rangeAt(source, e.pos[0], e.pos[1]),
    };
  });
  if (yamlProblems.length > 0) return { diagnostics: yamlProblems };
  const walker = new TreeWalker(doc, text, source, input.env);
  const value = walker.walk(doc.contents, [], 0);
  return { config: { source, value, spans: walker.spans }, diagnostics: walker.diagnostics };
}

function decode(input: LoadInput): { text: string } | { diagnostic: Diagnostic } {
  const fail = (code: DiagnosticCode, message: string, hint: string) => ({
    diagnostic: { code, severity: 'error', message, hint, file: input.file } satisfies Diagnostic,
  });
  const size = typeof input.content === 'string' ? input.content.length : input.content.byteLength;
  if (size > loadLimits.maxBytes) {
    return fail('INPUT_TOO_LARGE', `the file has ${size} bytes; the limit is ${loadLimits.maxBytes}`, 'split generated or pasted content out of the config');
  }
  let text: string;
  if (typeof input.content === 'string') text = input.content;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input.content);
    } catch {
      return fail('INPUT_ENCODING', 'the file is not valid UTF-8', 'save the file as UTF-8');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return fail('INPUT_ENCODING', `the file contains a NUL byte at offset ${nul}`, 'remove the NUL byte; the config is plain text');
  return { text };
}

class TreeWalker {
  readonly spans = new Map<string, NodeSpan>();
  readonly diagnostics: Diagnostic[] = [];
  private aliasExpansions = 0;

  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly source: SourceText,
    private readonly env: Env,
  ) {}

  walk(node: unknown, path: (string | number)[], depth: number, key?: NodeSpan): unknown {
    if (depth > loadLimits.maxDepth) {
      this.report('YAML_TOO_COMPLEX', node, `nesting deeper than ${loadLimits.maxDepth} levels`, 'flatten the structure');
      return null;
    }
    if (isAlias(node)) {
      if (++this.aliasExpansions > loadLimits.maxAliasExpansions) {
        this.report('YAML_TOO_COMPLEX', node, `more than ${loadLimits.maxAliasExpansions} alias expansions`, 'use fewer aliases');
        return null;
      }
      const target = node.resolve(this.doc);
      this.record(path, node, key);
      return this.walk(target, path, depth + 1, key);
    }
    if (!node || !(isMap(node) || isSeq(node) || isScalar(node))) {
      this.spans.set(pointer(path), key ?? { start: 0, end: 0 });
      return null;
    }
    this.record(path, node, key);
    if (isScalar(node)) return this.scalar(node.value, node);
    if (isSeq(node)) return node.items.map((item, i) => this.walk(item, [...path, i], depth + 1));
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.report('YAML_KEY_NOT_STRING', keyNode ?? node, 'mapping keys must be plain strings', 'write the key as text, in quotes if it looks like a number');
        continue;
      }
      const [ks, ke] = keyNode.range ?? [0, 0];
      const name = keyNode.value;
      const value = this.walk(pair.value, [...path, name], depth + 1, { start: ks, end: ke, keyStart: ks, keyEnd: ke });
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private record(path: (string | number)[], node: Node, key?: NodeSpan): void {
    const [start, end] = node.range ?? [key?.start ?? 0, key?.end ?? 0];
    const span: NodeSpan = key ? { start, end, keyStart: key.keyStart, keyEnd: key.keyEnd } : { start, end };
    this.spans.set(pointer(path), span);
  }

  private scalar(value: unknown, node: Node): unknown {
    if (typeof value !== 'string') return value ?? null;
    const result = interpolate(value, this.env);
    const [start, end] = node.range ?? [0, 0];
    for (const problem of result.problems) {
      const raw = this.text.slice(start, end);
      const ref = value.slice(problem.index, problem.index + problem.length);
      const at = raw.indexOf(ref);
      const from = at === -1 ? start : start + at;
      this.diagnostics.push({
        code: problem.code,
        severity: 'error',
        message: problem.message,
        hint: problem.hint,
        file: this.source.file,
        range: rangeAt(this.source, from, at === -1 ? end : from + ref.length),
      });
    }
    const plain = isScalar(node) && node.type === 'PLAIN';
    return plain && result.wholeReference ? retype(result.value) : result.value;
  }

  private report(code: DiagnosticCode, node: unknown, message: string, hint: string): void {
    const range = (node as Node | null)?.range ?? [0, 0];
    this.diagnostics.push({ code, severity: 'error', message, hint, file: this.source.file, range: rangeAt(this.source, range[0], range[1]) });
  }
}

/** `port: ${PG_PORT}` should read as the number the variable holds, as Compose does. */
function retype(value: string): unknown {
  if (/^-?(0|[1-9][0-9]*)$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested keys need more spaces than their parent, siblings the same';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the tag; the config uses plain YAML values';
    case 'MULTIPLE_DOCS':
      return 'keep one document in the file (no second ---)';
    default:
      return 'fix the YAML syntax at this position';
  }
}

function tooComplex(source: SourceText, message: string): Diagnostic {
  return { code: 'YAML_TOO_COMPLEX', severity: 'error', message, hint: 'flatten the structure', file: source.file };
}
