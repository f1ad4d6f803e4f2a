import { describe, expect, it } from 'vitest';
import { manifestAuthentikObjects } from '../../src/core/manifest.js';

describe('the authentik objects of a manifest read from disk', () => {
  it('reads nothing from a missing, unreadable or older manifest', () => {
    for (const text of [undefined, '', '{', 'null', '[]', '{"artifacts": []}', '{"authentikObjects": 3}']) {
      expect(manifestAuthentikObjects(text), String(text)).toEqual({ present: [], absent: [] });
    }
  });

  it('keeps well-formed objects and drops the rest', () => {
    const text = JSON.stringify({
      authentikObjects: {
        present: [
          { model: 'authentik_providers_proxy.proxyprovider', name: 'perfect-gen platform wiki' },
          { model: 'authentik_core.application', slug: 'wiki' },
          { model: 'authentik_core.group', name: 'staff' },
          { model: 'authentik_policies.policybinding', provider: 'perfect-gen platform wiki', group: '' },
          'junk',
        ],
        absent: [{ model: 'authentik_policies.policybinding', provider: 'perfect-gen platform wiki', group: 'staff', extra: true }],
      },
    });
    expect(manifestAuthentikObjects(text)).toEqual({
      present: [{ model: 'authentik_providers_proxy.proxyprovider', name: 'perfect-gen platform wiki' }],
      absent: [{ model: 'authentik_policies.policybinding', provider: 'perfect-gen platform wiki', group: 'staff' }],
    });
  });
});
