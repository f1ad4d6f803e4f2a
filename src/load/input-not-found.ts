import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** The config file could not be read; `errno` is the system's code (ENOENT, EACCES…). */
export function inputNotFound(file: string, errno: string | undefined): Diagnostic {
  return {
    code: 'INPUT_NOT_FOUND',
    severity: 'error',
    message: `the config file ${errno === 'ENOENT' ? 'does not exist' : 'cannot be read'}`,
    hint: 'pass --config PATH, or run `perfect-gen init` to create perfect.config.yaml here',
    file,
  };
}

/** The `.env` file named by `--env-file` could not be read; unlike the one beside the config, it must exist. */
export function envFileNotFound(file: string, errno: string | undefined): Diagnostic {
  return {
    code: 'INPUT_NOT_FOUND',
    severity: 'error',
    message: `the file named by --env-file ${errno === 'ENOENT' ? 'does not exist' : 'cannot be read'}`,
    hint: 'pass the path of an existing .env file, relative to the working directory',
    file,
  };
}
