import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { version } from '../../core/version.js';
import { renderTemplate } from '../../serialize/templates.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { displayPath } from './compile-config.js';

/** Writes a starter config with the schema modeline, pinned to this version; never overwrites. */
export function init(options: { readonly config: string }, io: CliIo): ExitCode {
  const path = resolve(io.cwd, options.config);
  const shown = displayPath(io.cwd, path);
  if (existsSync(path)) {
    io.stderr(`${shown}: already exists; perfect-gen init does not overwrite it.\n  hint: remove it first, or pass --config NEW_PATH\n`);
    return exitCodes.invalid;
  }
  const schemaUrl = `https://unpkg.com/perfect-gen@${version}/schema/perfect.config.schema.json`;
  writeFileSync(path, renderTemplate('starter-config.yaml', { schemaUrl }), { flag: 'wx' });
  io.stdout(`created ${shown}\nnext: edit it, then run npx perfect-gen build\n`);
  return exitCodes.ok;
}
