import { ServerError, type SubmitOrderResult } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { lookUpAnswer, submitIdempotently } from './submit-idempotently.js';

// The resend sequence of submitIdempotently runs on p-retry. These cases pin what p-retry must not
// change: only a positive not-found leads to a resend, the failure thrown is the create call's own
// (identity kept, even when it is not an Error), and nothing else the sequence throws is retried.

/** A distributor whose create call fails as scripted and stores nothing when it fails. */
function scriptedDistributor(failures: unknown[]) {
  const calls = { lookUp: 0, submit: 0 };
  let placed = 0;
  return {
    calls,
    placed: () => placed,
    async lookUp() {
      calls.lookUp += 1;
      return placed > 0 ? lookUpAnswer.found(`ORD-${placed}`) : lookUpAnswer.notFound<string>();
    },
    async submit(): Promise<SubmitOrderResult> {
      calls.submit += 1;
      if (failures.length > 0) throw failures.shift();
      placed += 1;
      return {
        poNumber: 'PO-1',
        distributorOrderRefs: [`ORD-${placed}`],
        status: 'submitted',
        alreadyExisted: false,
        warnings: [],
      };
    },
  };
}

/** Submits to a distributor whose every create call fails; returns what was thrown. */
function failingSubmit(distributor: ReturnType<typeof scriptedDistributor>, resendAttempts: number): Promise<unknown> {
  return submitIdempotently({
    service: 'wps',
    poNumber: 'PO-1',
    lookUp: () => distributor.lookUp(),
    submit: () => distributor.submit(),
    toResult: () => {
      throw new Error('not reached: no order is ever found');
    },
    resendAttempts,
  }).catch((caught: unknown) => caught);
}

const serverError = () => new ServerError('wps: HTTP 503', { service: 'wps', status: 503 });

describe('submitIdempotently resends (p-retry)', () => {
  it('resends after each positive not-found, up to resendAttempts, then throws the last failure itself', async () => {
    const last = serverError();
    const distributor = scriptedDistributor([serverError(), serverError(), last]);
    const error = await failingSubmit(distributor, 2);
    expect(error).toBe(last);
    expect(distributor.calls).toEqual({ lookUp: 4, submit: 3 });
    expect(distributor.placed()).toBe(0);
  });

  it('resends after a failure that is not an Error, and throws that very value when resends run out', async () => {
    const distributor = scriptedDistributor(['socket closed by the proxy', 'socket closed again']);
    const error = await failingSubmit(distributor, 1);
    expect(error).toBe('socket closed again');
    expect(distributor.calls.submit).toBe(2);
  });

  it('never sends again when building the result of a found order fails: that error is thrown as is', async () => {
    const distributor = scriptedDistributor([]);
    let lost = true;
    const mapping = new Error('could not read the found order');
    const error = await submitIdempotently({
      service: 'wps',
      poNumber: 'PO-1',
      lookUp: () => distributor.lookUp(),
      submit: async () => {
        await distributor.submit();
        if (lost) {
          lost = false;
          throw serverError(); // stored, then the answer is lost
        }
        throw new Error('a second order was sent');
      },
      toResult: () => {
        throw mapping;
      },
      resendAttempts: 3,
    }).catch((caught: unknown) => caught);
    expect(error).toBe(mapping);
    expect(distributor.calls.submit).toBe(1);
    expect(distributor.placed()).toBe(1);
  });
});
