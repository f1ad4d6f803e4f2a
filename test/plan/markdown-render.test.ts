import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { projectRoot } from '../support/model-from.js';
import { planCases } from './cases.js';
import { planOf } from './plan-support.js';

// CommonMark with GitHub's tables, and raw HTML on, as GitHub allows <details> in comments.
const markdown = new MarkdownIt({ html: true });
const golden = (name: string, ext: string) => readFileSync(join(projectRoot, 'test', 'plan', '__golden__', `${name}.${ext}`), 'utf8');

const cells = (html: string): string[][] =>
  [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1] ?? ''));

describe('the Markdown plan, rendered as CommonMark', () => {
  for (const c of planCases.filter((p) => p.kind !== 'none')) {
    it(`${c.name}: a summary table, then one section per group with a row per change`, () => {
      const html = markdown.render(golden(c.name, 'md'));
      const plan = JSON.parse(golden(c.name, 'json')) as { summary: Record<string, number>; changes: { kind: string }[] };
      const tables = html.split('<table>').slice(1);
      const groups = Object.entries(plan.summary).filter(([, n]) => n > 0);
      expect(html.indexOf('<table>')).toBeLessThan(html.indexOf('<details'));
      // The summary, a table per group, and the file list.
      expect(tables).toHaveLength(1 + groups.length + 1);
      const rows = tables.slice(1, -1).flatMap((t) => cells(t).slice(1));
      expect(rows.map((r) => r.length)).toEqual(plan.changes.map(() => 3));
      expect(rows.map((r) => r[0])).toEqual(plan.changes.map((ch) => `<code>${ch.kind}</code>`));
      expect(html.match(/<details/g)).toHaveLength(groups.length + 1);
    });
  }

  it('keeps text from the config literal: no HTML, links, mentions or extra cells', () => {
    const group = '<img src=x onerror=alert(1)> | @org/team `x` [a](https://e.example) *b* #12 $x$';
    const base = planCases.find((p) => p.name === 'sso-group-added');
    if (!base) throw new Error('missing case');
    const { plan, heading } = planOf({ ...base, after: [['        - staff\n', `        - staff\n        - ${JSON.stringify(group)}\n`]] });
    const html = markdown.render(renderMarkdown(plan, heading));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<em>');
    const row = cells(html).find((r) => r[0] === '<code>sso-group-added</code>');
    expect(row).toHaveLength(3);
    const text = (row?.[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(text).toBe(`group ${JSON.stringify(group)} may now sign in to wiki.zitian.party`);
  });
});
