/**
 * A lexical pass over a YAML text before the parser sees it, for the two shapes that make the
 * `yaml` package itself slow or unsafe: deep nesting (it composes nodes recursively, so
 * `[[[[…` or `- - - -…` a hundred thousand levels deep exhausts the stack before the tree walker
 * could apply its own limit) and very many entries (millions of one-character items parse for
 * seconds, and its duplicate-key check is quadratic in the size of a mapping).
 *
 * The scan is linear and approximate on purpose. It follows block indentation, the compact
 * indicators `- `, `? ` and `: `, flow brackets, quoted scalars, comments and block scalars,
 * which is enough never to count a bracket inside a string. It may count a level or two more or
 * less than the parser on odd layouts; the walker's exact depth limit applies afterwards.
 */
export interface StructureLimits {
  readonly maxDepth: number;
  /** Lines of block structure plus flow items. */
  readonly maxEntries: number;
}

export interface StructureProblem {
  readonly kind: 'depth' | 'entries';
  /** Offset where the limit was passed. */
  readonly at: number;
}

export function structureProblem(text: string, limits: StructureLimits): StructureProblem | undefined {
  return new StructureScanner(text, limits).run();
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

class StructureScanner {
  private readonly n: number;
  /** Indents of the open block nodes. */
  private readonly indents: number[] = [];
  /** While >= 0, lines indented deeper than this belong to a block scalar. */
  private blockScalarIndent = -1;
  private problem: StructureProblem | undefined;
  private entries = 0;
  private readonly limit: number;

  constructor(
    private readonly text: string,
    private readonly limits: StructureLimits,
  ) {
    this.n = text.length;
    this.limit = limits.maxDepth;
  }

  run(): StructureProblem | undefined {
    let i = 0;
    while (i < this.n && this.problem === undefined) i = this.line(i);
    return this.problem;
  }

  /** Counts one entry; false once there are too many. */
  private entry(at: number): boolean {
    if (++this.entries <= this.limits.maxEntries) return true;
    this.problem ??= { kind: 'entries', at };
    return false;
  }

  private code(i: number): number {
    return this.text.charCodeAt(i);
  }

  private isBlank(i: number): boolean {
    const c = this.code(i);
    return c === SPACE || c === TAB;
  }

  private isBreak(i: number): boolean {
    const c = this.code(i);
    return i >= this.n || c === LF || c === CR;
  }

  private endOfLine(i: number): number {
    const at = this.text.indexOf('\n', i);
    return at === -1 ? this.n : at;
  }

  /** Scans one line starting at `start`; returns where the next line starts. */
  private line(start: number): number {
    let p = start;
    while (this.code(p) === SPACE) p++;
    const indent = p - start;
    const eol = this.endOfLine(p);
    const empty = this.isBreak(p) || (this.code(p) === TAB && this.text.slice(p, eol).trim() === '');
    if (this.blockScalarIndent >= 0) {
      if (empty || indent > this.blockScalarIndent) return eol + 1;
      this.blockScalarIndent = -1;
    }
    if (empty || this.code(p) === 0x23 /* # */) return eol + 1;
    if (indent === 0 && this.text.startsWith('%', p)) return eol + 1;
    if (!this.entry(p)) return this.n;
    if (indent === 0 && (this.text.startsWith('---', p) || this.text.startsWith('...', p)) && (this.isBreak(p + 3) || this.isBlank(p + 3))) {
      this.indents.length = 0;
      p += 3;
    } else {
      while (this.indents.length > 0 && (this.indents[this.indents.length - 1] ?? 0) >= indent) this.indents.pop();
      this.indents.push(indent);
      if (this.indents.length > this.limit) return this.stop(p);
    }
    return this.tokens(p, this.indents.length, indent);
  }

  /** Block context from a token start; returns where the next line starts. */
  private tokens(from: number, startDepth: number, indent: number): number {
    let p = from;
    let depth = startDepth;
    for (;;) {
      while (this.isBlank(p)) p++;
      if (this.isBreak(p)) return this.endOfLine(p) + 1;
      const c = this.text[p];
      if ((c === '-' || c === '?' || c === ':') && (this.isBreak(p + 1) || this.isBlank(p + 1))) {
        if (++depth > this.limit) return this.stop(p);
        p++;
        continue;
      }
      if (c === '#') return this.endOfLine(p) + 1;
      if (c === '&' || c === '!') {
        while (p < this.n && !this.isBlank(p) && !this.isBreak(p)) p++;
        continue;
      }
      if (c === '|' || c === '>') {
        this.blockScalarIndent = indent;
        return this.endOfLine(p) + 1;
      }
      if (c === '"' || c === "'") p = this.quoted(p);
      else if (c === '[' || c === '{') {
        p = this.flow(p, depth);
        if (this.problem !== undefined) return this.n;
      } else p = this.plain(p);
      // After a scalar or a flow collection: `: ` makes it a key and a value may follow.
      while (this.isBlank(p)) p++;
      if (this.text[p] === ':' && (this.isBreak(p + 1) || this.isBlank(p + 1))) {
        p++;
        continue;
      }
      return this.endOfLine(p) + 1;
    }
  }

  /** A plain scalar on one line: ends before `: `, ` #` or the line break. */
  private plain(from: number): number {
    let p = from;
    while (p < this.n && !this.isBreak(p)) {
      const c = this.text[p];
      if (c === ':' && (this.isBreak(p + 1) || this.isBlank(p + 1))) return p;
      if (c === '#' && p > from && this.isBlank(p - 1)) return p;
      p++;
    }
    return p;
  }

  /** A quoted scalar, possibly over several lines; returns the offset after the closing quote. */
  private quoted(from: number): number {
    const quote = this.text[from];
    let p = from + 1;
    while (p < this.n) {
      const c = this.text[p];
      if (quote === '"' && c === '\\') p += 2;
      else if (c === quote) {
        if (quote === "'" && this.text[p + 1] === "'") p += 2;
        else return p + 1;
      } else p++;
    }
    return this.n;
  }

  /** A flow collection from its opening bracket; returns the offset after the matching close. */
  private flow(from: number, blockDepth: number): number {
    let level = 0;
    let tokenStart = true;
    let p = from;
    while (p < this.n) {
      const c = this.text[p];
      if (c === '[' || c === '{') {
        if (blockDepth + ++level > this.limit) {
          this.stop(p);
          return this.n;
        }
        if (!this.entry(p)) return this.n;
        tokenStart = true;
      } else if (c === ']' || c === '}') {
        if (--level === 0) return p + 1;
        tokenStart = false;
      } else if (c === ',') {
        if (!this.entry(p)) return this.n;
        tokenStart = true;
      } else if (c === ':') tokenStart = true;
      else if ((c === '"' || c === "'") && tokenStart) {
        p = this.quoted(p);
        tokenStart = false;
        continue;
      } else if (c === '#' && (p === 0 || this.isBlank(p - 1) || this.isBreak(p - 1))) {
        p = this.endOfLine(p);
        continue;
      } else if (!(c === ' ' || c === '\t' || c === '\n' || c === '\r' || ((c === '-' || c === '?') && tokenStart))) tokenStart = false;
      p++;
    }
    return this.n;
  }

  private stop(at: number): number {
    this.problem ??= { kind: 'depth', at };
    return this.n;
  }
}
