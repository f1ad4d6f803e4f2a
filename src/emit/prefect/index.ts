import type { PrefectApp } from '../../model/model.js';
import { header } from '../../serialize/header.js';
import { toYaml } from '../../serialize/yaml.js';
import type { EmitContext, Emitter, OutputFile } from '../types.js';
import { bootstrapScript } from './bootstrap-script.js';
import { prefectProjectDocument } from './prefect-yaml.js';

/**
 * Prefect 3 has no server-side projects: environments are isolated by work pool, `env:` tag and
 * deployment name. Each prefect app gets a `prefect.yaml` for `prefect deploy --all` and a script
 * that creates its work pools.
 */
export const emitPrefectProject: Emitter = (model, context) =>
  model.apps.flatMap((app) => (app.kind === 'prefect' ? prefectFiles(app, context) : []));

function prefectFiles(app: PrefectApp, context: EmitContext): OutputFile[] {
  return [
    {
      path: `${app.name}/prefect.yaml`,
      kind: 'prefect-deployments',
      // Prefect reads the file with PyYAML, a YAML 1.1 parser.
      content: header(context.provenance, 'hash') + toYaml(prefectProjectDocument(app), { version: '1.1' }),
    },
    { path: `${app.name}/bootstrap-work-pools.sh`, kind: 'prefect-bootstrap', content: bootstrapScript(app, context) },
  ];
}
