import { parse } from 'yaml';
import type { OutputFile } from '../../src/emit/types.js';
import { checkGoTemplate, parseBlueprint, parseHcl1, validateBlueprint, validateCompose, validateTraefik } from '../support/conformance.js';

/** Compose reads `$$` as a literal `$`; this is the value the container gets. */
export const composeValue = (value: unknown): string => String(value).replace(/\$\$/g, '$');

export function parsedArtifact(file: OutputFile): unknown {
  switch (file.kind) {
    case 'authentik-blueprint':
      return parseBlueprint(file.content);
    case 'prefect-deployments':
      return parse(file.content, { version: '1.1' });
    case 'compose':
    case 'traefik':
      return parse(file.content);
    case 'manifest':
      return JSON.parse(file.content);
    default:
      return undefined;
  }
}

/**
 * Problems with one artifact: it does not parse, or (when the official schemas are at hand)
 * does not conform. Parsing uses the reader of the program that consumes the file; Vault files
 * are checked whether or not the schemas are at hand.
 */
export function artifactProblems(file: OutputFile): string[] {
  let doc: unknown;
  try {
    doc = parsedArtifact(file);
  } catch (error) {
    return [`${file.path}: does not parse: ${error instanceof Error ? error.message : String(error)}`];
  }
  const vaultProblems = vaultFileProblems(file);
  if (vaultProblems) return vaultProblems;
  const problems =
    file.kind === 'compose' ? validateCompose(doc) : file.kind === 'traefik' ? validateTraefik(doc) : file.kind === 'authentik-blueprint' ? validateBlueprint(file.content) : [];
  return problems.map((p) => `${file.path}: ${p}`);
}

/**
 * Vault Agent HCL through the HCL v1 parser (synchronous; the v2 one is async and slower) and
 * consul-template files through the Go template checker. Neither needs the shared schemas.
 */
function vaultFileProblems(file: OutputFile): string[] | undefined {
  if (file.path.endsWith('.hcl')) {
    try {
      parseHcl1(file.content);
      return [];
    } catch (error) {
      return [`${file.path}: not HCL: ${error instanceof Error ? error.message : String(error)}`];
    }
  }
  if (file.path.endsWith('.ctmpl')) return checkGoTemplate(file.content).map((p) => `${file.path}: ${p}`);
  return undefined;
}

/** Every string in a parsed document, tag arguments included. */
export function stringsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, out);
  return out;
}

interface ComposeDoc {
  readonly services?: Readonly<Record<string, { readonly environment?: Readonly<Record<string, unknown>>; readonly labels?: Readonly<Record<string, unknown>> }>>;
}

/** The value of a variable or label in any service of a parsed compose file, as the container sees it. */
export function composeEntries(doc: unknown, field: 'environment' | 'labels', name: string): string[] {
  const services = Object.values((doc as ComposeDoc | undefined)?.services ?? {});
  return services.flatMap((s) => {
    const map = s[field];
    return map && Object.prototype.hasOwnProperty.call(map, name) ? [composeValue(map[name])] : [];
  });
}
