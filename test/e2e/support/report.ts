import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { parseScenarioName } from './scenario.js';

export interface ReportRow {
  readonly id: string;
  readonly example: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly seconds: number;
  readonly detail: string;
}

/**
 * Writes `.e2e/report.json` (one row per scenario and example) and prints the same as a table,
 * ending with the plain `N passed, N failed` line that CI reads.
 */
export default class ScenarioReport implements Reporter {
  private readonly rows: ReportRow[] = [];

  onTestCaseResult(test: TestCase): void {
    const parsed = parseScenarioName(test.name);
    if (!parsed) return;
    const result = test.result();
    const status = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
    const note = test.annotations().find((a) => a.type === 'skip-reason' || a.type === 'detail')?.message ?? '';
    const detail =
      status === 'failed'
        ? (result.errors ?? []).map((e) => e.message).join('\n').slice(0, 4000)
        : status === 'skipped'
          ? note || 'skipped'
          : note;
    const seconds = Math.round((test.diagnostic()?.duration ?? 0) / 100) / 10;
    this.rows.push({ ...parsed, status, seconds, detail });
  }

  onTestRunEnd(_modules: readonly TestModule[]): void {
    const dir = join(process.cwd(), '.e2e');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify(this.rows, null, 2)}\n`);
    const width = (pick: (r: ReportRow) => string, title: string) => Math.max(title.length, ...this.rows.map((r) => pick(r).length));
    const idWidth = width((r) => r.id, 'scenario');
    const exWidth = width((r) => r.example, 'example');
    const line = (a: string, b: string, c: string, d: string, e: string) =>
      `${a.padEnd(idWidth)}  ${b.padEnd(exWidth)}  ${c.padEnd(7)}  ${d.padStart(6)}  ${e}`;
    const out = [line('scenario', 'example', 'status', 'secs', 'detail')];
    for (const r of this.rows) out.push(line(r.id, r.example, r.status, r.seconds.toFixed(1), r.detail.split('\n')[0]?.slice(0, 100) ?? ''));
    const count = (s: ReportRow['status']) => this.rows.filter((r) => r.status === s).length;
    out.push('');
    if (count('skipped') > 0) out.push(`${count('skipped')} skipped (the detail column says why)`);
    out.push(`${count('passed')} passed, ${count('failed')} failed`);
    process.stdout.write(`\n${out.join('\n')}\n`);
  }
}
