import { renderTemplate } from '../../serialize/templates.js';
import type { Emitter } from '../types.js';
import { runbookView } from './runbook-view.js';

/**
 * `<app>/README.md` for every app: what runs, its URLs, where its secrets live in Vault, how to
 * check health, troubleshooting with the stack's real names, and a Mermaid architecture diagram.
 */
export const emitRunbook: Emitter = (model, context) =>
  model.apps.map((app) => ({
    path: `${app.name}/README.md`,
    kind: 'runbook',
    // Sections that do not apply leave blank lines at the end.
    content: `${renderTemplate('runbook.md', runbookView(model, app, context)).trimEnd()}\n`,
  }));
