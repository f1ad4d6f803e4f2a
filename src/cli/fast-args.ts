import { defaultConfigName, defaultOutDir } from '../core/provenance.js';
import type { DiagnosticFormat } from '../diagnostics/render.js';
import { formats, type Invocation } from './invocation.js';

/** What main can answer without loading yargs. */
export type FastPath = { readonly kind: 'version' } | { readonly kind: 'help' } | { readonly kind: 'run'; readonly invocation: Invocation };

type Command = Invocation['command'];
type StringOption = 'config' | 'out' | 'format' | 'envFile';
type FlagOption = 'quiet' | 'check' | 'stdout' | 'color' | 'strict' | 'force';

const stringTokens: Readonly<Record<string, StringOption>> = {
  '--config': 'config',
  '-c': 'config',
  '--out': 'out',
  '-o': 'out',
  '--format': 'format',
  '--env-file': 'envFile',
};
const flagTokens: Readonly<Record<string, readonly [FlagOption, boolean]>> = {
  '--quiet': ['quiet', true],
  '-q': ['quiet', true],
  '--check': ['check', true],
  '--stdout': ['stdout', true],
  '--force': ['force', true],
  '--color': ['color', true],
  '--no-color': ['color', false],
  '--strict': ['strict', true],
};
const buildOnly: ReadonlySet<string> = new Set(['out', 'check', 'stdout', 'force']);
/** Options of the commands that compile the config. */
const compileOnly: ReadonlySet<string> = new Set(['strict', 'envFile']);
const compiles = (command: string) => command === 'build' || command === 'validate';
const commands: ReadonlySet<string> = new Set<Command>(['build', 'validate', 'init', 'schema']);

/**
 * Recognises the plain command lines (`--version`, `--help`, and a command followed by known
 * options, each given once, with ordinary values) and returns undefined for everything else, which
 * yargs then parses. Every line accepted here parses to the same invocation under yargs
 * (test/cli/fast-args.test.ts checks that), so help, usage errors and unusual spellings keep
 * yargs' exact behaviour while the common runs skip loading it.
 */
export function fastPath(argv: readonly string[]): FastPath | undefined {
  if (argv.length === 1 && argv[0] === '--version') return { kind: 'version' };
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) return { kind: 'help' };
  const invocation = fastInvocation(argv);
  return invocation && { kind: 'run', invocation };
}

export function fastInvocation(argv: readonly string[]): Invocation | undefined {
  const command = argv[0];
  if (command === undefined || !commands.has(command)) return undefined;
  const strings = new Map<StringOption, string>();
  const flags = new Map<FlagOption, boolean>();
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i] as string;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = equals === -1 ? token : token.slice(0, equals);
    const option = stringTokens[name];
    const flag = flagTokens[name];
    if (option !== undefined) {
      const value = equals === -1 ? argv[++i] : token.slice(equals + 1);
      if (!plainValue(value) || strings.has(option) || (command !== 'build' && buildOnly.has(option)) || (!compiles(command) && compileOnly.has(option))) return undefined;
      strings.set(option, value);
    } else if (flag !== undefined && equals === -1) {
      const [key, value] = flag;
      if (flags.has(key) || (command !== 'build' && buildOnly.has(key)) || (!compiles(command) && compileOnly.has(key))) return undefined;
      flags.set(key, value);
    } else return undefined;
  }
  const format = strings.get('format') ?? 'text';
  if (!isFormat(format) || (flags.has('check') && flags.has('stdout'))) return undefined;
  const config = strings.get('config') ?? defaultConfigName;
  const color = flags.get('color');
  const quiet = flags.get('quiet') ?? false;
  const strict = flags.get('strict') === true;
  const envFile = strings.get('envFile');
  const compileOptions = { config, format, color, strict, ...(envFile !== undefined && { envFile }) };
  switch (command as Command) {
    case 'build':
      return {
        command: 'build',
        options: { ...compileOptions, out: strings.get('out') ?? defaultOutDir, check: flags.get('check') === true, stdout: flags.get('stdout') === true, quiet, force: flags.get('force') === true },
      };
    case 'validate':
      return { command: 'validate', options: { ...compileOptions, out: defaultOutDir, quiet } };
    case 'init':
      return { command: 'init', options: { config } };
    case 'schema':
      return { command: 'schema' };
  }
}

/** A value yargs-parser takes verbatim: present, not empty, not something that looks like an option. */
function plainValue(value: string | undefined): value is string {
  return value !== undefined && value !== '' && !value.startsWith('-');
}

function isFormat(value: string): value is DiagnosticFormat {
  return (formats as readonly string[]).includes(value);
}
