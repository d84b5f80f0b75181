import { z } from 'zod';
import { AuthenticationError } from '../errors/authentication-error.js';
import { NetworkError } from '../errors/network-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ResponseParseError } from '../errors/response-parse-error.js';
import { ServerError } from '../errors/server-error.js';
import { parseWith } from '../model/parse.js';

/**
 * Every kind of failure a fake can inject, in a stable order (for figures and loops). The one
 * fault vocabulary of the SDK: the in-memory mocks of `@dropship/core/test` and the HTTP
 * simulators of `@dropship/testing` (which re-exports it) take the same kinds.
 */
export const faultKinds = [
  'server-error',
  'rate-limit',
  'drop-connection',
  'timeout',
  'lost-response',
  'malformed-body',
  'unauthorized',
  'hostile-answer',
] as const;

/**
 * A kind of failure, and what a client sees (the HTTP simulators answer it on the wire, the
 * in-memory mocks throw what a real client would throw):
 * - `server-error`: HTTP 503, the server did not act → `ServerError`;
 * - `rate-limit`: HTTP 429 with `Retry-After`, the server did not act → `RateLimitError`;
 * - `drop-connection`: the connection drops before the server acts → `NetworkError`;
 * - `timeout`: no answer within the client's timeout, the server did not act → `NetworkError`;
 * - `lost-response`: the server acts (stores the order, records the push, sends the email), then
 *   the connection drops → `NetworkError`: the "never twice" case;
 * - `malformed-body`: HTTP 200 with a body that is not what the API returns, the server did not
 *   act → `ResponseParseError`;
 * - `unauthorized`: HTTP 401 → `AuthenticationError`;
 * - `hostile-answer`: what a broken vendor or proxy sends (a maintenance page with status 200, an
 *   empty or unexpected body, a redirect to another host, ...; the simulators take which one in
 *   `Fault.hostile`), the server did not act → the in-memory mocks throw `ResponseParseError`.
 */
export type FaultKind = (typeof faultKinds)[number];

/** One fault to inject into the next matching calls of an in-memory mock. */
export interface MockFault {
  /** What goes wrong. */
  kind: FaultKind;
  /**
   * Which operations it applies to; default every operation. The mocks use the simulators'
   * names: a distributor `stock`, `submit-look-up` (the look-up `submitOrder` makes before it
   * creates), `submit` (the create), `find-order`, `shipments`, `cancel`; a marketplace
   * `read-order` (the read `pushTracking` makes before it writes) and `push-tracking`; a
   * notifier `send`.
   */
  operations?: readonly string[];
  /** How many matching calls fail. Default 1. */
  times?: number;
  /** `Retry-After` of a `rate-limit` fault, in seconds. Default 1. */
  retryAfterSeconds?: number;
}

/** A fault that fired: its kind and the operation it hit. */
export interface FiredFault {
  /** The kind of the fault. */
  kind: FaultKind;
  /** The operation it hit. */
  operation: string;
}

const mockFaultSchema = z.strictObject({
  kind: z.enum(faultKinds),
  operations: z.array(z.string().min(1)).min(1).optional(),
  times: z.number().int().min(1).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
});

/**
 * The error a real client throws for `fault` on `operation` of `service` (messages name the
 * service and the operation, never a credential).
 *
 * @param fault - the fault that fired.
 * @param service - the distributor, marketplace or transport id.
 * @param operation - the operation it hit.
 */
export function errorForFault(fault: MockFault, service: string, operation: string): Error {
  const where = `${service} ${operation}`;
  switch (fault.kind) {
    case 'server-error':
      return new ServerError(`${where}: HTTP 503 Service Unavailable (injected fault)`, { service, status: 503 });
    case 'rate-limit':
      return new RateLimitError(`${where}: HTTP 429 Too Many Requests (injected fault)`, {
        service,
        status: 429,
        retryAfterMs: (fault.retryAfterSeconds ?? 1) * 1000,
      });
    case 'drop-connection':
      return new NetworkError(`${where}: connection dropped before an answer (injected fault)`, { service });
    case 'timeout':
      return new NetworkError(`${where}: no answer within the timeout (injected fault)`, { service });
    case 'lost-response':
      return new NetworkError(`${where}: connection dropped before an answer (injected fault)`, { service });
    case 'malformed-body':
      return new ResponseParseError(`${where}: the answer is not what the API returns (injected fault)`, {
        service,
        status: 200,
      });
    case 'unauthorized':
      return new AuthenticationError(`${where}: HTTP 401 Unauthorized (injected fault)`, { service, status: 401 });
    case 'hostile-answer':
      return new ResponseParseError(
        `${where}: an answer that is not the API's, such as a maintenance page (injected fault)`,
        {
          service,
          status: 200,
        },
      );
  }
}

/** The faults of one mock: queued in the order injected, each consumed by the calls it fails. */
export class FaultQueue {
  readonly #queue: { fault: MockFault; left: number }[] = [];
  readonly #fired: FiredFault[] = [];

  /**
   * Queues a fault after checking its shape.
   *
   * @throws ValidationError for an unknown kind, an unknown key or a `times` below 1.
   */
  add(fault: MockFault): void {
    const parsed = parseWith(mockFaultSchema, fault, 'mock fault') as MockFault;
    this.#queue.push({ fault: parsed, left: parsed.times ?? 1 });
  }

  /** The first queued fault for `operation`, consumed and counted as fired; undefined when none. */
  take(operation: string): MockFault | undefined {
    const index = this.#queue.findIndex(
      (entry) => entry.fault.operations === undefined || entry.fault.operations.includes(operation),
    );
    if (index < 0) return undefined;
    const entry = this.#queue[index] as { fault: MockFault; left: number };
    entry.left--;
    if (entry.left === 0) this.#queue.splice(index, 1);
    this.#fired.push({ kind: entry.fault.kind, operation });
    return entry.fault;
  }

  /** Faults still queued, with the `times` left. */
  pending(): MockFault[] {
    return this.#queue.map(({ fault, left }) => ({ ...fault, times: left }));
  }

  /** Every fault that fired, in order. */
  fired(): FiredFault[] {
    return this.#fired.map((entry) => ({ ...entry }));
  }

  /** Drops queued faults and forgets the fired ones. */
  clear(): void {
    this.#queue.length = 0;
    this.#fired.length = 0;
  }
}
