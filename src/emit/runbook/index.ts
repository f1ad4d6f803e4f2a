import type { Emitter } from '../types.js';
import { runbookView } from './runbook-view.js';

/**
 * `<app>/README.md` for every app: what runs, its URLs, where its secrets live in Vault, how to
 * check health, troubleshooting with the stack's real names, and a Mermaid architecture diagram.
 */
export const runbookEmitter: Emitter = {
  name: 'runbook',
  kinds: ['runbook'],
  appliesTo: (model) => model.apps.length > 0,
  emit: (model, context) =>
    model.apps.map((app) => ({
      path: `${app.name}/README.md`,
      kind: 'runbook',
      document: { language: 'markdown', template: 'runbook.md', view: runbookView(model, app, context) },
    })),
};
