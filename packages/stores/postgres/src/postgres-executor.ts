import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';

/** Rows of a query, and how many rows it wrote (for INSERT/UPDATE/DELETE). */
export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * Runs SQL, on PGlite or on a PostgreSQL server alike. Parameters are `$1`, `$2`, ...; pass
 * JSON as text and cast it (`$1::text::jsonb`), arrays as JS arrays with a cast (`$1::text[]`).
 * Its `query` has the shape pg-boss expects of `db.executeSql`, so a job can be enqueued on
 * the same connection (and transaction) as a state change.
 */
export interface SqlExecutor {
  /** Runs one statement. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/** An executor that can open a transaction (a nested one is a savepoint). */
export interface SqlSession extends SqlExecutor {
  /**
   * Runs `work` in a transaction on one connection: committed when it resolves, rolled back
   * when it throws. Inside, use only the executor it receives (the outer one waits for the
   * transaction to end, so using it would deadlock on PGlite and on a pool of one).
   */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
}

/** A database the store runs on: PGlite (embedded) or a pg pool (server). */
export interface SqlEngine extends SqlSession {
  /** `pglite` for the embedded database, `server` for a PostgreSQL server. */
  readonly kind: 'pglite' | 'server';
  /** Closes what the engine opened (not a pool or PGlite instance you passed in). */
  close(): Promise<void>;
}

/** Runs `work` inside a savepoint of an open transaction. */
function savepointSession(executor: SqlExecutor, depth: number): SqlSession {
  const session: SqlSession = {
    query: (text, params) => executor.query(text, params),
    async transaction(work) {
      const name = `dropship_savepoint_${depth}`;
      await executor.query(`SAVEPOINT ${name}`);
      try {
        const result = await work(savepointSession(executor, depth + 1));
        await executor.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await executor.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
  };
  return session;
}

function pgliteExecutor(database: Pick<PGlite | PgliteTransaction, 'query'>): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await database.query<Row>(text, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/**
 * An engine over a PGlite instance: queries go through PGlite's own queue, transactions
 * through `PGlite.transaction` (other queries wait until it ends).
 *
 * @param database - the PGlite instance.
 * @param onClose - what to do on `close()` (close the instance when the store opened it).
 * @internal
 */
export function createPgliteEngine(database: PGlite, onClose: () => Promise<void>): SqlEngine {
  const executor = pgliteExecutor(database);
  return {
    kind: 'pglite',
    query: executor.query,
    transaction: (work) =>
      database.transaction((transaction) => work(savepointSession(pgliteExecutor(transaction), 1))),
    close: onClose,
  };
}

function pgExecutor(client: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

/**
 * An engine over a node-postgres pool: queries on any pooled connection, transactions on
 * one connection held from BEGIN to COMMIT/ROLLBACK.
 *
 * @param pool - the pool.
 * @param onClose - what to do on `close()` (end the pool when the store created it).
 * @internal
 */
export function createPoolEngine(pool: pg.Pool, onClose: () => Promise<void>): SqlEngine {
  const executor = pgExecutor(pool);
  return {
    kind: 'server',
    query: executor.query,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(savepointSession(pgExecutor(client), 1));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: onClose,
  };
}
