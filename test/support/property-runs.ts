/**
 * How many cases a property test runs. The default keeps `npm test` quick; the deep run in
 * `.ci/run` sets PERFECT_GEN_PROPERTY_RUNS (1000) to run that many cases instead.
 */
export function propertyRuns(quick: number): number {
  const raw = process.env['PERFECT_GEN_PROPERTY_RUNS'];
  if (raw === undefined || raw === '') return quick;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`PERFECT_GEN_PROPERTY_RUNS must be a positive integer, not ${JSON.stringify(raw)}`);
  return runs;
}
