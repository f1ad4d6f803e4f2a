import type { HealthProbe } from '../../model/workload.js';
import type { Healthcheck } from './types.js';

/** A probe as a Compose healthcheck, run inside the container. */
export function healthcheckOf(probe: HealthProbe): Healthcheck {
  const { interval, timeout, retries, startPeriod } = probe.timing;
  return { test: testOf(probe), interval, timeout, retries, ...(startPeriod !== undefined && { start_period: startPeriod }) };
}

function testOf(probe: HealthProbe): readonly string[] {
  if (probe.kind === 'files') return ['CMD-SHELL', probe.paths.map((p) => `test -s ${p}`).join(' && ')];
  if (probe.client === 'python') return ['CMD', 'python', '-c', `import urllib.request as u; u.urlopen('${probe.url}', timeout=1)`];
  // The HTTP clients images commonly ship, in turn: busybox or GNU wget, curl, Python, Node 18+.
  const clients = [
    `wget -q -O /dev/null '${probe.url}'`,
    `curl -fsS -o /dev/null '${probe.url}'`,
    `python3 -c "import urllib.request as u; u.urlopen('${probe.url}', timeout=5)"`,
    `node -e "fetch('${probe.url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
  ];
  return ['CMD-SHELL', clients.join(' || ')];
}
