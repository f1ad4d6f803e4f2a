import type { OutputFile } from '../model/artifact.js';
import type { Model } from '../model/model.js';
import { sha256 } from '../synthesize/manifest.js';

/**
 * The hash of what each agent reads from the output folder, by agent service: its agent.hcl and every file
 * in its templates/ folder (the policy is not mounted). It hashes the emitted bytes, each file's path with its
 * own sha256, in path order, so it changes exactly when one of those files does.
 *
 * It lives in the pipeline, not in an emitter: the compose file names the hash, the vault emitter writes the
 * files, and neither emitter reads the other.
 */
export function agentDigests(model: Model, files: readonly OutputFile[]): Record<string, string> {
  const byFolder = filesByAgentFolder(files);
  const out: Record<string, string> = {};
  for (const agent of model.apps.flatMap((app) => app.vaultAgents)) {
    const read = [...(byFolder.get(agent.outputDir) ?? [])].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (read.length === 0) throw new Error(`internal error: no files were emitted for ${agent.service}`);
    out[agent.service] = sha256(read.map((f) => `${f.path}\u0000${sha256(f.content)}\n`).join(''));
  }
  return out;
}

/** `x/agent.hcl` and `x/templates/…` under the folder `x`, in one pass over the files. */
function filesByAgentFolder(files: readonly OutputFile[]): Map<string, OutputFile[]> {
  const out = new Map<string, OutputFile[]>();
  for (const file of files) {
    if (file.kind !== 'vault-agent' && file.kind !== 'vault-template') continue;
    const folder = file.kind === 'vault-agent' ? file.path.slice(0, file.path.lastIndexOf('/')) : file.path.slice(0, file.path.lastIndexOf('/templates/'));
    const group = out.get(folder);
    if (group) group.push(file);
    else out.set(folder, [file]);
  }
  return out;
}
