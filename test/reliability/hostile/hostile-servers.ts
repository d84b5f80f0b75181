import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Loopback servers of the hostile-vendor suite that the simulators cannot play: the other origin a
// redirect points to (it records what reached it), and a server that streams a very large body
// without holding it in memory (so the suite measures the client's memory, not the server's).

/** One request the trap server received, as it arrived. */
export interface TrappedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A loopback server on another origin that records every request reaching it. */
export interface TrapServer {
  /** `http://127.0.0.1:<port>`: a different origin from every simulator's. */
  readonly origin: string;
  /** Every request received since the last `clear`. */
  readonly requests: readonly TrappedRequest[];
  /** Forgets the recorded requests. */
  clear(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

async function readAll(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Starts the redirect target: it answers every request with HTTP 200 and an empty JSON object
 * (what a client that follows the redirect would then read) and records method, URL, headers and
 * body, so a test can tell whether any credential left for this other host.
 */
export async function startTrapServer(): Promise<TrapServer> {
  const requests: TrappedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    void readAll(incoming).then((body) => {
      const headers: Record<string, string> = {};
      for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
        headers[(incoming.rawHeaders[index] as string).toLowerCase()] = incoming.rawHeaders[index + 1] as string;
      }
      requests.push({ method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers, body });
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      outgoing.end('{}');
    });
  });
  const origin = await listen(server);
  return {
    origin,
    get requests() {
      return requests;
    },
    clear: () => {
      requests.length = 0;
    },
    close: () => stop(server),
  };
}

/** A loopback server streaming one large JSON body to every request. */
export interface LargeBodyServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Bytes the server wrote in total (all requests), to show the client stopped reading early. */
  readonly bytesWritten: number;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a server answering every request with HTTP 200 `application/json` and a body of
 * `totalBytes` (`{"padding":"xxx…"}`), written in 64 KiB chunks from one reused buffer with
 * back-pressure, so the server itself holds almost nothing. Stops writing when the client
 * closes the connection.
 *
 * @param totalBytes - size of each answer's body.
 */
export async function startLargeBodyServer(totalBytes: number): Promise<LargeBodyServer> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let bytesWritten = 0;
  const server = createServer((incoming, outgoing) => {
    incoming.resume();
    outgoing.writeHead(200, { 'content-type': 'application/json' });
    const head = Buffer.from('{"padding":"');
    const tail = Buffer.from('"}');
    let remaining = totalBytes - head.length - tail.length;
    outgoing.write(head);
    bytesWritten += head.length;
    const pump = (): void => {
      while (remaining > 0 && !outgoing.destroyed) {
        const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
        remaining -= piece.length;
        bytesWritten += piece.length;
        if (!outgoing.write(piece)) {
          outgoing.once('drain', pump);
          return;
        }
      }
      if (!outgoing.destroyed) outgoing.end(tail);
    };
    pump();
  });
  const origin = await listen(server);
  return {
    origin,
    get bytesWritten() {
      return bytesWritten;
    },
    close: () => stop(server),
  };
}
