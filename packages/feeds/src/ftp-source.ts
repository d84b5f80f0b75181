import { PassThrough, Writable } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import {
  type ApiError,
  AuthenticationError,
  InvalidRequestError,
  NetworkError,
  NotFoundError,
  parseWith,
  ServerError,
  ValidationError,
} from '@dropship/core';
import { createRedactor, type Redactor, redactError } from '@dropship/http';
import { Client, FTPError } from 'basic-ftp';
import { z } from 'zod';
import type { FeedSource } from './feed-types.js';

/** Options of {@link createFtpSource}. */
export interface FtpSourceOptions {
  /** Server host name or address. */
  host: string;
  /** Control port. Default 21 (990 for implicit TLS). */
  port?: number;
  /** User name. Default `anonymous`. */
  user?: string;
  /** Password. Never appears in errors or progress. */
  password?: string;
  /** Path of the file on the server (relative to the login directory unless it starts with `/`). */
  path: string;
  /** FTPS: `true` for explicit TLS (AUTH TLS), `'implicit'` for the legacy implicit mode. Default false. */
  secure?: boolean | 'implicit';
  /** TLS options (`ca`, `servername`, `rejectUnauthorized`, ...). */
  secureOptions?: ConnectionOptions;
  /** Timeout of each FTP exchange and of data silence, in ms. Default 30,000. */
  timeoutMs?: number;
}

const optionsSchema = z.strictObject({
  host: z.string().trim().min(1, 'must be a host name'),
  port: z.number().int().min(1).max(65_535).optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  path: z.string().trim().min(1, 'must be the path of the file on the server'),
  secure: z.union([z.boolean(), z.literal('implicit')]).optional(),
  secureOptions: z
    .custom<ConnectionOptions>((value) => typeof value === 'object' && value !== null, 'must be an object')
    .optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** Reads `ftp://user:password@host:port/path` or `ftps://…` into options. */
function fromUrl(text: string): FtpSourceOptions {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'ftp:' && url.protocol !== 'ftps:')) {
    throw new ValidationError('FTP URL', [{ path: '', message: 'must be an ftp:// or ftps:// URL' }]);
  }
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    path,
    ...(url.protocol === 'ftps:' ? { secure: true } : {}),
  };
}

/**
 * A feed downloaded from an FTP or FTPS server with `basic-ftp`, streamed: `downloadTo` writes
 * into a stream whose chunks are handed on as they arrive, with backpressure (a slow catalog slows
 * the download; nothing piles up in memory).
 *
 * The description is `ftp://host:port/path` (no user, no password), and every error message is
 * redacted. A refused login is an `AuthenticationError`, a missing file a `NotFoundError`, a
 * transient server reply (4xx) a `ServerError`, a dropped or silent connection a `NetworkError`;
 * a transfer that fails midway makes the iteration throw, never end early.
 *
 * @param options - connection settings, or an `ftp://user:password@host/path` / `ftps://` URL.
 * @param overrides - settings applied over the URL's (for example `{ password }` from a secret store).
 * @throws `ValidationError` for a bad URL or option.
 * @example
 * ```ts
 * const source = createFtpSource({ host: 'ftp.autodist.example', user: 'dealer42', password, path: 'feeds/inventory.csv', secure: true });
 * ```
 */
export function createFtpSource(
  options: FtpSourceOptions | string,
  overrides: Partial<FtpSourceOptions> = {},
): FeedSource<Uint8Array> {
  const base = typeof options === 'string' ? fromUrl(options) : options;
  const settings = parseWith(optionsSchema, { ...base, ...overrides }, 'FTP source options');
  const port = settings.port ?? (settings.secure === 'implicit' ? 990 : 21);
  const scheme = settings.secure ? 'ftps' : 'ftp';
  const description = `${scheme}://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}/${settings.path.replace(/^\//, '')}`;
  const redact: Redactor = createRedactor([
    settings.password,
    settings.user === 'anonymous' ? undefined : settings.user,
  ]);
  const timeoutMs = settings.timeoutMs ?? 30_000;

  function mapFtpError(error: unknown, stage: 'login' | 'download'): ApiError | unknown {
    const details = {
      service: 'ftp',
      method: stage === 'login' ? 'LOGIN' : 'RETR',
      url: description,
      cause: redactError(error, redact),
    };
    const said = redact(error instanceof Error ? error.message : String(error));
    if (error instanceof FTPError) {
      if (error.code === 530)
        return new AuthenticationError(`ftp: ${description}: the server refused the login (${said})`, details);
      if (error.code === 550 || error.code === 553)
        return new NotFoundError(`ftp: ${description}: no such file (${said})`, details);
      if (error.code >= 400 && error.code < 500)
        return new ServerError(`ftp: ${description}: temporary failure during ${stage} (${said})`, details);
      return new InvalidRequestError(`ftp: ${description}: ${stage} failed (${said})`, details);
    }
    return new NetworkError(`ftp: ${description}: connection failed during ${stage} (${said})`, details);
  }

  return {
    description,
    async open(openOptions = {}) {
      const signal = openOptions.signal;
      signal?.throwIfAborted();
      const client = new Client(timeoutMs);
      client.ftp.verbose = false;
      const closeOnAbort = () => client.close();
      signal?.addEventListener('abort', closeOnAbort, { once: true });
      try {
        await client.access({
          host: settings.host,
          port,
          user: settings.user ?? 'anonymous',
          password: settings.password ?? 'guest',
          secure: settings.secure ?? false,
          ...(settings.secureOptions ? { secureOptions: settings.secureOptions } : {}),
        });
      } catch (error) {
        client.close();
        signal?.removeEventListener('abort', closeOnAbort);
        if (signal?.aborted) throw signal.reason;
        throw mapFtpError(error, 'login');
      }

      // SIZE first: a missing file fails fast and clearly (some servers answer a failed RETR
      // with a generic code). Servers without SIZE (or refusing it for other reasons) are fine.
      try {
        await client.size(settings.path);
      } catch (error) {
        if (error instanceof FTPError && error.code === 550) {
          client.close();
          signal?.removeEventListener('abort', closeOnAbort);
          throw mapFtpError(error, 'download');
        }
        if (!(error instanceof FTPError)) {
          client.close();
          signal?.removeEventListener('abort', closeOnAbort);
          throw signal?.aborted ? signal.reason : mapFtpError(error, 'download');
        }
      }

      const output = new PassThrough({ highWaterMark: 256 * 1024 });
      // The error reaches the reader through the iterator; this listener only keeps an error
      // raised before the reader starts from being an uncaught 'error' event.
      output.on('error', () => undefined);
      // basic-ftp ends its destination even when the transfer fails, so the reader must not see
      // that end: this sink forwards data only, and `output` is ended once the transfer succeeded.
      const sink = new Writable({
        highWaterMark: 256 * 1024,
        write(chunk: Buffer, _encoding, callback) {
          if (output.destroyed) return callback(new Error('the reader stopped'));
          if (output.write(chunk)) return callback();
          let called = false;
          const resume = (error?: Error) => {
            if (called) return;
            called = true;
            output.off('drain', onDrain);
            output.off('close', onClose);
            callback(error);
          };
          const onDrain = () => resume();
          const onClose = () => resume(new Error('the reader stopped'));
          output.once('drain', onDrain);
          output.once('close', onClose);
        },
        final(callback) {
          callback();
        },
      });
      const transfer = client.downloadTo(sink, settings.path).then(
        () => {
          output.end();
        },
        (error: unknown) => {
          output.destroy((signal?.aborted ? signal.reason : mapFtpError(error, 'download')) as Error);
        },
      );

      return (async function* chunks() {
        try {
          for await (const chunk of output) yield chunk as Buffer;
          await transfer;
        } finally {
          signal?.removeEventListener('abort', closeOnAbort);
          client.close();
          output.destroy();
        }
      })();
    },
  };
}
