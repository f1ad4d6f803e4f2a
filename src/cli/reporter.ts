import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics, githubAnnotation, jsonDiagnostic, type DiagnosticFormat } from '../diagnostics/render.js';
import type { ExitCode } from './exit-codes.js';
import { useColor, type CliIo } from './io.js';

/**
 * What a run says about one output file. A build writes, keeps or removes; `build --check` finds a
 * file up to date, stale, missing, or obsolete (generated before, no longer produced by the config).
 */
export type FileStatus = 'written' | 'unchanged' | 'removed' | 'stale' | 'missing' | 'obsolete' | 'printed';

export interface FileReport {
  /** Relative to the output folder. */
  readonly path: string;
  readonly status: FileStatus;
  /** Only for `build --stdout`. */
  readonly content?: string;
}

export interface ReporterOptions {
  readonly format: DiagnosticFormat;
  readonly color?: boolean;
  readonly quiet?: boolean;
  /**
   * The command prints a JSON document of its own on stdout (doctor): diagnostics then go to stderr
   * in the chosen format, as they come, and the run's document is not printed.
   */
  readonly ownDocument?: boolean;
}

const driftStatuses: ReadonlySet<FileStatus> = new Set(['stale', 'missing', 'obsolete']);

/**
 * Every outcome of a run in the chosen format. `text` and `github` print as the run goes: progress on
 * stdout, problems on stderr (`github` as workflow-command annotations, which the Actions runner reads
 * from either stream). `json` prints nothing until the end, then one document on stdout.
 */
export class Reporter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly files: FileReport[] = [];
  private outDir: string | undefined;

  constructor(
    private readonly command: string,
    private readonly options: ReporterOptions,
    private readonly io: CliIo,
  ) {}

  get format(): DiagnosticFormat {
    return this.options.format;
  }

  /** Whether everything waits for the one document that `finish` prints. */
  private get collectsJson(): boolean {
    return this.options.format === 'json' && this.options.ownDocument !== true;
  }

  problems(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void {
    this.diagnostics.push(...diagnostics);
    if (this.collectsJson || diagnostics.length === 0) return;
    this.io.stderr(renderDiagnostics(diagnostics, this.options.format, { color: useColor(this.io, this.options.color), sources }));
  }

  /** A line of progress for people; machine formats carry the same facts in their own shape. */
  progress(text: string): void {
    if (this.options.format !== 'json' && !this.options.quiet) this.io.stdout(text);
  }

  /** Output that the command exists to print (the artifacts of `build --stdout`, the names of stale files). */
  output(text: string): void {
    if (this.options.format !== 'json') this.io.stdout(text);
  }

  /** Why a run fails when no diagnostic says so by itself (warnings under --strict). */
  failure(text: string): void {
    if (this.options.format === 'text') this.io.stderr(`perfect-gen: ${text}\n`);
    else if (this.options.format === 'github') this.io.stderr(githubAnnotation('error', undefined, undefined, 'perfect-gen', text));
  }

  outputFolder(shown: string): void {
    this.outDir = shown;
  }

  file(report: FileReport, message?: string): void {
    this.files.push(report);
    if (this.options.format === 'github' && driftStatuses.has(report.status) && message !== undefined) {
      const file = this.outDir === undefined ? report.path : `${this.outDir}/${report.path}`;
      this.io.stderr(githubAnnotation('error', file, undefined, `perfect-gen ${report.status}`, message));
    }
  }

  /** Ends the run: the summary (a notice on GitHub, the document in JSON) and the exit code. */
  finish(exitCode: ExitCode, summary: string): ExitCode {
    if (this.collectsJson) {
      const document = {
        command: this.command,
        ok: exitCode === 0,
        exitCode,
        summary,
        ...(this.outDir !== undefined && { outDir: this.outDir }),
        diagnostics: this.diagnostics.map(jsonDiagnostic),
        files: this.files,
      };
      this.io.stdout(JSON.stringify(document, null, 2) + '\n');
    } else if (this.options.format === 'github' && exitCode === 0 && summary !== '') {
      this.io.stderr(githubAnnotation('notice', undefined, undefined, 'perfect-gen', summary));
    }
    return exitCode;
  }
}
