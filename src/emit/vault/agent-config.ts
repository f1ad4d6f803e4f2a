import type { VaultAgent, VaultSettings } from '../../model/model.js';
import '../../serialize/hcl.js';
import { header } from '../../serialize/header.js';
import { renderTemplate } from '../../serialize/templates.js';
import type { Provenance } from '../types.js';
import { agentLayout, credentialFiles, renderedFilePath, templateFileName } from '../../model/agent-layout.js';

/** `agent.hcl` for one app's agent; templates/agent.hcl.hbs has the text. */
export function agentConfig(vault: VaultSettings, agent: VaultAgent, provenance: Provenance): string {
  const layout = agentLayout(vault);
  const credential = (name: string): string => `${layout.credentialsDir}/${name}`;
  return renderTemplate('agent.hcl', {
    header: header(provenance, 'hash'),
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
  });
}
