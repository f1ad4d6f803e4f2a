import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { envFileNotFound, inputNotFound } from '../load/input-not-found.js';

export interface ConfigInput {
  readonly content: Uint8Array;
  /** The `.env` file's variables under the process environment (which wins, as in Compose). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A `.env` file named on the command line: it must exist, unlike the optional one beside the config. */
export interface EnvFile {
  readonly path: string;
  readonly shown: string;
}

export function readConfig(
  path: string,
  displayPath: string,
  processEnv: Readonly<Record<string, string | undefined>>,
  envFile?: EnvFile,
): ConfigInput | Diagnostic {
  let content: Uint8Array;
  try {
    content = readFileSync(path);
  } catch (error) {
    return inputNotFound(displayPath, (error as NodeJS.ErrnoException).code);
  }
  let dotenv: Record<string, string> = {};
  if (envFile) {
    try {
      dotenv = parseDotenv(readFileSync(envFile.path));
    } catch (error) {
      return envFileNotFound(envFile.shown, (error as NodeJS.ErrnoException).code);
    }
  } else {
    try {
      dotenv = parseDotenv(readFileSync(join(dirname(path), '.env')));
    } catch {
      dotenv = {};
    }
  }
  return { content, env: { ...dotenv, ...processEnv } };
}
