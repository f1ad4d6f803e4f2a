/**
 * A small Mermaid `flowchart` writer. Ids are checked, labels are always quoted and escaped with
 * Mermaid's entity codes, so names from the config can never change the diagram's structure.
 */

export type NodeShape = 'box' | 'database' | 'actor';

export interface FlowNode {
  readonly id: string;
  /** Lines of the label, joined with `<br/>` after escaping. */
  readonly label: readonly string[];
  readonly shape: NodeShape;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** A dotted arrow: a file read, not a network call. */
  readonly dotted?: boolean;
}

/** Words Mermaid's flowchart grammar reserves; an id equal to one of them breaks parsing. */
const reservedIds = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'linkstyle', 'classdef', 'class', 'click', 'call', 'href', 'callback', 'default', 'direction', 'interpolate']);

export function isSafeMermaidId(id: string): boolean {
  return /^[a-z][a-z0-9_]*$/.test(id) && !reservedIds.has(id);
}

/** `#` first, since every entity code it produces starts with `#`. */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/[\s]+/g, ' ');
}

const shapes: Readonly<Record<NodeShape, readonly [string, string]>> = {
  box: ['[', ']'],
  database: ['[(', ')]'],
  actor: ['([', '])'],
};

export function flowchart(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): string {
  const ids = new Set<string>();
  for (const node of nodes) {
    if (!isSafeMermaidId(node.id)) throw new Error(`unsafe Mermaid id: ${node.id}`);
    if (ids.has(node.id)) throw new Error(`duplicate Mermaid id: ${node.id}`);
    ids.add(node.id);
  }
  for (const edge of edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) throw new Error(`Mermaid edge to an unknown node: ${edge.from} -> ${edge.to}`);
  }
  const lines = ['flowchart LR'];
  for (const node of nodes) {
    const [open, close] = shapes[node.shape];
    lines.push(`  ${node.id}${open}"${node.label.map(mermaidText).join('<br/>')}"${close}`);
  }
  for (const edge of edges) {
    const arrow = edge.dotted ? '-.->' : '-->';
    const label = edge.label === undefined ? '' : `|"${mermaidText(edge.label)}"|`;
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
  }
  return lines.join('\n');
}
