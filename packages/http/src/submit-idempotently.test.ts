import {
  AuthenticationError,
  InvalidRequestError,
  mayHaveActed,
  NetworkError,
  OrderRejectedError,
  ResponseParseError,
  ServerError,
  type SubmitOrderResult,
} from '@dropship/core';
import { describe, expect, it } from 'vitest';
import {
  acceptedOrderResult,
  findWithEvidence,
  hasUndecodableText,
  type LookUpAnswer,
  lookUpAnswer,
  submitIdempotently,
} from './submit-idempotently.js';

/**
 * A distributor that behaves like WPS, Parts Unlimited and Automatic: its create call does NOT
 * deduplicate (a second create for a PO number makes a second order), and every call can be
 * scripted to fail or to answer garbage.
 */
function createFakeDistributor() {
  const orders: { poNumber: string; reference: string }[] = [];
  const calls = { lookUp: 0, submit: 0 };
  /** Scripted look-up answers, used in order; then the honest answer. */
  const lookUpScript: (LookUpAnswer<string> | Error)[] = [];
  /** Scripted create behaviour: `lost` stores the order and then fails like a dropped connection. */
  const submitScript: ('lost' | Error)[] = [];
  const poNumber = 'PO-1';

  const honestAnswer = (): LookUpAnswer<string> => {
    const held = orders.find((order) => order.poNumber === poNumber);
    return held ? lookUpAnswer.found(held.reference) : lookUpAnswer.notFound();
  };
  const create = () => {
    const reference = `ORD-${orders.length + 1}`;
    orders.push({ poNumber, reference });
    return reference;
  };

  return {
    poNumber,
    calls,
    lookUpScript,
    submitScript,
    orderCount: () => orders.filter((order) => order.poNumber === poNumber).length,
    async lookUp(): Promise<LookUpAnswer<string>> {
      calls.lookUp += 1;
      const next = lookUpScript.shift();
      if (next instanceof Error) throw next;
      return next ?? honestAnswer();
    },
    async submit(): Promise<SubmitOrderResult> {
      calls.submit += 1;
      const next = submitScript.shift();
      if (next === 'lost') {
        create();
        throw new NetworkError('fake: POST /orders failed without a response (socket hang up)', { service: 'fake' });
      }
      if (next instanceof Error) throw next;
      const reference = create();
      return { poNumber, distributorOrderRefs: [reference], status: 'submitted', alreadyExisted: false, warnings: [] };
    },
    toResult(reference: string, alreadyExisted: boolean): SubmitOrderResult {
      return { poNumber, distributorOrderRefs: [reference], status: 'submitted', alreadyExisted, warnings: [] };
    },
  };
}

function run(fake: ReturnType<typeof createFakeDistributor>, extra: { resendAttempts?: number } = {}) {
  return submitIdempotently({
    service: 'fake',
    poNumber: fake.poNumber,
    lookUp: () => fake.lookUp(),
    submit: () => fake.submit(),
    toResult: (order, alreadyExisted) => fake.toResult(order, alreadyExisted),
    ...extra,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const garbage = lookUpAnswer.inconclusive<string>('HTTP 200 with an HTML page');

describe('submitIdempotently', () => {
  it('places a PO the look-up positively did not find: one look-up, one create', async () => {
    const fake = createFakeDistributor();
    const result = await run(fake);
    expect(result).toMatchObject({ distributorOrderRefs: ['ORD-1'], alreadyExisted: false, warnings: [] });
    expect(fake.calls).toEqual({ lookUp: 1, submit: 1 });
    expect(fake.orderCount()).toBe(1);
  });

  it('returns the order a look-up found before sending anything (alreadyExisted: true)', async () => {
    const fake = createFakeDistributor();
    await run(fake);
    const again = await run(fake);
    expect(again).toMatchObject({ distributorOrderRefs: ['ORD-1'], alreadyExisted: true });
    expect(fake.calls.submit).toBe(1);
    expect(fake.orderCount()).toBe(1);
  });

  it('sends nothing when the look-up before creating is inconclusive, and throws a typed error that keeps the PO recoverable', async () => {
    const fake = createFakeDistributor();
    fake.lookUpScript.push(garbage);
    const error = await failureOf(run(fake));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as ResponseParseError).isRetryable).toBe(true);
    expect(String((error as Error).message)).toMatch(/inconclusive \(HTTP 200 with an HTML page\)\. Nothing was sent/);
    expect(fake.calls.submit).toBe(0);
    expect(fake.orderCount()).toBe(0);
  });

  it('sends nothing when the look-up throws an untyped error: an inconclusive, typed error instead', async () => {
    const fake = createFakeDistributor();
    fake.lookUpScript.push(new TypeError('Cannot read properties of undefined'));
    const error = await failureOf(run(fake));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(fake.calls.submit).toBe(0);
  });

  it('reads an unreadable look-up answer (a ResponseParseError) as inconclusive: nothing sent, the message says so', async () => {
    const fake = createFakeDistributor();
    const unreadable = new ResponseParseError('fake: the response is not valid UTF-8', { service: 'fake' });
    fake.lookUpScript.push(unreadable);
    const error = await failureOf(run(fake));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /inconclusive \(the look-up failed: fake: the response is not valid UTF-8\)\. Nothing was sent/,
    );
    expect((error as Error).cause).toBe(unreadable);
    expect(fake.calls.submit).toBe(0);
  });

  it('passes a typed refusal of the look-up through unchanged, sending nothing', async () => {
    const fake = createFakeDistributor();
    const refusal = new AuthenticationError('fake: 401', { service: 'fake', status: 401 });
    fake.lookUpScript.push(refusal);
    expect(await failureOf(run(fake))).toBe(refusal);
    expect(fake.calls.submit).toBe(0);
  });

  it('throws a refusal of the create call as is, without a second look-up', async () => {
    const fake = createFakeDistributor();
    const refusal = new OrderRejectedError('fake', fake.poNumber, 'unknown SKU');
    fake.submitScript.push(refusal);
    expect(await failureOf(run(fake))).toBe(refusal);
    expect(fake.calls).toEqual({ lookUp: 1, submit: 1 });
  });

  it('after an answer lost once the order was stored, finds it by looking up, never by sending again', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push('lost');
    const result = await run(fake, { resendAttempts: 3 });
    expect(result.alreadyExisted).toBe(false);
    expect(result.distributorOrderRefs).toEqual(['ORD-1']);
    expect(result.warnings.map((warning) => warning.message).join('\n')).toMatch(
      /lost .*socket hang up.*found the order/,
    );
    expect(fake.calls).toEqual({ lookUp: 2, submit: 1 });
    expect(fake.orderCount()).toBe(1);
  });

  it.each([
    ['an inconclusive answer', garbage],
    ['a look-up that throws an untyped error', new TypeError('boom')],
    ['a look-up refused with 401', new AuthenticationError('fake: 401', { service: 'fake', status: 401 })],
    ['a look-up that fails with a 5xx', new ServerError('fake: 503', { service: 'fake', status: 503 })],
  ])('after an ambiguous failure then %s: no resend, an error for which mayHaveActed is true', async (_, answer) => {
    const fake = createFakeDistributor();
    fake.submitScript.push('lost');
    // The look-up before creating is honest; the one after the lost answer is not.
    fake.lookUpScript.push(lookUpAnswer.notFound(), answer);
    const error = await failureOf(run(fake, { resendAttempts: 3 }));
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect((error as Error).message).toMatch(/may have been placed .*socket hang up.*inconclusive.*not sent again/);
    expect(NetworkError.isInstance((error as Error).cause)).toBe(true);
    expect(fake.calls.submit).toBe(1);
    expect(fake.orderCount()).toBe(1);
  });

  it('after an ambiguous failure and a positive not-found, throws the failure unless resends are allowed', async () => {
    const failure = new ServerError('fake: 503 before storing', { service: 'fake', status: 503 });
    const strict = createFakeDistributor();
    strict.submitScript.push(failure);
    expect(await failureOf(run(strict))).toBe(failure);
    expect(strict.calls).toEqual({ lookUp: 2, submit: 1 });

    const lenient = createFakeDistributor();
    lenient.submitScript.push(failure);
    const result = await run(lenient, { resendAttempts: 1 });
    expect(result.alreadyExisted).toBe(false);
    expect(lenient.calls).toEqual({ lookUp: 2, submit: 2 });
    expect(lenient.orderCount()).toBe(1);
  });

  it('stops resending when mayResend says no (or fails), and after the allowed resends', async () => {
    const failure = new ServerError('fake: 503', { service: 'fake', status: 503 });
    for (const mayResend of [async () => false, async () => Promise.reject(new Error('cart check failed'))]) {
      const fake = createFakeDistributor();
      fake.submitScript.push(failure);
      const error = await failureOf(
        submitIdempotently({
          service: 'fake',
          poNumber: fake.poNumber,
          lookUp: () => fake.lookUp(),
          submit: () => fake.submit(),
          toResult: (order, alreadyExisted) => fake.toResult(order, alreadyExisted),
          resendAttempts: 5,
          mayResend,
        }),
      );
      expect(error).toBe(failure);
      expect(fake.calls.submit).toBe(1);
    }
    const fake = createFakeDistributor();
    fake.submitScript.push(failure, failure, failure);
    expect(await failureOf(run(fake, { resendAttempts: 2 }))).toBe(failure);
    expect(fake.calls.submit).toBe(3);
  });

  it('skips the look-up before creating when the create call refuses duplicates itself, and still looks up after an ambiguous failure', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push('lost');
    const result = await submitIdempotently({
      service: 'fake',
      poNumber: fake.poNumber,
      lookUp: () => fake.lookUp(),
      submit: () => fake.submit(),
      toResult: (order, alreadyExisted) => fake.toResult(order, alreadyExisted),
      createRefusesDuplicates: true,
    });
    expect(result.distributorOrderRefs).toEqual(['ORD-1']);
    expect(fake.calls).toEqual({ lookUp: 1, submit: 1 });
  });

  it('prepares once, after a look-up that found nothing, and throws a failure to prepare as is', async () => {
    const steps: string[] = [];
    const fake = createFakeDistributor();
    fake.submitScript.push(new ServerError('fake: 503', { service: 'fake', status: 503 }));
    const result = await submitIdempotently({
      service: 'fake',
      poNumber: fake.poNumber,
      lookUp: () => {
        steps.push('look-up');
        return fake.lookUp();
      },
      prepare: async () => {
        steps.push('prepare');
      },
      submit: () => {
        steps.push('submit');
        return fake.submit();
      },
      toResult: (order, alreadyExisted) => fake.toResult(order, alreadyExisted),
      resendAttempts: 1,
    });
    expect(result.alreadyExisted).toBe(false);
    expect(steps).toEqual(['look-up', 'prepare', 'submit', 'look-up', 'submit']);

    const refused = new ServerError('fake: 503 on the cart', { service: 'fake', status: 503 });
    const other = createFakeDistributor();
    const error = await failureOf(
      submitIdempotently({
        service: 'fake',
        poNumber: other.poNumber,
        lookUp: () => other.lookUp(),
        prepare: async () => {
          throw refused;
        },
        submit: () => other.submit(),
        toResult: (order, alreadyExisted) => other.toResult(order, alreadyExisted),
      }),
    );
    expect(error).toBe(refused);
    expect(other.calls).toEqual({ lookUp: 1, submit: 0 });
  });

  it('treats an untyped create failure as one that may have acted', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push(new TypeError('fetch failed'));
    fake.lookUpScript.push(lookUpAnswer.notFound(), garbage);
    const error = await failureOf(run(fake, { resendAttempts: 1 }));
    expect(mayHaveActed(error)).toBe(true);
    expect(fake.calls.submit).toBe(1);
  });

  it('does not look up again after a refusal typed as certainly-not-acted (InvalidRequestError)', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push(new InvalidRequestError('fake: 422', { service: 'fake', status: 422 }));
    await failureOf(run(fake, { resendAttempts: 1 }));
    expect(fake.calls).toEqual({ lookUp: 1, submit: 1 });
  });
});

describe('findWithEvidence', () => {
  it('returns the order when found and null only on positive evidence', async () => {
    expect(await findWithEvidence('fake', 'PO-1', async () => lookUpAnswer.found('ORD-1'))).toBe('ORD-1');
    expect(await findWithEvidence('fake', 'PO-1', async () => lookUpAnswer.notFound())).toBeNull();
  });

  it('throws a typed error for an inconclusive answer or an untyped failure, never null', async () => {
    const error = await failureOf(findWithEvidence('fake', 'PO-1', async () => garbage));
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('PO PO-1');
    const untyped = await failureOf(
      findWithEvidence('fake', 'PO-1', async () => {
        throw new SyntaxError('Unexpected token <');
      }),
    );
    expect(ResponseParseError.isInstance(untyped)).toBe(true);
  });

  it('passes a typed error of the look-up through', async () => {
    const refusal = new AuthenticationError('fake: 401', { service: 'fake', status: 401 });
    expect(
      await failureOf(
        findWithEvidence('fake', 'PO-1', async () => {
          throw refusal;
        }),
      ),
    ).toBe(refusal);
  });
});

describe('hasUndecodableText', () => {
  it('spots a body decoded from bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x6f, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect(hasUndecodableText(await new Response(bytes).text())).toBe(true);
    expect(hasUndecodableText('{"orders":[],"name":"Zoë 🏍"}')).toBe(false);
  });
});

describe('acceptedOrderResult', () => {
  it('keeps the reference, or warns that the distributor gave none', () => {
    const note = { type: 'other' as const, message: 'fake: backordered line' };
    expect(acceptedOrderResult('fake', 'PO-1', 'R-1', [note], 'a reference')).toEqual({
      poNumber: 'PO-1',
      distributorOrderRefs: ['R-1'],
      status: 'submitted',
      alreadyExisted: false,
      warnings: [note],
    });
    const without = acceptedOrderResult('fake', 'PO-1', undefined, [note], 'a reference');
    expect(without.distributorOrderRefs).toEqual([]);
    expect(without.warnings).toEqual([
      note,
      { type: 'other', message: 'fake: the order was accepted without a reference' },
    ]);
  });
});

describe('inconclusive look-up error: the call it points at', () => {
  const lookUpCall = {
    service: 'fake',
    method: 'GET',
    url: 'https://fake.test/orders?po=PO-1&key=[REDACTED]',
    responseBody: '<html>maintenance</html>',
  };

  it('after an ambiguous failure, carries the method, URL, status and body of the look-up that failed', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push('lost');
    const lookUpFailure = new ServerError('fake: 503 on GET /orders', { ...lookUpCall, status: 503 });
    fake.lookUpScript.push(lookUpAnswer.notFound(), lookUpFailure);
    const error = (await failureOf(run(fake, { resendAttempts: 3 }))) as ResponseParseError;
    expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({
      service: 'fake',
      method: 'GET',
      url: lookUpCall.url,
      status: 503,
      responseBody: '<html>maintenance</html>',
      isRetryable: true,
    });
    expect(error.message).toContain('(the look-up failed: fake: 503 on GET /orders)');
    expect(NetworkError.isInstance(error.cause)).toBe(true);
    expect(fake.calls.submit).toBe(1);
  });

  it('before anything was sent, carries the call details of an unreadable look-up answer', async () => {
    const fake = createFakeDistributor();
    const unreadable = new ResponseParseError('fake: HTTP 200 with an HTML page', { ...lookUpCall, status: 200 });
    fake.lookUpScript.push(unreadable);
    const error = (await failureOf(run(fake))) as ResponseParseError;
    expect(error).toMatchObject({
      method: 'GET',
      url: lookUpCall.url,
      status: 200,
      responseBody: lookUpCall.responseBody,
    });
    expect(error.isRetryable).toBe(true);
    expect(error.cause).toBe(unreadable);
    expect(fake.calls.submit).toBe(0);
  });

  it('carries no call details when the look-up failed with an untyped error or answered garbage', async () => {
    const untyped = createFakeDistributor();
    untyped.lookUpScript.push(new TypeError('Cannot read properties of undefined'));
    const garbled = createFakeDistributor();
    garbled.lookUpScript.push(garbage);
    for (const fake of [untyped, garbled]) {
      const error = (await failureOf(run(fake))) as ResponseParseError;
      expect(ResponseParseError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ service: 'fake', method: undefined, url: undefined, status: undefined });
      expect(error.responseBody).toBeUndefined();
    }
  });

  it('names what a look-up threw when it is not an Error', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push('lost');
    const lookUp = async (): Promise<LookUpAnswer<string>> => {
      fake.calls.lookUp += 1;
      if (fake.calls.lookUp === 1) return lookUpAnswer.notFound();
      throw 'socket closed by the proxy';
    };
    const error = await failureOf(
      submitIdempotently({
        service: 'fake',
        poNumber: fake.poNumber,
        lookUp,
        submit: () => fake.submit(),
        toResult: (order, alreadyExisted) => fake.toResult(order, alreadyExisted),
      }),
    );
    expect((error as Error).message).toContain('inconclusive (the look-up failed: socket closed by the proxy)');
    expect((error as Error).message).toContain('may have been placed (fake: POST /orders failed without a response');
    expect(fake.calls.submit).toBe(1);
  });
});

describe('the warning of a lost answer', () => {
  it('is an "other" warning added after the warnings of the found order, naming the PO and the failure', async () => {
    const fake = createFakeDistributor();
    fake.submitScript.push('lost');
    const earlier = { type: 'unsupported' as const, feature: 'ship-complete', message: 'fake: ship-complete ignored' };
    const result = await submitIdempotently({
      service: 'fake',
      poNumber: fake.poNumber,
      lookUp: () => fake.lookUp(),
      submit: () => fake.submit(),
      toResult: (order, alreadyExisted) => ({ ...fake.toResult(order, alreadyExisted), warnings: [earlier] }),
    });
    expect(result.warnings).toEqual([
      earlier,
      {
        type: 'other',
        message:
          'fake: the answer to PO PO-1 was lost (fake: POST /orders failed without a response (socket hang up)); a look-up found the order it placed.',
      },
    ]);
    expect(fake.calls).toEqual({ lookUp: 2, submit: 1 });
  });
});
