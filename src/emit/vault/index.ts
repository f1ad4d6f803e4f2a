import type { VaultAgent, VaultSettings } from '../../model/model.js';
import type { Emitter, OutputFile, Provenance } from '../types.js';
import { agentConfig } from './agent-config.js';
import { envTemplate } from './env-template.js';
import { templateFileName } from '../../model/agent-layout.js';
import { agentPolicy, policyFileName } from './policy.js';

/**
 * Per vault agent (one per environment of an app), under its `outputDir`: the agent config, one
 * consul-template file per env file, and the least-privilege policy the agent's role needs.
 */
export const emitVault: Emitter = (model, context) =>
  model.apps.flatMap((app) => app.vaultAgents.flatMap((agent) => agentFiles(model.platform.vault, agent, context.provenance)));

function agentFiles(vault: VaultSettings, agent: VaultAgent, provenance: Provenance): OutputFile[] {
  const dir = agent.outputDir;
  return [
    { path: `${dir}/agent.hcl`, kind: 'vault-agent', content: agentConfig(vault, agent, provenance) },
    ...agent.envFiles.map((file): OutputFile => ({
      path: `${dir}/templates/${templateFileName(file)}`,
      kind: 'vault-template',
      content: envTemplate(file, provenance),
    })),
    { path: `${dir}/${policyFileName(agent)}`, kind: 'vault-policy', content: agentPolicy(vault, agent, provenance) },
  ];
}
