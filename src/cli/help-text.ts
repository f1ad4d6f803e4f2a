import { readFileSync } from 'node:fs';

/** Written beside the bundle by scripts/build.mjs: yargs' own `--help` output, rendered at build time. */
export const helpTextFile = 'help.txt';

/** The prerendered `--help` output, or undefined when not running from a build (yargs renders it then). */
export function prerenderedHelp(): string | undefined {
  try {
    return readFileSync(new URL(`./${helpTextFile}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}
