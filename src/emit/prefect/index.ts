import type { PrefectApp } from '../../model/model.js';
import type { Artifact, Emitter } from '../types.js';
import { bootstrapScript } from './bootstrap-script.js';
import { prefectProjectDocument } from './prefect-yaml.js';

/**
 * Prefect 3 has no server-side projects: environments are isolated by work pool, `env:` tag and
 * deployment name. Each prefect app gets a `prefect.yaml` for `prefect deploy --all` and a script
 * that creates its work pools.
 */
export const prefectEmitter: Emitter = {
  name: 'prefect',
  kinds: ['prefect-deployments', 'prefect-bootstrap'],
  appliesTo: (model) => model.apps.some((app) => app.kind === 'prefect'),
  emit: (model) => model.apps.flatMap((app) => (app.kind === 'prefect' ? prefectFiles(app) : [])),
};

function prefectFiles(app: PrefectApp): Artifact[] {
  return [
    // Prefect reads the file with PyYAML, a YAML 1.1 parser.
    { path: `${app.name}/prefect.yaml`, kind: 'prefect-deployments', document: { language: 'yaml', version: '1.1', value: prefectProjectDocument(app) } },
    { path: `${app.name}/bootstrap-work-pools.sh`, kind: 'prefect-bootstrap', document: bootstrapScript(app) },
  ];
}
