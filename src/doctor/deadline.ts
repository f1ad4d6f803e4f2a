/** No single probe waits longer than this, so one silent peer cannot use up the whole run. */
export const probeCapMs = 10_000;

/**
 * The time a run has left. Every probe takes its timeout from here, so a run against a deployment
 * that never answers still ends within `--timeout`.
 */
export interface Deadline {
  /** Milliseconds left for the whole run (0 once it is over). */
  remainingMs(): number;
  /** The timeout for the next probe: what is left, at most probeCapMs. */
  probeMs(): number;
}

export function deadlineIn(totalMs: number, now: () => number = Date.now): Deadline {
  const end = now() + totalMs;
  const remainingMs = () => Math.max(0, end - now());
  return { remainingMs, probeMs: () => Math.min(remainingMs(), probeCapMs) };
}

export const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
