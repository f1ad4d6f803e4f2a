import { Document, isCollection, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/** A value that is written with a YAML tag, such as authentik's `!KeyOf prov` or `!Find [...]`. */
export class Tagged {
  constructor(
    readonly tag: `!${string}`,
    readonly value: string | readonly unknown[],
  ) {}
}

export const tagged = (tag: `!${string}`, value: string | readonly unknown[]): Tagged => new Tagged(tag, value);

export interface YamlOptions {
  /** `1.1` for PyYAML consumers (authentik): quotes yes/no/on/off, 0755, 12:30. */
  readonly version?: '1.1' | '1.2';
}

/**
 * The one YAML writer: keys in the order the emitter built them, no line folding, no anchors,
 * block style except for tagged sequences.
 */
export function toYaml(value: unknown, options: YamlOptions = {}): string {
  const doc = new Document(null, { version: options.version ?? '1.2' });
  doc.contents = buildNode(doc, value);
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false });
}

function buildNode(doc: Document, value: unknown): Node {
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
      if (v !== undefined) map.items.push(new Pair(new Scalar(k), buildNode(doc, v)));
    }
    return map;
  }
  return new Scalar(value);
}

/** Sorts a record's keys, for maps whose order carries no meaning (env vars, labels). */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as T;
  return out;
}
