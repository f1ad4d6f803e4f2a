import type { VaultAgent, VaultSettings } from '../../model/model.js';
import type { Artifact, Emitter } from '../types.js';
import { agentConfig } from './agent-config.js';
import { envTemplate } from './env-template.js';
import { templateFileName } from '../../model/agent-layout.js';
import { agentPolicy, policyFileName } from './policy.js';

/**
 * Per vault agent (one per environment of an app), under its `outputDir`: the agent config, one
 * consul-template file per env file, and the least-privilege policy the agent's role needs.
 */
export const vaultEmitter: Emitter = {
  name: 'vault',
  kinds: ['vault-agent', 'vault-template', 'vault-policy'],
  appliesTo: (model) => model.apps.some((app) => app.vaultAgents.length > 0),
  emit: (model) => model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agentFiles(model.platform.vault, agent))),
};

function agentFiles(vault: VaultSettings, agent: VaultAgent): Artifact[] {
  const dir = agent.outputDir;
  return [
    { path: `${dir}/agent.hcl`, kind: 'vault-agent', document: agentConfig(vault, agent) },
    ...agent.envFiles.map((file): Artifact => ({
      path: `${dir}/templates/${templateFileName(file)}`,
      kind: 'vault-template',
      document: { language: 'go-template', body: envTemplate(file) },
    })),
    { path: `${dir}/${policyFileName(agent)}`, kind: 'vault-policy', document: agentPolicy(vault, agent) },
  ];
}
