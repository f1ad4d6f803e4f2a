import type { App, ServiceOptions } from './model.js';

/** Every `options` block of the app's workloads, in their order: server, services and each pool for Prefect, else the app's own. */
export function serviceOptionsOf(app: App): readonly ServiceOptions[] {
  return app.workloads.flatMap((w) => (w.options ? [w.options] : []));
}
