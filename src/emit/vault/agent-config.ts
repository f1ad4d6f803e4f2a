import type { VaultAgent, VaultSettings } from '../../model/model.js';
import type { Document } from '../types.js';
import { agentLayout, credentialFiles, renderedFilePath, templateFileName } from '../../model/agent-layout.js';

/** `agent.hcl` for one app's agent; templates/agent.hcl.hbs has the text. */
export function agentConfig(vault: VaultSettings, agent: VaultAgent): Document {
  const layout = agentLayout(vault);
  const credential = (name: string): string => `${layout.credentialsDir}/${name}`;
  const view = {
    openbao: vault.agent.flavor === 'openbao',
    address: vault.address,
    ca: layout.ca ? { key: layout.ca.hclKey, path: layout.ca.agentPath } : false,
    approle:
      vault.auth.method === 'approle'
        ? {
            mountPath: vault.auth.mountPath,
            roleIdFile: credential(credentialFiles.roleId),
            secretIdFile: credential(credentialFiles.secretId),
          }
        : false,
    tokenFile: credential(credentialFiles.token),
    templates: agent.envFiles.map((file) => ({
      source: `${layout.templatesDir}/${templateFileName(file)}`,
      destination: renderedFilePath(layout, file),
    })),
  };
  return { language: 'hcl', template: 'agent.hcl', view };
}
