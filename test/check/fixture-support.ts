import type { Layout } from '../../src/check/rule.js';
import { compile, type CompileResult } from '../../src/core/compile.js';
import type { DiagnosticCode } from '../../src/diagnostics/codes.js';
import type { Env } from '../../src/load/interpolate.js';
import { exampleText } from '../support/model-from.js';

/** One config and the exact set of error codes it must produce. */
export interface Fixture {
  readonly name: string;
  /** The config as text; ignored when `bytes` is given. */
  readonly yaml?: string;
  /** The config as raw bytes, for encoding cases. */
  readonly bytes?: Uint8Array;
  readonly env?: Env;
  /** Where the config and the output folder are, for rules about host paths. */
  readonly layout?: Layout;
  /** The distinct codes of the error diagnostics; empty for a config that must compile. */
  readonly expectedCodes: readonly DiagnosticCode[];
  /** The distinct codes of the warnings, where the fixture is about a warning. */
  readonly expectedWarnings?: readonly DiagnosticCode[];
  /** False when the problem has no place in the text (the file as a whole is too large). */
  readonly positioned?: boolean;
}

export const provenance = { configName: 'perfect.config.yaml', command: 'perfect-gen build' } as const;

export const example = exampleText();

export function compileFixture(f: Fixture): CompileResult {
  return compile({ file: 'perfect.config.yaml', content: f.bytes ?? f.yaml ?? '', env: f.env ?? {}, provenance, ...(f.layout && { layout: f.layout }) });
}

export function errorCodes(result: CompileResult): DiagnosticCode[] {
  return codesOf(result, 'error');
}

export function warningCodes(result: CompileResult): DiagnosticCode[] {
  return codesOf(result, 'warning');
}

function codesOf(result: CompileResult, severity: 'error' | 'warning'): DiagnosticCode[] {
  return [...new Set(result.diagnostics.filter((d) => d.severity === severity).map((d) => d.code))].sort();
}

/**
 * The example with text replacements. Each `from` must occur exactly once, so that a fixture can
 * never silently stop testing anything when the example changes.
 */
export function edit(...replacements: readonly (readonly [from: string, to: string])[]): string {
  let text = example;
  for (const [from, to] of replacements) {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`fixture edit: ${JSON.stringify(from)} occurs ${count} times in the example`);
    text = text.replace(from, () => to);
  }
  return text;
}

/** The example with more apps appended to its `apps:` list (the last section of the file). */
export function withApps(...apps: readonly string[]): string {
  if (!/\napps:\n[\s\S]*\n$/.test(example)) throw new Error('the example no longer ends with its apps list');
  return example + apps.join('');
}

/**
 * A web app entry for `withApps`, with optional extra lines at the app's indentation. It names a
 * command unless the extra lines do, as an app that reads secrets must, and its environment, as
 * every app of a config with several environments must.
 */
export function webApp(name: string, extra = '', host = `${name}.zitian.party`): string {
  return [
    `  - name: ${name}`,
    '    kind: web',
    '    environment: production',
    `    host: ${host}`,
    '    access:',
    '      mode: sso',
    '      groups: [staff]',
    '    image: outlinewiki/outline:0.82.0',
    '    port: 3000',
    /\bcommand:/.test(extra) ? '' : '    command: [yarn, start]',
    extra,
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n';
}

/** Anchors in the example the fixtures edit. */
export const at = {
  version: 'version: 1\n',
  title: '    title: Perfect\n',
  image: '    image: prefecthq/prefect:3.8.3-python3.12\n',
  redisDb: '    redis:\n      db: 1\n',
  sso: '    access:\n      mode: sso\n      slug: perfect\n      groups:\n        - platform-admins\n',
  productionPool: '      - name: production-pool\n        environment: production\n        workers: 1\n',
  stagingPool: '      - name: staging-pool\n        environment: staging\n        workers: 1\n',
  environments: 'environments:\n',
  platformName: '  name: platform\n',
  traefik: '  traefik:\n    entrypoint: websecure\n',
  postgresPassword: '    password:\n      path: secret/platform/{env}/postgres\n',
  redisHost: '  redis:\n    host: platform-redis\n',
} as const;
