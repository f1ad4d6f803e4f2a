import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { validate } from '../../src/cli/commands/validate.js';
import { parseBlueprint } from '../support/conformance.js';
import { runCli, workspace } from '../support/cli-run.js';

// `${VAR}` in the config reads the process environment over a `.env` file beside the config
// (README, "the process wins, as in Compose").

const hostLine = '    host: ${WIKI_HOST}';
const titleLine = '    title: ${WIKI_TITLE:-Team Wiki}';

/** The platform example with the wiki's host and title taken from variables, in `sub/` of a workspace. */
function configWithVariables(): { dir: string; configDir: string; line: number } {
  const dir = workspace('examples/platform/perfect.config.yaml');
  const configDir = join(dir, 'sub');
  mkdirSync(configDir);
  const original = readFileSync(join(dir, 'perfect.config.yaml'), 'utf8');
  let text = original;
  for (const [from, to] of [
    ['    host: wiki.zitian.party\n', `${hostLine}\n`],
    ['    title: Team Wiki\n', `${titleLine}\n`],
  ] as const) {
    expect(text.split(from), from).toHaveLength(2);
    text = text.replace(from, to);
  }
  renameSync(join(dir, 'perfect.config.yaml'), join(configDir, 'perfect.config.yaml'));
  writeFileSync(join(configDir, 'perfect.config.yaml'), text);
  // A .env in the working directory is not beside the config and must be ignored.
  writeFileSync(join(dir, '.env'), 'WIKI_HOST=decoy.zitian.party\nWIKI_TITLE=Decoy\n');
  return { dir, configDir, line: text.split('\n').indexOf(hostLine) + 1 };
}

const build = (dir: string, env: Record<string, string> = {}) => runCli(['build', '--config', 'sub/perfect.config.yaml', '--out', 'out', '--format', 'json'], dir, env);

interface Built {
  readonly routerRules: string[];
  readonly externalHosts: unknown[];
  readonly titles: unknown[];
}

function built(dir: string): Built {
  const traefikFile = readFileSync(join(dir, 'out', 'traefik', 'perfect-gen.yml'), 'utf8');
  const routers = (parse(traefikFile) as { http: { routers: Record<string, { rule: string }> } }).http.routers;
  const blueprint = parseBlueprint(readFileSync(join(dir, 'out', 'authentik', 'perfect-gen.blueprint.yaml'), 'utf8')) as {
    entries: { model: string; attrs?: Record<string, unknown> }[];
  };
  return {
    routerRules: Object.values(routers).map((r) => r.rule),
    externalHosts: blueprint.entries.filter((e) => e.model === 'authentik_providers_proxy.proxyprovider').map((e) => e.attrs?.['external_host']),
    titles: blueprint.entries.filter((e) => e.model === 'authentik_core.application').map((e) => e.attrs?.['name']),
  };
}

describe('the .env file beside the config', () => {
  it('supplies variables, and a default applies when neither source sets one', () => {
    const { dir, configDir } = configWithVariables();
    writeFileSync(join(configDir, '.env'), 'WIKI_HOST=docs.zitian.party\n');
    const run = build(dir);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, diagnostics: [] });
    expect(run.status).toBe(0);
    const out = built(dir);
    expect(out.routerRules).toContain('Host(`docs.zitian.party`)');
    expect(out.externalHosts).toContain('https://docs.zitian.party');
    expect(out.titles).toContain('Team Wiki');
    expect(JSON.stringify(out)).not.toContain('decoy');
  });

  it('sets a variable that has a default', () => {
    const { dir, configDir } = configWithVariables();
    writeFileSync(join(configDir, '.env'), 'WIKI_HOST=docs.zitian.party\nWIKI_TITLE=Handbook\n');
    expect(build(dir).status).toBe(0);
    const out = built(dir);
    expect(out.titles).toContain('Handbook');
    expect(out.titles).not.toContain('Team Wiki');
  });

  it('loses to a process variable of the same name', () => {
    const { dir, configDir } = configWithVariables();
    writeFileSync(join(configDir, '.env'), 'WIKI_HOST=docs.zitian.party\nWIKI_TITLE=Handbook\n');
    const run = build(dir, { WIKI_HOST: 'kb.zitian.party' });
    expect(run.status).toBe(0);
    const out = built(dir);
    expect(out.routerRules).toContain('Host(`kb.zitian.party`)');
    expect(out.routerRules.join(' ')).not.toContain('docs.zitian.party');
    expect(out.externalHosts).toContain('https://kb.zitian.party');
    expect(out.titles).toContain('Handbook');
  });

  it('an undefined variable without a default is ENV_UNDEFINED at its line, and nothing is written', () => {
    const { dir, line } = configWithVariables();
    expect(line).toBeGreaterThan(0);
    const run = build(dir);
    expect(run.status).toBe(2);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['ENV_UNDEFINED']);
    expect(errors[0]?.file).toBe('sub/perfect.config.yaml');
    expect(errors[0]?.range?.start.line).toBe(line);
    expect(errors[0]?.range?.start.col).toBe(hostLine.indexOf('$') + 1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an empty process variable still wins over .env, and `:-` then falls back to the default', () => {
    const { dir, configDir } = configWithVariables();
    writeFileSync(join(configDir, '.env'), 'WIKI_HOST=docs.zitian.party\nWIKI_TITLE=Handbook\n');
    const run = build(dir, { WIKI_TITLE: '' });
    expect(run.status).toBe(0);
    expect(built(dir).titles).toContain('Team Wiki');
    expect(built(dir).titles).not.toContain('Handbook');
  });
});

describe('--env-file', () => {
  it('names the .env to read, instead of the one beside the config', () => {
    const { dir, configDir } = configWithVariables();
    writeFileSync(join(configDir, '.env'), 'WIKI_HOST=beside.zitian.party\n');
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci', 'perfect.env'), 'WIKI_HOST=named.zitian.party\n');
    const run = runCli(['build', '--config', 'sub/perfect.config.yaml', '--out', 'out', '--env-file', 'ci/perfect.env', '--format', 'json'], dir);
    expect(run.status).toBe(0);
    const out = built(dir);
    expect(out.routerRules).toContain('Host(`named.zitian.party`)');
    expect(JSON.stringify(out)).not.toContain('beside');
  });

  it('must exist: a missing file is INPUT_NOT_FOUND naming it', () => {
    const { dir } = configWithVariables();
    const out: string[] = [];
    const io = { cwd: dir, env: {}, stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), stderrIsTty: false };
    const code = validate({ config: 'sub/perfect.config.yaml', out: 'out', format: 'json', envFile: 'missing.env', quiet: false }, io);
    expect(code).toBe(2);
    const { diagnostics } = JSON.parse(out.join('')) as { diagnostics: Diagnostic[] };
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['INPUT_NOT_FOUND', 'missing.env']]);
  });

  it('from the shell, a missing file stops the run before anything is written (Node itself checks the flag)', () => {
    const { dir } = configWithVariables();
    const run = runCli(['build', '--config', 'sub/perfect.config.yaml', '--out', 'out', '--env-file', 'missing.env'], dir);
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('missing.env');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
