import type { EnvFile, VaultSettings } from './model.js';

/**
 * Where the agent finds its files inside its container, under `platform.vault.agent.root`
 * (`/vault` or `/openbao`). agent.hcl names these paths and the compose file mounts the output
 * folder and the credentials folder at them, so every artifact reads them from here.
 */
export interface AgentLayout {
  /** `<root>/config/agent.hcl` */
  readonly configFile: string;
  /** `<root>/templates`: the app's `templates/` output folder, read-only. */
  readonly templatesDir: string;
  /** `<root>/secrets`: holds one sub-folder per env file, each the mount point of that file's own volume. */
  readonly secretsDir: string;
  /** `<root>/approle`: the app's credentials folder from the host, read-only. */
  readonly credentialsDir: string;
  /** `<root>/tls/ca.pem` or `<root>/tls/ca`: the CA for an https Vault address, from the host, read-only. */
  readonly ca?: { readonly agentPath: string; readonly hclKey: 'ca_cert' | 'ca_path'; readonly hostPath: string };
}

export function agentLayout(vault: Pick<VaultSettings, 'agent' | 'ca'>): AgentLayout {
  const root = vault.agent.root;
  const ca = vault.ca;
  return {
    configFile: `${root}/config/agent.hcl`,
    templatesDir: `${root}/templates`,
    secretsDir: `${root}/secrets`,
    credentialsDir: `${root}/approle`,
    ...(ca && {
      ca: ca.kind === 'file'
        ? { agentPath: `${root}/tls/ca.pem`, hclKey: 'ca_cert' as const, hostPath: ca.hostPath }
        : { agentPath: `${root}/tls/ca`, hclKey: 'ca_path' as const, hostPath: ca.hostPath },
    }),
  };
}

/** `<root>/secrets/server`: where the agent mounts the volume of one env file (read-write). */
export const agentVolumeDir = (layout: AgentLayout, file: EnvFile): string => `${layout.secretsDir}/${file.consumer}`;

/** `<root>/secrets/server/server.env`: where the agent renders one env file. */
export const renderedFilePath = (layout: AgentLayout, file: EnvFile): string => `${agentVolumeDir(layout, file)}/${file.fileName}`;

/** File names inside the credentials folder. */
export const credentialFiles = { roleId: 'role-id', secretId: 'secret-id', token: 'token' } as const;

/** `server.env.ctmpl`: the template for one env file, in the app's `templates/` folder. */
export const templateFileName = (file: EnvFile): string => `${file.fileName}.ctmpl`;

/**
 * The variable each agent service carries: the sha256 of its emitted agent.hcl and templates, so that
 * Compose recreates the agent when they change, and the doctor can tell a container runs older files.
 */
export const agentDigestVariable = 'PERFECT_GEN_AGENT_SHA256';

/**
 * uid and gid of the agent's user: `vault` in hashicorp/vault and `openbao` in openbao/openbao, both created
 * the same way on Alpine (system user 100, first group 1000). The secrets volumes belong to them so the agent
 * can write and rename its files; the containers that read them join the group.
 */
export const agentUser = { uid: 100, gid: 1000 } as const;

/** The CLI of the agent's flavor, as its operators type it: `vault` or `bao`. */
export const vaultCli = (vault: Pick<VaultSettings, 'agent'>): 'vault' | 'bao' => (vault.agent.flavor === 'openbao' ? 'bao' : 'vault');
