import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes, type DiagnosticCode } from '../src/diagnostics/codes.js';
import { projectRoot } from './support/model-from.js';

/*
 * The rules the layout promises, read from the import statements of every file under src/:
 * the core never imports the CLI; an emitter imports no other emitter, no earlier stage and no
 * Node module beyond node:path; only the write stage and the edges (the CLI, doctor's probes of a live deployment)
 * touch the disk; serialize knows no emitter; emitters return documents and leave their bytes
 * (YAML, headers, templates) to the synthesis step, which knows emitters only by their descriptor list;
 * and each stage reports only its own diagnostic codes.
 */

const src = join(projectRoot, 'src');

interface SourceFile {
  /** Relative to src/, with `/`: `emit/compose/index.ts`. */
  readonly path: string;
  readonly text: string;
  /** Relative imports as paths under src/; other specifiers as written (`node:fs`, `yaml`). */
  readonly imports: readonly string[];
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): SourceFile[] => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    if (!entry.name.endsWith('.ts')) return [];
    const text = readFileSync(full, 'utf8');
    const imports = ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) =>
      fileName.startsWith('.') ? relative(src, resolve(dirname(full), fileName)).split(sep).join('/') : fileName,
    );
    return [{ path: relative(src, full).split(sep).join('/'), text, imports }];
  });
}

const files = sourceFiles(src);

/** `emit/compose/index.ts` → `emit/compose`; `emit/types.ts` → `emit`; `cli/main.ts` → `cli`. */
const moduleOf = (path: string): string => {
  const parts = path.split('/');
  return parts[0] === 'emit' && parts.length > 2 ? `emit/${parts[1]}` : (parts[0] ?? '');
};

const stageOf = (path: string): string => path.split('/')[0] ?? '';

interface Edge {
  readonly from: string;
  readonly to: string;
}

const edges: readonly Edge[] = files.flatMap((f) => f.imports.map((to) => ({ from: f.path, to })));

const show = (edge: Edge) => `${edge.from} → ${edge.to}`;

/** Imports that break a rule and are known: none. The list may only shrink; an entry that no longer occurs fails the last test below. */
const knownExceptions: readonly string[] = [];

const violations = (broken: (edge: Edge) => boolean): string[] =>
  edges.filter(broken).map(show).filter((edge) => !knownExceptions.includes(edge));

/** Each name an emitter imports, with the module it comes from (resolved under src/ as `imports` are). */
const emitterImports = files
  .filter((f) => stageOf(f.path) === 'emit')
  .flatMap((f) =>
    [...f.text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)].flatMap((m) => {
      const from = (m[2] ?? '').startsWith('.') ? relative(src, resolve(dirname(join(src, f.path)), m[2] ?? '')).split(sep).join('/') : (m[2] ?? '');
      return (m[1] ?? '').split(',').map((n) => ({ file: f.path, from, name: n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0] ?? '' })).filter((i) => i.name !== '');
    }),
  );

const diskModules = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises']);

describe('architecture', () => {
  it('reads every source file', () => {
    expect(files.map((f) => f.path)).toContain('core/compile.ts');
    expect(edges.length).toBeGreaterThan(100);
  });

  it('the core never imports the CLI', () => {
    expect(violations((e) => stageOf(e.from) !== 'cli' && stageOf(e.to) === 'cli')).toEqual([]);
  });

  it('emitters import no other emitter', () => {
    expect(
      violations((e) => moduleOf(e.from).startsWith('emit/') && moduleOf(e.to).startsWith('emit/') && moduleOf(e.from) !== moduleOf(e.to)),
    ).toEqual([]);
  });

  it('emitters render the model: no earlier stage, no write stage, no CLI, no Node module but path arithmetic', () => {
    const allowed = new Set(['emit', 'model', 'serialize', 'diagnostics']);
    const io = (to: string) => to.startsWith('node:') && to !== 'node:path';
    expect(violations((e) => stageOf(e.from) === 'emit' && (io(e.to) || (isSource(e.to) && !allowed.has(stageOf(e.to)))))).toEqual([]);
  });

  it('only the write stage and the edges (the CLI, the probes of doctor) touch the disk', () => {
    const edge = (path: string) => ['write', 'cli'].includes(stageOf(path)) || path.startsWith('doctor/probe/');
    expect(violations((e) => diskModules.has(e.to) && !edge(e.from))).toEqual([]);
  });

  it('emitters return documents: they import none of the writers that make bytes (toYaml, header, renderTemplate)', () => {
    const writers: Readonly<Record<string, readonly string[]>> = {
      'serialize/yaml.js': ['toYaml'],
      'serialize/header.js': ['header', 'headerLines'],
      'serialize/templates.js': ['renderTemplate'],
    };
    const found = emitterImports.filter((i) => writers[i.from]?.includes(i.name)).map((i) => `${i.file} imports ${i.name} from ${i.from}`);
    expect(emitterImports.some((i) => i.from === 'serialize/yaml.js')).toBe(true);
    expect(found).toEqual([]);
  });

  it('synthesis reads serialize, the model and nothing of the emitters but their descriptor list', () => {
    const allowed = (to: string) =>
      ['synthesize', 'serialize', 'model'].includes(stageOf(to)) || to === 'emit/emitters.js' || to === 'emit/types.js' || to === 'node:crypto';
    expect(files.some((f) => stageOf(f.path) === 'synthesize')).toBe(true);
    expect(violations((e) => stageOf(e.from) === 'synthesize' && !allowed(e.to))).toEqual([]);
  });

  it('serialize knows no emitter', () => {
    expect(violations((e) => stageOf(e.from) === 'serialize' && stageOf(e.to) === 'emit' && isSource(e.to))).toEqual([]);
  });

  it('each stage reports only its own codes (INPUT_, YAML_, ENV_: load; SCHEMA_: validate; OUTPUT_: write; the rest: check)', () => {
    const codes = new Set(Object.keys(diagnosticCodes));
    // Outside src/diagnostics (which defines them), a code written as a string literal is a code reported.
    const minted = files
      .filter((f) => stageOf(f.path) !== 'diagnostics')
      .flatMap((f) => [...f.text.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? '').filter((code) => codes.has(code)).map((code) => ({ file: f.path, code: code as DiagnosticCode })));
    expect(minted.length).toBeGreaterThan(codes.size / 2);
    expect(minted.filter(({ file, code }) => stageOf(file) !== codeStage(code)).map(({ file, code }) => `${file} reports ${code}`)).toEqual([]);
  });

  it('lists only exceptions that still occur', () => {
    const occurring = new Set(edges.map(show));
    expect(knownExceptions.filter((edge) => !occurring.has(edge))).toEqual([]);
  });
});

/** A path under src/ (an import resolved from a relative specifier), not a package name. */
function isSource(path: string): boolean {
  return files.some((f) => f.path.replace(/\.ts$/, '.js') === path || f.path === path);
}

function codeStage(code: DiagnosticCode): string {
  if (/^(INPUT|YAML|ENV)_/.test(code)) return 'load';
  if (code.startsWith('SCHEMA_')) return 'validate';
  if (code.startsWith('OUTPUT_')) return 'write';
  return 'check';
}
