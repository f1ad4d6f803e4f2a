import yargs from 'yargs';
import { version } from '../core/version.js';
import { defaultConfigName, defaultOutDir } from '../core/provenance.js';
import type { DiagnosticFormat } from '../diagnostics/render.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';

const epilog = `Exit codes:
  0  success (build --check: output is up to date)
  1  build --check: generated files differ from the config
  2  invalid config or invalid usage
  3  internal error in perfect-gen`;

/**
 * The thin CLI: parses arguments, calls one command, returns its exit code.
 * Commands are imported when run, so --help and --version load nothing else.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  let run: (() => Promise<ExitCode>) | undefined;
  const parser = yargs([...argv])
    .scriptName('perfect-gen')
    .usage('$0 <command> [options]\n\nCompiles perfect.config.yaml into docker-compose, Traefik, Vault Agent and Authentik artifacts.')
    .option('config', { alias: 'c', type: 'string', default: defaultConfigName, describe: 'the config file' })
    .option('format', { choices: ['text', 'json', 'github'] as const, default: 'text' as const, describe: 'how diagnostics are printed' })
    .option('color', { type: 'boolean', describe: 'color diagnostics (default: when stderr is a terminal and NO_COLOR is unset)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only problems' })
    .command(
      'build',
      'generate the artifacts into the output folder',
      (y) =>
        y
          .option('out', { alias: 'o', type: 'string', default: defaultOutDir, describe: 'the output folder' })
          .option('check', { type: 'boolean', describe: 'compare with the output folder instead of writing; exit 1 on drift' })
          .option('stdout', { type: 'boolean', describe: 'print the artifacts instead of writing them' })
          .conflicts('check', 'stdout'),
      (args) => {
        run = async () => (await import('./commands/build.js')).build(
          { config: args.config, out: args.out, format: args.format as DiagnosticFormat, color: args.color, check: args.check === true, stdout: args.stdout === true, quiet: args.quiet },
          io,
        );
      },
    )
    .command(
      'validate',
      'check the config; write nothing',
      (y) => y,
      (args) => {
        run = async () => (await import('./commands/validate.js')).validate(
          { config: args.config, out: defaultOutDir, format: args.format as DiagnosticFormat, color: args.color, quiet: args.quiet },
          io,
        );
      },
    )
    .command('init', 'write a starter perfect.config.yaml (never overwrites)', (y) => y, (args) => {
      run = async () => (await import('./commands/init.js')).init({ config: args.config }, io);
    })
    .command('schema', 'print the JSON schema of the config', (y) => y, () => {
      run = async () => (await import('./commands/schema.js')).printSchema(io);
    })
    .demandCommand(1, 'name a command: build, validate, init or schema')
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
        io.stderr(`perfect-gen: ${error.message}\n  hint: run perfect-gen --help\n`);
        code = exitCodes.invalid;
      } else if (output) io.stdout(output + '\n');
      done();
    });
  });
  if (code !== exitCodes.ok || !run) return code;
  try {
    return await run();
  } catch (error) {
    io.stderr(`perfect-gen: internal error: ${error instanceof Error ? error.message : String(error)}\nThis is a bug in perfect-gen; please report it with the config that caused it.\n`);
    return exitCodes.internal;
  }
}
