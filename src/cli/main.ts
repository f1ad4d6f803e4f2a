import { version } from '../core/version.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { fastPath } from './fast-args.js';
import { prerenderedHelp } from './help-text.js';
import { processIo, type CliIo } from './io.js';
import { loadEngine, storeEngineCache } from './load-engine.js';

/**
 * The thin CLI: parses arguments, calls one command, returns its exit code.
 * Start-up is most of a run's time: `--version`, `--help` and plain command lines are answered
 * without loading yargs (fast-args.ts), and the commands live in the engine, loaded only when one
 * runs (load-engine.ts).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const fast = fastPath(argv);
  if (fast?.kind === 'version') {
    io.stdout(version + '\n');
    return exitCodes.ok;
  }
  const help = fast?.kind === 'help' ? prerenderedHelp() : undefined;
  if (help !== undefined) {
    io.stdout(help);
    return exitCodes.ok;
  }
  // yargs parses what fast-args leaves: help for a command, usage errors, unusual spellings.
  const invocation = fast?.kind === 'run' ? fast.invocation : await (await import('./yargs-cli.js')).parseWithYargs(argv, io);
  if (typeof invocation === 'number') return invocation;
  try {
    const code = await (await loadEngine()).runInvocation(invocation, io);
    storeEngineCache();
    return code;
  } catch (error) {
    const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr(`perfect-gen: ${message}\nThis is a bug in perfect-gen; please report it with the config that caused it.\n`);
    // A program reading --format json still gets its one document.
    if ('options' in invocation && 'format' in invocation.options && invocation.options.format === 'json') {
      const document = { command: invocation.command, ok: false, exitCode: exitCodes.internal, summary: message, diagnostics: [], files: [] };
      io.stdout(JSON.stringify(document, null, 2) + '\n');
    }
    return exitCodes.internal;
  }
}
