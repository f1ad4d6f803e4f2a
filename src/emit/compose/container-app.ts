import type { InternalApp, Platform, WebApp } from '../../model/model.js';
import { shellHttpCheck } from './healthchecks.js';
import { secretsAccess, shellEntrypoint } from './secrets.js';
import { service } from './service.js';
import type { ComposeService, Healthcheck } from './types.js';

/** The one container of a web or internal app. */
export function containerAppService(platform: Platform, app: WebApp | InternalApp): ComposeService {
  const secrets = secretsAccess(app.envFile);
  const entrypoint = secrets && shellEntrypoint(secrets.file, app.command !== undefined, app.container);
  const healthcheck = healthcheckOf(app);
  return service({
    app: app.name,
    role: app.kind,
    network: platform.network,
    image: app.image,
    container: app.container,
    ...(entrypoint && { entrypoint }),
    ...(app.command && { command: app.command }),
    ...(secrets && { dependsOn: secrets.dependsOn, groupAdd: secrets.groupAdd, volumes: secrets.volumes }),
    environment: plainEnvironment(platform, app),
    ...(app.port !== undefined && { expose: [app.port] }),
    ...(healthcheck && { healthcheck }),
    options: app.options,
  });
}

/** Only a password-less Redis URL is plain; the database URL and anything with a password are in the env file. */
function plainEnvironment(platform: Platform, app: WebApp | InternalApp): Readonly<Record<string, string>> {
  const redis = app.redis;
  const secretNames = new Set(app.envFile?.entries.map((e) => e.name));
  if (!redis || secretNames.has(redis.urlEnv)) return {};
  return { [redis.urlEnv]: `redis://${platform.redis.host}:${platform.redis.port}/${redis.db}` };
}

/** Internal apps without a health path, or without a port to probe, get none; nor does an app that turns it off. */
function healthcheckOf(app: WebApp | InternalApp): Healthcheck | undefined {
  if (!app.dockerHealthcheck || app.healthPath === undefined || app.port === undefined) return undefined;
  return shellHttpCheck(`http://127.0.0.1:${app.port}${app.healthPath}`);
}
