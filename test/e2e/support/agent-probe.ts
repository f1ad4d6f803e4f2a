import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Container } from './container.js';
import { imageRuntime } from './images.js';
import type { Stack } from './stack.js';

/** Vault paths a generated policy grants (`path "…" { capabilities = ["read"] }`). */
export function policyPaths(text: string): string[] {
  return [...text.matchAll(/^path "([^"]+)"/gm)].map((m) => m[1]!).sort();
}

/**
 * Runs an agent service's own config and credentials once more with a single template that reads
 * `apiPath`, in the agent's network namespace. The real server decides: a path outside the
 * agent's policy is refused (403) and the agent exits, since its config exits on retry failure.
 */
export async function probeAgent(stack: Stack, agentService: string, apiPath: string, key: string, label: string): Promise<{ rendered: string | undefined; exitCode: number | null | undefined; log: string }> {
  const service = stack.project.services[agentService]!;
  const root = stack.model.platform.vault.agent.root;
  const dir = join(stack.runDir, 'probes', `${agentService}-${label}`);
  const templates = join(dir, 'templates');
  const secrets = join(dir, 'secrets');
  mkdirSync(templates, { recursive: true });
  mkdirSync(secrets, { recursive: true });
  const configMount = service.volumes!.find((v) => v.target.endsWith('.hcl'))!;
  const config = readFileSync(configMount.source!, 'utf8');
  const kept = config.slice(0, config.search(/^template \{/m));
  const field = stack.vault.kvVersion === 2 ? `.Data.data.${key}` : `.Data.${key}`;
  writeFileSync(join(templates, 'probe.ctmpl'), `{{ with secret "${apiPath}" }}PROBE={{ ${field} }}{{ end }}\n`);
  writeFileSync(
    join(dir, 'agent.hcl'),
    `${kept}template {\n  source = "${root}/templates/probe.ctmpl"\n  destination = "${root}/secrets/probe/probe.env"\n  error_on_missing_key = true\n}\n`,
  );
  const credentials = service.volumes!.find((v) => v.type === 'bind' && v.target === `${root}/approle`)!;
  const runtime = imageRuntime(service.image, dir, []);
  const probe = new Container({
    name: `${agentService}-probe-${label}`,
    host: stack.network.lookup(stack.container(agentService).spec.name)!,
    argv: [...runtime.entrypoint, ...(service.command ?? [])],
    env: { PATH: runtime.path.join(':'), ...runtime.env },
    mounts: [
      { source: join(dir, 'agent.hcl'), target: configMount.target, readOnly: true },
      { source: templates, target: `${root}/templates`, readOnly: true },
      { source: stack.hostPath(credentials.source!), target: credentials.target, readOnly: true },
      { source: secrets, target: `${root}/secrets/probe`, readOnly: false },
    ],
    logFile: join(dir, 'agent.log'),
  });
  // The secrets folder is written by uid 100, as in the image.
  chownSync(secrets, 100, 1000);
  probe.start();
  const file = join(secrets, 'probe.env');
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && probe.running) {
    try {
      const text = readFileSync(file, 'utf8');
      if (text) break;
    } catch {
      // not rendered yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  let rendered: string | undefined;
  try {
    rendered = readFileSync(file, 'utf8');
  } catch {
    rendered = undefined;
  }
  await probe.stop(5_000);
  return { rendered, exitCode: probe.exitCode, log: probe.log() };
}
