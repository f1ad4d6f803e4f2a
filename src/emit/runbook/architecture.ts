import type { App, EnvFile, Model, PrefectApp, PublicRoute, VaultAgent } from '../../model/model.js';
import type { WorkloadRole } from '../../model/workload.js';
import { flowchart, type FlowEdge, type FlowNode } from './mermaid.js';

/** Who reads an env file: node ids of its consumers. */
interface EnvFileReaders {
  readonly file: EnvFile;
  readonly readerIds: readonly string[];
}

/**
 * The stack's architecture as a Mermaid flowchart, drawn from the model only. Node ids are fixed
 * words or a word plus an index, never a name from the config.
 */
export function architectureDiagram(model: Model, app: App): string {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const { platform } = model;
  const mainId = app.kind === 'prefect' ? 'server' : 'app';

  if (app.route) addRoute(nodes, edges, model, app.route, mainId);

  if (app.kind === 'prefect') {
    addPrefect(nodes, edges, app);
    addStores(nodes, edges, model, {
      database: app.database.name,
      redis: app.redis.docketDb === undefined ? `DB ${app.redis.db}` : `DB ${app.redis.db}, Docket DB ${app.redis.docketDb}`,
      databaseUsers: ['migrate', 'server', 'bgservices'],
      redisUsers: ['server', 'bgservices'],
    });
    addVault(nodes, edges, model, app.vaultAgents, envFileReaders(app));
  } else {
    const port = app.port === undefined ? [] : [`port ${app.port}`];
    nodes.push({ id: 'app', label: [app.container, ...port], shape: 'box' });
    if (!app.route && app.internalUrl) {
      nodes.push({ id: 'peers', label: [`containers on network ${platform.network}`], shape: 'actor' });
      edges.push({ from: 'peers', to: 'app', label: app.internalUrl });
    }
    addStores(nodes, edges, model, {
      database: app.database?.name,
      redis: app.redis && `DB ${app.redis.db}`,
      databaseUsers: ['app'],
      redisUsers: ['app'],
    });
    addVault(nodes, edges, model, app.vaultAgents, envFileReaders(app));
  }
  return flowchart(nodes, edges);
}

/** Each env file the app's workloads read, in order of first use, with the nodes of its readers. */
function envFileReaders(app: App): EnvFileReaders[] {
  const readers = new Map<EnvFile, string[]>();
  let workers = 0;
  for (const workload of app.workloads) {
    const id = workload.role === 'worker' ? `worker_${workers++}` : nodeIds[workload.role];
    const file = workload.reads?.file;
    if (!file) continue;
    const ids = readers.get(file);
    if (ids) ids.push(id);
    else readers.set(file, [id]);
  }
  return [...readers].map(([file, readerIds]) => ({ file, readerIds }));
}

/** The node of each workload but the workers, which are numbered in pool order. */
const nodeIds: Readonly<Record<Exclude<WorkloadRole, 'worker'>, string>> = {
  'vault-agent': 'agent',
  migrate: 'migrate',
  server: 'server',
  services: 'bgservices',
  web: 'app',
  internal: 'app',
};

function addRoute(nodes: FlowNode[], edges: FlowEdge[], model: Model, route: PublicRoute, mainId: string): void {
  const { traefik, authentik } = model.platform;
  nodes.push({ id: 'browser', label: ['Browser'], shape: 'actor' });
  nodes.push({ id: 'traefik', label: ['Traefik', `entrypoint ${traefik.entrypoint}`], shape: 'box' });
  edges.push({ from: 'browser', to: 'traefik', label: route.publicUrl });
  if (route.access.mode === 'sso') {
    nodes.push({ id: 'authentik', label: ['Authentik outpost', authentik.outpostUrl], shape: 'box' });
    edges.push({ from: 'traefik', to: 'authentik', label: 'forward auth' });
    edges.push({ from: 'traefik', to: mainId, label: 'signed in' });
  } else {
    edges.push({ from: 'traefik', to: mainId, label: 'public' });
  }
}

function addPrefect(nodes: FlowNode[], edges: FlowEdge[], app: PrefectApp): void {
  nodes.push({ id: 'server', label: [nameOf(app.server), `API and UI, port ${app.server.port}`], shape: 'box' });
  nodes.push({ id: 'bgservices', label: [nameOf(app.services), 'background services'], shape: 'box' });
  nodes.push({ id: 'migrate', label: [nameOf(app.migrate), 'one-shot migration'], shape: 'box' });
  app.workPools.forEach((pool, i) => {
    const id = `worker_${i}`;
    nodes.push({ id, label: [nameOf(pool), `pool ${pool.name}, ${pool.environment}`, `${pool.workers} worker(s)`], shape: 'box' });
    edges.push({ from: id, to: 'server', label: `internal API ${app.server.apiUrl}` });
  });
}

function nameOf(container: { readonly service: string; readonly container?: string }): string {
  return container.container ?? container.service;
}

interface Stores {
  readonly database: string | undefined;
  readonly redis: string | undefined;
  readonly databaseUsers: readonly string[];
  readonly redisUsers: readonly string[];
}

function addStores(nodes: FlowNode[], edges: FlowEdge[], model: Model, stores: Stores): void {
  const { postgres, redis } = model.platform;
  if (stores.database !== undefined) {
    nodes.push({ id: 'postgres', label: ['Postgres', `${postgres.host}:${postgres.port}`, `database ${stores.database}`], shape: 'database' });
    for (const from of stores.databaseUsers) edges.push({ from, to: 'postgres' });
  }
  if (stores.redis !== undefined) {
    nodes.push({ id: 'redis', label: ['Redis', `${redis.host}:${redis.port}`, stores.redis], shape: 'database' });
    for (const from of stores.redisUsers) edges.push({ from, to: 'redis' });
  }
}

function addVault(nodes: FlowNode[], edges: FlowEdge[], model: Model, agents: readonly VaultAgent[], readers: readonly EnvFileReaders[]): void {
  if (agents.length === 0) return;
  const { vault } = model.platform;
  nodes.push({ id: 'vault', label: ['Vault', vault.address], shape: 'database' });
  const agentIds = new Map<string, string>();
  agents.forEach((agent, i) => {
    const id = `agent_${i}`;
    agentIds.set(agent.service, id);
    nodes.push({ id, label: [agent.container, `vault-agent, ${agent.environment}`], shape: 'box' });
    edges.push({ from: id, to: 'vault', label: `${vault.auth.method} login, read KV` });
  });
  readers.forEach(({ file, readerIds }, i) => {
    const id = `envfile_${i}`;
    nodes.push({ id, label: [file.fileName, `volume ${file.volume}`], shape: 'box' });
    const agentId = agentIds.get(file.agentService);
    if (agentId === undefined) throw new Error(`internal error: ${file.fileName} names no agent of the app`);
    edges.push({ from: agentId, to: id, label: 'renders' });
    for (const reader of readerIds) edges.push({ from: id, to: reader, dotted: true });
  });
}
