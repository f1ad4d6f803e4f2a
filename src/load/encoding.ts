/**
 * Byte- and character-level checks that run before the YAML parser sees the text, so that
 * what reaches the artifacts is exactly the text the user saved.
 */

/** Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line (1-based) and column (1-based, in bytes) of a byte offset. */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Characters YAML does not allow in a stream (outside its printable set), plus lone surrogates,
 * which UTF-8 cannot encode. Tab, LF and CR are the only C0 controls a config may hold.
 */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface ForbiddenCharacter {
  readonly index: number;
  /** `U+001B`. */
  readonly codePoint: string;
}

export function findForbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const match = forbidden.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  return { index: match.index, codePoint: 'U+' + code.toString(16).toUpperCase().padStart(4, '0') };
}

/** A parsed string value that cannot be written faithfully: NUL (cut off by C strings) or a lone surrogate. */
const unwritable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unwritableCharacter(value: string): ForbiddenCharacter | undefined {
  const match = unwritable.exec(value);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  return { index: match.index, codePoint: 'U+' + code.toString(16).toUpperCase().padStart(4, '0') };
}

/** Control characters that have no business in a mapping key (and would reach terminals in messages). */
export const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/;
