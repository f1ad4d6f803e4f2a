import type { PrefectDeployment, WorkPool } from './model.js';

/** Facts about a Prefect app that several artifacts state (prefect.yaml, the bootstrap script, the runbook, doctor). */

/** Prefect's names for the API auth string: the server requires the first, clients send the second. */
export const apiAuthVariables = { server: 'PREFECT_SERVER_API_AUTH_STRING', client: 'PREFECT_API_AUTH_STRING' } as const;

/** Where the workers find the flow code: baked into the worker image or mounted there. */
export const flowsDirectory = '/opt/prefect/flows';

/** The deployment name in Prefect: the environment suffix keeps names unique across pools. */
export function deploymentName(deployment: PrefectDeployment, pool: WorkPool): string {
  return `${deployment.name}-${pool.environment}`;
}
