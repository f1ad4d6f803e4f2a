import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, parseDocument, visit } from 'yaml';
import { compile } from '../src/core/compile.js';
import { provenanceFor } from '../src/core/provenance.js';
import { runCli, snapshotTree, workspace } from './support/cli-run.js';
import { exampleText } from './support/model-from.js';

const build = (text: string) => {
  const result = compile({ file: 'perfect.config.yaml', content: text, env: {}, provenance: provenanceFor('/a/perfect.config.yaml', '/a/out') });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.files;
};

/** The same config with every mapping's keys in reverse order. */
function reverseKeys(text: string): string {
  const doc = parseDocument(text);
  visit(doc, { Map: (_key, node) => void (isMap(node) && node.items.reverse()) });
  return doc.toString();
}

describe('determinism', () => {
  it('gives the same bytes when the config lists its keys in another order', () => {
    const text = exampleText();
    const reordered = reverseKeys(text);
    expect(reordered).not.toBe(text);
    expect(build(reordered)).toEqual(build(text));
  });

  it('gives the same bytes from another working directory', () => {
    const dir = workspace();
    const elsewhere = mkdtempSync(join(tmpdir(), 'perfect-gen-cwd-'));
    expect(runCli(['build'], dir).status).toBe(0);
    const fromInside = snapshotTree(join(dir, 'out'));
    rmSync(join(dir, 'out'), { recursive: true });
    expect(runCli(['build', '--config', join(dir, 'perfect.config.yaml'), '--out', join(dir, 'out')], elsewhere).status).toBe(0);
    expect(snapshotTree(join(dir, 'out'))).toEqual(fromInside);
  });

  it('writes no timestamps, absolute paths or CR line endings', () => {
    for (const file of build(exampleText())) {
      expect(file.content, file.path).not.toMatch(/\r|\b20\d\d-\d\d-\d\dT|\/work\/|\/tmp\/|\/home\//);
      expect(file.content.endsWith('\n'), file.path).toBe(true);
    }
  });

  it('ignores the order of environment variables in the process', () => {
    const text = readFileSync(new URL('../examples/perfect/perfect.config.yaml', import.meta.url), 'utf8');
    const a = compile({ file: 'p.yaml', content: text, env: { A: '1', B: '2' }, provenance: provenanceFor('/x/p.yaml', '/x/out') });
    const b = compile({ file: 'p.yaml', content: text, env: { B: '2', A: '1' }, provenance: provenanceFor('/x/p.yaml', '/x/out') });
    expect(a).toEqual(b);
  });
});
