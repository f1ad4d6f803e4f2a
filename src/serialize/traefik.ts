import { Commented } from './yaml-layout.js';

/**
 * Last line of defence for Traefik's dynamic file, run by the synthesis step on every document of the
 * `traefik` dialect. The schema already limits hosts to lowercase LDH
 * names, so these checks fail only on a bug in perfect-gen, never on user input.
 */
export class UnsafeTraefikValueError extends Error {
  override readonly name = 'UnsafeTraefikValueError';
}

/** A Go raw string for a rule matcher; a backtick inside would end the literal and change the rule. */
export function ruleLiteral(value: string): string {
  if (value.includes('`')) throw new UnsafeTraefikValueError(`a rule value contains a backtick: ${JSON.stringify(value)}`);
  return `\`${value}\``;
}

/** The only rule shapes perfect-gen writes: `Host(...)`, optionally `&& PathPrefix(...)`. */
const rulePattern = /^Host\(`[^`]*`\)( && PathPrefix\(`[^`]*`\))?$/;
/** Everything YAML (1.1 or 1.2) or Go's YAML parser may treat as a line break. */
const lineBreak = /[\r\n\u0085\u2028\u2029]/;
/** Traefik runs every dynamic file through Go's text/template before parsing it. */
const templateAction = '{{';

/** Throws if any key or string in the document could break out of its place. */
export function assertTraefikSafe(value: unknown, path: readonly string[] = []): void {
  // A comment is checked with the rendered text (assertNoTemplateAction); the value keeps its path.
  if (value instanceof Commented) {
    assertTraefikSafe(value.value, path);
    return;
  }
  if (typeof value === 'string') {
    checkString(value, path);
    if (path[path.length - 1] === 'rule' && !rulePattern.test(value)) fail(path, `unexpected rule shape ${JSON.stringify(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => assertTraefikSafe(item, [...path, String(i)]));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkString(key, [...path, key]);
      assertTraefikSafe(item, [...path, key]);
    }
  }
}

/** Throws if the rendered file, comments included, would start a Go template action. */
export function assertNoTemplateAction(text: string): void {
  if (text.includes(templateAction)) throw new UnsafeTraefikValueError('the rendered file contains "{{", which Traefik would run as a Go template');
}

/** Makes free text (a user's reason) fit on one comment line without starting a template action. */
export function commentSafe(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .replace(/\{(?=\{)/g, '{ ')
    .trim();
}

function checkString(value: string, path: readonly string[]): void {
  if (value.includes(templateAction)) fail(path, 'contains "{{", which Traefik would run as a Go template');
  if (lineBreak.test(value)) fail(path, 'contains a line break');
}

function fail(path: readonly string[], problem: string): never {
  throw new UnsafeTraefikValueError(`traefik value at ${path.join('.') || '(root)'} ${problem}`);
}
