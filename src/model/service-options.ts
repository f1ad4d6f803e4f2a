import type { App, ServiceOptions } from './model.js';

/** Every `options` block an app's containers get: server, services and each pool for Prefect, else the app's own. */
export function serviceOptionsOf(app: App): readonly ServiceOptions[] {
  return app.kind === 'prefect' ? [app.server.options, app.services.options, ...app.workPools.map((pool) => pool.options)] : [app.options];
}
