import {
  ApiError,
  DropshipError,
  mayHaveActed,
  ResponseParseError,
  type SubmitOrderResult,
  type Warning,
} from '@dropship/core';
import pRetry from 'p-retry';

/**
 * What a look-up of a PO number at a distributor established. Three answers, never two:
 *
 * - `found`: the distributor holds an order with that PO number;
 * - `not-found`: POSITIVE evidence that it holds none: the API's documented not-found answer
 *   (status and body), or a well-formed answer of the documented shape that does not contain the PO;
 * - `inconclusive`: anything else (an HTML page with HTTP 200, an empty 200, JSON of another shape,
 *   a redirect, text that is not valid UTF-8, a page list cut short, any error). Nothing may be
 *   sent on an inconclusive answer.
 *
 * @typeParam Order - what the client keeps of a found order.
 */
export type LookUpAnswer<Order> =
  | { readonly outcome: 'found'; readonly order: Order }
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'inconclusive'; readonly reason: string; readonly cause?: unknown };

/** Builders of {@link LookUpAnswer}s, so that a client's look-up reads as its three outcomes. */
export const lookUpAnswer = {
  /**
   * The distributor holds an order with the PO number.
   *
   * @param order - what the client keeps of it.
   */
  found<Order>(order: Order): LookUpAnswer<Order> {
    return { outcome: 'found', order };
  },
  /** Positive evidence that the distributor holds no order with the PO number. */
  notFound<Order>(): LookUpAnswer<Order> {
    return { outcome: 'not-found' };
  },
  /**
   * Neither: the answer cannot be trusted either way.
   *
   * @param reason - what was wrong with the answer, for the error message (no credentials).
   * @param cause - the error behind it, if any.
   */
  inconclusive<Order>(reason: string, cause?: unknown): LookUpAnswer<Order> {
    return cause === undefined ? { outcome: 'inconclusive', reason } : { outcome: 'inconclusive', reason, cause };
  },
} as const;

/**
 * Whether a response text was decoded from bytes that are not valid UTF-8: the decoder put the
 * replacement character U+FFFD in their place. Such an answer is not evidence of anything.
 *
 * @param text - the decoded response body.
 */
export function hasUndecodableText(text: string): boolean {
  return text.includes('\uFFFD');
}

/** Options of {@link submitIdempotently}. */
export interface SubmitIdempotentlyOptions<Order> {
  /** Service id for messages, for example `wps`. */
  service: string;
  /** The PO number being placed. */
  poNumber: string;
  /**
   * Looks the PO number up at the distributor. May throw: a thrown error is an inconclusive answer.
   * Say `not-found` only on positive evidence (see {@link LookUpAnswer}).
   */
  lookUp(): Promise<LookUpAnswer<Order>>;
  /**
   * The call that creates the order. Throw what it failed with: after a failure for which
   * `mayHaveActed(error)` is true the PO is looked up again, never sent again blind; any other
   * failure is thrown as is (map refusals to typed errors inside, for example `OrderRejectedError`).
   */
  submit(): Promise<SubmitOrderResult>;
  /**
   * The result for an order a look-up found.
   *
   * @param order - the found order.
   * @param alreadyExisted - true when found before anything was sent by this call.
   */
  toResult(order: Order, alreadyExisted: boolean): SubmitOrderResult;
  /**
   * Runs once, after the look-up found no order and before the first create call: builds what the
   * create call submits (WPS's cart). It places no order, so whatever it throws is thrown as is.
   */
  prepare?(): Promise<void>;
  /**
   * True when the create call itself refuses a second order for the same PO number (Tucker
   * Rocky's `allowduplicatepo=NO`): no look-up before it, only after an ambiguous failure.
   * Default false.
   */
  createRefusesDuplicates?: boolean;
  /**
   * How many times the order may be sent again after an ambiguous failure when the look-up that
   * followed gave positive evidence that no order exists. Default 0 (never sent again).
   */
  resendAttempts?: number;
  /**
   * Asked before each resend (after positive not-found evidence): false stops with the failure.
   * WPS uses it to check that the cart it would submit is still there.
   */
  mayResend?(): Promise<boolean>;
}

/**
 * The result of a create call the distributor accepted: its reference (when it gave one) and the
 * warnings, plus a warning naming the missing reference when it gave none.
 *
 * @param service - service id, the prefix of the added warning.
 * @param poNumber - the PO number placed.
 * @param reference - the distributor's reference, if the answer had one.
 * @param warnings - warnings gathered so far (not changed).
 * @param referenceName - what the reference is called in the API, for the warning (`order number`).
 */
export function acceptedOrderResult(
  service: string,
  poNumber: string,
  reference: string | undefined,
  warnings: readonly Warning[],
  referenceName: string,
): SubmitOrderResult {
  return {
    poNumber,
    distributorOrderRefs: reference === undefined ? [] : [reference],
    status: 'submitted',
    alreadyExisted: false,
    warnings:
      reference === undefined
        ? [...warnings, { type: 'other', message: `${service}: the order was accepted without ${referenceName}` }]
        : [...warnings],
  };
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

/** Call details of an `ApiError` (already redacted), so the new error points at the same call. */
function callDetails(value: unknown): { method?: string; url?: string; status?: number; responseBody?: string } {
  if (!ApiError.isInstance(value)) return {};
  return {
    ...(value.method === undefined ? {} : { method: value.method }),
    ...(value.url === undefined ? {} : { url: value.url }),
    ...(value.status === undefined ? {} : { status: value.status }),
    ...(value.responseBody === undefined ? {} : { responseBody: value.responseBody }),
  };
}

/**
 * The error for a look-up that could not say whether a PO is placed: a `ResponseParseError`
 * (retryable; `mayHaveActed` is true for it, so a dropshipper keeps the PO `submitting` and
 * reconciles it later) whose message says that nothing was sent and why.
 *
 * @param service - service id.
 * @param poNumber - the PO number looked up.
 * @param answer - the inconclusive answer.
 * @param failure - the ambiguous failure of the create call the look-up followed, if any.
 */
export function inconclusiveLookUpError(
  service: string,
  poNumber: string,
  answer: { reason: string; cause?: unknown },
  failure?: unknown,
): ResponseParseError {
  const message =
    failure === undefined
      ? `${service}: could not tell whether PO ${poNumber} is already placed: the look-up was inconclusive (${answer.reason}). Nothing was sent, so that the PO is never placed twice; look it up again later.`
      : `${service}: PO ${poNumber} may have been placed (${messageOf(failure)}) and the look-up that followed was inconclusive (${answer.reason}). It was not sent again; look it up again later.`;
  return new ResponseParseError(message, {
    service,
    ...callDetails(answer.cause),
    isRetryable: true,
    cause: failure ?? answer.cause,
  });
}

async function lookUpSafely<Order>(lookUp: () => Promise<LookUpAnswer<Order>>): Promise<LookUpAnswer<Order>> {
  try {
    return await lookUp();
  } catch (error) {
    return lookUpAnswer.inconclusive(`the look-up failed: ${messageOf(error)}`, error);
  }
}

/**
 * Runs a look-up where nothing has been sent yet: a typed refusal (bad credentials, a 5xx) is thrown
 * as is; an answer that could not be read (a `ResponseParseError`: not JSON, not UTF-8, another
 * shape) or an untyped error is an inconclusive answer.
 */
async function lookUpOrRefuse<Order>(lookUp: () => Promise<LookUpAnswer<Order>>): Promise<LookUpAnswer<Order>> {
  try {
    return await lookUp();
  } catch (error) {
    if (DropshipError.isInstance(error) && !ResponseParseError.isInstance(error)) throw error;
    return lookUpAnswer.inconclusive(`the look-up failed: ${messageOf(error)}`, error);
  }
}

/**
 * Runs a look-up for `findOrder` under the same rule as a submit: the order when found, `null`
 * only on positive evidence that there is none, else a typed error.
 *
 * @param service - service id.
 * @param poNumber - the PO number looked up.
 * @param lookUp - the client's look-up.
 * @throws the look-up's own error when it threw a typed one; else the error of
 *   {@link inconclusiveLookUpError} for an inconclusive answer.
 */
export async function findWithEvidence<Order>(
  service: string,
  poNumber: string,
  lookUp: () => Promise<LookUpAnswer<Order>>,
): Promise<Order | null> {
  const answer = await lookUpOrRefuse(lookUp);
  if (answer.outcome === 'found') return answer.order;
  if (answer.outcome === 'not-found') return null;
  throw inconclusiveLookUpError(service, poNumber, answer);
}

/**
 * Places an order at most once: the one home of the "look up before creating, look up again
 * after an ambiguous failure, never resend blind" rule every distributor client follows.
 *
 * 1. Looks the PO number up (unless the create call itself refuses duplicates): found → the
 *    existing order (`alreadyExisted: true`), nothing sent; inconclusive → a typed error, nothing sent.
 * 2. Runs `prepare` (nothing is placed by it), then sends the order once. A failure for which `mayHaveActed(error)` is false is thrown as is.
 * 3. After a failure that may have acted, looks the PO up again: found → that order
 *    (`alreadyExisted: false`, with a warning); inconclusive → a typed error for which
 *    `mayHaveActed` is true (the PO stays recoverable); positive not-found → sent again only within
 *    `resendAttempts` and when `mayResend()` agrees, else the failure is thrown. This resend
 *    sequence runs on p-retry (no delay: a resend follows positive evidence that nothing was placed).
 *
 * @param options - the look-up, the create call and how to report a found order.
 * @returns the result of the create call, or of the order a look-up found.
 * @throws the create call's failure, a typed error of the look-up before anything was sent, or
 *   the error of {@link inconclusiveLookUpError}.
 * @example
 * ```ts
 * return submitIdempotently({
 *   service: 'automatic',
 *   poNumber,
 *   lookUp: () => lookUpOrders(poNumber),
 *   submit: () => createOrder(body),
 *   toResult: (orders, alreadyExisted) => resultOf(poNumber, orders, alreadyExisted),
 * });
 * ```
 */
export async function submitIdempotently<Order>(options: SubmitIdempotentlyOptions<Order>): Promise<SubmitOrderResult> {
  const { service, poNumber } = options;
  if (!options.createRefusesDuplicates) {
    const before = await lookUpOrRefuse(options.lookUp);
    if (before.outcome === 'found') return options.toResult(before.order, true);
    if (before.outcome === 'inconclusive') throw inconclusiveLookUpError(service, poNumber, before);
  }
  await options.prepare?.();
  // One attempt: send, and after a failure that may have acted, look before anything else. Only a
  // positive not-found makes the attempt throw (a ResendableFailure), so that p-retry may send
  // again; every other outcome is returned, so that p-retry never retries it.
  const attempt = async (): Promise<AttemptOutcome> => {
    let failure: unknown;
    try {
      return { result: await options.submit() };
    } catch (error) {
      failure = error;
    }
    if (!mayHaveActed(failure)) return { thrown: failure };
    const after = await lookUpSafely(options.lookUp);
    if (after.outcome === 'found') return { result: withLostAnswerWarning(options, after.order, failure) };
    if (after.outcome === 'inconclusive') return { thrown: inconclusiveLookUpError(service, poNumber, after, failure) };
    throw new ResendableFailure(failure);
  };
  const outcome = await pRetry(attempt, {
    retries: options.resendAttempts ?? 0,
    // A resend follows positive evidence that nothing was placed: no backoff is owed to anyone.
    minTimeout: 0,
    // Anything else the attempt threw (a `toResult` that failed) is never a reason to send again.
    shouldRetry: async ({ error }) =>
      error instanceof ResendableFailure && (options.mayResend ? await options.mayResend().catch(() => false) : true),
  }).catch((error: unknown) => {
    if (error instanceof ResendableFailure) return { thrown: error.failure };
    throw error;
  });
  if ('thrown' in outcome) throw outcome.thrown;
  return outcome.result;
}

/** What one send of {@link submitIdempotently} ended with, when it is not a resend. */
type AttemptOutcome = { readonly result: SubmitOrderResult } | { readonly thrown: unknown };

/** A failure after which a look-up positively found no order: the order may be sent again. */
class ResendableFailure extends Error {
  constructor(readonly failure: unknown) {
    super(messageOf(failure));
  }
}

/** The result for an order a look-up found after its answer was lost, with a warning saying so. */
function withLostAnswerWarning<Order>(
  options: SubmitIdempotentlyOptions<Order>,
  order: Order,
  failure: unknown,
): SubmitOrderResult {
  const result = options.toResult(order, false);
  return {
    ...result,
    warnings: [
      ...result.warnings,
      {
        type: 'other',
        message: `${options.service}: the answer to PO ${options.poNumber} was lost (${messageOf(failure)}); a look-up found the order it placed.`,
      },
    ],
  };
}
