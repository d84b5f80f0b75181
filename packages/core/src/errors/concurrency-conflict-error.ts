import { DropshipError, markerCheck } from './dropship-error.js';

const check = markerCheck<ConcurrencyConflictError>('concurrency-conflict');

/**
 * A write lost a race: the record changed (or was created) since it was read. Read it again
 * and re-apply the change.
 */
export class ConcurrencyConflictError extends DropshipError {
  /** Kind of record, for example `purchase order`. */
  readonly entity: string;
  /** The record's key, for example the PO number. */
  readonly key: string;
  /** The version the writer expected (undefined for a create). */
  readonly expectedVersion: number | undefined;
  /** The version found (undefined when the record does not exist). */
  readonly actualVersion: number | undefined;

  /**
   * @param entity - kind of record.
   * @param key - its key.
   * @param expectedVersion - the version the writer expected.
   * @param actualVersion - the version found.
   */
  constructor(entity: string, key: string, expectedVersion?: number, actualVersion?: number) {
    const detail =
      expectedVersion === undefined
        ? 'already exists'
        : `expected version ${expectedVersion}, found ${actualVersion === undefined ? 'none' : actualVersion}`;
    super('concurrency-conflict', `${entity} ${key}: stale write (${detail})`);
    check.mark(this);
    this.entity = entity;
    this.key = key;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /** True when `error` is a {@link ConcurrencyConflictError}. */
  static override isInstance(error: unknown): error is ConcurrencyConflictError {
    return check.is(error);
  }
}
