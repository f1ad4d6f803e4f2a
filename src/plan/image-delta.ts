/** An image reference split as Docker reads it: `[registry/]repository[:tag][@digest]`. */
interface ImageRef {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const named = at === -1 ? ref : ref.slice(0, at);
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  return {
    repository: hasTag ? named.slice(0, colon) : named,
    ...(hasTag && { tag: named.slice(colon + 1) }),
    ...(digest !== undefined && { digest }),
  };
}

/**
 * What an image change means for a reviewer: `3.8.3-python3.12 → 3.9.0-python3.12, minor upgrade`.
 * Versions are the leading dotted numbers of the tag; the rest of the tag is its variant.
 */
export function imageDelta(before: string, after: string): string {
  const a = parseImage(before);
  const b = parseImage(after);
  if (a.repository !== b.repository) return `${before} → ${after}, another image`;
  const what = `${a.repository} ${shown(a)} → ${shown(b)}`;
  if (a.tag === b.tag) return `${what}, same tag, new digest`;
  const va = version(a.tag);
  const vb = version(b.tag);
  if (!va || !vb) return `${what}, tag changed`;
  const step = compare(va.numbers, vb.numbers);
  const variant = va.variant === vb.variant ? '' : `, variant ${va.variant || '(none)'} → ${vb.variant || '(none)'}`;
  return `${what}, ${step}${variant}`;
}

function shown(ref: ImageRef): string {
  const digest = ref.digest === undefined ? '' : `@${ref.digest.slice(0, 19)}…`;
  return (ref.tag ?? '(no tag)') + digest;
}

function version(tag: string | undefined): { numbers: number[]; variant: string } | undefined {
  const match = tag === undefined ? null : /^v?(\d+(?:\.\d+)*)(.*)$/.exec(tag);
  if (!match) return undefined;
  return { numbers: (match[1] ?? '').split('.').map(Number), variant: (match[2] ?? '').replace(/^[-_.]/, '') };
}

const levels = ['major', 'minor', 'patch'];

function compare(a: readonly number[], b: readonly number[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x === y) continue;
    const level = levels[i] ?? 'build';
    return y > x ? `${level} upgrade` : `${level} DOWNGRADE`;
  }
  return 'same version';
}
