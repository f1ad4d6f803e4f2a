/** The vocabulary every stage after normalize shares: what a generated file is and says about its origin. */

export type ArtifactKind =
  | 'compose'
  | 'traefik'
  | 'vault-agent'
  | 'vault-template'
  | 'vault-policy'
  | 'authentik-blueprint'
  | 'prefect-deployments'
  | 'prefect-bootstrap'
  | 'runbook'
  | 'manifest';

/** One generated file; `path` is relative to the output folder, with `/` separators. */
export interface OutputFile {
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly content: string;
}

/** What a generated file says about where it came from; no absolute paths, no time. */
export interface Provenance {
  /** Config file name as seen from its own folder: `perfect.config.yaml`. */
  readonly configName: string;
  /** The command that regenerates the output, run in the config's folder. */
  readonly command: string;
  /**
   * The config's folder as seen from the output folder (`..` for `--out out`), with `/` separators:
   * relative host paths in the config are relative to the config's folder. Default `..`.
   */
  readonly configDirFromOutput?: string;
}

/** The precompiled templates of templates/*.hbs that artifacts use, by language, named by file without `.hbs`. */
export interface Templates {
  readonly hcl: 'agent.hcl' | 'policy.hcl';
  readonly shell: 'bootstrap-work-pools.sh';
  readonly markdown: 'runbook.md';
}

/** A document rendered from a template and the view it reads; the template's helpers quote for the language. */
export interface TemplateDocument<Language extends keyof Templates> {
  readonly language: Language;
  readonly template: Templates[Language];
  readonly view: object;
}

/**
 * What an emitter returns for one file: the data, in the shape of its output language. The synthesis
 * step (src/synthesize) owns the bytes: it serializes each document with the one serializer of its
 * language, adds the header in that language's comment syntax and runs the language's guards.
 */
export type Document =
  | YamlDocument
  | TemplateDocument<'hcl'>
  | TemplateDocument<'shell'>
  | TemplateDocument<'markdown'>
  /** consul-template source, built piece by piece from src/serialize/go-template.ts. */
  | { readonly language: 'go-template'; readonly body: string }
  | { readonly language: 'json'; readonly text: string };

export interface YamlDocument {
  readonly language: 'yaml';
  readonly value: unknown;
  /** `1.1` for PyYAML and Compose readers, which would read `yes` or `0755` unquoted as other types. */
  readonly version: '1.1' | '1.2';
  /** A comment line after the header, such as the `yaml-language-server` schema modeline. */
  readonly modeline?: string;
  /**
   * `compose`: every `$` in a value is written `$$`, as Compose interpolates them.
   * `traefik`: Traefik runs the file through Go's text/template, so no `{{` may reach it.
   */
  readonly dialect?: 'compose' | 'traefik';
}

/** One file as an emitter describes it: where it goes, what it is, and the data it holds. */
export interface Artifact {
  readonly path: string;
  readonly kind: ArtifactKind;
  readonly document: Document;
}
