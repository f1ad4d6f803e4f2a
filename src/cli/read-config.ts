import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { inputNotFound } from '../load/input-not-found.js';

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
    return inputNotFound(displayPath, (error as NodeJS.ErrnoException).code);
  }
  let dotenv: Record<string, string> = {};
  try {
    dotenv = parseDotenv(readFileSync(join(dirname(path), '.env')));
  } catch {
    dotenv = {};
  }
  return { content, env: { ...dotenv, ...processEnv } };
}
