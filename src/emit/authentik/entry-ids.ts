/**
 * Entry `id`s, the targets of `!KeyOf`. App names match `^[a-z][a-z0-9-]*$`, so app ids are
 * already safe. Group names are free text (spaces, `:`, `#`, `yes`), so a group id is its
 * 1-based position among the blueprint's groups plus a sanitized hint for readers; the position
 * alone makes it unique.
 */
export const entryIds = {
  group: (index: number, name: string): string => {
    const hint = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '');
    return hint === '' ? `group-${index + 1}` : `group-${index + 1}-${hint}`;
  },
  provider: (app: string): string => `provider-${app}`,
  application: (app: string): string => `app-${app}`,
} as const;
