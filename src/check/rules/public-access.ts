import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Rule } from '../rule.js';

/** Words that stand in for a reason someone meant to write later. */
const placeholders = new Set(['todo', 'tbd', 'fixme', 'xxx', 'n/a', 'na', 'none', 'reason', 'public', 'test', 'tmp', 'temp', 'placeholder', 'lorem', 'ipsum', 'asdf', 'foo', 'bar']);

/**
 * The schema asks for ten characters; ten spaces, dots or "TODO TODO" pass that but explain nothing.
 * A reason must keep ten characters once trimmed and say something in at least one real word.
 */
export function isMeaningfulReason(reason: string): boolean {
  const squeezed = reason.replace(/\s+/g, ' ').trim();
  if ([...squeezed].length < 10) return false;
  const words = squeezed.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}/'-]*/gu) ?? [];
  return words.some((w) => /\p{L}{2,}/u.test(w) && !placeholders.has(w) && !/^(.)\1+$/u.test(w));
}

/** Every public host is SSO-protected unless it is marked public with a reason that says why. */
export const publicHostsHaveReasons: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    const access = app.route?.access;
    if (access?.mode !== 'public' || isMeaningfulReason(access.reason)) continue;
    out.push({
      code: 'PUBLIC_WITHOUT_REASON',
      path: [...access.at, 'reason'],
      at: access.reason === '' ? 'key' : 'value',
      message: `${app.route?.host ?? app.name} is public without SSO, but ${access.reason.trim() === '' ? 'has no reason' : 'its reason does not say why'}`,
      hint: 'write why anyone may reach this host without signing in (for example "status page for customers"), or use mode: sso',
    });
  }
  return out;
};

/** Prefect's API runs code on the workers; leaving it open to the network needs a reason that says why. */
export const openApisHaveReasons: Rule = ({ model }) => {
  const out: PathDiagnostic[] = [];
  for (const app of model.apps) {
    if (app.kind !== 'prefect' || app.apiAuth.enabled || isMeaningfulReason(app.apiAuth.reason)) continue;
    out.push({
      code: 'API_AUTH_OFF_WITHOUT_REASON',
      path: [...app.apiAuth.at, 'reason'],
      message: `the Prefect API of ${app.name} is open to every container on the network, but the reason does not say why`,
      hint: 'write why no auth string is needed (for example "isolated host, no other containers"), or remove apiAuth to keep it on',
    });
  }
  return out;
};
