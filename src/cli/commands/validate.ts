import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Reporter } from '../reporter.js';
import { compileConfig, displayPath, type CommonOptions } from './compile-config.js';

/** Runs every stage in memory, writes nothing. */
export function validate(options: CommonOptions & { readonly quiet: boolean }, io: CliIo): ExitCode {
  const reporter = new Reporter('validate', options, io);
  const compiled = compileConfig(options, io, reporter);
  if (typeof compiled === 'number') return compiled;
  const apps = compiled.model.apps.length;
  const summary = `${displayPath(io.cwd, compiled.configPath)} is valid: ${apps} app${apps === 1 ? '' : 's'}, ${compiled.files.length} files would be generated`;
  reporter.progress(summary + '\n');
  return reporter.finish(exitCodes.ok, summary);
}
