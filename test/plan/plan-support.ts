import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compile } from '../../src/core/compile.js';
import { manifestPath } from '../../src/core/manifest.js';
import { provenanceFor } from '../../src/core/provenance.js';
import { makePlan } from '../../src/plan/plan.js';
import { readRecorded } from '../../src/plan/recorded.js';
import { examples } from '../support/examples.js';
import { projectRoot } from '../support/model-from.js';
import type { Edit, PlanCase } from './cases.js';

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
