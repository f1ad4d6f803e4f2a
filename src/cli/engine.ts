import type { ExitCode } from './exit-codes.js';
import type { Invocation } from './invocation.js';
import type { CliIo } from './io.js';

/*
 * The commands. The build bundles this module apart from main (dist/engine.cjs) with a V8 code
 * cache; see load-engine.ts. Each command is imported when run, so a run initialises only its own.
 */
export async function runInvocation(invocation: Invocation, io: CliIo): Promise<ExitCode> {
  switch (invocation.command) {
    case 'build':
      return (await import('./commands/build.js')).build(invocation.options, io);
    case 'validate':
      return (await import('./commands/validate.js')).validate(invocation.options, io);
    case 'doctor':
      return (await import('./commands/doctor.js')).doctor(invocation.options, io);
    case 'init':
      return (await import('./commands/init.js')).init(invocation.options, io);
    case 'plan':
      return (await import('./commands/plan.js')).plan(invocation.options, io);
    case 'schema':
      return (await import('./commands/schema.js')).printSchema(io);
  }
}
