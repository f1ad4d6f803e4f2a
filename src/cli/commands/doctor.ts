import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { provenanceFor } from '../../core/provenance.js';
import { selectChecks } from '../../doctor/check-ids.js';
import type { DoctorContext } from '../../doctor/context.js';
import { deadlineIn } from '../../doctor/deadline.js';
import { dockerAvailability, dockerCli } from '../../doctor/probe/docker.js';
import { parseConnectTo, parseResolve, type Redirect } from '../../doctor/probe/endpoints.js';
import { renderJson, renderText } from '../../doctor/render.js';
import { runDoctor } from '../../doctor/run.js';
import { doctorTargets } from '../../doctor/targets.js';
import { version } from '../../core/version.js';
import { diskState } from '../../write/disk.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import { useColor, type CliIo } from '../io.js';
import { Reporter } from '../reporter.js';
import { compileConfig, displayPath, type CommonOptions } from './compile-config.js';

export interface DoctorOptions extends CommonOptions {
  readonly only: readonly string[];
  /** Seconds for the whole run. */
  readonly timeout: number;
  readonly docker: boolean;
  readonly resolve: readonly string[];
  readonly connectTo: readonly string[];
  readonly insecure: boolean;
  /** A PEM file of certificates to trust instead of the system's roots. */
  readonly cacert?: string;
  readonly prefectUrl: readonly string[];
  /** Text output: only the rows that are not ok, and the summary. */
  readonly quiet: boolean;
}

/** The environment variable whose value the Prefect probes send as API auth; it is never printed. */
export const prefectAuthVariable = 'PREFECT_API_AUTH_STRING';
const expiryWarnDays = 14;
const maxTimeoutSeconds = 3600;

/** Probes the live deployment the config describes; read-only. Exit 0 when nothing fails (warnings allowed), 1 when something does. */
export async function doctor(options: DoctorOptions, io: CliIo): Promise<ExitCode> {
  const usage = usageProblem(options);
  if (usage !== undefined) return usageError(usage, io);
  const selection = selectChecks(options.only);
  if ('unknown' in selection) return usageError(`--only: unknown check ${selection.unknown.join(', ')}; see the check ids in the README`, io);
  const redirects = parseRedirects(options);
  if (typeof redirects === 'string') return usageError(redirects, io);
  const prefectUrls = parsePrefectUrls(options.prefectUrl);
  if (typeof prefectUrls === 'string') return usageError(prefectUrls, io);
  const ca = readCa(options.cacert, io.cwd);
  if (ca !== undefined && !ca.ok) return usageError(ca.problem, io);

  const deadline = deadlineIn(options.timeout * 1000);
  // Doctor prints its own report; problems with the config go to stderr, as they come.
  const compiled = compileConfig(options, io, new Reporter('doctor', { ...options, ownDocument: true }, io));
  if (typeof compiled === 'number') return compiled;
  const shown = displayPath(io.cwd, compiled.outDir) || '.';
  const configDir = relative(io.cwd, compiled.configPath).split(/[\\/]/).slice(0, -1).join('/') || '.';
  const provenance = provenanceFor(compiled.configPath, compiled.outDir);
  const auth = io.env[prefectAuthVariable];
  const ctx: DoctorContext = {
    targets: doctorTargets(compiled.model, { provenance, generatorVersion: version }, shown),
    files: compiled.files,
    net: { redirects, insecure: options.insecure, ...(ca ? { ca: ca.pem } : {}) },
    deadline,
    selection,
    ...(auth !== undefined && auth !== '' ? { prefectAuth: auth } : {}),
    prefectUrls,
    ...(options.docker ? { docker: { run: dockerCli, unavailable: dockerAvailability(io.env) } } : {}),
    out: { disk: diskState(compiled.outDir), shown, regenerate: `${configDir === '.' ? '' : `cd ${configDir} && `}${compiled.command}` },
    now: () => new Date(),
    expiryWarnDays,
  };
  const report = await runDoctor(ctx);
  if (options.format === 'json') io.stdout(renderJson(report));
  else {
    const notes = !options.docker && selection.hasGroup('secrets') ? ['secrets: not checked; run with --docker on the Docker host to check the vault-agents and env files'] : [];
    io.stdout(renderText(report, { color: useColor(io, options.color), problemsOnly: options.quiet, notes: options.quiet ? [] : notes }));
  }
  return report.summary.fail > 0 ? exitCodes.failing : exitCodes.ok;
}

function usageProblem(options: DoctorOptions): string | undefined {
  if (options.format !== 'text' && options.format !== 'json') return `--format ${options.format}: doctor prints text or json`;
  if (!Number.isFinite(options.timeout) || options.timeout <= 0 || options.timeout > maxTimeoutSeconds) return `--timeout ${options.timeout}: give the seconds the whole run may take, more than 0 and at most ${maxTimeoutSeconds}`;
  return undefined;
}

function parseRedirects(options: DoctorOptions): Redirect[] | string {
  const parsed = [...options.resolve.map(parseResolve), ...options.connectTo.map(parseConnectTo)];
  const problem = parsed.find((r): r is string => typeof r === 'string');
  return problem ?? (parsed as Redirect[]);
}

/** `--prefect-url URL` for every Prefect app, or `--prefect-url APP=URL` for one. */
function parsePrefectUrls(values: readonly string[]): Map<string, string> | string {
  const urls = new Map<string, string>();
  for (const value of values) {
    const named = /^([a-z][a-z0-9-]*)=(.+)$/.exec(value);
    const [app, url] = named ? [named[1] as string, named[2] as string] : ['*', value];
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `--prefect-url ${value}: expected the API URL, e.g. http://127.0.0.1:4200/api (or APP=URL)`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `--prefect-url ${value}: the URL must be http or https`;
    urls.set(app, url);
  }
  return urls;
}

function readCa(file: string | undefined, cwd: string): { ok: true; pem: string } | { ok: false; problem: string } | undefined {
  if (file === undefined) return undefined;
  try {
    const pem = readFileSync(resolve(cwd, file), 'utf8');
    return pem.includes('-----BEGIN CERTIFICATE-----') ? { ok: true, pem } : { ok: false, problem: `--cacert ${file}: not a PEM certificate file` };
  } catch {
    return { ok: false, problem: `--cacert ${file}: cannot be read` };
  }
}

function usageError(message: string, io: CliIo): ExitCode {
  io.stderr(`perfect-gen doctor: ${message}\n  hint: run perfect-gen doctor --help\n`);
  return exitCodes.invalid;
}
