import { describe, expect, it } from 'vitest';
import { driftCheck } from '../../src/doctor/checks/drift.js';
import { compiled, doctorContext } from './context.js';

describe('doctor drift (the build --check result, in memory)', () => {
  it('is ok when the output folder holds what the config produces', () => {
    const rows = driftCheck(doctorContext());
    expect(rows).toEqual([{ id: 'drift', status: 'ok', subject: 'out', saw: `${compiled().files.length} files up to date`, fix: '' }]);
  });

  it('fails stale and missing files, naming them and the command that regenerates them', () => {
    const { files } = compiled();
    const disk = {
      read: (path: string) => (path === 'docker-compose.yml' ? 'old\n' : path === 'wiki/README.md' ? undefined : files.find((f) => f.path === path)?.content),
    };
    const rows = driftCheck(doctorContext({ out: { disk, shown: 'deploy/out', regenerate: 'cd deploy && npx perfect-gen build' } }));
    expect(rows).toEqual([
      {
        id: 'drift',
        status: 'fail',
        subject: 'deploy/out',
        saw: '2 generated file(s) out of date: stale docker-compose.yml, missing wiki/README.md',
        fix: 'Regenerate, review and deploy the output: `cd deploy && npx perfect-gen build` (`perfect-gen build --check` shows the diff).',
      },
    ]);
  });
});
