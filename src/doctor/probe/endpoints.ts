import type { LookupFunction } from 'node:net';

/**
 * Where to connect for a host and port instead of asking DNS: `--resolve HOST:PORT:ADDR` (as curl's),
 * or `--connect-to HOST:PORT:ADDR:PORT2` (as curl's, which also changes the port). The TLS server
 * name and the Host header stay the public host, so Traefik routes the request as it would any other.
 */
export interface Redirect {
  readonly host: string;
  readonly port: number;
  readonly address: string;
  readonly toPort: number;
}

/** What the probes need to reach the deployment. */
export interface NetOptions {
  readonly redirects: readonly Redirect[];
  /** Accept a certificate that does not verify (a self-signed one in a test); TLS rows turn into warnings. */
  readonly insecure: boolean;
  /** `--cacert`: PEM certificates to trust instead of the system's roots (a test stack's own CA). */
  readonly ca?: string;
  /** Name resolution for hosts without a redirect; tests pass one that never leaves the machine. */
  readonly lookup?: LookupFunction;
}

/** The socket target of a URL's host and port. */
export interface Endpoint {
  readonly connectHost: string;
  readonly connectPort: number;
  /** Shown in rows: `perfect.example.com:443 (at 10.0.0.2:8443)`. */
  readonly label: string;
}

export function endpointOf(net: NetOptions, host: string, port: number): Endpoint {
  const redirect = net.redirects.find((r) => r.host === host.toLowerCase() && r.port === port);
  if (!redirect) return { connectHost: host, connectPort: port, label: `${host}:${port}` };
  return { connectHost: redirect.address, connectPort: redirect.toPort, label: `${host}:${port} (at ${formatAddress(redirect.address)}:${redirect.toPort})` };
}

/** The port a URL names, or its scheme's default. */
export function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

const formatAddress = (address: string) => (address.includes(':') ? `[${address}]` : address);

/** Parses one `--resolve` value; a message saying what is wrong otherwise. */
export function parseResolve(value: string): Redirect | string {
  const match = /^([^:\s]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^:\s]+)$/.exec(value);
  if (!match) return `--resolve ${value}: expected HOST:PORT:ADDRESS, e.g. perfect.example.com:443:127.0.0.1`;
  const port = checkedPort(match[2] as string);
  if (port === undefined) return `--resolve ${value}: the port must be 1 to 65535`;
  return { host: (match[1] as string).toLowerCase(), port, address: unbracket(match[3] as string), toPort: port };
}

/** Parses one `--connect-to` value. */
export function parseConnectTo(value: string): Redirect | string {
  const match = /^([^:\s]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value);
  if (!match) return `--connect-to ${value}: expected HOST:PORT:ADDRESS:PORT, e.g. perfect.example.com:443:127.0.0.1:8443`;
  const port = checkedPort(match[2] as string);
  const toPort = checkedPort(match[4] as string);
  if (port === undefined || toPort === undefined) return `--connect-to ${value}: ports must be 1 to 65535`;
  return { host: (match[1] as string).toLowerCase(), port, address: unbracket(match[3] as string), toPort };
}

function checkedPort(text: string): number | undefined {
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

const unbracket = (address: string) => (address.startsWith('[') ? address.slice(1, -1) : address);
