import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { compile } from '../../core/compile.js';
import { manifestAuthentikObjects, manifestPath } from '../../core/manifest.js';
import { provenanceFor } from '../../core/provenance.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics, type DiagnosticFormat } from '../../diagnostics/render.js';
import type { LoadedConfig } from '../../load/load-yaml.js';
import type { OutputFile } from '../../model/artifact.js';
import type { Model } from '../../model/model.js';
import { diskState } from '../../write/disk.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { readConfig } from '../read-config.js';
import type { Reporter } from '../reporter.js';

export interface CommonOptions {
  readonly config: string;
  readonly out: string;
  readonly format: DiagnosticFormat;
  readonly color?: boolean;
  /** Warnings fail the run as errors do. */
  readonly strict?: boolean;
  /** The `.env` file to read instead of the one beside the config. */
  readonly envFile?: string;
}

export interface Compiled {
  readonly files: readonly OutputFile[];
  readonly model: Model;
  readonly source: Pick<LoadedConfig, 'source' | 'spans'>;
  readonly configPath: string;
  readonly outDir: string;
  readonly command: string;
}

/** Reads and compiles the config and reports its diagnostics; on failure returns the exit code. */
export function compileConfig(options: CommonOptions, io: CliIo, reporter: Reporter): Compiled | ExitCode {
  const configPath = resolve(io.cwd, options.config);
  const outDir = resolve(io.cwd, options.out);
  const display = displayPath(io.cwd, configPath);
  const envFile = options.envFile === undefined ? undefined : { path: resolve(io.cwd, options.envFile), shown: displayPath(io.cwd, resolve(io.cwd, options.envFile)) };
  const input = readConfig(configPath, display, io.env, envFile);
  if ('code' in input) {
    reporter.problems([input], new Map());
    return reporter.finish(exitCodes.invalid, `${input.file}: ${input.message}`);
  }
  const provenance = provenanceFor(configPath, outDir);
  // The previous manifest says which authentik objects the last build managed; the pipeline never reads the disk.
  const previousAuthentik = manifestAuthentikObjects(diskState(outDir).read(manifestPath));
  const result = compile({ file: display, content: input.content, env: input.env, provenance, previousAuthentik, layout: { configDir: dirname(configPath), outDir } });
  reporter.problems(result.diagnostics, new Map([[display, Buffer.from(input.content).toString('utf8')]]));
  if (!result.ok) return reporter.finish(exitCodes.invalid, `${display} is not valid`);
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  if (options.strict === true && warnings > 0) {
    const why = `${display} has ${warnings} warning${warnings === 1 ? '' : 's'}, which --strict treats as errors`;
    reporter.failure(why);
    return reporter.finish(exitCodes.invalid, why);
  }
  return { files: result.files, model: result.model, source: result.source, configPath, outDir, command: provenance.command };
}

/** Prints diagnostics as text or in the chosen format (init's refusal); the exit code for invalid input or usage. */
export function report(diagnostics: readonly Diagnostic[], options: Pick<CommonOptions, 'format' | 'color'>, io: CliIo, sources: ReadonlyMap<string, string>): ExitCode {
  io.stderr(renderDiagnostics(diagnostics, options.format, { color: useColor(io, options.color), sources }));
  return exitCodes.invalid;
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
