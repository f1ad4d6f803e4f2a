import { programs } from './programs.js';
import { sh } from './run.js';

/** The parts of `docker-compose config --format json` that the harness runs. */
export interface ComposeProject {
  readonly name: string;
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, { name: string; driver?: string; driver_opts?: Record<string, string>; external?: boolean }>>;
  readonly networks?: Readonly<Record<string, { name: string; external?: boolean }>>;
}

export interface ComposeService {
  readonly image: string;
  readonly container_name?: string;
  readonly entrypoint?: readonly string[] | null;
  readonly command?: readonly string[] | null;
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly volumes?: readonly { type: 'bind' | 'volume' | 'tmpfs'; source?: string; target: string; read_only?: boolean }[];
  readonly depends_on?: Readonly<Record<string, { condition: 'service_started' | 'service_healthy' | 'service_completed_successfully'; required?: boolean }>>;
  readonly healthcheck?: { test?: readonly string[]; interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  readonly expose?: readonly string[];
  readonly group_add?: readonly string[];
  readonly user?: string;
  readonly working_dir?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly deploy?: { replicas?: number };
  readonly restart?: string;
  readonly networks?: Readonly<Record<string, unknown>>;
}

/** The real Compose v2 loader: `config --quiet` must pass with nothing on stderr. */
export function composeQuiet(file: string): { status: number | null; stderr: string } {
  const run = sh(programs['docker-compose']!, ['-f', file, 'config', '--quiet'], { allowFail: true });
  return { status: run.status, stderr: run.stderr };
}

export function composeProject(file: string): ComposeProject {
  const run = sh(programs['docker-compose']!, ['-f', file, 'config', '--format', 'json']);
  return JSON.parse(run.stdout) as ComposeProject;
}

/** `config` prints `$$` for a literal `$`; the container sees one `$`, as after Compose's own interpolation. */
export const unescapeDollars = (s: string): string => s.replaceAll('$$', '$');

/** Services in the order Compose starts them: every `depends_on` before its dependents. */
export function startOrder(project: ComposeProject): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`depends_on cycle at ${name}`);
    visiting.add(name);
    for (const dep of Object.keys(project.services[name]?.depends_on ?? {}).sort()) visit(dep);
    visiting.delete(name);
    order.push(name);
  };
  for (const name of Object.keys(project.services).sort()) visit(name);
  return order;
}

/** `10s`, `1m30s`, `500ms` in milliseconds (Compose durations). */
export function durationMs(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return total || fallback;
}

/** How many containers a service runs, and their names, as Compose names them. */
export function containerNames(project: ComposeProject, service: string): string[] {
  const s = project.services[service]!;
  const replicas = s.deploy?.replicas ?? 1;
  if (s.container_name) return [s.container_name];
  return Array.from({ length: replicas }, (_, i) => `${project.name}-${service}-${i + 1}`);
}
