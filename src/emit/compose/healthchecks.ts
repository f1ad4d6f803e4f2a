import type { Healthcheck } from './types.js';

/**
 * For the Prefect image, which has Python but no curl or wget. Timings follow Prefect's own compose guide;
 * the server is checked more often because the services, the workers and Traefik's upstream wait for it.
 */
export function pythonHttpCheck(url: string, timing: 'server' | 'worker'): Healthcheck {
  return {
    test: ['CMD', 'python', '-c', `import urllib.request as u; u.urlopen('${url}', timeout=1)`],
    interval: timing === 'server' ? '10s' : '30s',
    timeout: timing === 'server' ? '5s' : '10s',
    retries: timing === 'server' ? 6 : 3,
    start_period: '60s',
  };
}

/**
 * For web and internal apps, whose images are unknown: the check tries the HTTP clients images commonly ship,
 * in turn (busybox or GNU wget, curl, Python, Node 18+). An image with none of them (distroless, scratch)
 * reports unhealthy; that is cosmetic, since nothing waits on these services and Traefik's file provider
 * does not read Docker health.
 */
export function shellHttpCheck(url: string): Healthcheck {
  const clients = [
    `wget -q -O /dev/null '${url}'`,
    `curl -fsS -o /dev/null '${url}'`,
    `python3 -c "import urllib.request as u; u.urlopen('${url}', timeout=5)"`,
    `node -e "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
  ];
  return {
    test: ['CMD-SHELL', clients.join(' || ')],
    interval: '30s',
    timeout: '10s',
    retries: 3,
    start_period: '30s',
  };
}

/**
 * The agent has no readiness endpoint; it is ready once every file it renders is non-empty. The volume is tmpfs,
 * so a file from an earlier run cannot pass this check.
 */
export function renderedFilesCheck(paths: readonly string[]): Healthcheck {
  return {
    test: ['CMD-SHELL', paths.map((p) => `test -s ${p}`).join(' && ')],
    interval: '5s',
    timeout: '3s',
    retries: 30,
  };
}
