import type { PrefectApp, PrefectDeployment, WorkPool } from '../../model/model.js';
import { deploymentName, flowsDirectory } from '../../model/prefect.js';
import { sortedRecord } from '../../serialize/yaml.js';
import { prefectVersionOf } from './prefect-version.js';

/** The document of `<app>/prefect.yaml`, keys in the order Prefect's own docs write them. */
export function prefectProjectDocument(app: PrefectApp): Record<string, unknown> {
  return {
    name: app.name,
    'prefect-version': prefectVersionOf(app.image),
    pull: [{ 'prefect.deployments.steps.set_working_directory': { directory: flowsDirectory } }],
    deployments: app.workPools.flatMap((pool) => pool.deployments.map((d) => deploymentDocument(d, pool))),
  };
}

function deploymentDocument(deployment: PrefectDeployment, pool: WorkPool): Record<string, unknown> {
  const schedules = schedulesOf(deployment);
  return {
    name: deploymentName(deployment, pool),
    entrypoint: deployment.entrypoint,
    description: deployment.description,
    tags: [...new Set([`env:${pool.environment}`, ...(deployment.tags ?? [])])].sort(),
    work_pool: { name: pool.name },
    schedules: schedules.length > 0 ? schedules : undefined,
    parameters: deployment.parameters && sortedDeep(deployment.parameters),
  };
}

function schedulesOf(deployment: PrefectDeployment): Record<string, unknown>[] {
  const timezone = deployment.timezone;
  return [
    ...(deployment.cron !== undefined ? [{ cron: deployment.cron, timezone }] : []),
    ...(deployment.interval !== undefined ? [{ interval: deployment.interval, timezone }] : []),
  ];
}

/** Parameter maps carry no order, so nested keys are sorted for stable output. */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value !== null && typeof value === 'object') {
    const sorted = sortedRecord(value as Record<string, unknown>);
    for (const key of Object.keys(sorted)) sorted[key] = sortedDeep(sorted[key]);
    return sorted;
  }
  return value;
}
