import { resolve } from 'node:path';
import { version } from '../../core/version.js';
import { renderTemplate } from '../../serialize/templates.js';
import { writeNewFile } from '../../write/write-atomic.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { displayPath, report } from './compile-config.js';

/** Writes a starter config with the schema modeline, pinned to this version; never overwrites. */
export function init(options: { readonly config: string }, io: CliIo): ExitCode {
  const path = resolve(io.cwd, options.config);
  const shown = displayPath(io.cwd, path);
  const schemaUrl = `https://unpkg.com/perfect-gen@${version}/schema/perfect.config.schema.json`;
  const written = writeNewFile(path, renderTemplate('starter-config.yaml', { schemaUrl }), shown);
  if (!written.ok) return report(written.diagnostics, { format: 'text' }, io, new Map());
  io.stdout(`created ${shown}\nnext: edit it, then run npx perfect-gen build\n`);
  return exitCodes.ok;
}
