import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/**
 * Decides how one request is answered: call `next()` to let the handlers answer it (the
 * simulator acts then), return that response, another one, or a promise that never settles to
 * stall the caller (a crash test kills the caller meanwhile).
 */
export type ServeMiddleware = (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>;

/** Options of {@link serveHandlers}. */
export interface ServeHandlersOptions {
  /** The port on 127.0.0.1. Default 0: a free port. */
  port?: number;
  /**
   * The URL the handlers answer on (a simulator's `baseURL`, for example
   * `https://api.wps-inc.com`). Each request's origin (`http://127.0.0.1:<port>`) is replaced by
   * this one's before the handlers see it, and the served `url` keeps its path, so a client given
   * `url` as its base URL reaches the same handlers as one given `baseURL`. Default: requests are
   * passed on as they arrive.
   */
  baseURL?: string;
  /** Sees every request before the handlers (stall, fail or count calls). */
  middleware?: ServeMiddleware;
}

/** Handlers served over real HTTP. */
export interface ServedHandlers {
  /** Give this to a client as its base URL: `http://127.0.0.1:<port>` plus the path of `baseURL`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Stops the server and drops open connections (including stalled ones). */
  close(): Promise<void>;
}

/** Status of a request no handler answers: a test bug, never mistaken for an API's 404. */
const unhandledStatus = 501;

async function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

function toRequest(incoming: IncomingMessage, url: URL, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    const name = incoming.rawHeaders[index] as string;
    if (name.toLowerCase() === 'host') continue;
    headers.append(name, incoming.rawHeaders[index + 1] as string);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, ...(hasBody ? { body } : {}) });
}

async function writeResponse(outgoing: ServerResponse, response: Response): Promise<void> {
  if (response.type === 'error') {
    // MSW's HttpResponse.error(): a dropped connection, as the simulators' faults mean it.
    outgoing.socket?.destroy();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length' && name !== 'transfer-encoding') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, response.statusText || undefined, headers);
  outgoing.end(body);
}

/**
 * Serves MSW request handlers (a simulator's `handlers`) on a real `node:http` server on
 * 127.0.0.1, so that another process (a worker, a child killed by a crash test) can call the
 * simulator while its in-memory state lives on in this process.
 *
 * Requests go through MSW's `getResponse`, so handlers behave as under `setupServer` (path
 * params, faults, delays); an `HttpResponse.error()` drops the connection. A request no handler
 * answers gets a 501 naming the method and URL.
 *
 * @param handlers - the handlers to serve (one simulator's, or several answering on one origin).
 * @param options - port, the URL the handlers answer on, a middleware.
 * @returns the URL to give clients, and `close`.
 * @example
 * ```ts
 * const wps = createWpsSimulator();
 * const served = await serveHandlers(wps.handlers, { baseURL: wps.baseURL });
 * const client = createWps({ apiToken: 'wps-simulator-token', baseURL: served.url }); // in any process
 * await served.close();
 * ```
 */
export async function serveHandlers(
  handlers: readonly RequestHandler[],
  options: ServeHandlersOptions = {},
): Promise<ServedHandlers> {
  const target = options.baseURL === undefined ? undefined : new URL(options.baseURL);
  const list = [...handlers];
  const answer = async (request: Request): Promise<Response> =>
    (await getResponse(list, request)) ??
    new Response(`serveHandlers: no handler for ${request.method} ${request.url}`, {
      status: unhandledStatus,
      headers: { 'content-type': 'text/plain' },
    });
  const middleware = options.middleware;

  const server = createServer((incoming, outgoing) => {
    void (async () => {
      try {
        const body = await readBody(incoming);
        const url = new URL(incoming.url ?? '/', target ?? `http://${incoming.headers.host ?? '127.0.0.1'}`);
        const request = toRequest(incoming, url, body);
        const response = middleware ? await middleware(request, answer) : await answer(request);
        await writeResponse(outgoing, response);
      } catch (error) {
        if (!outgoing.headersSent && !outgoing.destroyed) {
          outgoing.writeHead(500, { 'content-type': 'text/plain' });
          outgoing.end(`serveHandlers: ${error instanceof Error ? error.message : String(error)}`);
        } else {
          outgoing.destroy();
        }
      }
    })();
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const path = target === undefined ? '' : target.pathname.replace(/\/+$/, '');
  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${path}`,
    origin,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
