import { Document, Scalar, type Tags } from 'yaml';
import { stringifyNumber, stringifyString, type StringifyContext } from 'yaml/util';

/*
 * The block layout of the `yaml` package's Document#toString, for the one style perfect-gen writes
 * (2-space indent, indented sequences, no folding, no anchors, flow only for tagged sequences),
 * without building a node tree first. Every scalar is still written by the library's own
 * stringifyString and stringifyNumber, with the document schema of the YAML version, so quoting and
 * escaping are the library's. Building a node tree and laying it out generically cost about 60 % of
 * a 1,000-app build; test/serialize/yaml-layout.test.ts proves the bytes equal the library's on
 * every golden and on random documents.
 */

/** What a flow sequence holds: scalars and further sequences (authentik's `!Find [model, [field, value]]`). */
export type FlowItem = string | number | boolean | null | readonly FlowItem[];

/** A value written with a local tag: a scalar (`!KeyOf prov`) or a flow sequence (`!Find [...]`). */
export class Tagged {
  constructor(
    readonly tag: `!${string}`,
    readonly value: string | readonly FlowItem[],
  ) {}
}

/** A value written with a `#` comment above it (above its key when it is a mapping value). */
export class Commented {
  constructor(
    readonly comment: string,
    readonly value: unknown,
  ) {}
}

export type YamlVersion = '1.1' | '1.2';

interface Layout {
  readonly ctx: StringifyContext;
  /** Single-line scalars, by style flags and value: most keys and many values repeat. */
  readonly cache: Map<string, string>;
  readonly version: YamlVersion;
}

const INDENT_STEP = '  ';

/** Writes `value` as a YAML document in the given version's schema; the text ends with a newline. */
export function layoutDocument(value: unknown, version: YamlVersion): string {
  const layout = layoutFor(version);
  if (value instanceof Commented) return `${commentLines(value.comment, '')}\n${node(layout, value.value, layout.ctx)}\n`;
  return `${node(layout, value, layout.ctx)}\n`;
}

const layouts = new Map<YamlVersion, Layout>();

function layoutFor(version: YamlVersion): Layout {
  let layout = layouts.get(version);
  if (!layout) {
    // Without the merge tag, a `<<` string is an ordinary string that scalar() can quote.
    const doc = new Document(null, { version, ...(version === '1.1' && { customTags: withoutMergeTag }) });
    layout = { ctx: rootContext(doc), cache: new Map(), version };
    layouts.set(version, layout);
  }
  return layout;
}

const withoutMergeTag = (tags: Tags): Tags => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge');

/** The context Document#toString builds for `{ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false }`. */
function rootContext(doc: Document): StringifyContext {
  return {
    anchors: new Set(),
    doc,
    indent: '',
    indentStep: INDENT_STEP,
    inFlow: null,
    flowCollectionPadding: '',
    options: {
      blockQuote: true,
      commentString: (comment: string) => comment.replace(/^(?!$)(?: $)?/gm, '#'),
      defaultKeyType: null,
      defaultStringType: 'PLAIN',
      directives: null,
      doubleQuotedAsJSON: false,
      doubleQuotedMinMultiLineLength: 40,
      falseStr: 'false',
      flowCollectionPadding: false,
      indentSeq: true,
      lineWidth: 0,
      minContentWidth: 20,
      nullStr: 'null',
      simpleKeys: false,
      singleQuote: null,
      trailingComma: false,
      trueStr: 'true',
      verifyAliasOrder: true,
    },
  };
}

type Collection = readonly unknown[] | Readonly<Record<string, unknown>>;

const isCollection = (value: unknown): value is Collection => value !== null && typeof value === 'object';

function node(layout: Layout, value: unknown, ctx: StringifyContext): string {
  if (value instanceof Commented) return node(layout, value.value, ctx);
  if (value instanceof Tagged) {
    const body = typeof value.value === 'string' ? scalar(layout, value.value, ctx) : flowSeq(layout, value.value, ctx);
    return `${value.tag} ${body}`;
  }
  if (Array.isArray(value)) return ctx.inFlow ? flowSeq(layout, value, ctx) : blockSeq(layout, value, ctx);
  if (isCollection(value)) return blockMap(layout, value as Record<string, unknown>, ctx);
  return scalar(layout, value, ctx);
}

function blockSeq(layout: Layout, items: readonly unknown[], ctx: StringifyContext): string {
  if (items.length === 0) return '[]';
  const itemCtx: StringifyContext = { ...ctx, indent: ctx.indent + INDENT_STEP };
  const lines: string[] = [];
  for (const item of items) {
    if (item instanceof Commented) lines.push(commentLines(item.comment, ctx.indent));
    lines.push(`- ${node(layout, item, itemCtx)}`);
  }
  return lines.join(`\n${ctx.indent}`);
}

function blockMap(layout: Layout, map: Readonly<Record<string, unknown>>, ctx: StringifyContext): string {
  const entries = Object.entries(map).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const pairCtx: StringifyContext = { ...ctx, indent: ctx.indent + INDENT_STEP, implicitKey: true };
  const valueCtx: StringifyContext = { ...pairCtx, implicitKey: false };
  const lines: string[] = [];
  for (const [key, value] of entries) {
    if (value instanceof Commented) lines.push(commentLines(value.comment, ctx.indent));
    let keyText = scalar(layout, key, pairCtx);
    // The library writes keys as implicit keys up to 1,024 characters, as YAML allows, and explicit (`? key`) above.
    const explicitKey = keyText.length > 1024;
    keyText = explicitKey ? `? ${keyText}\n${ctx.indent}:` : `${keyText}:`;
    const inner = value instanceof Commented ? value.value : value;
    const valueText = node(layout, inner, valueCtx);
    lines.push(keyText + valueSeparator(inner, valueText, explicitKey, valueCtx.indent) + valueText);
  }
  return lines.join(`\n${ctx.indent}`);
}

/** What goes between `key:` and its value: a new line before a block collection, else a space. */
function valueSeparator(value: unknown, text: string, explicitKey: boolean, indent: string): string {
  if (!explicitKey && isCollection(value) && !(value instanceof Tagged && typeof value.value === 'string')) {
    const newline = text.indexOf('\n');
    const flow = value instanceof Tagged || (Array.isArray(value) ? value.length === 0 : Object.values(value).every((v) => v === undefined));
    if (newline === -1 && flow) return ' ';
    // A tag alone on the first line stays on the key's line (`key: !Tag` then the collection).
    if (newline !== -1 && text[0] === '!') {
      const space = text.indexOf(' ');
      if (space === -1 || newline < space) return ' ';
    }
    return `\n${indent}`;
  }
  return text === '' || text[0] === '\n' ? '' : ' ';
}

function flowSeq(layout: Layout, items: readonly FlowItem[], ctx: StringifyContext): string {
  const itemCtx: StringifyContext = { ...ctx, indent: ctx.indent + INDENT_STEP + INDENT_STEP, inFlow: true };
  return flowCollection('[', ']', items.map((item) => node(layout, item, itemCtx)), ctx);
}

function flowCollection(start: string, end: string, parts: readonly string[], ctx: StringifyContext): string {
  if (parts.length === 0) return start + end;
  const lines = parts.map((part, i) => (i < parts.length - 1 ? `${part},` : part));
  if (!lines.some((line) => line.includes('\n'))) return `${start}${lines.join(' ')}${end}`;
  const indent = `\n${INDENT_STEP}${ctx.indent}`;
  return `${start}${lines.map((line) => indent + line).join('')}\n${ctx.indent}${end}`;
}

/** `=` and `<<` resolve to PyYAML's `value` and `merge` types, which its SafeLoader cannot construct. */
const PYYAML_UNSAFE_PLAIN = /^(?:=|<<)$/;
/** Characters PyYAML rejects unescaped (DEL, C1, U+FFFE/F) or reads as line breaks (NEL, LS, PS), and BOM. */
export const PYYAML_RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

function scalar(layout: Layout, value: unknown, ctx: StringifyContext): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return stringifyNumber(new Scalar(value));
  const text = String(value);
  const double = layout.version === '1.1' && (PYYAML_UNSAFE_PLAIN.test(text) || PYYAML_RAW_UNSAFE.test(text));
  // Multi-line text and document markers depend on the indentation; everything else does not.
  const cacheable = !text.includes('\n') && !DOCUMENT_MARKER.test(text);
  const cacheKey = cacheable ? `${ctx.implicitKey ? 'k' : 'v'}${ctx.inFlow ? 'f' : 'b'}${double ? 'd' : 'p'}${text}` : '';
  const cached = cacheable ? layout.cache.get(cacheKey) : undefined;
  if (cached !== undefined) return cached;
  const item = new Scalar(text);
  if (double) item.type = Scalar.QUOTE_DOUBLE;
  const written = stringifyString(item, { ...ctx, actualString: true });
  if (cacheable) layout.cache.set(cacheKey, written);
  return written;
}

/** A comment above a node, one `#` line per line of text, at the collection's indentation. */
function commentLines(comment: string, indent: string): string {
  return comment
    .split('\n')
    .map((line) => (line === '' ? '#' : `# ${line}`))
    .join(`\n${indent}`);
}
