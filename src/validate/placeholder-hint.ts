/**
 * A Vault path segment that tries to say "the environment" in another template language: `$env`,
 * `{{env}}`, `{ENV}`, `<environment>`, `%env%`. The only placeholder is `{env}`.
 */
function meansEnvironment(segment: string): boolean {
  if (segment === '{env}' || !/[${}<>%]/.test(segment)) return false;
  const word = segment.replace(/[${}<>%\s.]/g, '').toLowerCase();
  return word === 'env' || word === 'environment';
}

/** "did you mean {env}?" for a Vault path whose pattern failed because of such a segment. */
export function placeholderHint(value: unknown, path: readonly (string | number)[]): string | undefined {
  if (path[path.length - 1] !== 'path' || typeof value !== 'string') return undefined;
  const segments = value.split('/');
  if (!segments.some(meansEnvironment)) return undefined;
  const fixed = segments.map((s) => (meansEnvironment(s) ? '{env}' : s)).join('/');
  return `did you mean ${fixed}? {env} is the one placeholder: it stands for the environment that reads the path`;
}
