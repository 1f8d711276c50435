/**
 * The Chatwoot client's HTTP transport: node:http(s) over keep-alive agents, in the shape of the
 * `Request` class and `fetch` function openapi-fetch accepts. Global fetch builds WHATWG Request,
 * Headers, AbortSignal and stream objects around every call; at hundreds of sends a second those
 * cost more CPU than the rest of a send (bench/README.md). Only what openapi-fetch and our client
 * use is provided: url, method, headers, a string body and a signal; status, ok, headers.get,
 * text() and json(). Failures look like fetch's: a network error is a TypeError whose `cause` is
 * the socket error, a timeout rejects with the signal's reason (a TimeoutError).
 */
import http from 'node:http';
import https from 'node:https';

// Idle sockets are closed after 4 s (as undici does), before a server's own keep-alive timeout
// (Node and most proxies: 5 s or more) could close one just as a request is written to it.
const agentOptions = { keepAlive: true, maxSockets: 64, timeout: 4_000 };
const agents: Record<string, http.Agent> = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

export class LeanRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;

  constructor(url: string | URL, init: RequestInit = {}) {
    if (init.body != null && typeof init.body !== 'string') throw new TypeError('The Chatwoot transport sends JSON text bodies only');
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? undefined;
    this.signal = init.signal ?? undefined;
  }
}

class LeanResponse {
  constructor(
    readonly status: number,
    private readonly rawHeaders: http.IncomingHttpHeaders,
    private readonly bodyText: string,
  ) {}

  get ok() {
    return this.status >= 200 && this.status < 300;
  }

  readonly headers = {
    get: (name: string): string | null => {
      const value = this.rawHeaders[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };

  async text() {
    return this.bodyText;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bodyText);
  }
}

export function leanFetch(request: LeanRequest): Promise<LeanResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) return reject(signal.reason);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));

    const settle = () => signal?.removeEventListener('abort', onAbort);
    const fail = (err: Error) => {
      settle();
      reject(new TypeError('fetch failed', { cause: err }));
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: request.method, headers, agent: agents[url.protocol] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        settle();
        resolve(new LeanResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8')));
      });
    });
    const onAbort = () => {
      settle();
      reject(signal!.reason);
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(request.body);
  });
}
