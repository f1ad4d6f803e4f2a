import type { App, Platform, VaultAgent } from '../../model/model.js';
import { agentDigestVariable, agentLayout, agentVolumeDir, renderedFilePath } from '../../model/agent-layout.js';
import { renderedFilesCheck } from './healthchecks.js';
import { service } from './service.js';
import type { ComposeService } from './types.js';

/**
 * Compose compares a service's definition, not the files it bind-mounts, so a changed agent.hcl or template
 * alone would leave the running agent on the old ones. This variable carries their hash: when they change,
 * the service definition changes and `docker compose up -d` recreates the agent.
 */
export const AGENT_DIGEST_ENV = agentDigestVariable;

/**
 * The sidecar that renders the env files of one environment of an app. Vault and OpenBao images share the
 * entrypoint contract (`agent` becomes `vault agent` / `bao agent`; SKIP_SETCAP and SKIP_CHOWN are honoured by
 * both), and differ only in the root folder, which the model gives. The Vault address lives in agent.hcl, so
 * neither VAULT_ADDR nor BAO_ADDR is set: the variable would silently override the file.
 */
export function vaultAgentService(platform: Platform, app: App, agent: VaultAgent, digest: string): ComposeService {
  // The same layout agent.hcl is written against, so its paths and these mounts cannot drift apart.
  const layout = agentLayout(platform.vault);
  return service({
    app: app.name,
    role: 'vault-agent',
    network: platform.network,
    image: platform.vault.agent.image,
    container: agent.container,
    command: ['agent', `-config=${layout.configFile}`],
    environment: {
      // The agent needs no mlock, and its config is bind-mounted read-only.
      SKIP_SETCAP: 'true',
      SKIP_CHOWN: 'true',
      [AGENT_DIGEST_ENV]: digest,
    },
    volumes: [
      `./${agent.outputDir}/agent.hcl:${layout.configFile}:ro`,
      `./${agent.outputDir}/templates:${layout.templatesDir}:ro`,
      `${agent.credentialsDir}:${layout.credentialsDir}:ro`,
      ...(layout.ca ? [`${layout.ca.hostPath}:${layout.ca.agentPath}:ro`] : []),
      // One volume per env file, each in its own folder: only the agent of their environment sees them all.
      ...agent.envFiles.map((file) => `${file.volume}:${agentVolumeDir(layout, file)}`),
    ],
    healthcheck: renderedFilesCheck(agent.envFiles.map((file) => renderedFilePath(layout, file))),
  });
}
