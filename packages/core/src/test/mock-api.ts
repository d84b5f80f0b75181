import { AuthenticationError } from '../errors/authentication-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import type { SalesOrder } from '../model/sales-order.js';
import type { CallOptions } from '../spec/v1/distributor-client.js';
import type { ShipmentNotice } from '../spec/v1/marketplace-adapter.js';
import { errorForFault, FaultQueue, type FiredFault, type MockFault } from './faults.js';

/** The token every mock server accepts unless told otherwise. */
export const defaultMockToken = 'mock-api-token';

/**
 * The part every in-memory "server" shares: it counts the calls it serves per operation, refuses
 * a wrong token (`AuthenticationError`, the token not in the message), and fails calls with the
 * injected faults as a real API would (only `lost-response` acts before failing).
 */
export class MockApi {
  readonly #service: string;
  readonly #validToken: string;
  readonly #faults = new FaultQueue();
  readonly #calls = new Map<string, number>();
  readonly #times = new Map<string, number[]>();

  /**
   * @param service - the distributor, marketplace or transport id, named in errors.
   * @param validToken - the only credential it accepts.
   */
  constructor(service: string, validToken: string) {
    this.#service = service;
    this.#validToken = validToken;
  }

  /**
   * Serves one call of `operation`: counts it, checks the token, then either acts (`act()`) or
   * fails with the next matching fault. A `lost-response` fault acts first (whatever `act`
   * throws is lost with the answer) and then fails; every other fault fails without acting.
   *
   * @param operation - the operation name faults are matched on.
   * @param token - the credential the client sent.
   * @param act - the server's real work.
   * @param onFault - told which fault fired, before the error is thrown.
   */
  serve<T>(operation: string, token: string, act: () => T, onFault?: (fault: MockFault) => void): T {
    this.#calls.set(operation, (this.#calls.get(operation) ?? 0) + 1);
    let times = this.#times.get(operation);
    if (times === undefined) {
      times = [];
      this.#times.set(operation, times);
    }
    times.push(Date.now());
    if (token !== this.#validToken) {
      throw new AuthenticationError(`${this.#service} ${operation}: HTTP 401 Unauthorized (the token was refused)`, {
        service: this.#service,
        status: 401,
      });
    }
    const fault = this.#faults.take(operation);
    if (fault === undefined) return act();
    if (fault.kind === 'lost-response') {
      try {
        act();
      } catch {
        // The answer, refusal included, is lost with the connection.
      }
    }
    onFault?.(fault);
    throw errorForFault(fault, this.#service, operation);
  }

  /** Queues a fault for the next matching calls. */
  injectFault(fault: MockFault): void {
    this.#faults.add(fault);
  }

  /** Faults still queued. */
  pendingFaults(): MockFault[] {
    return this.#faults.pending();
  }

  /** Faults that fired, in order, with the operation each hit. */
  firedFaults(): FiredFault[] {
    return this.#faults.fired();
  }

  /** Calls served for `operation`, or in all. */
  callCount(operation?: string): number {
    if (operation !== undefined) return this.#calls.get(operation) ?? 0;
    let total = 0;
    for (const count of this.#calls.values()) total += count;
    return total;
  }

  /** When the calls of `operation` (or every call) arrived, in ms since the epoch. */
  requestTimes(operation?: string): number[] {
    if (operation !== undefined) return [...(this.#times.get(operation) ?? [])];
    return [...this.#times.values()].flat().sort((left, right) => left - right);
  }

  /** Forgets calls and faults. */
  reset(): void {
    this.#faults.clear();
    this.#calls.clear();
    this.#times.clear();
  }
}

/** How many times a mock client sends a call again after a 429, as the SDK's HTTP client does. */
export const rateLimitRetries = 2;

/**
 * Sends one call to a mock server the way a real client does: after a pause (other calls may
 * run in between, as over a network), and again after a 429 (the server did not act) up to
 * {@link rateLimitRetries} times, without waiting for `Retry-After` (tests stay fast).
 *
 * @param call - the call to the mock server.
 * @param options - the caller's abort signal.
 */
export async function sendToMock<T>(call: () => T, options?: CallOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    await Promise.resolve();
    throwIfAborted(options);
    try {
      return call();
    } catch (error) {
      if (!RateLimitError.isInstance(error) || attempt >= rateLimitRetries) throw error;
    }
  }
}

/** Throws the abort reason when the caller's signal is aborted. */
export function throwIfAborted(options: CallOptions | undefined): void {
  const signal = options?.signal;
  if (signal?.aborted === true) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** Counts calls per operation and, optionally, per key (a PO number, a shipment id). */
export class CallCounter<Operation extends string> {
  readonly #counts = new Map<string, number>();

  /** Counts one call of `operation`, about `key` when given. */
  count(operation: Operation, key?: string): void {
    this.#counts.set(operation, (this.#counts.get(operation) ?? 0) + 1);
    if (key !== undefined) {
      const keyed = `${operation}\u0000${key}`;
      this.#counts.set(keyed, (this.#counts.get(keyed) ?? 0) + 1);
    }
  }

  /** Calls of `operation` (about `key` when given), or every call. */
  get(operation?: Operation, key?: string): number {
    if (operation !== undefined)
      return this.#counts.get(key === undefined ? operation : `${operation}\u0000${key}`) ?? 0;
    let total = 0;
    for (const [name, value] of this.#counts) if (!name.includes('\u0000')) total += value;
    return total;
  }

  /** Forgets every count. */
  clear(): void {
    this.#counts.clear();
  }
}

/** Checks the `{ order, shipment }` input of a push or a notification, as a real adapter would. */
export function checkNoticeInput(input: { order: SalesOrder; shipment: ShipmentNotice }, subject: string): void {
  const issues: ValidationIssue[] = [];
  if (typeof input !== 'object' || input === null)
    throw new ValidationError(subject, [{ path: '', message: 'must be { order, shipment }' }]);
  if (typeof input.order?.marketplaceOrderId !== 'string')
    issues.push({ path: 'order.marketplaceOrderId', message: 'must be a string' });
  if (typeof input.shipment?.id !== 'string' || input.shipment.id.length === 0)
    issues.push({ path: 'shipment.id', message: 'must be a non-empty string' });
  if (typeof input.shipment?.trackingNumber !== 'string' || input.shipment.trackingNumber.length === 0) {
    issues.push({ path: 'shipment.trackingNumber', message: 'must be a non-empty string' });
  }
  if (issues.length > 0) throw new ValidationError(subject, issues);
}

/** A short upper-case prefix for references made up by a mock, from its id. */
export function referencePrefixOf(id: string): string {
  return (
    id
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 6) || 'MOCK'
  );
}
