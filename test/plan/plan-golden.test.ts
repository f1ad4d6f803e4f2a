import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindOrder } from '../../src/plan/kinds.js';
import { renderJson } from '../../src/plan/render-json.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { renderText } from '../../src/plan/render-text.js';
import { projectRoot } from '../support/model-from.js';
import { planCases } from './cases.js';
import { planOf } from './plan-support.js';

const golden = (name: string, ext: string) => join(projectRoot, 'test', 'plan', '__golden__', `${name}.${ext}`);

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
