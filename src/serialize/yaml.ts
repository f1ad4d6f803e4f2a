import { Document, isCollection, Pair, Scalar, YAMLMap, YAMLSeq, type Node, type Tags } from 'yaml';

/** A value that is written with a YAML tag, such as authentik's `!KeyOf prov` or `!Find [...]`. */
export class Tagged {
  constructor(
    readonly tag: `!${string}`,
    readonly value: string | readonly unknown[],
  ) {}
}

export const tagged = (tag: `!${string}`, value: string | readonly unknown[]): Tagged => new Tagged(tag, value);

/** A value written with a `#` comment above it (above its key when it is a mapping value). */
export class Commented {
  constructor(
    readonly comment: string,
    readonly value: unknown,
  ) {}
}

export const commented = (comment: string, value: unknown): Commented => new Commented(comment, value);

/** The `yaml` package prints each line of a comment after `#` as is; the space keeps it readable. */
const commentText = (comment: string): string => comment.split('\n').map((line) => ` ${line}`).join('\n');

export interface YamlOptions {
  /** `1.1` for PyYAML consumers (authentik): quotes yes/no/on/off, 0755, 12:30. */
  readonly version?: '1.1' | '1.2';
}

/**
 * The one YAML writer: keys in the order the emitter built them, no line folding, no anchors,
 * block style except for tagged sequences.
 */
export function toYaml(value: unknown, options: YamlOptions = {}): string {
  const version = options.version ?? '1.2';
  // Without the merge tag, a `<<` string is an ordinary string that `scalar()` can quote.
  const doc = new Document(null, { version, ...(version === '1.1' && { customTags: withoutMergeTag }) });
  doc.contents = buildNode(doc, value);
  const text = doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false });
  return version === '1.1' ? text.replace(PYYAML_RAW_UNSAFE_ALL, pyyamlEscape) : text;
}

const withoutMergeTag = (tags: Tags): Tags => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge');

/** `=` and `<<` resolve to PyYAML's `value` and `merge` types, which its SafeLoader cannot construct. */
const PYYAML_UNSAFE_PLAIN = /^(?:=|<<)$/;
/** Characters PyYAML rejects unescaped (DEL, C1, U+FFFE/F) or reads as line breaks (NEL, LS, PS), and BOM. */
const PYYAML_RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const PYYAML_RAW_UNSAFE_ALL = new RegExp(PYYAML_RAW_UNSAFE.source, 'g');
const PYYAML_NAMED_ESCAPES: Readonly<Record<string, string>> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/** The `yaml` package writes these characters raw even in double quotes; only double-quoted scalars contain them. */
function pyyamlEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return PYYAML_NAMED_ESCAPES[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

function scalar(doc: Document, value: unknown): Scalar {
  const node = new Scalar(value);
  const pyyaml = doc.directives?.yaml.version === '1.1';
  if (pyyaml && typeof value === 'string' && (PYYAML_UNSAFE_PLAIN.test(value) || PYYAML_RAW_UNSAFE.test(value))) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function buildNode(doc: Document, value: unknown): Node {
  if (value instanceof Commented) {
    const node = buildNode(doc, value.value);
    node.commentBefore = commentText(value.comment);
    return node;
  }
  if (value instanceof Tagged) {
    const node = buildNode(doc, value.value);
    node.tag = value.tag;
    if (isCollection(node)) node.flow = true;
    return node;
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq<Node>();
    for (const item of value) seq.items.push(buildNode(doc, item));
    return seq;
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAMLMap<Scalar, Node>();
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const key = scalar(doc, k);
      if (v instanceof Commented) key.commentBefore = commentText(v.comment);
      map.items.push(new Pair(key, buildNode(doc, v instanceof Commented ? v.value : v)));
    }
    return map;
  }
  return scalar(doc, value);
}

/** Sorts a record's keys, for maps whose order carries no meaning (env vars, labels). */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  // defineProperty, not assignment: a `__proto__` key (free-form deployment parameters) must stay a key.
  for (const key of Object.keys(record).sort()) Object.defineProperty(out, key, { value: record[key] as T, enumerable: true, writable: true, configurable: true });
  return out;
}
