import { Document, isCollection, Pair, Scalar, YAMLMap, YAMLSeq, type Node, type Tags } from 'yaml';
import { Commented, Tagged } from '../../src/serialize/yaml.js';

/**
 * The reference for src/serialize/yaml-layout.ts: the same values built as a `yaml` node tree and
 * written by Document#toString with the options perfect-gen uses. The layout must produce the
 * same bytes; this is the library's own answer.
 */
export function libraryYaml(value: unknown, version: '1.1' | '1.2'): string {
  const doc = new Document(null, { version, ...(version === '1.1' && { customTags: withoutMergeTag }) });
  doc.contents = buildNode(doc, value);
  const text = doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false });
  return version === '1.1' ? text.replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, pyyamlEscape) : text;
}

const withoutMergeTag = (tags: Tags): Tags => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge');

function pyyamlEscape(ch: string): string {
  const named: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };
  const code = ch.charCodeAt(0);
  return named[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

const commentText = (comment: string): string => comment.split('\n').map((line) => ` ${line}`).join('\n');

function scalar(doc: Document, value: unknown): Scalar {
  const node = new Scalar(value);
  const pyyaml = doc.directives?.yaml.version === '1.1';
  if (pyyaml && typeof value === 'string' && (/^(?:=|<<)$/.test(value) || /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/.test(value))) node.type = Scalar.QUOTE_DOUBLE;
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
