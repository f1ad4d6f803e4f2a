import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { packageRoot } from '../package-root.js';

export function printSchema(io: CliIo): ExitCode {
  io.stdout(readFileSync(join(packageRoot(), 'schema', 'perfect.config.schema.json'), 'utf8'));
  return exitCodes.ok;
}
