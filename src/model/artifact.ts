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
