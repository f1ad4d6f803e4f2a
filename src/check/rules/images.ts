import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';

/** An exact version: a digest, or a tag holding a full `x.y.z` version and no moving word such as `latest`. */
export function isPinned(image: string): boolean {
  if (/@sha256:[a-f0-9]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  if (colon === -1) return false;
  const tag = image.slice(colon + 1);
  return /(^|[^0-9.])v?[0-9]+\.[0-9]+\.[0-9]+/.test(tag) && !/(^|[^a-z])(latest|nightly|edge)([^a-z]|$)/i.test(tag);
}

export const pinnedImages: Rule = ({ written }) => {
  const out: PathDiagnostic[] = [];
  const check = (image: string | undefined, path: readonly (string | number)[]) => {
    if (image === undefined || isPinned(image)) return;
    out.push({
      code: 'IMAGE_NOT_PINNED',
      path,
      message: `image "${image}" has no exact version`,
      hint: 'use an exact tag such as prefecthq/prefect:3.9.1-python3.12, or a @sha256 digest; floating tags change under you',
    });
  };
  check(written.platform.vault.agent?.image, ['platform', 'vault', 'agent', 'image']);
  written.apps.forEach((app, i) => {
    check(app.image, ['apps', i, 'image']);
    if (app.kind === 'prefect') app.workPools.forEach((p, j) => check(p.image, ['apps', i, 'workPools', j, 'image']));
  });
  return out;
};
