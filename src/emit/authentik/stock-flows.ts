/**
 * authentik's stock flow blueprints (blueprints/default/ in the authentik repo), by the slug of the
 * flow each one creates. Applying the blueprint first guarantees that `!Find` on the slug finds
 * the flow, whatever order authentik discovers blueprint files in.
 */
const stockFlowBlueprints: Readonly<Record<string, string>> = {
  'default-provider-authorization-implicit-consent': 'Default - Provider authorization flow (implicit consent)',
  'default-provider-authorization-explicit-consent': 'Default - Provider authorization flow (explicit consent)',
  'default-provider-invalidation-flow': 'Default - Provider invalidation flow',
};

/** The stock blueprint that creates the flow with this slug; undefined for a custom flow. */
export function stockFlowBlueprint(flowSlug: string): string | undefined {
  return Object.hasOwn(stockFlowBlueprints, flowSlug) ? stockFlowBlueprints[flowSlug] : undefined;
}
