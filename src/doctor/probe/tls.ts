import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { endpointOf, type NetOptions } from './endpoints.js';
import { bounded, describeFailure, timeoutError } from './failure.js';

export interface TlsAnswer {
  /** Where the handshake went, for rows. */
  readonly where: string;
  /** The chain verifies against the trusted roots. */
  readonly trusted: boolean;
  /** Why it does not, in OpenSSL's words (`DEPTH_ZERO_SELF_SIGNED_CERT`). */
  readonly trustError?: string;
  /** Why the certificate does not cover the host; undefined when it does. */
  readonly coverError?: string;
  readonly validTo: Date;
  readonly subject: string;
}

export type TlsResult = { readonly ok: true; readonly answer: TlsAnswer } | { readonly ok: false; readonly error: string };

/** A TLS handshake with SNI set to the host; the certificate is read, never trusted blindly. */
export function tlsProbe(net: NetOptions, host: string, port: number, timeoutMs: number): Promise<TlsResult> {
  const endpoint = endpointOf(net, host, port);
  const timedOut: TlsResult = { ok: false, error: describeFailure(timeoutError(), endpoint.label, timeoutMs) };
  return bounded<TlsResult>(timeoutMs, timedOut, (finish) => {
    // Verification is judged below, so a bad certificate becomes a row saying why, not a dropped connection.
    const socket = connect({
      host: endpoint.connectHost,
      port: endpoint.connectPort,
      servername: host,
      rejectUnauthorized: false,
      ...(net.lookup ? { lookup: net.lookup } : {}),
      ...(net.ca !== undefined ? { ca: net.ca } : {}),
    });
    socket.on('error', (error) => finish({ ok: false, error: describeFailure(error, endpoint.label, timeoutMs) }));
    socket.on('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      if (!cert || Object.keys(cert).length === 0) return finish({ ok: false, error: `${endpoint.label}: the server sent no certificate` });
      const cover = checkServerIdentity(host, cert);
      const trustError = socket.authorizationError;
      finish({
        ok: true,
        answer: {
          where: endpoint.label,
          trusted: socket.authorized,
          ...(trustError ? { trustError: String(trustError) } : {}),
          ...(cover ? { coverError: cover.message } : {}),
          validTo: new Date(cert.valid_to),
          subject: [cert.subject?.CN ?? ''].flat().join(', '),
        },
      });
    });
    return () => socket.destroy();
  });
}
