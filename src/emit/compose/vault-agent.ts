import type { App, Platform, VaultAgent } from '../../model/model.js';
import { renderedFilesCheck } from './healthchecks.js';
import { service } from './service.js';
import type { ComposeService } from './types.js';

/**
 * The sidecar that renders the app's env files. Vault and OpenBao images share the entrypoint contract
 * (`agent` becomes `vault agent` / `bao agent`; SKIP_SETCAP and SKIP_CHOWN are honoured by both), and differ
 * only in the root folder, which the model gives. The Vault address lives in agent.hcl, so neither
 * VAULT_ADDR nor BAO_ADDR is set: the variable would silently override the file.
 */
export function vaultAgentService(platform: Platform, app: App, agent: VaultAgent): ComposeService {
  const root = platform.vault.agent.root;
  return service({
    app: app.name,
    role: 'vault-agent',
    network: platform.network,
    image: platform.vault.agent.image,
    container: agent.container,
    command: ['agent', `-config=${root}/config/agent.hcl`],
    environment: {
      // The agent needs no mlock, and its config is bind-mounted read-only.
      SKIP_SETCAP: 'true',
      SKIP_CHOWN: 'true',
    },
    volumes: [
      `./${agent.outputDir}/agent.hcl:${root}/config/agent.hcl:ro`,
      `./${agent.outputDir}/templates:${root}/templates:ro`,
      `${agent.credentialsDir}:${root}/approle:ro`,
      `${agent.volume}:${root}/secrets`,
    ],
    healthcheck: renderedFilesCheck(agent.envFiles.map((f) => `${root}/secrets/${f.fileName}`)),
  });
}
