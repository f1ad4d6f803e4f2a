import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

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
    return notFound(displayPath, 'the config file', error, 'pass --config PATH, or run `perfect-gen init` to create perfect.config.yaml here');
  }
  let dotenv: Record<string, string> = {};
  if (envFile) {
    try {
      dotenv = parseDotenv(readFileSync(envFile.path));
    } catch (error) {
      return notFound(envFile.shown, 'the file named by --env-file', error, 'pass the path of an existing .env file, relative to the working directory');
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

function notFound(file: string, what: string, error: unknown, hint: string): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
  return { code: 'INPUT_NOT_FOUND', severity: 'error', message: `${what} ${reason}`, hint, file };
}
