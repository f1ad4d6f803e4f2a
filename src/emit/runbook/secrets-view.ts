import { posix } from 'node:path';
import { agentLayout, agentUser, credentialFiles, vaultCli } from '../../model/agent-layout.js';
import { logsCommand, statusCommand } from './container-commands.js';
import { defaultConfigDirFromOutput, hostPathFrom } from '../../model/host-path.js';
import type { App, EnvFile, Model, VaultAgent, VaultSettings } from '../../model/model.js';
import type { Workload } from '../../model/workload.js';
import type { Provenance } from '../types.js';
import { inlineCode, tableText } from '../../serialize/markdown.js';
import { shellBare, shellWord } from '../../serialize/shell.js';

/**
 * The runbook's view of the app's vault agents: what each renders, and the commands that set it up,
 * check it and restart what reads it. Commands use the CLI of the configured flavor (`vault` or `bao`).
 */
export interface SecretsView {
  /** `vault` or `bao`. */
  readonly cli: string;
  /** The user the agent image runs as: `vault` or `openbao`. */
  readonly agentUser: string;
  readonly vaultAddress: string;
  readonly authMethod: string;
  readonly approle: boolean;
  /** `vault auth enable -path=approle approle`: once per Vault, before the first role. */
  readonly enableAuth: string | null;
  readonly agents: readonly AgentView[];
  /** Some variable is the value itself, which the agent refuses to render for a few values; URLs never are. */
  readonly rendersPlainValues: boolean;
}

export interface AgentView {
  readonly service: string;
  readonly container: string;
  readonly environment: string;
  readonly credentialsDir: string;
  /** The config file a relative credentialsDir is relative to the folder of. */
  readonly credentialsBase: string | null;
  /** Where the agent sees that folder. */
  readonly credentialsMount: string;
  readonly credentialFiles: string;
  readonly policyName: string;
  /** The policy file relative to the runbook's folder. */
  readonly policyFile: string;
  readonly status: string;
  readonly logs: string;
  /** Lists the rendered files, never their contents. */
  readonly listRendered: string;
  readonly restart: string;
  /** The agent's recent lines about files it rendered. */
  readonly rendered: string;
  /** Policy, role and credential files, in the order they must be written. */
  readonly setup: readonly string[];
  readonly files: readonly EnvFileView[];
}

interface EnvFileView {
  readonly fileName: string;
  readonly volume: string;
  readonly readers: string;
  /** Restarts the file's readers so that they read it again. */
  readonly restartReaders: string;
  readonly entries: readonly EnvEntryView[];
  /** One check per distinct path and key. */
  readonly checks: readonly string[];
}

interface EnvEntryView {
  readonly variable: string;
  readonly path: string;
  readonly policyPath: string;
  readonly key: string;
  readonly form: string;
}

/** The owner the Vault and OpenBao images run their agent as. */
const AGENT_OWNER = `-o ${agentUser.uid} -g ${agentUser.gid}`;

export function secretCheck(cli: string, path: string, key: string): string {
  return `${cli} kv get -field=${shellWord(key)} ${shellWord(path)} >/dev/null && echo present`;
}

export function secretsView(model: Model, app: App, provenance: Provenance): SecretsView | null {
  if (app.vaultAgents.length === 0) return null;
  const { vault } = model.platform;
  const cli = vaultCli(vault);
  const approle = vault.auth.method === 'approle';
  return {
    cli,
    agentUser: vault.agent.flavor,
    vaultAddress: vault.address,
    authMethod: approle ? `AppRole (${inlineCode(vault.auth.mountPath)})` : 'a token file (development only)',
    approle,
    enableAuth: approle ? `${cli} auth enable -path=${shellWord(vault.auth.mountPath.replace(/^auth\//, ''))} approle` : null,
    agents: app.vaultAgents.map((agent) => agentView(model, app, agent, cli, provenance)),
    rendersPlainValues: app.vaultAgents.some((agent) => agent.envFiles.some((file) => file.entries.some((entry) => entry.kind === 'secret'))),
  };
}

function agentView(model: Model, app: App, agent: VaultAgent, cli: string, provenance: Provenance): AgentView {
  const { vault } = model.platform;
  const approle = vault.auth.method === 'approle';
  const names = approle ? [credentialFiles.roleId, credentialFiles.secretId] : [credentialFiles.token];
  const policyFile = `${agent.outputDir.slice(app.name.length + 1)}/${agent.policyName}.policy.hcl`;
  const container = shellBare(agent.container);
  return {
    service: agent.service,
    container: agent.container,
    environment: agent.environment,
    credentialsDir: agent.credentialsDir,
    // A relative folder is relative to the config's folder, not to this runbook's.
    credentialsBase: agent.credentialsDir.startsWith('.') ? provenance.configName : null,
    credentialsMount: agentLayout(vault).credentialsDir,
    credentialFiles: names.map(inlineCode).join(' and '),
    policyName: agent.policyName,
    policyFile,
    status: statusCommand(agent.container),
    logs: logsCommand(agent.container),
    listRendered: `docker exec ${container} ls -lR ${shellWord(agentLayout(vault).secretsDir)}`,
    restart: `docker compose -p ${shellBare(model.platform.name)} restart ${shellBare(agent.service)}`,
    rendered: `docker logs --since 5m ${container} 2>&1 | grep rendered`,
    setup: setupCommands(vault, agent, cli, policyFile, credentialsDirFromRunbook(agent, provenance)),
    files: agent.envFiles.map((file) => envFileView(model, app, file, cli)),
  };
}

/**
 * Writes the credentials through a pipe into `install`, so they are never printed and the file is created
 * with its final owner and mode: the agent runs as uid 100, gid 1000 and reads the folder bind-mounted.
 */
function setupCommands(vault: VaultSettings, agent: VaultAgent, cli: string, policyFile: string, dir: string): string[] {
  const install = (name: string): string => `sudo install ${AGENT_OWNER} -m 0440 /dev/stdin ${shellWord(`${dir}/${name}`)}`;
  const folder = `sudo install -d ${AGENT_OWNER} -m 0750 ${shellWord(dir)}`;
  const policyName = shellBare(agent.policyName);
  const policy = `${cli} policy write ${policyName} ${shellWord(policyFile)}`;
  if (vault.auth.method !== 'approle') {
    return [policy, folder, `${cli} token create -policy=${policyName} -period=24h -field=token | ${install(credentialFiles.token)}`];
  }
  const role = shellWord(`${vault.auth.mountPath}/role/${agent.policyName}`);
  return [
    policy,
    `${cli} write ${role} token_policies=${policyName} secret_id_num_uses=0 token_ttl=1h token_max_ttl=24h`,
    folder,
    `${cli} read -field=role_id ${role}/role-id | ${install(credentialFiles.roleId)}`,
    `${cli} write -f -field=secret_id ${role}/secret-id | ${install(credentialFiles.secretId)}`,
  ];
}

/**
 * The setup commands run in the runbook's folder, `<app>/` in the output, while a relative credentials folder is
 * relative to the config's folder: seen from the runbook, `./approle/...` is `../../approle/...` for `--out out`.
 */
function credentialsDirFromRunbook(agent: VaultAgent, provenance: Provenance): string {
  return hostPathFrom(agent.credentialsDir, posix.join('..', provenance.configDirFromOutput ?? defaultConfigDirFromOutput));
}

/** The services that read a file, in the model's order: the migration, then the server before the services. */
export function readersOf(app: App, file: EnvFile): readonly Workload[] {
  return app.workloads.filter((w) => w.reads?.file === file);
}

function envFileView(model: Model, app: App, file: EnvFile, cli: string): EnvFileView {
  const readers = readersOf(app, file);
  // A one-shot step (the migration) has done its work: it is not restarted.
  const restarted = readers.filter((w) => !w.oneShot).map((w) => w.service);
  return {
    fileName: file.fileName,
    volume: file.volume,
    readers: readers.map((w) => inlineCode(w.service)).join(', '),
    restartReaders: `docker compose -p ${shellBare(model.platform.name)} restart ${restarted.map(shellBare).join(' ')}`,
    checks: [...new Set(file.entries.map((entry) => secretCheck(cli, entry.secret.logicalPath, entry.secret.key)))],
    entries: file.entries.map((entry) => ({
      variable: entry.name,
      path: entry.secret.logicalPath,
      policyPath: entry.secret.apiPath,
      key: entry.secret.key,
      form: entry.kind === 'secret' ? 'the value' : tableText(`\`${entry.prefix}<${entry.secret.key}>${entry.suffix}\``),
    })),
  };
}
