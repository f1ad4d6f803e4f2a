import { relative } from 'node:path';
import { compareWithDisk, isDrift, type FileComparison } from '../../write/compare.js';
import { diskState } from '../../write/disk.js';
import { writeAtomic } from '../../write/write-atomic.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Reporter, type FileStatus } from '../reporter.js';
import { compileConfig, displayPath, type CommonOptions } from './compile-config.js';

export interface BuildOptions extends CommonOptions {
  readonly check: boolean;
  readonly stdout: boolean;
  readonly quiet: boolean;
  /** Replace files at artifact paths that perfect-gen did not generate. */
  readonly force?: boolean;
}

export async function build(options: BuildOptions, io: CliIo): Promise<ExitCode> {
  const reporter = new Reporter(options.check ? 'build --check' : options.stdout ? 'build --stdout' : 'build', options, io);
  const compiled = compileConfig(options, io, reporter);
  if (typeof compiled === 'number') return compiled;
  const { files, outDir } = compiled;
  const shownOut = displayPath(io.cwd, outDir) || '.';

  if (options.stdout) {
    for (const f of files) reporter.file({ path: f.path, status: 'printed', content: f.content });
    reporter.output(files.map((f) => `# ==> ${f.path} <==\n${f.content}`).join('\n'));
    return reporter.finish(exitCodes.ok, `${files.length} files printed`);
  }

  reporter.outputFolder(shownOut);
  const comparison = compareWithDisk(files, diskState(outDir));
  if (options.check) return reportCheck(comparison, shownOut, compiled.configPath, compiled.command, options, io, reporter);

  const written = writeAtomic(outDir, files, comparison, { force: options.force === true, shownOut });
  if (!written.ok) {
    reporter.problems(written.diagnostics, new Map());
    return reporter.finish(exitCodes.invalid, `${shownOut} cannot be written safely; nothing was written`);
  }
  const { summary } = written;
  for (const path of summary.written) report(reporter, path, 'written', `wrote ${shownOut}/${path}\n`);
  for (const path of summary.unchanged) reporter.file({ path, status: 'unchanged' });
  for (const path of summary.removed) report(reporter, path, 'removed', `removed ${shownOut}/${path}\n`);
  const line = `${shownOut}: ${summary.written.length} written, ${summary.unchanged.length} unchanged, ${summary.removed.length} removed`;
  reporter.progress(line + '\n');
  return reporter.finish(exitCodes.ok, line);
}

function report(reporter: Reporter, path: string, status: FileStatus, line: string): void {
  reporter.file({ path, status });
  reporter.progress(line);
}

const driftStatus = { changed: 'stale', missing: 'missing', extra: 'obsolete', unchanged: 'unchanged' } as const;
const driftLabel = { changed: 'stale', missing: 'missing', extra: 'no longer generated', unchanged: '' } as const;
const driftMeaning = {
  changed: 'differs from what the config produces',
  missing: 'is produced by the config but missing',
  extra: 'was generated before, but the config no longer produces it',
  unchanged: '',
} as const;

async function reportCheck(
  comparison: readonly FileComparison[],
  shownOut: string,
  configPath: string,
  command: string,
  options: BuildOptions,
  io: CliIo,
  reporter: Reporter,
): Promise<ExitCode> {
  const drift = comparison.filter(isDrift);
  const configDir = relative(io.cwd, configPath).split(/[\\/]/).slice(0, -1).join('/') || '.';
  const regenerate = `${configDir === '.' ? '' : `cd ${configDir} && `}${command}`;
  for (const change of comparison) {
    const status = driftStatus[change.status];
    reporter.file({ path: change.path, status }, `${shownOut}/${change.path} ${driftMeaning[change.status]}. Regenerate with: ${regenerate}`);
  }
  if (drift.length === 0) {
    const line = `${shownOut}: ${comparison.length} files up to date`;
    reporter.progress(line + '\n');
    return reporter.finish(exitCodes.ok, line);
  }
  for (const change of drift) reporter.output(`${driftLabel[change.status]}: ${shownOut}/${change.path}\n`);
  if (!options.quiet && reporter.format !== 'json') {
    const { unifiedDiff } = await import('../../write/unified-diff.js');
    for (const change of drift) reporter.output('\n' + unifiedDiff(change));
  }
  const outOfDate = `${drift.length} generated file${drift.length === 1 ? ' is' : 's are'} out of date. Regenerate with:`;
  if (reporter.format !== 'json') io.stderr(`\n${outOfDate}\n  ${regenerate}\n`);
  return reporter.finish(exitCodes.drift, `${outOfDate} ${regenerate}`);
}
