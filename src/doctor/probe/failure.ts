import { seconds } from '../deadline.js';

/** A probe that got no answer, in words for a row. */
export function describeFailure(error: unknown, where: string, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'TIMEOUT':
      return `no answer from ${where} within ${seconds(timeoutMs)}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: the name does not resolve`;
    case 'ECONNREFUSED':
      return `${where}: connection refused`;
    case 'ECONNRESET':
      return `${where}: the connection was reset`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where}: no route to the address`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `${where}: ${code !== undefined && !message.includes(code) ? `${code}: ` : ''}${message}`;
    }
  }
}

export function timeoutError(): Error {
  return Object.assign(new Error('timed out'), { code: 'TIMEOUT' });
}

/** A URL as rows show it: never with a user or password. */
export function shownUrl(url: URL | string): string {
  const copy = new URL(String(url));
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/**
 * Settles with the first result a probe reports, or with `timedOut` once `timeoutMs` is up. Either
 * way the probe's `destroy` then frees its socket.
 */
export function bounded<T>(timeoutMs: number, timedOut: T, start: (finish: (result: T) => void) => () => void): Promise<T> {
  return new Promise((settle) => {
    let done = false;
    const finish = (result: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(result);
      destroy();
    };
    const destroy = start(finish);
    const timer = setTimeout(() => finish(timedOut), timeoutMs);
  });
}
