import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { endpointOf, portOf, type NetOptions } from './endpoints.js';
import { bounded, describeFailure, shownUrl, timeoutError } from './failure.js';

export interface HttpAnswer {
  readonly status: number;
  /** The Location header of a redirect, resolved against the request URL. */
  readonly location?: string;
  /** At most maxBodyBytes of the body, as text. */
  readonly body: string;
}

export type HttpResult = { readonly ok: true; readonly answer: HttpAnswer } | { readonly ok: false; readonly error: string };

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: OutgoingHttpHeaders;
  /** Sent as JSON. */
  readonly json?: unknown;
  readonly timeoutMs: number;
}

const maxBodyBytes = 256 * 1024;

/**
 * One HTTP(S) request, redirects not followed, no cookies: what a browser without a session sees.
 * It always settles, with an answer or a failure in words, within `timeoutMs`.
 */
export function httpProbe(net: NetOptions, url: string, req: HttpRequest): Promise<HttpResult> {
  const target = new URL(url);
  const endpoint = endpointOf(net, target.hostname, portOf(target));
  const where = shownUrl(target);
  const body = req.json === undefined ? undefined : Buffer.from(JSON.stringify(req.json));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const timedOut: HttpResult = { ok: false, error: describeFailure(timeoutError(), where, req.timeoutMs) };
  return bounded<HttpResult>(req.timeoutMs, timedOut, (finish) => {
    const outgoing = send({
      host: endpoint.connectHost,
      port: endpoint.connectPort,
      servername: isAddress(target.hostname) ? undefined : target.hostname,
      path: `${target.pathname}${target.search}`,
      method: req.method ?? 'GET',
      headers: {
        host: target.host,
        accept: 'application/json, text/html;q=0.9, */*;q=0.8',
        ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
        ...req.headers,
      },
      rejectUnauthorized: !net.insecure,
      agent: false,
      ...(net.lookup ? { lookup: net.lookup } : {}),
      ...(net.ca !== undefined ? { ca: net.ca } : {}),
    });
    outgoing.on('error', (error) => finish({ ok: false, error: describeFailure(error, where, req.timeoutMs) }));
    outgoing.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < maxBodyBytes) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('error', (error) => finish({ ok: false, error: describeFailure(error, where, req.timeoutMs) }));
      response.on('end', () => {
        const location = response.headers.location;
        finish({
          ok: true,
          answer: {
            status: response.statusCode ?? 0,
            ...(location !== undefined ? { location: new URL(location, target).href } : {}),
            body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8'),
          },
        });
      });
    });
    outgoing.end(body);
    return () => outgoing.destroy();
  });
}

/** SNI takes names only. */
const isAddress = (host: string) => /^[\d.]+$/.test(host) || host.startsWith('[');
