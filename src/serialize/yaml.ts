import { Commented, layoutDocument, PYYAML_RAW_UNSAFE, Tagged, type FlowItem, type YamlVersion } from './yaml-layout.js';

export { Commented, Tagged } from './yaml-layout.js';

export const tagged = (tag: `!${string}`, value: string | readonly FlowItem[]): Tagged => new Tagged(tag, value);

export const commented = (comment: string, value: unknown): Commented => new Commented(comment, value);

export interface YamlOptions {
  /** `1.1` for PyYAML consumers (authentik, compose): quotes yes/no/on/off, 0755, 12:30, `=`, `<<`. */
  readonly version?: YamlVersion;
}

/**
 * The one YAML writer: keys in the order the emitter built them, no line folding, no anchors,
 * block style except for tagged sequences.
 */
export function toYaml(value: unknown, options: YamlOptions = {}): string {
  const version = options.version ?? '1.2';
  const text = layoutDocument(value, version);
  return version === '1.1' ? text.replace(PYYAML_RAW_UNSAFE_ALL, pyyamlEscape) : text;
}

const PYYAML_RAW_UNSAFE_ALL = new RegExp(PYYAML_RAW_UNSAFE.source, 'g');
const PYYAML_NAMED_ESCAPES: Readonly<Record<string, string>> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/** The `yaml` package writes these characters raw even in double quotes; only double-quoted scalars contain them. */
function pyyamlEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return PYYAML_NAMED_ESCAPES[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** Sorts a record's keys, for maps whose order carries no meaning (env vars, labels). */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  // defineProperty, not assignment: a `__proto__` key (free-form deployment parameters) must stay a key.
  for (const key of Object.keys(record).sort()) Object.defineProperty(out, key, { value: record[key] as T, enumerable: true, writable: true, configurable: true });
  return out;
}
