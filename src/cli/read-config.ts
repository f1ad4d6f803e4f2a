import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface ConfigInput {
  readonly content: Uint8Array;
  /** The `.env` file beside the config, under the process environment (which wins, as in Compose). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function readConfig(path: string, displayPath: string, processEnv: Readonly<Record<string, string | undefined>>): ConfigInput | Diagnostic {
  let content: Uint8Array;
  try {
    content = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    return {
      code: 'INPUT_NOT_FOUND',
      severity: 'error',
      message: `the config file ${reason}`,
      hint: 'pass --config PATH, or run `perfect-gen init` to create perfect.config.yaml here',
      file: displayPath,
    };
  }
  let dotenv: Record<string, string> = {};
  try {
    dotenv = parseDotenv(readFileSync(join(dirname(path), '.env')));
  } catch {
    dotenv = {};
  }
  return { content, env: { ...dotenv, ...processEnv } };
}
