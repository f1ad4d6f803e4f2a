import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/diagnostics/codes.js';
import { projectRoot } from './support/model-from.js';

describe('README', () => {
  const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

  it('documents every diagnostic code', () => {
    for (const code of Object.keys(diagnosticCodes)) expect(readme, code).toContain(`| \`${code}\` |`);
  });

  it('documents every exit code', () => {
    for (const code of [0, 1, 2, 3]) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });

  it('gives the two commands from a fresh clone', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});

describe('the CI example', () => {
  const workflow = parse(readFileSync(`${projectRoot}examples/ci/perfect-gen-check.yml`, 'utf8')) as {
    on: { pull_request: { paths: string[] } };
    jobs: { check: { steps: { run?: string }[] } };
  };
  const run = workflow.jobs.check.steps.map((s) => s.run ?? '').find((r) => r.includes('perfect-gen')) ?? '';

  it('runs in CI mode: check, GitHub annotations, strict', () => {
    for (const flag of ['build --check', '--format github', '--strict']) expect(run).toContain(flag);
  });

  it('triggers on changes to the config, the env file it names and the output', () => {
    const envFile = /--env-file (\S+)/.exec(run)?.[1];
    expect(envFile).toBeDefined();
    expect(workflow.on.pull_request.paths).toEqual(expect.arrayContaining(['perfect.config.yaml', envFile, 'out/**']));
  });
});

describe('README options', () => {
  const readme = readFileSync(`${projectRoot}README.md`, 'utf8');
  it.each(['build', 'validate'])('documents every option of %s', (command) => {
    const help = execFileSync(process.execPath, [`${projectRoot}bin/perfect-gen.cjs`, command, '--help'], { encoding: 'utf8' });
    const options = [...help.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1] as string);
    expect(options).toContain('--format');
    for (const option of options) expect(readme, option).toMatch(new RegExp(`[\\s\`\\[]${option}(?![a-z-])`));
  });
});
