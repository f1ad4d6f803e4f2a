import { posix, relative, dirname, basename, sep } from 'node:path';
import type { Provenance } from '../model/artifact.js';
import { shellWord } from '../serialize/shell.js';

export const defaultConfigName = 'perfect.config.yaml';
export const defaultOutDir = 'out';

/**
 * How the output names its source and its regeneration command. Both are relative to the
 * config's folder, so the bytes do not depend on the working directory or the machine.
 */
export function provenanceFor(configPath: string, outDir: string): Provenance {
  const configName = basename(configPath);
  const outFromConfig = relative(dirname(configPath), outDir).split(sep).join(posix.sep) || '.';
  const words = ['npx', 'perfect-gen', 'build'];
  if (configName !== defaultConfigName) words.push('--config', shellWord(configName));
  if (outFromConfig !== defaultOutDir) words.push('--out', shellWord(outFromConfig));
  const configDirFromOutput = relative(outDir, dirname(configPath)).split(sep).join(posix.sep) || '.';
  return { configName, command: words.join(' '), configDirFromOutput };
}
