import type { LookupFunction } from 'node:net';
import { compile } from '../../src/core/compile.js';
import { provenanceFor } from '../../src/core/provenance.js';
import { version } from '../../src/core/version.js';
import { selectChecks } from '../../src/doctor/check-ids.js';
import type { DoctorContext } from '../../src/doctor/context.js';
import { deadlineIn } from '../../src/doctor/deadline.js';
import type { Redirect } from '../../src/doctor/probe/endpoints.js';
import { doctorTargets } from '../../src/doctor/targets.js';
import type { OutputFile } from '../../src/emit/types.js';
import type { Model } from '../../src/model/model.js';
import { exampleText } from '../support/model-from.js';

/** Never asks DNS: every name that no redirect covers fails to resolve, so a test cannot leave the machine. */
export const noDns: LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  (callback as (e: Error) => void)(error);
};

/** The compiled build of a config text (the platform example by default). */
export function compiled(text = exampleText('platform')): { files: readonly OutputFile[]; model: Model } {
  const result = compile({ file: 'perfect.config.yaml', content: text, env: {}, provenance: provenanceFor('/w/perfect.config.yaml', '/w/out') });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return { files: result.files, model: result.model };
}

/** Every public host of the example pointed at one local port. */
export const hostsAt = (port: number, hosts = ['perfect.zitian.party', 'wiki.zitian.party']): Redirect[] =>
  hosts.map((host) => ({ host, port: 443, address: '127.0.0.1', toPort: port }));

export function doctorContext(overrides: Partial<DoctorContext> & { text?: string; only?: string[]; timeoutMs?: number } = {}): DoctorContext {
  const { files, model } = compiled(overrides.text);
  const selection = selectChecks(overrides.only ?? []);
  if ('unknown' in selection) throw new Error(`unknown checks ${selection.unknown.join(', ')}`);
  const base: DoctorContext = {
    targets: doctorTargets(model, { provenance: provenanceFor('/w/perfect.config.yaml', '/w/out'), generatorVersion: version }, 'out'),
    files,
    net: { redirects: [], insecure: true, lookup: noDns },
    deadline: deadlineIn(overrides.timeoutMs ?? 10_000),
    selection,
    prefectUrls: new Map(),
    out: { disk: { read: (path) => files.find((f) => f.path === path)?.content }, shown: 'out', regenerate: 'npx perfect-gen build' },
    now: () => new Date(),
    expiryWarnDays: 14,
  };
  const { text: _text, only: _only, timeoutMs: _timeout, ...rest } = overrides;
  return { ...base, ...rest };
}

/** Rows as `id subject status` lines, for assertions that read like the text output. */
export const rowLines = (rows: readonly { id: string; subject: string; status: string }[]): string[] => rows.map((r) => `${r.id} ${r.subject} ${r.status}`);
