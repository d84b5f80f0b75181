import { faultKinds } from '@dropship/core/test';
import { delay, HttpResponse } from 'msw';
import { hostileAnswerResponse } from './simulator-utilities.js';
import type { Fault, FaultKind } from './testing-types.js';

// Every fault kind, in a stable order: the one list, defined in `@dropship/core/test`.
export { faultKinds };

/**
 * Operation names every simulator uses for the calls the conformance suites target, so that a
 * fault such as `{ kind: 'lost-response', operations: ['submit'] }` means the same thing in every
 * simulator. A simulator may pass more specific names too (`take('submit', 'cart-submit')`).
 */
export const standardOperations = {
  /** Real-time stock lookup. */
  stock: 'stock',
  /** The call that makes the order exist at the distributor (WPS: the cart submit). */
  submit: 'submit',
  /** Order lookup by PO number. */
  findOrder: 'find-order',
  /** Shipment / tracking lookup (one PO, many POs or a date range). */
  shipments: 'shipments',
  /** Order cancellation. */
  cancel: 'cancel',
  /** OAuth token request. */
  token: 'token',
  /** A marketplace order read (existing fulfillments). */
  readOrder: 'read-order',
  /** The call that records a fulfillment / tracking at a marketplace. */
  pushTracking: 'push-tracking',
  /** A page of a marketplace's order listing (order intake), per-order detail calls included. */
  listOrders: 'list-orders',
  /** A marketplace's order acknowledgement (Walmart). */
  acknowledgeOrders: 'acknowledge-orders',
  /** A marketplace's bulk quantity and price update (one call per batch). */
  pushListings: 'push-listings',
  /** A marketplace's status call for queued listing updates (Amazon, Walmart feeds). */
  confirmListings: 'confirm-listings',
  /** A marketplace's read of what its listings show (quantity, price). */
  readListings: 'read-listings',
  /** A marketplace's answer to a buyer's cancel request (eBay, Walmart). */
  answerCancellation: 'answer-cancellation',
} as const;

/** Options of {@link createFaultInjector}. */
export interface FaultInjectorOptions {
  /** How long a `timeout` fault holds the response, in ms, unless the fault says. Default 35,000 (longer than the 30 s default client timeout). */
  timeoutDelayMs?: number;
  /** Origin a `hostile-answer` fault of kind `redirect-elsewhere` points to, unless the fault says. Default `https://moved.hostile.test`. */
  redirectTo?: string;
  /** Size in bytes of a `large-body` hostile answer. Default 4 MiB. */
  largeBodyBytes?: number;
}

/** One call a simulator served through a fault injector, as an observer sees it. */
export interface InjectorCall {
  /** The operation's standard name (the first name the simulator passed). */
  operation: string;
  /** The other names the call answers to. */
  aliases: readonly string[];
  /** The fault that fired on this call: the very object given to `inject` (so an observer can tell its own faults apart), or undefined. */
  fault: Fault | undefined;
}

const observers = new Set<(call: InjectorCall) => void>();
const withdrawn = new WeakSet<Fault>();

/**
 * Sees every call every fault injector serves (in this process), with the fault that fired on it,
 * at the moment it fires: the one reliable count of faults (a queued fault may never fire). The
 * observer runs synchronously inside the simulator's handler, so an `AsyncLocalStorage` of the
 * caller tells which request it belongs to.
 *
 * @param observer - called once per served call.
 * @returns a function that stops observing.
 */
export function observeFaultInjectors(observer: (call: InjectorCall) => void): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/**
 * Withdraws faults that were injected and may still be queued, in whichever simulator holds
 * them: they never fire after this (a run clears its faults before a fault-free phase without
 * resetting the simulators' orders).
 *
 * @param faults - the objects given to `inject`.
 */
export function withdrawFaults(faults: Iterable<Fault>): void {
  for (const fault of faults) withdrawn.add(fault);
}

/** A queue of faults a simulator applies to its next matching calls. */
export interface FaultInjector {
  /** Queues a fault; it applies to the next `times` calls of its `operations` (default all). */
  inject(fault: Fault): void;
  /**
   * The fault to apply to this call, if any, consuming one of its `times`. Faults apply in the
   * order injected. Pass the operation's standard name and, optionally, more specific names.
   *
   * @param operation - the operation name (see {@link standardOperations}).
   * @param aliases - other names this call answers to.
   */
  take(operation: string, ...aliases: string[]): Fault | undefined;
  /** The MSW response for a fault (for `lost-response`: the dropped connection to send after acting). */
  faultResponse(fault: Fault): Promise<Response>;
  /**
   * Serves one call with fault injection: takes the fault for `operation`; without one, returns
   * `perform()`; for `lost-response`, runs `perform()` (the server acts) and then drops the
   * connection; for any other fault, returns its response without acting.
   *
   * @param operation - the operation name (or names: standard first).
   * @param perform - the simulator's real work; returns the normal response.
   */
  serve(operation: string | readonly string[], perform: () => Response | Promise<Response>): Promise<Response>;
  /** How many faults of each kind fired (were applied to a call; queued ones that never fire are not counted). */
  counts(): Record<FaultKind, number>;
  /** Faults still queued, with the `times` left. */
  pending(): Fault[];
  /** Drops queued faults and zeroes the counts. */
  reset(): void;
}

/** A JSON document cut short: what a connection closed mid-body looks like to a JSON parser. */
export const truncatedJsonBody = '{"data":[{"id":';

function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>;
}

function validateFault(fault: Fault): void {
  if (!faultKinds.includes(fault.kind))
    throw new TypeError(`unknown fault kind "${String(fault.kind)}"; expected one of ${faultKinds.join(', ')}`);
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times > 0)) {
    throw new TypeError('fault.times must be a positive integer');
  }
}

/**
 * The MSW response that simulates a fault:
 * - `server-error`: HTTP 503;
 * - `rate-limit`: HTTP 429 with `Retry-After: <retryAfterSeconds>` (default 1);
 * - `drop-connection` and `lost-response`: a network error (`HttpResponse.error()`);
 * - `timeout`: waits `delayMs` (default `timeoutDelayMs`), then drops the connection;
 * - `malformed-body`: HTTP 200 `application/json` with `body` (default a truncated document);
 * - `unauthorized`: HTTP 401;
 * - `hostile-answer`: what a broken vendor or proxy sends (`hostile`, default `html-maintenance`;
 *   see `hostileAnswerResponse`).
 *
 * @param fault - the fault to serve.
 * @param options - default delay of `timeout` faults.
 */
export async function faultResponse(fault: Fault, options: FaultInjectorOptions = {}): Promise<Response> {
  switch (fault.kind) {
    case 'server-error':
      return HttpResponse.json({ message: 'Service Unavailable (injected fault)' }, { status: 503 });
    case 'rate-limit':
      return HttpResponse.json(
        { message: 'Too Many Requests (injected fault)' },
        { status: 429, headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) } },
      );
    case 'drop-connection':
    case 'lost-response':
      return HttpResponse.error();
    case 'timeout':
      await delay(fault.delayMs ?? options.timeoutDelayMs ?? 35_000);
      return HttpResponse.error();
    case 'malformed-body':
      return new HttpResponse(fault.body ?? truncatedJsonBody, {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'unauthorized':
      return HttpResponse.json({ message: 'Unauthorized (injected fault)' }, { status: 401 });
    case 'hostile-answer': {
      const redirectTo = fault.redirectTo ?? options.redirectTo;
      return hostileAnswerResponse(fault.hostile ?? 'html-maintenance', {
        ...(redirectTo === undefined ? {} : { redirectTo }),
        ...(options.largeBodyBytes === undefined ? {} : { largeBodyBytes: options.largeBodyBytes }),
      });
    }
  }
}

/**
 * Creates the fault queue a simulator uses. Every simulator exposes `injectFault` by delegating
 * to {@link FaultInjector.inject} and wraps each handler's work in {@link FaultInjector.serve}.
 *
 * @param options - default delay of `timeout` faults.
 * @example
 * ```ts
 * const faults = createFaultInjector({ timeoutDelayMs: 200 });
 * http.post(`${baseURL}/orders`, ({ request }) =>
 *   faults.serve('submit', async () => HttpResponse.json(storeOrder(await request.json()), { status: 201 })),
 * );
 * faults.inject({ kind: 'lost-response', operations: ['submit'] });
 * ```
 */
export function createFaultInjector(options: FaultInjectorOptions = {}): FaultInjector {
  let queue: { fault: Fault; source: Fault; left: number }[] = [];
  let counts = emptyCounts();

  const injector: FaultInjector = {
    inject(fault) {
      validateFault(fault);
      queue.push({ fault: { ...fault }, source: fault, left: fault.times ?? 1 });
    },
    take(operation, ...aliases) {
      const names = [operation, ...aliases];
      queue = queue.filter(({ source }) => !withdrawn.has(source));
      const entry = queue.find(
        ({ fault }) => !fault.operations || fault.operations.some((name) => names.includes(name)),
      );
      for (const observer of observers) observer({ operation, aliases, fault: entry?.source });
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) queue = queue.filter((candidate) => candidate !== entry);
      counts[entry.fault.kind] += 1;
      return entry.fault;
    },
    faultResponse(fault) {
      return faultResponse(fault, options);
    },
    async serve(operation, perform) {
      const [first = '', ...rest] = typeof operation === 'string' ? [operation] : operation;
      const fault = injector.take(first, ...rest);
      if (!fault) return perform();
      if (fault.kind === 'lost-response') {
        await perform();
        return HttpResponse.error();
      }
      return faultResponse(fault, options);
    },
    counts() {
      return { ...counts };
    },
    pending() {
      queue = queue.filter(({ source }) => !withdrawn.has(source));
      return queue.map(({ fault, left }) => ({ ...fault, times: left }));
    },
    reset() {
      queue = [];
      counts = emptyCounts();
    },
  };
  return injector;
}
