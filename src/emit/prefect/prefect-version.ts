/**
 * The Prefect version an image runs, when its tag starts with an exact x.y.z
 * (`prefecthq/prefect:3.8.3-python3.12` → `3.8.3`). Digests and custom tags give none.
 */
export function prefectVersionOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return undefined;
  const match = /^(\d+\.\d+\.\d+)(?:$|-)/.exec(lastSegment.slice(colon + 1));
  return match?.[1];
}
