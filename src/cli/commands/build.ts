import { relative } from 'node:path';
import { compareWithDisk, isDrift, type FileComparison } from '../../write/compare.js';
import { diskState } from '../../write/disk.js';
import { writeAtomic } from '../../write/write-atomic.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { compileConfig, displayPath, report, type CommonOptions } from './compile-config.js';

export interface BuildOptions extends CommonOptions {
  readonly check: boolean;
  readonly stdout: boolean;
  readonly quiet: boolean;
  /** Replace files at artifact paths that perfect-gen did not generate. */
  readonly force?: boolean;
}

export async function build(options: BuildOptions, io: CliIo): Promise<ExitCode> {
  const compiled = compileConfig(options, io);
  if (typeof compiled === 'number') return compiled;
  const { files, outDir } = compiled;
  const shownOut = displayPath(io.cwd, outDir) || '.';

  if (options.stdout) {
    io.stdout(files.map((f) => `# ==> ${f.path} <==\n${f.content}`).join('\n'));
    return exitCodes.ok;
  }

  const comparison = compareWithDisk(files, diskState(outDir));
  if (options.check) return reportCheck(comparison, shownOut, compiled.configPath, compiled.command, options, io);

  const written = writeAtomic(outDir, files, comparison, { force: options.force === true, shownOut });
  if (!written.ok) return report(written.diagnostics, options, io, new Map());
  const { summary } = written;
  if (!options.quiet) {
    for (const path of summary.written) io.stdout(`wrote ${shownOut}/${path}\n`);
    for (const path of summary.removed) io.stdout(`removed ${shownOut}/${path}\n`);
    io.stdout(`${shownOut}: ${summary.written.length} written, ${summary.unchanged.length} unchanged, ${summary.removed.length} removed\n`);
  }
  return exitCodes.ok;
}

async function reportCheck(
  comparison: readonly FileComparison[],
  shownOut: string,
  configPath: string,
  command: string,
  options: BuildOptions,
  io: CliIo,
): Promise<ExitCode> {
  const drift = comparison.filter(isDrift);
  if (drift.length === 0) {
    if (!options.quiet) io.stdout(`${shownOut}: ${comparison.length} files up to date\n`);
    return exitCodes.ok;
  }
  const { unifiedDiff } = await import('../../write/unified-diff.js');
  const label = { changed: 'stale', missing: 'missing', extra: 'no longer generated', unchanged: '' } as const;
  for (const change of drift) io.stdout(`${label[change.status]}: ${shownOut}/${change.path}\n`);
  if (!options.quiet) for (const change of drift) io.stdout('\n' + unifiedDiff(change));
  const configDir = relative(io.cwd, configPath).split(/[\\/]/).slice(0, -1).join('/') || '.';
  const where = configDir === '.' ? '' : `cd ${configDir} && `;
  io.stderr(`\n${drift.length} generated file${drift.length === 1 ? ' is' : 's are'} out of date. Regenerate with:\n  ${where}${command}\n`);
  return exitCodes.drift;
}
