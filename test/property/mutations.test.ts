import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/compile.js';
import { diagnosticCodes } from '../../src/diagnostics/codes.js';
import { interpolate } from '../../src/load/interpolate.js';
import { provenance } from '../check/fixture-support.js';
import { propertyRuns } from '../support/property-runs.js';
import { artifactProblems, composeEntries, parsedArtifact, stringsIn } from './artifact-strings.js';
import { applyMutations, baseTree, intact, mutation, serialize, type Planted } from './mutation-support.js';

/** Fixed, so a failure reproduces; fast-check prints it with the shrunk counterexample. */
const seed = 20_240_601;
const numRuns = propertyRuns(200);

function compileText(content: string) {
  return compile({ file: 'perfect.config.yaml', content, env: {}, provenance });
}

/** Where a planted value must show up, as the consuming program reads the artifact. */
function plantedProblems(files: readonly { path: string; kind: string; content: string }[], planted: readonly Planted[]): string[] {
  const compose = files.find((f) => f.kind === 'compose');
  const blueprint = files.find((f) => f.kind === 'authentik-blueprint');
  const composeDoc = compose && parsedArtifact(compose as never);
  const blueprintStrings = blueprint ? stringsIn(parsedArtifact(blueprint as never)) : undefined;
  const deployments = files.find((f) => f.kind === 'prefect-deployments');
  const deploymentsStrings = deployments ? stringsIn(parsedArtifact(deployments as never)) : undefined;
  const problems: string[] = [];
  for (const p of planted) {
    // What the config means after `${…}` and `$$` are read; the artifact must say the same.
    const meant = interpolate(p.text, {}).value;
    if ((p.where === 'serverEnv' || p.where === 'poolEnv' || p.where === 'webEnv') && composeDoc && p.name) {
      const values = composeEntries(composeDoc, 'environment', p.name);
      if (!values.every((v) => v === meant) || values.length === 0) problems.push(`${p.name}: ${JSON.stringify(values)} ≠ ${JSON.stringify(meant)}`);
    }
    if ((p.where === 'serverLabel' || p.where === 'webLabel') && composeDoc && p.name) {
      const values = composeEntries(composeDoc, 'labels', p.name);
      if (!values.every((v) => v === meant) || values.length === 0) problems.push(`label ${p.name}: ${JSON.stringify(values)} ≠ ${JSON.stringify(meant)}`);
    }
    if ((p.where === 'title' || p.where === 'group') && blueprintStrings && !blueprintStrings.has(meant)) {
      problems.push(`${p.where} ${JSON.stringify(meant)} is not in the blueprint`);
    }
    if (p.where === 'parameter' && deploymentsStrings && !deploymentsStrings.has(meant)) {
      problems.push(`parameter ${JSON.stringify(meant)} is not in prefect.yaml`);
    }
  }
  return problems;
}

describe('random mutations of the example', () => {
  it('the unmutated base compiles', () => {
    const result = compileText(serialize(baseTree()));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it(`either compile to conformant artifacts or fail with diagnostics (${numRuns} cases)`, () => {
    let accepted = 0;
    let plantedChecked = 0;
    try {
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          const { tree, planted } = applyMutations(mutations);
          const text = serialize(tree);
          const result = compileText(text);
          if (!result.ok) {
            expect('files' in result, 'no partial output').toBe(false);
            expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
            for (const d of result.diagnostics) {
              expect(Object.keys(diagnosticCodes)).toContain(d.code);
              expect(d.message).not.toBe('');
              expect(d.hint ?? '').not.toBe('');
            }
            return;
          }
          accepted++;
          expect(result.files.length).toBeGreaterThan(0);
          expect(result.files.flatMap(artifactProblems)).toEqual([]);
          // A title and groups reach the blueprint only for an app behind SSO.
          const sso = (tree as { apps?: { access?: { mode?: unknown } }[] }).apps?.[1]?.access?.mode === 'sso';
          const kept = intact(tree, planted).filter((p) => sso || (p.where !== 'title' && p.where !== 'group'));
          plantedChecked += kept.length;
          expect(plantedProblems(result.files, kept)).toEqual([]);
        }),
        { numRuns, seed },
      );
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `\nCaused by: ${error.cause.message}` : '';
      throw new Error(`mutation property failed (seed ${seed}); rerun with the same seed to reproduce.\n${error instanceof Error ? error.message : String(error)}${cause}`);
    }
    // The mutations must leave a fair share of configs valid, or the artifact half of the property tests nothing.
    expect(accepted).toBeGreaterThan(numRuns / 10);
    expect(plantedChecked).toBeGreaterThan(numRuns / 20);
  });
});
