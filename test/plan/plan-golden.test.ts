import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/compile.js';
import { manifestPath } from '../../src/core/manifest.js';
import { provenanceFor } from '../../src/core/provenance.js';
import { kindOrder } from '../../src/plan/kinds.js';
import { makePlan } from '../../src/plan/plan.js';
import { readRecorded } from '../../src/plan/recorded.js';
import { renderJson } from '../../src/plan/render-json.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { renderText } from '../../src/plan/render-text.js';
import { examples } from '../support/examples.js';
import { projectRoot } from '../support/model-from.js';
import { planCases, type Edit, type PlanCase } from './cases.js';

const golden = (name: string, ext: string) => join(projectRoot, 'test', 'plan', '__golden__', `${name}.${ext}`);

function edited(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const [from, to] of edits) {
    expect(out.split(from), `the edit must find exactly one ${JSON.stringify(from)}`).toHaveLength(2);
    out = out.replace(from, () => to);
  }
  return out;
}

function compiled(example: (typeof examples)[number], text: string) {
  const configPath = join(projectRoot, example.config);
  const result = compile({ file: example.config, content: text, env: {}, provenance: provenanceFor(configPath, join(projectRoot, example.out)) });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result;
}

/** The plan of one case, as `perfect-gen plan` run from the project root would give it. */
export function planOf(c: PlanCase) {
  const example = examples.find((e) => e.name === c.example);
  if (!example) throw new Error(c.example);
  const text = readFileSync(join(projectRoot, example.config), 'utf8');
  const before = compiled(example, edited(text, c.before ?? []));
  const afterText = edited(text, c.after);
  const after = compiled(example, afterText);
  const heading = { config: example.config, recorded: `${example.out}/${manifestPath}` };
  const recorded = readRecorded(before.files.find((f) => f.path === manifestPath)?.content, heading.recorded, '0.1.0');
  if (!recorded.ok) throw new Error(recorded.reason);
  const failOn = c.failOn ?? [];
  const plan = makePlan({ model: after.model, files: after.files, config: after.source, recorded, failOn });
  return { plan, heading, failOn, afterText };
}

describe('perfect-gen plan, one edit per change kind', () => {
  it('has a case for every change kind', () => {
    expect(new Set(planCases.map((c) => c.kind))).toEqual(new Set([...kindOrder, 'none']));
  });

  for (const c of planCases) {
    it(c.name, async () => {
      const { plan, heading, failOn, afterText } = planOf(c);
      if (!plan.recorded) throw new Error('expected a recorded model');
      const kinds = plan.changes.map((ch) => ch.kind);
      if (c.kind === 'none') expect(plan.changes).toEqual([]);
      else expect(kinds).toContain(c.kind);
      expect(plan.failures).toEqual(c.failOn ? c.failOn.filter((k) => kinds.includes(k)) : []);
      // Every line cites a line of the config that writes the key it names (or the list item).
      const lines = afterText.split('\n');
      for (const change of plan.changes) {
        const last = change.location.path.split(/[.[\]]/).filter((s) => s !== '').pop() ?? '';
        const cited = lines[change.location.line - 1] ?? '';
        if (/^\d+$/.test(last)) expect(cited, change.message).toMatch(/^\s*- /);
        else if (last !== '(top)') expect(cited, change.message).toContain(`${last}:`);
      }
      await expect(renderText(plan, heading)).toMatchFileSnapshot(golden(c.name, 'txt'));
      await expect(renderMarkdown(plan, heading)).toMatchFileSnapshot(golden(c.name, 'md'));
      await expect(renderJson(plan, heading, failOn)).toMatchFileSnapshot(golden(c.name, 'json'));
    });
  }
});
