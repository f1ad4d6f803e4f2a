import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../support/model-from.js';
import { runCli, workspace } from '../support/cli-run.js';

interface Step {
  readonly name?: string;
  readonly run?: string;
}

const workflow = parse(readFileSync(join(projectRoot, 'examples', 'ci', 'perfect-gen-plan.yml'), 'utf8')) as {
  env: Record<string, string>;
  jobs: { plan: { steps: Step[] } };
};
const step = (name: string): string => {
  const found = workflow.jobs.plan.steps.find((s) => s.name === name)?.run;
  if (found === undefined) throw new Error(`no step ${name}`);
  // The published package is what CI runs; here the one just built.
  return found.replace('npx --yes perfect-gen@0.1.0', `"${process.execPath}" "${join(projectRoot, 'bin', 'perfect-gen.cjs')}"`);
};

function sh(script: string, cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync('bash', ['-eo', 'pipefail', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', NO_COLOR: '1', ...env },
  });
  if (result.error) throw result.error;
  return result;
}

const hasGit = spawnSync('git', ['--version']).status === 0;

describe.skipIf(!hasGit)('examples/ci/perfect-gen-plan.yml', () => {
  it("plans a pull request against the base branch's committed output and fails on a chosen kind", () => {
    const root = workspace();
    const repo = join(root, 'repo');
    mkdirSync(repo);
    sh(`git init -q --bare ../origin.git && git init -q -b main && mv ../perfect.config.yaml . && touch perfect.env && git remote add origin ../origin.git`, repo);
    expect(runCli(['build'], repo).status).toBe(0);
    sh('git add -A && git commit -qm base && git push -q origin main && git checkout -q -b change', repo);
    const config = join(repo, 'perfect.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('      mode: sso\n      slug: perfect\n      groups:\n        - platform-admins\n', '      mode: public\n      reason: A public demo.\n'));
    // The pull request commits its rebuilt output too: the plan must not compare with that.
    expect(runCli(['build'], repo).status).toBe(0);
    sh('git add -A && git commit -qm change', repo);

    const temp = join(root, 'runner');
    mkdirSync(temp);
    const env = { ...workflow.env, GITHUB_BASE_REF: 'main', RUNNER_TEMP: temp, GITHUB_OUTPUT: join(temp, 'output'), GITHUB_STEP_SUMMARY: join(temp, 'summary') };
    expect(sh(step("Put the base branch's output in place"), repo, env).status).toBe(0);
    const plan = sh(step('Plan'), repo, env);
    expect(plan.status, plan.stderr).toBe(0);
    expect(readFileSync(join(temp, 'output'), 'utf8')).toBe('exit=1\n');
    const markdown = readFileSync(join(temp, 'plan.md'), 'utf8');
    expect(markdown).toContain('**Fails `--fail-on`:** `sso-removed`');
    expect(markdown).toContain('| `sso-removed` |');
    expect(readFileSync(join(temp, 'summary'), 'utf8')).toBe(markdown);
  });
});
