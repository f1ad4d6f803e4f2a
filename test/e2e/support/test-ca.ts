import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sh } from './run.js';
import type { TlsCertificate } from './traefik.js';

/**
 * A certificate authority made for one run (test only, in the run folder) and a server certificate
 * it signs for the given hosts, so a client that trusts the CA file verifies what Traefik serves.
 */
export function makeTestCa(dir: string, hosts: readonly string[]): TlsCertificate & { readonly caFile: string } {
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => join(dir, name);
  const openssl = (args: readonly string[]) => sh('openssl', args, { timeoutMs: 30_000 });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=perfect-gen e2e test CA', '-keyout', at('ca.key'), '-out', at('ca.pem'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${hosts[0]}`, '-keyout', at('server.key'), '-out', at('server.csr')]);
  writeFileSync(at('server.ext'), [`subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`, 'extendedKeyUsage=serverAuth', 'basicConstraints=CA:FALSE', ''].join('\n'));
  openssl(['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '30', '-extfile', at('server.ext'), '-out', at('server.pem')]);
  return { caFile: at('ca.pem'), certFile: at('server.pem'), keyFile: at('server.key') };
}
