import { defaults } from '../../normalize/defaults.js';
import type { Rule } from '../rule.js';

/** What an image's repository says it is, by the words in its name: `openbao/openbao`, `hashicorp/vault`. */
function imageFlavor(image: string): 'vault' | 'openbao' | undefined {
  const repository = (image.split('@')[0] ?? image).replace(/:[^/]*$/, '');
  const words = new Set(repository.toLowerCase().split(/[/._-]+/));
  const bao = words.has('openbao') || words.has('bao');
  if (bao && !words.has('vault')) return 'openbao';
  if (words.has('vault') && !bao) return 'vault';
  return undefined;
}

/**
 * The flavor picks the agent's folders (`/vault` or `/openbao`) and its binary; an OpenBao image run
 * as the Vault flavor finds no config where the Compose file mounts it.
 */
export const agentImageMatchesFlavor: Rule = ({ model }) => {
  const { flavor, image } = model.platform.vault.agent;
  const seen = imageFlavor(image);
  if (seen === undefined || seen === flavor) return [];
  const names = { vault: 'Vault', openbao: 'OpenBao' } as const;
  return [
    {
      code: 'AGENT_IMAGE_FLAVOR',
      severity: 'warning',
      path: ['platform', 'vault', 'agent', 'image'],
      message: `agent image "${image}" looks like ${names[seen]}, but vault.agent.flavor is ${flavor}`,
      hint: `set vault.agent.flavor: ${seen}, or use a ${names[flavor]} image such as ${defaults.agentImages[flavor]}; the ${flavor} flavor mounts the agent's config under ${defaults.agentRoots[flavor]}, where ${names[seen]}'s image does not look`,
    },
  ];
};
