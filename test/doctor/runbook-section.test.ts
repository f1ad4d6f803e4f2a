import { describe, expect, it } from 'vitest';
import { allCheckIds } from '../../src/doctor/check-ids.js';
import { compiled } from './context.js';
import { exampleText } from '../support/model-from.js';

describe('the runbook points to doctor', () => {
  const runbooks = [...compiled().files, ...compiled(exampleText('perfect')).files].filter((f) => f.kind === 'runbook');

  it('has a Doctor section before Troubleshooting, which sends the reader there first', () => {
    expect(runbooks.length).toBeGreaterThan(3);
    for (const { path, content } of runbooks) {
      const doctor = content.indexOf('\n## Doctor\n');
      const troubleshooting = content.indexOf('\n## Troubleshooting\n');
      expect(doctor, path).toBeGreaterThan(0);
      expect(troubleshooting, path).toBeGreaterThan(doctor);
      const firstParagraph = content.slice(troubleshooting).split('\n\n')[1];
      expect(firstParagraph, path).toContain('Run the [doctor](#doctor) first');
      expect(content, path).toMatch(/```sh\nnpx perfect-gen doctor( --out \S+)?\n```/);
    }
  });

  it('names only check ids that doctor prints', () => {
    for (const { path, content } of runbooks) {
      const section = content.slice(content.indexOf('\n## Doctor\n'), content.indexOf('\n## Troubleshooting\n'));
      const named = [...section.matchAll(/`((?:tls|sso|prefect|secrets|drift)[a-z.-]*)`/g)].map((m) => m[1] as string);
      expect(named.length, path).toBeGreaterThan(0);
      for (const id of named) expect(allCheckIds, `${path}: ${id}`).toContain(id);
    }
  });

  it('lists the rows of the stack: the host, the pools, the agent', () => {
    const prefect = runbooks.find((f) => f.path === 'prefect/README.md' && f.content.includes('staging-pool'))?.content ?? '';
    expect(prefect).toContain('- `tls`, `sso.redirect` and `sso.ping` for `perfect.zitian.party`');
    expect(prefect).toContain('- `prefect.deployments` for `production-pool`, `staging-pool`');
    expect(prefect).toContain('`secrets.agent` for `platform-prefect-vault-agent-production`, `platform-prefect-vault-agent-staging`');
    expect(prefect).toContain('`--prefect-url URL`');
  });
});
