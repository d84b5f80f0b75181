import { inspect } from 'node:util';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from './postgres-store.js';
import { connectionSecrets, createConnectionRedactor, scrubConnectionSecrets } from './redact-connection-secrets.js';

const connectionString = 'postgres://dropship:SENTINEL-DB-PASSWORD%2342@db.internal:5432/dropship';

/** Everything a caller or a log could show of an error. */
function everythingShown(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 10, showHidden: true })];
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current));
  }
  return parts.join('\n');
}

describe('connection secrets', () => {
  it('are the connection string and its password, as written and decoded', () => {
    expect(connectionSecrets({ connectionString })).toEqual([
      connectionString,
      'SENTINEL-DB-PASSWORD%2342',
      'SENTINEL-DB-PASSWORD#42',
    ]);
    expect(connectionSecrets({})).toEqual([]);
  });

  it('replace a short password only where it stands alone, so that other words stay readable', () => {
    const redact = createConnectionRedactor(connectionSecrets({ connectionString: 'postgres://app:pg42@db/app' }));
    expect(redact('password "pg42" refused; pg420 and xpg42 are other words')).toBe(
      'password "[REDACTED]" refused; pg420 and xpg42 are other words',
    );
  });

  it('are scrubbed from every text field of an error and down its cause chain, keeping its class and code', () => {
    const redact = createConnectionRedactor(connectionSecrets({ connectionString }));
    const root = Object.assign(new TypeError(`Invalid URL: ${connectionString}`), { input: connectionString });
    const error = Object.assign(
      new Error('invalid input syntax for type integer: "SENTINEL-DB-PASSWORD#42"', { cause: root }),
      {
        code: '22P02',
        detail: 'value SENTINEL-DB-PASSWORD%2342',
      },
    );
    expect(scrubConnectionSecrets(error, redact)).toBe(error);
    expect(error.code).toBe('22P02');
    expect(error.message).toBe('invalid input syntax for type integer: "[REDACTED]"');
    expect(everythingShown(error)).not.toContain('SENTINEL-DB-PASSWORD');
    expect(root).toBeInstanceOf(TypeError);
  });
});

describe('createPostgresStore with a pool whose errors quote the connection', () => {
  it('fails without the password anywhere in the error', async () => {
    let queries = 0;
    const failing = () => {
      queries += 1;
      return Promise.reject(
        new Error(`connection to ${connectionString} failed`, {
          cause: new Error('password SENTINEL-DB-PASSWORD#42 refused'),
        }),
      );
    };
    const pool = { options: { connectionString }, query: failing, connect: failing, end: async () => {} };
    const error = await createPostgresStore({ pool: pool as unknown as pg.Pool }).catch((caught: unknown) => caught);
    expect(queries).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('connection to [REDACTED] failed');
    expect(everythingShown(error)).not.toContain('SENTINEL-DB-PASSWORD');
  });
});
