import type { Diagnostic, PathDiagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { check } from '../check/check.js';
import type { Layout } from '../check/rule.js';
import { authentikLedger, emptyLedger, type AuthentikLedger } from '../emit/authentik/index.js';
import { digestReaders, emitters, type ComposeContext } from '../emit/emitters.js';
import type { EmitContext, Emitter } from '../emit/types.js';
import type { Artifact, OutputFile, Provenance } from '../model/artifact.js';
import type { Env } from '../load/interpolate.js';
import { loadConfig, type LoadedConfig } from '../load/load-yaml.js';
import { placeDiagnostic, pointer } from '../load/spans.js';
import type { Model } from '../model/model.js';
import { normalize } from '../normalize/normalize.js';
import { validateConfig } from '../validate/validate.js';
import { snapshotJson } from '../plan/snapshot-json.js';
import { modelSnapshot } from '../plan/snapshot.js';
import { render, synthesize } from '../synthesize/synthesize.js';
import { agentDigests } from './agent-digests.js';
import { version } from './version.js';

export interface CompileInput {
  /** The config path as the user wrote it (shown in diagnostics). */
  readonly file: string;
  readonly content: Uint8Array | string;
  /** Variables for `${VAR}`: the process environment over the `.env` file beside the config. */
  readonly env: Env;
  readonly provenance: Provenance;
  /** The config's folder and the output folder, absolute, for checks on host paths. */
  readonly layout?: Layout;
  /** From the previous build's manifest (read at the edge): the authentik objects it managed. */
  readonly previousAuthentik?: AuthentikLedger;
}

export type CompileResult =
  | {
      readonly ok: true;
      readonly files: readonly OutputFile[];
      readonly model: Model;
      readonly diagnostics: readonly Diagnostic[];
      /** Where each config value stands in the source, for commands that cite the config. */
      readonly source: Pick<LoadedConfig, 'source' | 'spans'>;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** load → validate → normalize → check → emit, all in memory. Nothing here touches the disk. */
export function compile(input: CompileInput): CompileResult {
  const loaded = loadConfig({ file: input.file, content: input.content, env: input.env });
  if (!loaded.config || !loaded.diagnostics.every(keepsTreeIntact)) return failed(loaded.diagnostics);
  const config = loaded.config;

  // Bad values (an undefined variable, say) leave the tree whole, so the schema still runs and
  // every problem is reported at once; a value that load already reported is not reported again.
  const validated = validateConfig(config.value);
  const replaced = new Set(loaded.diagnostics.filter((d) => d.severity === 'error' && d.path).map((d) => pointer(d.path ?? [])));
  const schemaDiagnostics = place(config, validated.diagnostics).filter((d) => d.path === undefined || !replaced.has(pointer(d.path)));
  if (!validated.ok || hasErrors(loaded.diagnostics)) return failed([...loaded.diagnostics, ...schemaDiagnostics]);

  const model = normalize(validated.config);
  const checked = place(config, check({ model, written: validated.config, ...(input.layout && { layout: input.layout }) }));
  const diagnostics = sortDiagnostics(onePerPlace([...withoutEchoesOfSecrets(loaded.diagnostics, checked), ...checked]));
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };

  return { ok: true, files: emit(model, input.provenance, input.previousAuthentik), model, diagnostics, source: { source: config.source, spans: config.spans } };
}

/**
 * Runs every emitter that applies and synthesizes their documents into files, sorted by path, and the
 * manifest that lists them. The compose file comes after the others because it carries the hash of
 * each vault agent's rendered files.
 */
export function emit(model: Model, provenance: Provenance, previousAuthentik: AuthentikLedger = emptyLedger): OutputFile[] {
  const context: EmitContext = { provenance, generatorVersion: version, previousAuthentik };
  const independent = render(run(emitters, model, context), provenance);
  const late = run<ComposeContext>(digestReaders, model, { ...context, agentDigests: agentDigests(model, independent) });
  const facts = {
    generatorVersion: version,
    source: provenance.configName,
    authentikObjects: authentikLedger(model, previousAuthentik),
    modelJson: snapshotJson(modelSnapshot(model), '  '),
  };
  return synthesize(late, provenance, facts, independent);
}

function run<Context extends EmitContext>(list: readonly Emitter<Context>[], model: Model, context: Context): Artifact[] {
  return list.filter((emitter) => emitter.appliesTo(model, context)).flatMap((emitter) => emitter.emit(model, context));
}

function place(config: LoadedConfig, diagnostics: readonly PathDiagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => placeDiagnostic(config.source, config.spans, d));
}

const keepsTreeIntact = (d: Diagnostic): boolean => d.severity !== 'error' || d.valueOnly === true;

/**
 * One diagnostic per config path and code. Ranges are no key: an app's range contains every
 * value in it, so a problem in one value would hide a missing key of the app.
 */
function onePerPlace(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    if (d.path === undefined) return true;
    const key = `${d.code}${pointer(d.path)}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** A value refused as a secret gets no other warning: "read as 3.1, not as written (3.10)" would echo it. */
function withoutEchoesOfSecrets(loaded: readonly Diagnostic[], checked: readonly Diagnostic[]): Diagnostic[] {
  const secrets = new Set(checked.filter((d) => d.redact === true && d.path).map((d) => pointer(d.path ?? [])));
  return loaded.filter((d) => d.severity !== 'warning' || d.path === undefined || !secrets.has(pointer(d.path)));
}

function failed(diagnostics: readonly Diagnostic[]): CompileResult {
  return { ok: false, diagnostics: sortDiagnostics(onePerPlace(diagnostics)) };
}
