import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBlueprint, emptyAuthentik, rowsOf, type AuthentikState } from '../support/authentik-sim.js';
import { runCli, workspace } from '../support/cli-run.js';
import { parseBlueprint, validateBlueprint } from '../support/conformance.js';

type Blueprint = { entries: { model: string; state?: string }[] };

/** A scratch copy of the platform example, built by the CLI as a user would, one config edit at a time. */
function sequence() {
  const dir = workspace('examples/platform/perfect.config.yaml');
  const config = join(dir, 'perfect.config.yaml');
  const blueprintText = (): string => readFileSync(join(dir, 'out', 'authentik', 'perfect-gen.blueprint.yaml'), 'utf8');
  return {
    build(): Blueprint {
      const run = runCli(['build'], dir);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return parseBlueprint(blueprintText()) as Blueprint;
    },
    edit(from: string, to: string): void {
      const text = readFileSync(config, 'utf8');
      expect(text.split(from), `config contains ${JSON.stringify(from)} once`).toHaveLength(2);
      writeFileSync(config, text.replace(from, to));
    },
    check: () => runCli(['build', '--check'], dir),
    blueprintText,
    manifest: () => JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { authentikObjects: { present: unknown[]; absent: unknown[] } },
  };
}

const bindingsOf = (state: AuthentikState, slug: string): string[] => {
  const app = rowsOf(state, 'authentik_core.application').find((a) => a['slug'] === slug);
  const groups = new Map(rowsOf(state, 'authentik_core.group').map((g) => [g['pk'], String(g['name'])]));
  return rowsOf(state, 'authentik_policies.policybinding')
    .filter((b) => app !== undefined && b['target'] === app['pk'])
    .map((b) => groups.get(b['group']) ?? '?')
    .sort();
};

const appSlugs = (state: AuthentikState): string[] => rowsOf(state, 'authentik_core.application').map((a) => String(a['slug'])).sort();
const providerNames = (state: AuthentikState): string[] => rowsOf(state, 'authentik_providers_proxy.proxyprovider').map((p) => String(p['name'])).sort();

const wikiGroups = '      groups:\n        - platform-admins\n        - staff\n';

describe('revoking access in authentik across builds', () => {
  it('a group dropped from an app loses its binding; the group itself stays', () => {
    const s = sequence();
    const first = applyBlueprint(emptyAuthentik(), s.build());
    expect(bindingsOf(first, 'wiki')).toEqual(['platform-admins', 'staff']);

    s.edit(wikiGroups, '      groups:\n        - platform-admins\n');
    const blueprint = s.build();
    const absent = blueprint.entries.filter((e) => e.state === 'absent');
    expect(absent.map((e) => e.model)).toEqual(['authentik_policies.policybinding']);
    const second = applyBlueprint(first, blueprint);
    expect(bindingsOf(second, 'wiki')).toEqual(['platform-admins']);
    expect(rowsOf(second, 'authentik_core.group').map((g) => g['name'])).toContain('staff');
    expect(bindingsOf(second, 'perfect')).toEqual(['platform-admins']);
  });

  it('a removed app loses its application and provider; the others stay', () => {
    const s = sequence();
    const first = applyBlueprint(emptyAuthentik(), s.build());
    s.edit('  - name: wiki\n    kind: web\n', '  - name: wiki\n    kind: internal\n');
    s.edit('    host: wiki.zitian.party\n', '');
    s.edit(`    access:\n      mode: sso\n${wikiGroups}`, '');
    const second = applyBlueprint(first, s.build());
    expect(appSlugs(second)).toEqual(['perfect']);
    expect(providerNames(second)).toEqual(['perfect-gen platform prefect']);
    expect(bindingsOf(second, 'perfect')).toEqual(['platform-admins']);
  });

  it('a changed slug renames the application instead of failing on its provider', () => {
    const s = sequence();
    const first = applyBlueprint(emptyAuthentik(), s.build());
    const before = rowsOf(first, 'authentik_core.application').find((a) => a['slug'] === 'perfect');
    s.edit('      slug: perfect\n', '      slug: perfect-ui\n');
    const second = applyBlueprint(first, s.build());
    expect(appSlugs(second)).toEqual(['perfect-ui', 'wiki']);
    expect(rowsOf(second, 'authentik_core.application').find((a) => a['slug'] === 'perfect-ui')?.['pk']).toBe(before?.['pk']);
    expect(bindingsOf(second, 'perfect-ui')).toEqual(['platform-admins']);
  });

  it('the absent entries stay, so a build with no change gives the same bytes, and authentik may re-apply them', () => {
    const s = sequence();
    const first = applyBlueprint(emptyAuthentik(), s.build());
    s.edit(wikiGroups, '      groups:\n        - platform-admins\n');
    const once = s.build();
    const text = s.blueprintText();
    expect(s.check().status).toBe(0);
    expect(s.build()).toEqual(once);
    expect(s.blueprintText()).toBe(text);
    expect(s.manifest().authentikObjects.absent).toEqual([
      { model: 'authentik_policies.policybinding', provider: 'perfect-gen platform wiki', group: 'staff' },
    ]);
    const applied = applyBlueprint(first, once);
    expect(applyBlueprint(applied, once)).toEqual(applied);
  });

  it('a new app may take the slug of a removed one, and the removal never hits it', () => {
    const s = sequence();
    const first = applyBlueprint(emptyAuthentik(), s.build());
    s.edit('  - name: wiki\n', '  - name: docs\n');
    s.edit('    access:\n      mode: sso\n      groups:\n        - platform-admins\n        - staff\n', '    access:\n      mode: sso\n      slug: wiki\n      groups:\n        - platform-admins\n        - staff\n');
    const blueprint = s.build();
    const second = applyBlueprint(first, blueprint);
    const docs = rowsOf(second, 'authentik_core.application').find((a) => a['slug'] === 'wiki');
    expect(providerNames(second)).toEqual(['perfect-gen platform docs', 'perfect-gen platform prefect']);
    const third = applyBlueprint(second, s.build());
    expect(rowsOf(third, 'authentik_core.application').find((a) => a['slug'] === 'wiki')?.['pk']).toBe(docs?.['pk']);
    expect(bindingsOf(third, 'wiki')).toEqual(['platform-admins', 'staff']);
  });

  it('the 0.1 blueprint, for contrast, kept the dropped group bound', () => {
    const s = sequence();
    const first = applyBlueprint(emptyAuthentik(), s.build());
    s.edit(wikiGroups, '      groups:\n        - platform-admins\n');
    const presentOnly = { entries: s.build().entries.filter((e) => e.state !== 'absent') };
    expect(bindingsOf(applyBlueprint(first, presentOnly), 'wiki')).toEqual(['platform-admins', 'staff']);
  });

  it('a blueprint with absent entries validates against authentik\'s schema', () => {
    const s = sequence();
    s.build();
    s.edit('  - name: wiki\n', '  - name: docs\n');
    s.edit(wikiGroups, '      groups:\n        - platform-admins\n');
    s.build();
    expect(s.blueprintText()).toContain('state: absent');
    expect(validateBlueprint(s.blueprintText())).toEqual([]);
  });
});
