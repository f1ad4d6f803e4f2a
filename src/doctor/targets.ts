import { runbookView } from '../emit/runbook/runbook-view.js';
import type { EmitContext } from '../emit/types.js';
import { agentLayout, renderedFilePath } from '../model/agent-layout.js';
import type { Model, PrefectApp } from '../model/model.js';
import { deploymentName } from '../model/prefect.js';

/**
 * What a doctor run probes, and the commands its fixes name, drawn from the model and from the very
 * view the runbook renders, so a fix and the runbook's troubleshooting never say different things.
 */
export interface DoctorTargets {
  readonly hosts: readonly HostTarget[];
  readonly prefect: readonly PrefectTarget[];
  readonly agents: readonly AgentTarget[];
}

export interface HostTarget {
  readonly app: string;
  readonly host: string;
  readonly publicUrl: string;
  /** The URL that a public host must answer without a session. */
  readonly healthUrl: string;
  readonly sso: boolean;
  /** The runbook that explains this host: `prefect/README.md`. */
  readonly runbook: string;
  readonly upstream: string;
  readonly outpostUrl: string;
  readonly slug?: string;
  readonly entrypoint: string;
  readonly certResolver: string;
  /** Checks the app's main container: state and log. */
  readonly statusCommand: string;
  readonly logsCommand: string;
}

export interface PrefectTarget {
  readonly app: string;
  readonly runbook: string;
  /** The API as workers reach it on the Docker network: `http://platform-prefect-server:4200/api`. */
  readonly internalApiUrl: string;
  /** The API through Traefik: `https://perfect.example.com/api`. */
  readonly publicApiUrl: string;
  readonly statusCommand: string;
  readonly logsCommand: string;
  /** What `/api/ready` needs: the database, its user and the Vault path of the password. */
  readonly database: string;
  /** Creates the pools and sets their limits. */
  readonly bootstrapCommand: string;
  /** Registers the deployments of prefect.yaml; undefined when no pool has a worker to run it from. */
  readonly deployCommands?: string;
  readonly cli: string;
  readonly pools: readonly PoolTarget[];
}

export interface PoolTarget {
  readonly name: string;
  readonly environment: string;
  readonly workers: number;
  /** The pool-wide limit the bootstrap script sets; null for none. */
  readonly poolConcurrencyLimit: number | null;
  readonly deployments: readonly string[];
  readonly logsCommand: string;
}

export interface AgentTarget {
  readonly app: string;
  readonly runbook: string;
  readonly container: string;
  readonly statusCommand: string;
  readonly logsCommand: string;
  readonly listCommand: string;
  readonly policyName: string;
  readonly credentialsDir: string;
  /** Each env file as the agent sees it, with who reads it. */
  readonly files: readonly { readonly path: string; readonly fileName: string; readonly readers: string }[];
}

/** `outShown` is the output folder as the user named it; fixes give paths under it. */
export function doctorTargets(model: Model, context: EmitContext, outShown: string): DoctorTargets {
  const hosts: HostTarget[] = [];
  const prefect: PrefectTarget[] = [];
  const agents: AgentTarget[] = [];
  for (const app of model.apps) {
    const view = runbookView(model, app, context);
    const runbook = `${outShown}/${app.name}/README.md`;
    if (app.route && view.route) {
      const access = app.route.access;
      hosts.push({
        app: app.name,
        host: app.route.host,
        publicUrl: app.route.publicUrl,
        healthUrl: view.route.healthUrl,
        sso: access.mode === 'sso',
        runbook,
        upstream: app.route.upstream,
        outpostUrl: view.route.outpostUrl,
        ...(access.mode === 'sso' ? { slug: access.slug } : {}),
        entrypoint: model.platform.traefik.entrypoint,
        certResolver: model.platform.traefik.certResolver,
        statusCommand: view.main.status,
        logsCommand: view.main.logs,
      });
    }
    if (app.kind === 'prefect' && view.prefect) prefect.push(prefectTarget(app, runbook, view, outShown));
    const layout = agentLayout(model.platform.vault);
    app.vaultAgents.forEach((agent, i) => {
      const shown = view.secrets?.agents[i];
      if (!shown) return;
      agents.push({
        app: app.name,
        runbook,
        container: agent.container,
        statusCommand: shown.status,
        logsCommand: shown.logs,
        listCommand: shown.listRendered,
        policyName: agent.policyName,
        credentialsDir: agent.credentialsDir,
        files: agent.envFiles.map((file, j) => ({
          path: renderedFilePath(layout, file),
          fileName: file.fileName,
          readers: (shown.files[j]?.readers ?? '').replace(/`/g, ''),
        })),
      });
    });
  }
  return { hosts, prefect, agents };
}

function prefectTarget(app: PrefectApp, runbook: string, view: ReturnType<typeof runbookView>, outShown: string): PrefectTarget {
  const p = { ...(view.prefect as NonNullable<typeof view.prefect>), database: view.database };
  return {
    app: app.name,
    runbook,
    internalApiUrl: app.server.apiUrl,
    publicApiUrl: `${app.route.publicUrl}/api`,
    statusCommand: view.main.status,
    logsCommand: view.main.logs,
    database: p.database ? `the database \`${p.database.name}\` on ${p.database.host}:${p.database.port}, owned by \`${p.database.user}\`, with the password at key \`${p.database.password.key}\` of ${p.database.password.path} in Vault` : 'its database',
    bootstrapCommand: `docker exec -i ${p.server} sh < ${outShown}/${app.name}/bootstrap-work-pools.sh`,
    ...(p.deployers.length > 0 ? { deployCommands: `cd ${outShown}/${app.name} && ${p.deployers.map((d) => `${d.copy} && ${d.deploy}`).join(' && ')}` } : {}),
    cli: p.cli,
    pools: app.workPools.map((pool, i) => ({
      name: pool.name,
      environment: pool.environment,
      workers: pool.workers,
      poolConcurrencyLimit: pool.poolConcurrencyLimit ?? null,
      deployments: pool.deployments.map((d) => deploymentName(d, pool)),
      logsCommand: p.pools[i]?.logs ?? '',
    })),
  };
}
