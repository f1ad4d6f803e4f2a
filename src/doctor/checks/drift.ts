import { compareWithDisk, isDrift } from '../../write/compare.js';
import type { DoctorContext } from '../context.js';
import { fail, ok, type CheckRow } from '../report.js';

/** The `build --check` result: the output folder holds exactly what the config produces. */
export function driftCheck(ctx: DoctorContext): CheckRow[] {
  const comparison = compareWithDisk(ctx.files, ctx.out.disk);
  const drift = comparison.filter(isDrift);
  if (drift.length === 0) return [ok('drift', ctx.out.shown, `${comparison.length} files up to date`)];
  const label = { changed: 'stale', missing: 'missing', extra: 'no longer generated', unchanged: '' } as const;
  const shown = drift.slice(0, 10).map((c) => `${label[c.status]} ${c.path}`);
  const more = drift.length > shown.length ? `, and ${drift.length - shown.length} more` : '';
  return [
    fail('drift', ctx.out.shown, `${drift.length} generated file(s) out of date: ${shown.join(', ')}${more}`, `Regenerate, review and deploy the output: \`${ctx.out.regenerate}\` (\`perfect-gen build --check\` shows the diff).`),
  ];
}
