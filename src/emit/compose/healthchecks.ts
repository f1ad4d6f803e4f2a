import type { HealthProbe } from '../../model/workload.js';
import { jsString, pyString } from '../../serialize/script-literal.js';
import { shellQuote, shellWord } from '../../serialize/shell.js';
import type { Healthcheck } from './types.js';

/** A probe as a Compose healthcheck, run inside the container. */
export function healthcheckOf(probe: HealthProbe): Healthcheck {
  const { interval, timeout, retries, startPeriod } = probe.timing;
  return { test: testOf(probe), interval, timeout, retries, ...(startPeriod !== undefined && { start_period: startPeriod }) };
}

function testOf(probe: HealthProbe): readonly string[] {
  if (probe.kind === 'files') return ['CMD-SHELL', probe.paths.map((p) => `test -s ${shellWord(p)}`).join(' && ')];
  if (probe.client === 'python') return ['CMD', 'python', '-c', `import urllib.request as u; u.urlopen(${pyString(probe.url)}, timeout=1)`];
  // The HTTP clients images commonly ship, in turn: busybox or GNU wget, curl, Python, Node 18+.
  const url = shellQuote(probe.url);
  const clients = [
    `wget -q -O /dev/null ${url}`,
    `curl -fsS -o /dev/null ${url}`,
    `python3 -c "import urllib.request as u; u.urlopen(${pyString(probe.url)}, timeout=5)"`,
    `node -e "fetch(${jsString(probe.url)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
  ];
  return ['CMD-SHELL', clients.join(' || ')];
}
