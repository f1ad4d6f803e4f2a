import type { DiagnosticFormat } from '../diagnostics/render.js';
import type { BuildOptions } from './commands/build.js';
import type { CommonOptions } from './commands/compile-config.js';
import type { PlanOptions } from './commands/plan.js';
import type { DoctorOptions } from './commands/doctor.js';

/** One parsed command line: what both argument parsers (fast-args and yargs) produce. */
export type Invocation =
  | { readonly command: 'build'; readonly options: BuildOptions }
  | { readonly command: 'validate'; readonly options: CommonOptions & { readonly quiet: boolean } }
  | { readonly command: 'plan'; readonly options: PlanOptions }
  | { readonly command: 'doctor'; readonly options: DoctorOptions }
  | { readonly command: 'init'; readonly options: { readonly config: string } }
  | { readonly command: 'schema' };

export const formats: readonly DiagnosticFormat[] = ['text', 'json', 'github'];

/** What `plan --format` takes: the plan itself is printed in one of these. */
export const planFormats = ['text', 'markdown', 'json'] as const;
export type PlanFormat = (typeof planFormats)[number];
