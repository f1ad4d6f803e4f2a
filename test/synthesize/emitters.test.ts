import { describe, expect, it } from 'vitest';
import { digestReaders, emitters } from '../../src/emit/emitters.js';
import type { Emitter } from '../../src/emit/types.js';
import type { Model } from '../../src/model/model.js';
import { exampleModel } from '../support/model-from.js';

const context = { provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' }, generatorVersion: '0.0.0-test' };
const all = [...emitters, ...digestReaders] as readonly Emitter<typeof context & { agentDigests: Record<string, string> }>[];

/** A digest for every agent, so the compose emitter can run on its own. */
const digestsOf = (model: Model) => Object.fromEntries(model.apps.flatMap((app) => app.vaultAgents).map((agent) => [agent.service, 'd'.repeat(64)]));

/** The examples with one kind of app left: a web app alone has no Prefect files. */
const models: Record<string, Model> = {
  perfect: exampleModel('perfect'),
  platform: exampleModel('platform'),
  'platform without prefect': ((m: Model) => ({ ...m, apps: m.apps.filter((app) => app.kind !== 'prefect') }))(exampleModel('platform')),
};

describe('emitter descriptors', () => {
  it('each names itself once, and no two write the same kind', () => {
    expect(new Set(all.map((e) => e.name)).size).toBe(all.length);
    const kinds = all.flatMap((e) => e.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  describe.each(Object.entries(models))('%s', (_name, model) => {
    it.each(all.map((e) => [e.name, e] as const))('%s writes only the kinds it declares, and something exactly when it applies', (_emitter, emitter) => {
      const artifacts = emitter.emit(model, { ...context, agentDigests: digestsOf(model) });
      expect(artifacts.filter((a) => !emitter.kinds.includes(a.kind))).toEqual([]);
      expect(artifacts.length > 0).toBe(emitter.appliesTo(model, context));
    });
  });

  it('the prefect emitter does not apply to a platform without prefect apps', () => {
    const prefect = all.find((e) => e.name === 'prefect');
    expect(prefect?.appliesTo(models['platform without prefect'] as Model, context)).toBe(false);
    expect(prefect?.appliesTo(models.perfect as Model, context)).toBe(true);
  });
});
