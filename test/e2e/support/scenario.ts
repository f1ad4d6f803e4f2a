import { it, type TestContext } from 'vitest';

/** A scenario's test name carries its stable report id and the example it ran on: `openbao-kv1 [platform]`. */
export const scenarioName = (id: string, example: string): string => `${id} [${example}]`;

export function parseScenarioName(name: string): { id: string; example: string } | undefined {
  const match = /^([a-z0-9-]+) \[([^\]]+)\]$/.exec(name);
  return match ? { id: match[1]!, example: match[2]! } : undefined;
}

/**
 * One end-to-end scenario. `skipReason` (a missing program, by hand) marks it skipped with that
 * message in the report; in CI the install step has already failed the run instead.
 */
export function scenario(id: string, example: string, run: (ctx: TestContext) => Promise<void> | void, skipReason?: () => string | undefined, timeoutMs?: number): void {
  it(scenarioName(id, example), { timeout: timeoutMs }, async (ctx) => {
    const reason = skipReason?.();
    if (reason) {
      ctx.annotate(reason, 'skip-reason');
      ctx.skip(reason);
      return;
    }
    await run(ctx);
  });
}
