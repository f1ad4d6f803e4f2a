import { join } from 'node:path';
import { manifestPath } from '../../core/manifest.js';
import { version } from '../../core/version.js';
import type { DiagnosticFormat } from '../../diagnostics/render.js';
import { isChangeKind, kindOrder, type ChangeKind } from '../../plan/kinds.js';
import { fallbackPlan, makePlan, type FileChange, type Plan } from '../../plan/plan.js';
import { readRecorded } from '../../plan/recorded.js';
import { renderJson } from '../../plan/render-json.js';
import { renderMarkdown } from '../../plan/render-markdown.js';
import { renderText } from '../../plan/render-text.js';
import type { PlanHeading } from '../../plan/summary.js';
import { compareWithDisk } from '../../write/compare.js';
import { diskState } from '../../write/disk.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import type { PlanFormat } from '../invocation.js';
import type { CliIo } from '../io.js';
import { Reporter } from '../reporter.js';
import { compileConfig, displayPath, type CommonOptions } from './compile-config.js';

export interface PlanOptions extends Omit<CommonOptions, 'format'> {
  readonly format: PlanFormat;
  /** As given: comma-separated kinds, possibly repeated. */
  readonly failOn: readonly string[];
}

/** Compares the config with the model recorded in the output folder's manifest; writes nothing. */
export async function plan(options: PlanOptions, io: CliIo): Promise<ExitCode> {
  const failOn = parseFailOn(options.failOn);
  if (typeof failOn === 'string') {
    io.stderr(`perfect-gen: --fail-on: ${failOn}\n  hint: the kinds are ${kindOrder.join(', ')}\n`);
    return exitCodes.invalid;
  }
  // Config problems go to stderr as the plan is printed: JSON for a JSON plan, text otherwise; stdout holds the plan.
  const diagnosticFormat: DiagnosticFormat = options.format === 'json' ? 'json' : 'text';
  const reporter = new Reporter('plan', { format: diagnosticFormat, ...(options.color !== undefined && { color: options.color }), ownDocument: true }, io);
  const compiled = compileConfig({ ...options, format: diagnosticFormat }, io, reporter);
  if (typeof compiled === 'number') return compiled;
  const disk = diskState(compiled.outDir);
  const heading: PlanHeading = { config: displayPath(io.cwd, compiled.configPath), recorded: displayPath(io.cwd, join(compiled.outDir, manifestPath)) };
  const recorded = readRecorded(disk.read(manifestPath), heading.recorded, version);

  let result: Plan;
  if (recorded.ok) result = makePlan({ model: compiled.model, files: compiled.files, config: compiled.source, recorded, failOn });
  else {
    const { unifiedDiff } = await import('../../write/unified-diff.js');
    const status = { missing: 'added', changed: 'changed', extra: 'removed' } as const;
    const files = compareWithDisk(compiled.files, disk).flatMap((c): FileChange[] => (c.status === 'unchanged' ? [] : [{ path: c.path, status: status[c.status], diff: unifiedDiff(c) }]));
    result = fallbackPlan(recorded.reason, files, failOn);
  }

  const render = { text: () => renderText(result, heading), markdown: () => renderMarkdown(result, heading), json: () => renderJson(result, heading, failOn) };
  io.stdout(render[options.format]());
  if (result.failures.length === 0) return exitCodes.ok;
  io.stderr(`perfect-gen plan: failing (--fail-on): ${result.failures.join(', ')}\n`);
  return exitCodes.drift;
}

/** `public-route,sso-removed` (given once or several times) → the kinds, or what is wrong with them. */
export function parseFailOn(values: readonly string[]): ChangeKind[] | string {
  const kinds = values.flatMap((v) => v.split(',')).map((k) => k.trim()).filter((k) => k !== '');
  const unknown = kinds.filter((k) => !isChangeKind(k));
  if (unknown.length > 0) return `unknown change kind${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}`;
  return kindOrder.filter((k) => kinds.includes(k));
}
