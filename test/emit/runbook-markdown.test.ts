import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/serialize/markdown.js';
import { runbookEmitter } from '../../src/emit/runbook/index.js';
import { modelFromYaml } from '../support/model-from.js';
import { edit, provenance } from '../check/fixture-support.js';
import { renderedFiles } from '../support/emit.js';

/** What a CommonMark renderer shows for text made of escapes and plain characters. */
const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('free text in the runbook', () => {
  const hostile = ['<b>y</b> [l](http://e) *z* _u_ `c` # h ~~s~~ | t & amp; !', 'Prefect (prod), v2.1', '\\*not bold\\*'];

  it.each(hostile)('is shown exactly as written: %s', (title) => {
    const escaped = markdownText(title);
    expect(shown(escaped)).toBe(title);
    expect(escaped).not.toMatch(/(^|[^\\])[<*_`[\]|&]/);
  });

  it('escapes an app title in the heading', () => {
    const model = modelFromYaml(edit(['    title: Perfect\n', '    title: "<b>Perfect</b> *ops*"\n']));
    const runbook = renderedFiles(runbookEmitter, model, { provenance, generatorVersion: '0.0.0' }).find((f) => f.path.endsWith('README.md'));
    expect(runbook?.content).toContain('# \\<b\\>Perfect\\</b\\> \\*ops\\*: runbook\n');
  });
});
