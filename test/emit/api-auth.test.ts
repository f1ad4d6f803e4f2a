import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runbookEmitter } from '../../src/emit/runbook/index.js';
import type { EmitContext } from '../../src/emit/types.js';
import type { Model } from '../../src/model/model.js';
import { apiAuthOffReason, exampleModel, exampleText, modelFromYaml, withApiAuthOff } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' },
  generatorVersion: '0.0.0-test',
};

const prefectRunbook = (model: Model): string => renderedFiles(runbookEmitter, model, context).find((f) => f.path === 'prefect/README.md')?.content ?? '';

/** The command lines of the runbook that run the prefect CLI inside a container. */
const cliLines = (text: string): string[] => text.split('\n').filter((l) => /^docker (compose .* )?exec .* prefect (work-pool|deployment|flow-run|--no-prompt)/.test(l));

describe('runbook commands against an API that requires the auth string', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'perfect-gen-runbook-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const text = prefectRunbook(exampleModel('platform'));

  it('every prefect CLI line reads the container\'s env file, and the CLI then sees PREFECT_API_AUTH_STRING', () => {
    const lines = cliLines(text);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    writeFileSync(path.join(dir, 'prefect'), '#!/bin/sh\nprintf "%s|%s\\n" "$PREFECT_API_AUTH_STRING" "$*"\n');
    chmodSync(path.join(dir, 'prefect'), 0o755);
    // What the agent renders: the server's file holds the string under the server's name, a worker's under the client's.
    writeFileSync(path.join(dir, 'server.env'), "PREFECT_SERVER_API_AUTH_STRING='admin:pa ss'\n");
    writeFileSync(path.join(dir, 'worker-production-pool.env'), "PREFECT_API_AUTH_STRING='admin:pa ss'\nWAREHOUSE_DSN='x'\n");
    writeFileSync(path.join(dir, 'worker-staging-pool.env'), "PREFECT_API_AUTH_STRING='admin:pa ss'\nWAREHOUSE_DSN='y'\n");
    for (const line of lines) {
      // Drop `docker exec … <container>`; run the rest here, with the env files where this test keeps them.
      const inside = line.slice(line.indexOf(' sh -c ') + 1).replaceAll('/vault/secrets/', `${dir}/`);
      expect(inside, line).toMatch(/^sh -c '/);
      const run = spawnSync('sh', ['-c', inside], { encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin` } });
      expect(run.status, line).toBe(0);
      expect(run.stdout.split('|')[0], line).toBe('admin:pa ss');
    }
  });

  it('names the Vault location of the string, and the UI prompt behind SSO', () => {
    expect(text).toContain('## API auth');
    expect(text).toContain('vault kv get -field=api_auth_string secret/platform/production/prefect');
    expect(text).toContain('intercept_header_auth: false');
  });

  it('with API auth off, keeps the plain commands and states the reason', () => {
    const open = modelFromYaml(withApiAuthOff(exampleText()));
    const openText = prefectRunbook(open);
    expect(cliLines(openText).every((l) => !l.includes('sh -c'))).toBe(true);
    expect(openText).toContain(apiAuthOffReason);
  });
});

describe('who receives the auth string', () => {
  const model = exampleModel('platform');

  it('the server\'s file under the server\'s name, each worker\'s file under the client\'s, and no other file', () => {
    const holders = model.apps.flatMap((app) =>
      app.vaultAgents.flatMap((agent) => agent.envFiles).flatMap((file) =>
        file.entries.filter((e) => e.secret.key === 'api_auth_string').map((e) => `${app.name}/${file.fileName} ${e.name}`),
      ),
    );
    expect(holders).toEqual([
      'prefect/server.env PREFECT_SERVER_API_AUTH_STRING',
      'prefect/worker-production-pool.env PREFECT_API_AUTH_STRING',
      'prefect/worker-staging-pool.env PREFECT_API_AUTH_STRING',
    ]);
  });

  it('is read for the app\'s environment by every reader, staging workers included', () => {
    const paths = new Set(
      model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agent.envFiles).flatMap((f) => f.entries.filter((e) => e.secret.key === 'api_auth_string').map((e) => e.secret.apiPath))),
    );
    expect([...paths]).toEqual(['secret/data/platform/production/prefect']);
  });
});
