/**
 * Runs templates through Go's own text/template (test/support/go-template/main.go), next to the
 * TypeScript checker and renderer in conformance.ts. Needs a Go toolchain (1.19+) on PATH; tests
 * skip when there is none.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consulTemplateFunctions } from './conformance.js';

/** Vault API path → key → value. */
export type FakeSecrets = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface GoTemplateInput {
  readonly name: string;
  readonly text: string;
  /** Replaces the call's secret set for this template only. */
  readonly secrets?: FakeSecrets;
}

export interface GoTemplateResult {
  readonly name: string;
  readonly parseError?: string;
  readonly execError?: string;
  readonly output?: string;
}

export const goAvailable: boolean = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
export const goSkipReason = 'Go is not installed (no `go` on PATH): Go text/template tests skipped. CI installs golang-go.';

const mainGo = fileURLToPath(new URL('./go-template/main.go', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Parses every template with consul-template's function names and, when `render` is set,
 * executes it with nil data. Batch templates: each call starts the program once.
 */
export function runGoTemplates(templates: readonly GoTemplateInput[], secrets: FakeSecrets = {}, render = false): GoTemplateResult[] {
  const input = JSON.stringify({ functions: consulTemplateFunctions, templates, secrets, render });
  const result = spawnSync(checkerBinary(), [], { cwd: projectRoot, input, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`the Go template checker failed to start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`the Go template checker exited with ${result.status}:\n${result.stderr}`);
  const results = JSON.parse(result.stdout) as GoTemplateResult[];
  if (results.length !== templates.length) throw new Error(`the Go template checker returned ${results.length} results for ${templates.length} templates`);
  return results;
}

/**
 * The checker built once per version of main.go, rather than by `go run` on every call, which links it
 * again each time (about a second).
 */
function checkerBinary(): string {
  const source = readFileSync(mainGo);
  const binary = join(tmpdir(), `perfect-gen-go-template-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  const staging = `${binary}.${process.pid}`;
  const built = spawnSync('go', ['build', '-o', staging, mainGo], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000, env: goEnv() });
  if (built.error) throw new Error(`go build failed to start: ${built.error.message}`);
  if (built.status !== 0) throw new Error(`go build exited with ${built.status}:\n${built.stderr}`);
  // A rename is atomic: test workers building at once each finish with a whole binary in place.
  renameSync(staging, binary);
  return binary;
}

/** Go needs a build cache; where neither HOME nor XDG_CACHE_HOME names one (a bare CI shell), use a temp folder. */
function goEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (!env['GOCACHE'] && !env['XDG_CACHE_HOME'] && !env['HOME']) env['GOCACHE'] = join(tmpdir(), 'perfect-gen-go-cache');
  return env;
}
