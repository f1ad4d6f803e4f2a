import type { Platform } from '../../model/model.js';

/** The provider's unique name in authentik: says which tool and platform own it. */
export const providerName = (platform: Platform, app: string): string => `perfect-gen ${platform.name} ${app}`;
