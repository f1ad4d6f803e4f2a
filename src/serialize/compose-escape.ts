/**
 * Compose interpolates `$VAR` and `${VAR}` in every string value, so a literal `$` must be written `$$`.
 * Emitters build their tree with the literal text the container should see (`exec "$@"`) and this
 * runs once over the whole tree before `toYaml`, which keeps escaping in one place and never doubles it.
 * Keys are left alone: generated keys are plain names, and the config schema limits the ones users write.
 */
export function escapeComposeValues<T>(tree: T): T {
  return escapeNode(tree) as T;
}

function escapeNode(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$');
  if (Array.isArray(value)) return value.map(escapeNode);
  if (value !== null && typeof value === 'object') {
    // A class instance (a YAML tag, a comment) would lose its meaning as a plain copy: Compose needs none.
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError('compose values must be plain data');
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = escapeNode(item);
    return out;
  }
  return value;
}
