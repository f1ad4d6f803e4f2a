import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { compileConfig, displayPath, type CommonOptions } from './compile-config.js';

/** Runs every stage in memory, writes nothing. */
export function validate(options: CommonOptions & { readonly quiet: boolean }, io: CliIo): ExitCode {
  const compiled = compileConfig(options, io);
  if (typeof compiled === 'number') return compiled;
  if (!options.quiet) {
    const apps = compiled.model.apps.length;
    io.stdout(`${displayPath(io.cwd, compiled.configPath)} is valid: ${apps} app${apps === 1 ? '' : 's'}, ${compiled.files.length} files would be generated\n`);
  }
  return exitCodes.ok;
}
