import type { PathDiagnostic } from '../../diagnostics/diagnostic.js';
import type { WrittenServiceOptions } from '../../model/written-config.js';
import type { Rule } from '../rule.js';

const secretName = /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_STRING)($|_)/i;
const urlWithPassword = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/** Bits per character; random tokens score above 4, words and paths well below. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

export function looksLikeSecret(value: string): boolean {
  if (urlWithPassword.test(value)) return true;
  if (value.length < 20 || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  return classes >= 3 && entropy(value) > 4;
}

function checkOptions(options: WrittenServiceOptions | undefined, path: readonly (string | number)[], out: PathDiagnostic[]): void {
  for (const [name, raw] of Object.entries(options?.environment ?? {})) {
    const value = String(raw);
    if (value === '') continue;
    const byName = secretName.test(name);
    if (!byName && !looksLikeSecret(value)) continue;
    out.push({
      code: 'LITERAL_SECRET',
      path: [...path, 'environment', name],
      message: byName ? `${name} looks like a secret but has a literal value` : `the value of ${name} looks like a secret (a token or a URL with a password)`,
      hint: `move it to Vault and list it under secrets: { env: ${name}, path: <mount>/<path>, key: <field> }`,
    });
  }
  for (const [name, value] of Object.entries(options?.labels ?? {})) {
    if (looksLikeSecret(value)) {
      out.push({ code: 'LITERAL_SECRET', path: [...path, 'labels', name], message: `label ${name} looks like a secret`, hint: 'labels are visible to anyone who can inspect the container; keep secrets in Vault' });
    }
  }
}

export const noLiteralSecrets: Rule = ({ written }) => {
  const out: PathDiagnostic[] = [];
  written.apps.forEach((app, i) => {
    const at = ['apps', i];
    if (app.kind === 'prefect') {
      checkOptions(app.server, [...at, 'server'], out);
      checkOptions(app.services, [...at, 'services'], out);
      app.workPools.forEach((p, j) => checkOptions(p.options, [...at, 'workPools', j, 'options'], out));
    } else checkOptions(app.options, [...at, 'options'], out);
  });
  return out;
};
