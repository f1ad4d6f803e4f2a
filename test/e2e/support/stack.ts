import { chownSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Model, VaultAgent } from '../../../src/model/model.js';
import { modelFromYaml, projectRoot } from '../../support/model-from.js';
import { composeProject, containerNames, durationMs, startOrder, unescapeDollars, type ComposeProject, type ComposeService } from './compose.js';
import { Container, removeMountPoints, type Mount } from './container.js';
import { imageRuntime } from './images.js';
import { Network, prefix as netPrefix, type NetHost } from './network.js';
import { e2eHome, programs } from './programs.js';
import { GaveUp, sh, waitFor } from './run.js';
import { parseWithSh, templateFiles, templateSecrets, testSecretValue } from './secrets.js';

export type ServiceState = 'healthy' | 'running' | 'completed' | { failed: string };

export interface StackOptions {
  /** Report name of the run: `perfect`, `platform`, `openbao-kv1`… */
  readonly example: string;
  /** The config to build, relative to the project root. */
  readonly config: string;
  /** Secrets to leave out of Vault (`apiPath#key`), to show what a missing one breaks. */
  readonly withhold?: (apiPath: string, key: string) => boolean;
}

const rootTokenOf = (example: string) => `root-${example}-${process.pid}`;

/**
 * One generated deployment, running as processes: the output is built from the config, the real
 * Compose loader resolves the compose file, and each service starts with that file's command,
 * entrypoint, environment, volumes and depends_on conditions, in its own network and mount
 * namespaces. The platform's shared services (OpenBao, Postgres, Redis) run beside it.
 */
export class Stack {
  readonly runDir: string;
  readonly outDir: string;
  readonly composeFile: string;
  project!: ComposeProject;
  model!: Model;
  network!: Network;
  readonly containers = new Map<string, Container[]>();
  readonly platform = new Map<string, Container>();
  readonly states = new Map<string, ServiceState>();
  /** Test secret values by `apiPath#key`. */
  readonly secrets = new Map<string, string>();
  readonly rootToken: string;
  private volumesMounted: string[] = [];
  private readonly databaseFilesDone = new Set<string>();

  constructor(readonly options: StackOptions) {
    this.runDir = join(e2eHome, 'run', options.example);
    this.outDir = join(this.runDir, 'out');
    this.composeFile = join(this.outDir, 'docker-compose.yml');
    this.rootToken = rootTokenOf(options.example);
  }

  /** Builds the output with the CLI, as a user does, and reads it back through the real Compose loader. */
  build(): void {
    unmountUnder(this.runDir);
    rmSync(this.runDir, { recursive: true, force: true });
    mkdirSync(this.runDir, { recursive: true });
    const config = isAbsolute(this.options.config) ? this.options.config : join(projectRoot, this.options.config);
    sh(process.execPath, [join(projectRoot, 'bin/perfect-gen.cjs'), 'build', '--quiet', '--config', config, '--out', this.outDir]);
    this.project = composeProject(this.composeFile);
    this.model = modelFromYaml(readFileSync(config, 'utf8'), config);
  }

  /** A host path outside the output folder lives under the run folder, so the suite never writes to /etc. */
  hostPath(path: string): string {
    if (path.startsWith(`${this.outDir}/`)) return path;
    return join(this.runDir, 'host', path);
  }

  get vault() {
    return this.model.platform.vault;
  }

  /** Network, OpenBao, Postgres and Redis, with the test secrets written at every path a template reads. */
  async startPlatform(parts: { databases: boolean } = { databases: true }): Promise<void> {
    this.network = new Network();
    const p = this.model.platform;
    const vaultUrl = new URL(p.vault.address);
    const hostsFor = new Map<string, string[]>([
      ['vault', [vaultUrl.hostname]],
      ['postgres', [p.postgres.host]],
      ['redis', [p.redis.host]],
      ['authentik', [new URL(p.authentik.outpostUrl).hostname]],
    ]);
    const platformHosts = new Map<string, NetHost>();
    for (const [role, names] of hostsFor) platformHosts.set(role, this.network.add(names));
    for (const service of Object.keys(this.project.services).sort()) {
      containerNames(this.project, service).forEach((name, i) => this.network.add(i === 0 ? [name, service] : [name]));
    }
    this.seedValues();
    await this.startVault(platformHosts.get('vault')!, Number(vaultUrl.port || (vaultUrl.protocol === 'https:' ? 8200 : 80)));
    if (!parts.databases) return;
    await this.startPostgres(platformHosts.get('postgres')!);
    await this.startRedis(platformHosts.get('redis')!);
  }

  /** One value per secret a template reads; the platform's own Postgres and Redis passwords are one per platform. */
  private seedValues(): void {
    const platformRefs = [this.model.platform.postgres.password, this.model.platform.redis.password].filter((r) => r !== undefined);
    const platformValue = new Map<string, string>();
    let index = 0;
    for (const file of templateFiles(this.outDir)) {
      for (const { apiPath, keys, asciiOnly } of templateSecrets(readFileSync(file, 'utf8'))) {
        for (const key of keys) {
          const id = `${apiPath}#${key}`;
          if (this.secrets.has(id)) continue;
          const ref = platformRefs.find((r) => r.key === key && this.matchesRef(r.path, apiPath));
          const shared = ref ? `${ref.path}#${ref.key}` : undefined;
          const value = (shared && platformValue.get(shared)) ?? testSecretValue(index++, `${this.options.example}-${index}`, asciiOnly.includes(key));
          if (shared) platformValue.set(shared, value);
          this.secrets.set(id, value);
        }
      }
    }
    // The same paths for every other environment too, so that reading across environments meets a
    // real secret that the policy must refuse, not a missing one.
    const envs = this.model.environments.map((e) => e.name);
    for (const id of [...this.secrets.keys()]) {
      const segments = id.split('/');
      segments.forEach((segment, i) => {
        if (!envs.includes(segment)) return;
        for (const other of envs.filter((e) => e !== segment)) {
          const decoy = [...segments.slice(0, i), other, ...segments.slice(i + 1)].join('/');
          if (!this.secrets.has(decoy)) this.secrets.set(decoy, testSecretValue(index++, `${this.options.example}-${other}`));
        }
      });
    }
  }

  /** Whether an API path is the platform ref's path for some environment. */
  private matchesRef(refPath: string, apiPath: string): boolean {
    return this.model.environments.some((e) => this.apiPathOf(refPath.replaceAll('{env}', e.name)) === apiPath);
  }

  /** `secret/platform/x` → `secret/data/platform/x` for KV v2. */
  apiPathOf(logical: string): string {
    const mount = this.vault.kvMount;
    return this.vault.kvVersion === 2 ? `${mount}/data/${logical.slice(mount.length + 1)}` : logical;
  }

  secretValue(apiPath: string, key: string): string {
    const v = this.secrets.get(`${apiPath}#${key}`);
    if (v === undefined) throw new Error(`no test secret at ${apiPath}#${key}`);
    return v;
  }

  platformSecret(ref: { path: string; key: string } | undefined): string | undefined {
    if (!ref) return undefined;
    for (const e of this.model.environments) {
      const v = this.secrets.get(`${this.apiPathOf(ref.path.replaceAll('{env}', e.name))}#${ref.key}`);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  get vaultAddr(): string {
    const host = this.network.lookup(new URL(this.vault.address).hostname)!;
    return `http://${host.address}:${new URL(this.vault.address).port || 8200}`;
  }

  /** The `bao` CLI against the dev server, as the runbook's operator would run it. */
  bao(args: readonly string[], options: { allowFail?: boolean; token?: string } = {}) {
    return sh(programs.bao!, args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: this.runDir, BAO_ADDR: this.vaultAddr, BAO_TOKEN: options.token ?? this.rootToken },
      allowFail: options.allowFail,
    });
  }

  /** Vault's HTTP API (for exact bytes: the CLI's `key=value` treats `@` and `-` specially). */
  async vaultApi(method: string, path: string, body?: unknown, token = this.rootToken): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.vaultAddr}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  private async startVault(host: NetHost, port: number): Promise<void> {
    mkdirSync(join(this.runDir, 'platform-vault-home'), { recursive: true });
    const vault = new Container({
      name: 'platform-vault',
      host,
      argv: [programs.bao!, 'server', '-dev', `-dev-root-token-id=${this.rootToken}`, `-dev-listen-address=0.0.0.0:${port}`],
      env: { PATH: '/usr/bin:/bin', HOME: join(this.runDir, 'platform-vault-home') },
      mounts: [],
      logFile: join(this.runDir, 'logs', 'platform-vault.log'),
    });
    vault.start();
    this.platform.set('vault', vault);
    await waitFor('OpenBao dev server', async () => ((await this.vaultApi('GET', 'sys/health')).status === 200 ? true : undefined), 30_000, () => vault.tail());

    const { kvMount, kvVersion, auth } = this.vault;
    const mounts = (await this.vaultApi('GET', 'sys/mounts')).json;
    if (mounts[`${kvMount}/`]) await this.vaultApi('DELETE', `sys/mounts/${kvMount}`);
    await this.expectOk('POST', `sys/mounts/${kvMount}`, { type: 'kv', options: { version: String(kvVersion) } });
    if (auth.method === 'approle') await this.expectOk('POST', `sys/auth/${auth.mountPath.replace(/^auth\//, '')}`, { type: 'approle' });

    for (const [id, value] of this.secrets) {
      const [apiPath, key] = id.split('#') as [string, string];
      if (this.options.withhold?.(apiPath, key)) continue;
      const current = await this.vaultApi('GET', apiPath);
      const data = (kvVersion === 2 ? current.json?.data?.data : current.json?.data) ?? {};
      data[key] = value;
      await this.expectOk('POST', apiPath, kvVersion === 2 ? { data } : data);
    }
    await this.writePoliciesAndCredentials();
  }

  private async expectOk(method: string, path: string, body: unknown, required = true): Promise<void> {
    const res = await this.vaultApi(method, path, body);
    if (required && res.status >= 300) throw new Error(`OpenBao ${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  }

  /** Every generated policy, and for each agent a role or token bound to its policy, in the folder the compose file mounts. */
  private async writePoliciesAndCredentials(): Promise<void> {
    for (const agent of vaultAgents(this.model)) {
      const policyFile = join(this.outDir, agent.outputDir, `${agent.policyName}.policy.hcl`);
      this.bao(['policy', 'write', agent.policyName, policyFile]);
      const dir = this.hostPath(agent.credentialsDir);
      mkdirSync(dir, { recursive: true });
      const files: Record<string, string> = {};
      if (this.vault.auth.method === 'approle') {
        const role = `auth/${this.vault.auth.mountPath.replace(/^auth\//, '')}/role/${agent.policyName}`;
        this.bao(['write', role, `token_policies=${agent.policyName}`, 'secret_id_num_uses=0', 'token_ttl=1h', 'token_max_ttl=4h']);
        files['role-id'] = this.bao(['read', '-field=role_id', `${role}/role-id`]).stdout.trim();
        files['secret-id'] = this.bao(['write', '-f', '-field=secret_id', `${role}/secret-id`]).stdout.trim();
      } else {
        files['token'] = this.bao(['token', 'create', `-policy=${agent.policyName}`, '-field=token', '-ttl=4h']).stdout.trim();
      }
      // The agent runs as uid 100, gid 1000 in both images: the runbook's `install -o 100 -g 1000 -m 0440`.
      for (const [name, content] of Object.entries(files)) {
        const file = join(dir, name);
        writeFileSync(file, content);
        chownSync(file, 100, 1000);
        chmodSync(file, 0o440);
      }
    }
  }

  private pgDir(): string {
    return join('/tmp', `perfect-gen-${netPrefix}-pg-${this.options.example}`);
  }

  private async startPostgres(host: NetHost): Promise<void> {
    const bin = programs.postgres!;
    const dir = this.pgDir();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'run'), { recursive: true });
    const password = this.platformSecret(this.model.platform.postgres.password) ?? 'unused';
    writeFileSync(join(dir, 'pwfile'), password);
    sh('chown', ['-R', 'postgres:postgres', dir]);
    sh('runuser', ['-u', 'postgres', '--', join(bin, 'initdb'), '-D', join(dir, 'data'), '-U', this.model.platform.postgres.user, '--pwfile', join(dir, 'pwfile'), '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8'], { timeoutMs: 120_000 });
    writeFileSync(join(dir, 'data', 'pg_hba.conf'), 'local all all trust\nhost all all 0.0.0.0/0 scram-sha-256\n');
    const port = String(this.model.platform.postgres.port);
    const pg = new Container({
      name: 'platform-postgres',
      host,
      argv: ['/usr/sbin/runuser', '-u', 'postgres', '--', join(bin, 'postgres'), '-D', join(dir, 'data'), '-p', port, '-c', 'listen_addresses=*', '-c', `unix_socket_directories=${join(dir, 'run')}`, '-c', 'fsync=off'],
      env: { PATH: '/usr/bin:/bin' },
      mounts: [],
      logFile: join(this.runDir, 'logs', 'platform-postgres.log'),
    });
    pg.start();
    this.platform.set('postgres', pg);
    await waitFor('Postgres', () => (this.psql('select 1', 'postgres', true).status === 0 ? true : undefined), 60_000, () => pg.tail());
  }

  /** psql as the platform's Postgres superuser over the server's socket. */
  psql(sql: string, database = 'postgres', allowFail = false) {
    return sh('runuser', ['-u', 'postgres', '--', join(programs.postgres!, 'psql'), '-h', join(this.pgDir(), 'run'), '-p', String(this.model.platform.postgres.port), '-U', this.model.platform.postgres.user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { allowFail });
  }

  private async startRedis(host: NetHost): Promise<void> {
    const password = this.platformSecret(this.model.platform.redis.password);
    const redis = new Container({
      name: 'platform-redis',
      host,
      argv: [programs['redis-server']!, '--port', String(this.model.platform.redis.port), '--bind', '0.0.0.0', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])],
      env: { PATH: '/usr/bin:/bin' },
      mounts: [],
      logFile: join(this.runDir, 'logs', 'platform-redis.log'),
    });
    redis.start();
    this.platform.set('redis', redis);
    await waitFor('Redis', () => (this.redisCli(['ping']).stdout.trim() === 'PONG' ? true : undefined), 30_000, () => redis.tail());
  }

  redisCli(args: readonly string[]) {
    const host = this.network.lookup(this.model.platform.redis.host)!;
    const password = this.platformSecret(this.model.platform.redis.password);
    return sh('redis-cli', ['-h', host.address, '-p', String(this.model.platform.redis.port), '--no-auth-warning', ...(password ? ['-a', password] : []), ...args], { allowFail: true });
  }

  /** Host folder of a named volume; a tmpfs volume is a real tmpfs with the compose file's options, shared by its containers. */
  private volumeDir(name: string): string {
    const dir = join(this.runDir, 'volumes', name);
    if (this.volumesMounted.includes(dir)) return dir;
    mkdirSync(dir, { recursive: true });
    const def = this.project.volumes?.[name];
    if (def?.driver_opts?.['type'] === 'tmpfs') {
      sh('mount', ['-t', 'tmpfs', '-o', def.driver_opts['o'] ?? '', 'tmpfs', dir]);
    }
    this.volumesMounted.push(dir);
    return dir;
  }

  private mountsOf(service: ComposeService, containerDir: string): Mount[] {
    return (service.volumes ?? []).map((v) => {
      if (v.type === 'volume' && v.source) return { source: this.volumeDir(v.source), target: v.target, readOnly: !!v.read_only };
      if (v.type === 'bind' && v.source) {
        const source = this.hostPath(v.source);
        if (!existsSync(source)) mkdirSync(source, { recursive: true });
        return { source, target: v.target, readOnly: !!v.read_only };
      }
      const dir = join(containerDir, 'anon', v.target);
      mkdirSync(dir, { recursive: true });
      return { source: dir, target: v.target, readOnly: false };
    });
  }

  /** The container a compose service runs as (its first replica by default). */
  container(service: string, replica = 0): Container {
    const c = this.containers.get(service)?.[replica];
    if (!c) throw new Error(`service ${service} has no running container ${replica + 1}`);
    return c;
  }

  private makeContainers(name: string): Container[] {
    const service = this.project.services[name]!;
    return containerNames(this.project, name).map((containerName) => {
      const containerDir = join(this.runDir, 'containers', containerName);
      mkdirSync(containerDir, { recursive: true });
      const runtime = imageRuntime(service.image, containerDir, service.expose ?? []);
      const entrypoint = (service.entrypoint ?? runtime.entrypoint).map(unescapeDollars);
      const command = runtime.command ?? (service.command ?? []).map(unescapeDollars);
      const environment = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, unescapeDollars(v ?? '')]));
      const groups = (service.group_add ?? []).map(Number);
      return new Container({
        name: containerName,
        host: this.network.lookup(containerName)!,
        argv: [...entrypoint, ...command],
        env: { PATH: runtime.path.join(':'), HOSTNAME: containerName, ...runtime.env, ...environment },
        mounts: [...runtime.mounts, ...this.mountsOf(service, containerDir)],
        workingDir: service.working_dir ?? runtime.workingDir,
        user: groups.length > 0 ? { uid: 0, gid: 0, groups } : undefined,
        logFile: join(this.runDir, 'logs', `${containerName}.log`),
      });
    });
  }

  /** The command of a service's compose healthcheck, as its container runs it; undefined without one. */
  healthcheckArgv(name: string): string[] | undefined {
    const test = this.project.services[name]?.healthcheck?.test;
    if (!test || test[0] === 'NONE') return undefined;
    return test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', unescapeDollars(test[1]!)] : test.slice(1).map(unescapeDollars);
  }

  /** Runs a service's compose healthcheck once in its container. */
  async healthy(name: string, replica = 0): Promise<boolean> {
    const argv = this.healthcheckArgv(name);
    if (!argv) return this.container(name, replica).running;
    const timeout = durationMs(this.project.services[name]!.healthcheck!.timeout, 30_000);
    const run = await this.container(name, replica).exec(argv, timeout);
    return run.status === 0;
  }

  /** Waits, bounded by the healthcheck's own start period and retries, until every replica passes it. */
  async waitHealthy(name: string): Promise<void> {
    const hc = this.project.services[name]?.healthcheck;
    const budget = Math.min(240_000, durationMs(hc?.start_period, 0) + (hc?.retries ?? 3) * (durationMs(hc?.interval, 30_000) + durationMs(hc?.timeout, 30_000)));
    for (const [i, c] of (this.containers.get(name) ?? []).entries()) {
      await waitFor(`${c.spec.name} to pass its compose healthcheck`, async () => {
        if (!c.running) throw new GaveUp(`${c.spec.name} exited with ${c.exitCode}`);
        return (await this.healthy(name, i)) ? true : undefined;
      }, Math.max(budget, 30_000), () => c.tail(), 1000);
    }
  }

  /** Starts one service's containers once its depends_on conditions hold, as `docker compose up` does. */
  async startService(name: string): Promise<void> {
    const service = this.project.services[name]!;
    for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
      const state = this.states.get(dep);
      if (state === undefined || typeof state === 'object') throw new Error(`${name} cannot start: ${dep} ${state === undefined ? 'did not start' : `failed (${state.failed.split('\n')[0]})`}`);
      if (condition === 'service_healthy' && state !== 'healthy') throw new Error(`${name} cannot start: ${dep} is not healthy`);
      if (condition === 'service_completed_successfully' && state !== 'completed') throw new Error(`${name} cannot start: ${dep} did not complete successfully`);
    }
    if (service.labels?.['dev.perfect-gen.role'] !== 'vault-agent' && this.platform.has('postgres')) await this.prepareDatabases();
    const containers = this.makeContainers(name);
    this.containers.set(name, containers);
    containers.forEach((c) => c.start());
  }

  /** What `depends_on` may wait for: healthy with a healthcheck, completed for a one-shot, else running. */
  async settle(name: string): Promise<ServiceState> {
    const service = this.project.services[name]!;
    const containers = this.containers.get(name)!;
    if (service.restart === 'no') {
      const code = await containers[0]!.waitExit(300_000);
      if (code !== 0) throw new Error(`${name} exited with ${code}\n${containers[0]!.tail()}`);
      return 'completed';
    }
    if (service.healthcheck?.test && service.healthcheck.test[0] !== 'NONE') {
      await this.waitHealthy(name);
      return 'healthy';
    }
    return 'running';
  }

  /**
   * `docker compose up` for the given services (all by default): dependencies first, each service
   * started once its conditions hold. A failing service is recorded, not thrown, so that a scenario
   * can show which services still come up; `strict` throws on the first failure instead.
   */
  async up(only?: (name: string) => boolean, strict = true): Promise<void> {
    for (const name of startOrder(this.project)) {
      if (only && !only(name)) continue;
      if (this.states.has(name)) continue;
      try {
        await this.startService(name);
        this.states.set(name, await this.settle(name));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.states.set(name, { failed: message });
        if (strict) throw new Error(`service ${name}: ${message}`);
      }
    }
  }


  /**
   * What a service's process sees: the compose environment plus every env file its entrypoint
   * sources (`. /vault/secrets/x.env`), read from the volume behind that path.
   */
  serviceEnv(name: string): Record<string, string> {
    const service = this.project.services[name]!;
    const env: Record<string, string> = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, unescapeDollars(v ?? '')]));
    for (const [, path] of (service.entrypoint ?? []).join(' ').matchAll(/\. (\/[^\s&;]+\.env)/g)) {
      const mount = (service.volumes ?? []).filter((v) => path!.startsWith(`${v.target}/`)).sort((a, b) => b.target.length - a.target.length)[0];
      if (!mount?.source) continue;
      const file = join(this.runDir, 'volumes', mount.source, path!.slice(mount.target.length + 1));
      if (existsSync(file)) Object.assign(env, parseWithSh(file, (cmd, args) => sh(cmd, args).stdout));
    }
    return env;
  }

  serverEnv(app: { server: { service: string } }): Record<string, string> {
    return this.serviceEnv(app.server.service);
  }

  /** Every env file the agents rendered, by host path. */
  renderedEnvFiles(): string[] {
    const files: string[] = [];
    for (const dir of this.volumesMounted) for (const name of readdirSync(dir)) if (name.endsWith('.env')) files.push(join(dir, name));
    return files.sort();
  }

  /**
   * The runbook's "create the databases" step, from the connection URLs the agents rendered: each
   * app's role (when it is not the platform's superuser) with its password, and its database.
   */
  private async prepareDatabases(): Promise<void> {
    const superuser = this.model.platform.postgres.user;
    const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;
    const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
    for (const file of this.renderedEnvFiles()) {
      if (this.databaseFilesDone.has(file)) continue;
      this.databaseFilesDone.add(file);
      for (const value of Object.values(parseWithSh(file, (cmd, args) => sh(cmd, args).stdout))) {
        if (!/^postgres(?:ql)?(?:\+\w+)?:\/\//.test(value)) continue;
        const url = new URL(value.replace(/^[^:]+:/, 'http:'));
        const user = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        const database = decodeURIComponent(url.pathname.slice(1));
        if (user !== superuser && this.psql(`select 1 from pg_roles where rolname = ${quoteLiteral(user)}`).stdout.trim() !== '1') {
          this.psql(`create role ${quoteIdent(user)} login password ${quoteLiteral(password)}`);
        }
        if (database && this.psql(`select 1 from pg_database where datname = ${quoteLiteral(database)}`).stdout.trim() !== '1') {
          this.psql(`create database ${quoteIdent(database)} owner ${quoteIdent(user)}`);
        }
      }
    }
  }

  /** Stops every process, unmounts every volume and removes every namespace, also after a failure. */
  async down(): Promise<void> {
    const all = [...this.containers.values()].flat().reverse();
    await Promise.all(all.map((c) => c.stop()));
    await Promise.all([...this.platform.values()].map((c) => c.stop()));
    for (const dir of this.volumesMounted.splice(0)) sh('umount', ['-l', dir], { allowFail: true });
    this.network?.destroy();
    removeMountPoints();
  }

  /** Log tails of every container, for a failure message. */
  tails(): string {
    return [...this.containers.values(), [...this.platform.values()]].flat().map((c) => c.tail(15)).join('\n');
  }

}

/** Unmounts what a killed run left mounted under a folder, deepest first. */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '');
  for (const m of mounts.filter((m) => m.startsWith(`${dir}/`)).sort().reverse()) sh('umount', ['-l', m], { allowFail: true });
}

/** Every vault agent of the model, one per app and environment that reads secrets. */
export const vaultAgents = (model: Model): VaultAgent[] => model.apps.flatMap((app) => app.vaultAgents);

