import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ArtifactKind, OutputFile } from '../../src/emit/types.js';
import {
  checkGoTemplate,
  parseHcl1,
  parseHcl2,
  validateBlueprint,
  validateCompose,
  validateTraefik,
} from '../support/conformance.js';
import { buildExample, examples } from '../support/examples.js';
import { projectRoot } from '../support/model-from.js';

// Every bundled example, not only the Prefect one, must produce artifacts that the consuming
// programs accept. Templates are checked here by the project's reimplementation of Go's template
// grammar (checkGoTemplate in test/support/conformance.ts), which needs nothing installed; where Go
// is on PATH (CI installs golang-go), test/conformance/go-template.test.ts runs Go's own parser.

const present = examples.filter((e) => existsSync(join(projectRoot, e.config)));

const ofKind = (files: readonly OutputFile[], kind: ArtifactKind): OutputFile[] => files.filter((f) => f.kind === kind);

function only(files: readonly OutputFile[], kind: ArtifactKind): OutputFile {
  const [file, ...rest] = ofKind(files, kind);
  if (!file || rest.length > 0) throw new Error(`expected exactly one ${kind} artifact, got ${ofKind(files, kind).map((f) => f.path).join(', ') || 'none'}`);
  return file;
}

const byPath = (files: readonly OutputFile[]) => files.map((f) => [f.path, f] as const);

it('covers both bundled examples', () => {
  expect(present.map((e) => e.name)).toEqual(['perfect', 'platform']);
});

describe.each(present)('example $name', (example) => {
  const files = buildExample(example);

  it('emits every kind of artifact the pipeline knows', () => {
    const kinds = new Set(files.map((f) => f.kind));
    for (const kind of ['compose', 'traefik', 'authentik-blueprint', 'vault-agent', 'vault-template', 'vault-policy'] as const) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });

  describe('against the official schemas', () => {
    it('the compose file validates against the compose-spec schema', () => {
      expect(validateCompose(parse(only(files, 'compose').content))).toEqual([]);
    });

    it('the Traefik file validates against the Traefik v3 file-provider schema', () => {
      expect(validateTraefik(parse(only(files, 'traefik').content))).toEqual([]);
    });

    it('the blueprint validates against the authentik blueprint schema', () => {
      expect(validateBlueprint(only(files, 'authentik-blueprint').content)).toEqual([]);
    });
  });

  const hclFiles = files.filter((f) => f.path.endsWith('.hcl'));
  const templates = files.filter((f) => f.path.endsWith('.ctmpl'));

  it('has Vault HCL files and templates to check', () => {
    expect(hclFiles.length).toBeGreaterThan(0);
    expect(templates.length).toBeGreaterThan(0);
    expect(hclFiles.every((f) => f.kind === 'vault-agent' || f.kind === 'vault-policy')).toBe(true);
    expect(templates.every((f) => f.kind === 'vault-template')).toBe(true);
  });

  describe.each(byPath(hclFiles))('%s', (path, file) => {
    it('parses as HCL v2 (Vault Agent today)', async () => {
      await expect(parseHcl2(path, file.content)).resolves.toBeTypeOf('object');
    });

    it('parses as HCL v1 (Vault policies, older agents)', () => {
      expect(parseHcl1(file.content)).toBeTypeOf('object');
    });
  });

  it.each(byPath(templates))('%s is a valid consul-template template', (_path, file) => {
    expect(checkGoTemplate(file.content)).toEqual([]);
  });
});
