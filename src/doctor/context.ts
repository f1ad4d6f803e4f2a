import type { OutputFile } from '../emit/types.js';
import type { DiskState } from '../write/compare.js';
import type { CheckSelection } from './check-ids.js';
import type { Deadline } from './deadline.js';
import type { NetOptions } from './probe/endpoints.js';
import type { DockerRunner } from './probe/docker.js';
import type { DoctorTargets } from './targets.js';

/** Everything a check reads: the compiled config, how to reach the deployment, and the clock. */
export interface DoctorContext {
  readonly targets: DoctorTargets;
  /** The build of the config, in memory. */
  readonly files: readonly OutputFile[];
  readonly net: NetOptions;
  readonly deadline: Deadline;
  readonly selection: CheckSelection;
  /** Sent as HTTP Basic auth to the Prefect API; never shown. */
  readonly prefectAuth?: string;
  /** `--prefect-url`: the API URL to use, for every Prefect app (key `*`) or for one app by name. */
  readonly prefectUrls: ReadonlyMap<string, string>;
  /** Present with `--docker`: how to run docker, or why it cannot run here. */
  readonly docker?: { readonly run: DockerRunner; readonly unavailable?: string };
  /** The output folder and how to show it and regenerate it. */
  readonly out: { readonly disk: DiskState; readonly shown: string; readonly regenerate: string };
  readonly now: () => Date;
  /** A certificate that expires sooner than this many days is a warning. */
  readonly expiryWarnDays: number;
}
