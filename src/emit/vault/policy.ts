import { vaultCli } from '../../model/agent-layout.js';
import type { VaultAgent, VaultSettings } from '../../model/model.js';
import type { Document } from '../types.js';

export const policyFileName = (agent: VaultAgent): string => `${agent.policyName}.policy.hcl`;

/** Exactly the API paths the agent's templates read, sorted: what the policy grants. */
export function policyPaths(agent: VaultAgent): string[] {
  const paths = agent.envFiles.flatMap((file) => file.entries.map((entry) => entry.secret.apiPath));
  return [...new Set(paths)].sort();
}

/** The least-privilege policy of one app's agent; templates/policy.hcl.hbs has the text. */
export function agentPolicy(vault: VaultSettings, agent: VaultAgent): Document {
  const view = {
    policyName: agent.policyName,
    service: agent.service,
    cli: vaultCli(vault),
    fileName: policyFileName(agent),
    paths: policyPaths(agent),
  };
  return { language: 'hcl', template: 'policy.hcl', view };
}
