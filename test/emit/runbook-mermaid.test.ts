import { describe, expect, it } from 'vitest';
import { flowchart, isSafeMermaidId, mermaidText } from '../../src/emit/runbook/mermaid.js';
import { runbookEmitter } from '../../src/emit/runbook/index.js';
import type { EmitContext } from '../../src/emit/types.js';
import { exampleModel, exampleText, modelFromYaml } from '../support/model-from.js';
import { renderedFiles } from '../support/emit.js';

const context: EmitContext = {
  provenance: { configName: 'perfect.config.yaml', command: 'npx perfect-gen build' },
  generatorVersion: '0.0.0-test',
};

const nodeLine = /^ {2}([a-z][a-z0-9_]*)(\[|\[\(|\(\[)"([^"]*)"(\]|\)\]|\]\))$/;
const edgeLine = /^ {2}([a-z][a-z0-9_]*) (-->|-\.->)(?:\|"([^"]*)"\|)? ([a-z][a-z0-9_]*)$/;
const closers: Readonly<Record<string, string>> = { '[': ']', '[(': ')]', '([': '])' };

interface Diagram {
  readonly nodes: Map<string, string>;
  readonly edges: [string, string][];
}

/** Parses the subset of Mermaid the generator writes; any other line is a failure. */
function parseDiagram(block: string): Diagram {
  const [first, ...rest] = block.trimEnd().split('\n');
  expect(first).toBe('flowchart LR');
  const nodes = new Map<string, string>();
  const edges: [string, string][] = [];
  for (const line of rest) {
    const node = nodeLine.exec(line);
    if (node) {
      const [, id = '', open = '', label = '', close = ''] = node;
      expect(closers[open], line).toBe(close);
      expect(nodes.has(id), `duplicate ${id}`).toBe(false);
      nodes.set(id, label);
      continue;
    }
    const edge = edgeLine.exec(line);
    expect(edge, `not a node or an edge: ${line}`).not.toBeNull();
    edges.push([edge?.[1] ?? '', edge?.[4] ?? '']);
  }
  for (const [from, to] of edges) {
    expect(nodes.has(from), from).toBe(true);
    expect(nodes.has(to), to).toBe(true);
  }
  for (const id of nodes.keys()) expect(isSafeMermaidId(id), id).toBe(true);
  return { nodes, edges };
}

function diagramOf(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  expect(blocks).toHaveLength(1);
  return blocks[0] ?? '';
}

describe.each(['perfect', 'platform'])('architecture diagrams of examples/%s', (example) => {
  const model = exampleModel(example);
  for (const file of renderedFiles(runbookEmitter, model, context)) {
    it(`${file.path}: parses, with safe ids and quoted labels`, () => {
      parseDiagram(diagramOf(file.content));
    });
  }
});

describe('the prefect diagram', () => {
  const model = exampleModel('platform');
  const text = renderedFiles(runbookEmitter, model, context).find((f) => f.path === 'prefect/README.md')?.content ?? '';
  const { nodes, edges } = parseDiagram(diagramOf(text));
  const has = (from: string, to: string): boolean => edges.some(([f, t]) => f === from && t === to);

  it('goes Traefik → Authentik forward auth → server', () => {
    expect(has('browser', 'traefik')).toBe(true);
    expect(has('traefik', 'authentik')).toBe(true);
    expect(has('traefik', 'server')).toBe(true);
  });

  it('connects server and services to Postgres and Redis, and every worker to the server', () => {
    for (const from of ['server', 'bgservices']) {
      expect(has(from, 'postgres')).toBe(true);
      expect(has(from, 'redis')).toBe(true);
    }
    expect(nodes.get('redis')).toContain('DB 1, Docket DB 2');
    expect(has('worker_0', 'server')).toBe(true);
    expect(has('worker_1', 'server')).toBe(true);
  });

  it('draws each environment\'s vault-agent reading Vault and rendering its env files for their readers', () => {
    expect(has('agent_0', 'vault')).toBe(true);
    expect(has('agent_1', 'vault')).toBe(true);
    expect(nodes.get('agent_1')).toContain('vault-agent, staging');
    expect(has('agent_0', 'envfile_0')).toBe(true);
    expect(has('agent_0', 'envfile_1')).toBe(true);
    expect(has('agent_1', 'envfile_2')).toBe(true);
    expect(has('agent_1', 'envfile_0')).toBe(false);
    const files = [...nodes.entries()].filter(([id]) => id.startsWith('envfile_'));
    expect(files.map(([, label]) => label.split('<br/>')[0])).toEqual(['server.env', 'worker-production-pool.env', 'worker-staging-pool.env']);
    expect(has('envfile_0', 'server')).toBe(true);
    expect(has('envfile_1', 'worker_0')).toBe(true);
  });
});

describe('Mermaid escaping', () => {
  it('escapes quotes, angle brackets, backticks and hashes with entity codes', () => {
    expect(mermaidText('a "b" <c> `d` #e')).toBe('a #quot;b#quot; #lt;c#gt; #96;d#96; #35;e');
    expect(mermaidText('two\nlines')).toBe('two lines');
  });

  it('refuses unsafe or reserved ids and edges to unknown nodes', () => {
    expect(() => flowchart([{ id: 'a-b', label: ['x'], shape: 'box' }], [])).toThrow(/unsafe/);
    expect(() => flowchart([{ id: 'end', label: ['x'], shape: 'box' }], [])).toThrow(/unsafe/);
    expect(() => flowchart([{ id: 'a', label: ['x'], shape: 'box' }], [{ from: 'a', to: 'b' }])).toThrow(/unknown/);
  });

  it('keeps the diagram well formed whatever the config writes in labels', () => {
    const hostile = exampleText('perfect').replace('outpostUrl: http://platform-authentik-server:9000', 'outpostUrl: http://auth-x:9000/a"b');
    // The schema refuses quotes in URLs; the escaping still holds for any label text.
    expect(() => modelFromYaml(hostile)).toThrow();
    const diagram = flowchart(
      [
        { id: 'a', label: ['x"]; b --> c', '<script>'], shape: 'box' },
        { id: 'b', label: ['`md`'], shape: 'database' },
      ],
      [{ from: 'a', to: 'b', label: '"|evil|"' }],
    );
    const { nodes, edges } = parseDiagram(diagram);
    expect([...nodes.keys()]).toEqual(['a', 'b']);
    expect(edges).toEqual([['a', 'b']]);
  });
});
