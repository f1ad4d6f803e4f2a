import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace } from '../support/cli-run.js';

describe('perfect-gen build into an output path it cannot use', () => {
  it('reports OUTPUT_CONFLICT and exits 2, without an internal error', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'out'), 'a file, not a folder\n');
    const run = runCli(['build', '--format', 'json'], dir);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; file: string }[] };
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([['OUTPUT_CONFLICT', 'out']]);
  });
});
