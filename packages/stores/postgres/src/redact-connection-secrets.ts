import type pg from 'pg';
import type { SqlEngine, SqlSession } from './postgres-executor.js';

/** The text that replaces a connection secret. */
export const REDACTED = '[REDACTED]';

/** Spellings shorter than this are replaced as whole tokens only (not inside a longer word). */
const wholeTokenBelowLength = 16;

/** String fields of a driver error that can quote what it was given. */
const textFields = ['message', 'stack', 'detail', 'hint', 'where', 'input', 'internalQuery', 'connectionString'];

function escapeRegularExpression(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The secrets of a connection: the connection string itself and its password (as written and
 * percent-decoded), or the password of a `pg` pool's options.
 *
 * @param connection - a connection string, a pool, or nothing.
 * @internal
 */
export function connectionSecrets(connection: { connectionString?: string; pool?: pg.Pool }): string[] {
  const secrets: string[] = [];
  const poolOptions = (connection.pool as { options?: { connectionString?: unknown; password?: unknown } } | undefined)
    ?.options;
  const strings = [connection.connectionString, poolOptions?.connectionString].filter(
    (value): value is string => typeof value === 'string',
  );
  if (typeof poolOptions?.password === 'string') secrets.push(poolOptions.password);
  for (const text of strings) {
    secrets.push(text);
    // Not `new URL`: a string it cannot parse must not be echoed either.
    const password = /^[a-z]+:\/\/[^:/?#@]*:([^@/?#]*)@/i.exec(text)?.[1];
    if (password) secrets.push(password, decode(password));
  }
  return [...new Set(secrets.filter((secret) => secret.length > 0))];
}

/**
 * A function that replaces every given secret in a text by `[REDACTED]`, longest first; a short
 * one only where it stands alone (not inside a longer run of letters and digits).
 *
 * @param secrets - the connection secrets.
 * @internal
 */
export function createConnectionRedactor(secrets: readonly string[]): (text: string) => string {
  const ordered = [...secrets].sort((left, right) => right.length - left.length);
  if (ordered.length === 0) return (text) => text;
  const pattern = new RegExp(
    ordered
      .map((secret) => {
        const escaped = escapeRegularExpression(secret);
        return secret.length >= wholeTokenBelowLength ? escaped : `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`;
      })
      .join('|'),
    'g',
  );
  return (text) => text.replace(pattern, REDACTED);
}

/**
 * Scrubs the connection secrets from an error in place (every string field a driver error can
 * quote, then its `cause` chain and the errors of an `AggregateError`), keeping its class and
 * SQLSTATE `code` so that callers can still tell a conflict from a lost connection.
 *
 * @param error - what was thrown.
 * @param redact - the connection's redactor.
 * @returns the same error.
 * @internal
 */
export function scrubConnectionSecrets<T>(error: T, redact: (text: string) => string, depth = 5): T {
  if (typeof error !== 'object' || error === null || depth < 0) return error;
  for (const field of textFields) {
    const descriptor = Object.getOwnPropertyDescriptor(error, field);
    const value = descriptor?.value ?? (field === 'message' ? (error as { message?: unknown }).message : undefined);
    if (typeof value !== 'string') continue;
    const redacted = redact(value);
    if (redacted === value) continue;
    Object.defineProperty(error, field, {
      value: redacted,
      writable: true,
      configurable: true,
      enumerable: descriptor?.enumerable ?? false,
    });
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) scrubConnectionSecrets(cause, redact, depth - 1);
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const inner of errors) scrubConnectionSecrets(inner, redact, depth - 1);
  return error;
}

function scrubbingSession(session: SqlSession, redact: (text: string) => string): SqlSession {
  return {
    async query(text, params) {
      try {
        return await session.query(text, params);
      } catch (error) {
        throw scrubConnectionSecrets(error, redact);
      }
    },
    async transaction(work) {
      try {
        return await session.transaction((inner) => work(scrubbingSession(inner, redact)));
      } catch (error) {
        throw scrubConnectionSecrets(error, redact);
      }
    },
  };
}

/**
 * Wraps an engine so that no error it throws (a failed connection, a refused password, a query
 * error) carries the connection string or its password, in its message, stack, fields or causes.
 *
 * @param engine - the engine.
 * @param secrets - the connection secrets (see {@link connectionSecrets}).
 * @internal
 */
export function withConnectionSecretsScrubbed(engine: SqlEngine, secrets: readonly string[]): SqlEngine {
  if (secrets.length === 0) return engine;
  const redact = createConnectionRedactor(secrets);
  const session = scrubbingSession(engine, redact);
  return {
    kind: engine.kind,
    query: session.query,
    transaction: session.transaction,
    async close() {
      try {
        await engine.close();
      } catch (error) {
        throw scrubConnectionSecrets(error, redact);
      }
    },
  };
}
