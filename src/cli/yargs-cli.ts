import yargs from 'yargs';
import { version } from '../core/version.js';
import { closest } from '../validate/closest.js';
import { defaultConfigName, defaultOutDir } from '../core/provenance.js';
import type { DiagnosticFormat } from '../diagnostics/render.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { formats, planFormats, type Invocation, type PlanFormat } from './invocation.js';
import type { CliIo } from './io.js';

const epilog = `Exit codes:
  0  success (build --check: output is up to date)
  1  build --check: generated files differ from the config; plan --fail-on: a named kind of change;
     doctor: a check failed
  2  invalid config or invalid usage (with --strict, warnings too)
  3  internal error in perfect-gen`;

const commandNames = ['build', 'validate', 'plan', 'doctor', 'init', 'schema'];

/** "did you mean build?" for a misspelt command. */
function commandHint(first: string | undefined): string | undefined {
  if (first === undefined || first.startsWith('-') || commandNames.includes(first)) return undefined;
  const suggestion = closest(first, commandNames);
  return suggestion === undefined ? undefined : `did you mean "perfect-gen ${suggestion}"? perfect-gen --help lists the commands`;
}

/** Options of the commands that compile the config. */
const compileOptions = {
  strict: { type: 'boolean', default: false, describe: 'fail on warnings as on errors (exit code 2)' },
  'env-file': { type: 'string', describe: 'the .env file for ${VAR} (default: .env beside the config)' },
} as const;

interface CommonArgs {
  readonly config: string;
  readonly format: string;
  readonly color?: boolean;
  readonly strict: boolean;
  readonly 'env-file'?: string;
}

function common(args: CommonArgs) {
  const envFile = args['env-file'];
  return {
    config: args.config,
    format: args.format as DiagnosticFormat,
    color: args.color,
    strict: args.strict,
    ...(envFile !== undefined && { envFile }),
  };
}

/**
 * The full command-line parser: help, version, usage errors and every option spelling.
 * Prints what yargs prints; returns the invocation to run, or the exit code when there is none.
 */
export async function parseWithYargs(argv: readonly string[], io: CliIo): Promise<Invocation | ExitCode> {
  let code: ExitCode = exitCodes.ok;
  let invocation: Invocation | undefined;
  const parser = yargs([...argv])
    .scriptName('perfect-gen')
    .usage('$0 <command> [options]\n\nCompiles perfect.config.yaml into docker-compose, Traefik, Vault Agent and Authentik artifacts.')
    .option('config', { alias: 'c', type: 'string', default: defaultConfigName, describe: 'the config file' })
    .option('format', { type: 'string', default: 'text', describe: `how diagnostics are printed: ${formats.join(', ')}; for plan, how the plan is printed: ${planFormats.join(', ')}` })
    // One --format for every command, with values that depend on the command.
    .check((args) => {
      const allowed: readonly string[] = args._[0] === 'plan' ? planFormats : formats;
      if (allowed.includes(String(args.format))) return true;
      throw new Error(`Invalid values:\n  Argument: format, Given: ${JSON.stringify(args.format)}, Choices: ${allowed.map((f) => JSON.stringify(f)).join(', ')}`);
    })
    .option('color', { type: 'boolean', describe: 'color diagnostics, or not with --no-color (default: when stderr is a terminal and NO_COLOR is unset)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only problems' })
    .command(
      'build',
      'generate the artifacts into the output folder',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', default: defaultOutDir, describe: 'the output folder' })
          .option('check', { type: 'boolean', describe: 'compare with the output folder instead of writing; exit 1 on drift' })
          .option('stdout', { type: 'boolean', describe: 'print the artifacts instead of writing them' })
          .option('force', { type: 'boolean', describe: 'replace files at artifact paths that perfect-gen did not generate' })
          .conflicts('check', 'stdout')
          .options(compileOptions),
      (args) => {
        invocation = {
          command: 'build',
          options: { ...common(args), out: args.out, check: args.check === true, stdout: args.stdout === true, quiet: args.quiet, force: args.force === true },
        };
      },
    )
    .command(
      'validate',
      'check the config; write nothing',
      (y) => y.options(compileOptions),
      (args) => {
        invocation = { command: 'validate', options: { ...common(args), out: defaultOutDir, quiet: args.quiet } };
      },
    )
    .command(
      'plan',
      'show what the config changes since the last build, most dangerous first',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', default: defaultOutDir, describe: 'the output folder whose manifest.json records the previous model' })
          .option('fail-on', { type: 'string', array: true, default: [] as string[], describe: 'exit 1 when the plan has one of these change kinds (comma-separated; see the README)' })
          .options(compileOptions),
      (args) => {
        invocation = { command: 'plan', options: { ...common(args), format: args.format as PlanFormat, out: args.out, failOn: args['fail-on'] } };
      },
    )
    .command(
      'doctor',
      'check the live deployment against the config (read-only)',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', default: defaultOutDir, describe: 'the output folder (for the drift check)' })
          .option('only', { type: 'string', array: true, default: [], describe: 'check groups or ids, comma-separated: tls, sso, prefect, secrets, drift, prefect.workers…' })
          .option('timeout', { type: 'number', default: 30, describe: 'seconds the whole run may take' })
          .option('docker', { type: 'boolean', default: false, describe: 'also check vault-agents and env files through the docker CLI' })
          .option('resolve', { type: 'string', array: true, default: [], describe: 'HOST:PORT:ADDRESS: connect there for HOST:PORT instead of asking DNS (repeatable)' })
          .option('connect-to', { type: 'string', array: true, default: [], describe: 'HOST:PORT:ADDRESS:PORT2: like --resolve, to another port (repeatable)' })
          .option('insecure', { type: 'boolean', default: false, describe: 'accept a certificate that does not verify; the tls rows become warnings' })
          .option('cacert', { type: 'string', describe: 'a PEM file of CA certificates to trust instead of the system roots' })
          .option('prefect-url', { type: 'string', array: true, default: [], describe: 'the Prefect API URL to probe ([APP=]URL), instead of the internal and public ones' })
          .option('env-file', compileOptions['env-file']),
      (args) => {
        invocation = {
          command: 'doctor',
          options: {
            config: args.config,
            out: args.out,
            format: args.format as DiagnosticFormat,
            color: args.color,
            only: args.only.map(String),
            timeout: args.timeout,
            docker: args.docker,
            resolve: args.resolve.map(String),
            connectTo: args['connect-to'].map(String),
            insecure: args.insecure,
            ...(args.cacert !== undefined ? { cacert: args.cacert } : {}),
            prefectUrl: args['prefect-url'].map(String),
            ...(args['env-file'] !== undefined && { envFile: args['env-file'] }),
            quiet: args.quiet,
          },
        };
      },
    )
    .command('init', 'write a starter perfect.config.yaml (never overwrites)', (y) => y, (args) => {
      invocation = { command: 'init', options: { config: args.config } };
    })
    .command('schema', 'print the JSON schema of the config', (y) => y, () => {
      invocation = { command: 'schema' };
    })
    .demandCommand(1, 'name a command: build, validate, plan, doctor, init or schema')
    .strict()
    .version(version)
    .help()
    .alias('help', 'h')
    .epilog(epilog)
    .wrap(100)
    .exitProcess(false);

  await new Promise<void>((done) => {
    void parser.parseAsync([...argv], {}, (error: Error | undefined, _args: unknown, output: string) => {
      if (error) {
        io.stderr(`perfect-gen: ${error.message}\n  hint: ${commandHint(argv[0]) ?? 'run perfect-gen --help'}\n`);
        code = exitCodes.invalid;
      } else if (output) io.stdout(output + '\n');
      done();
    });
  });
  return code !== exitCodes.ok || !invocation ? code : invocation;
}
