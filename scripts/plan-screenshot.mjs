// Renders a golden Markdown plan as a pull-request comment would show it (CommonMark with tables
// and raw HTML, by markdown-it) and screenshots it with headless Chromium, for the README:
//   node scripts/plan-screenshot.mjs [test/plan/__golden__/several-kinds.md] [docs/plan-markdown.png]
// Needs `chromium` on PATH (Debian: apt-get install chromium). Not part of the build or the tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.argv[2] ?? join(root, 'test', 'plan', '__golden__', 'several-kinds.md'));
const target = resolve(process.argv[3] ?? join(root, 'docs', 'plan-markdown.png'));

// Close to GitHub's comment style: system fonts, bordered tables, code spans on a grey ground.
const style = `
  body { margin: 0; background: #fff; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
  main { margin: 16px; padding: 8px 16px; border: 1px solid #d0d7de; border-radius: 6px; }
  h3 { font-size: 1.25em; margin: 16px 0; }
  table { border-collapse: collapse; margin: 0 0 16px; display: block; overflow: auto; }
  th, td { border: 1px solid #d0d7de; padding: 6px 13px; text-align: left; }
  tr:nth-child(2n) { background: #f6f8fa; }
  code { background: rgba(175, 184, 193, 0.2); border-radius: 6px; padding: 0.2em 0.4em; font: 85% ui-monospace, "DejaVu Sans Mono", monospace; }
  summary { cursor: pointer; margin: 8px 0; }
  p { margin: 0 0 16px; }`;

const body = new MarkdownIt({ html: true }).render(readFileSync(source, 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'perfect-gen-shot-'));
try {
  const page = join(work, 'plan.html');
  writeFileSync(page, `<!doctype html><meta charset="utf-8"><style>${style}</style><main>${body}</main>`);
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${join(work, 'profile')}`,
    '--window-size=1100,860',
    `--screenshot=${target}`,
    `file://${page}`,
  ];
  const result = spawnSync('chromium', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`chromium failed (exit ${result.status}):\n${result.stderr}`);
  process.stdout.write(`wrote ${target}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
