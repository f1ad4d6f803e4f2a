import type { EnvFile, VaultSettings } from '../../model/model.js';

/**
 * Where the agent finds its files inside its container, under `platform.vault.agent.root`
 * (`/vault` or `/openbao`). The compose emitter mounts the output folder and the credentials
 * folder at these places, so both read them from here.
 */
export interface AgentLayout {
  /** `<root>/config/agent.hcl` */
  readonly configFile: string;
  /** `<root>/templates`: the app's `templates/` output folder, read-only. */
  readonly templatesDir: string;
  /** `<root>/secrets`: the tmpfs volume the agent renders into and consumers read. */
  readonly secretsDir: string;
  /** `<root>/approle`: the app's credentials folder from the host, read-only. */
  readonly credentialsDir: string;
}

export function agentLayout(vault: Pick<VaultSettings, 'agent'>): AgentLayout {
  const root = vault.agent.root;
  return {
    configFile: `${root}/config/agent.hcl`,
    templatesDir: `${root}/templates`,
    secretsDir: `${root}/secrets`,
    credentialsDir: `${root}/approle`,
  };
}

/** File names inside the credentials folder. */
export const credentialFiles = { roleId: 'role-id', secretId: 'secret-id', token: 'token' } as const;

/** `server.env.ctmpl`: the template for one env file, in the app's `templates/` folder. */
export const templateFileName = (file: EnvFile): string => `${file.fileName}.ctmpl`;
