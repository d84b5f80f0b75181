import { MissingCredentialError, OrderRejectedError, ValidationError } from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer } from '../create-test-server.js';
import { createReferenceDistributorClient } from './reference-distributor-client.js';
import { createReferenceDistributorSimulator } from './reference-distributor-simulator.js';

// Behaviour of the reference client beyond the conformance suite: input validation, the
// credential check, and recovery from a lost response within one submitOrder call.
describe('createReferenceDistributorClient', () => {
  const simulator = createReferenceDistributorSimulator();
  const server = createTestServer(...simulator.handlers);
  const client = createReferenceDistributorClient({
    apiKey: simulator.apiKey,
    baseURL: simulator.baseURL,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
    rateLimit: false,
  });
  const shipTo = {
    name: 'A Rider',
    address1: '1 Main St',
    city: 'Boise',
    region: 'ID',
    postalCode: '83702',
    country: 'US',
  };

  beforeAll(() => server.listen());
  beforeEach(() => {
    simulator.reset();
    simulator.addProduct({ sku: 'A-1', stock: { boise: 4 } });
  });
  afterAll(() => server.close());

  it('needs an API key, from the option or REFERENCE_DISTRIBUTOR_API_KEY', () => {
    expect(() => createReferenceDistributorClient({})).toThrow(MissingCredentialError);
  });

  it('validates the order before sending anything, listing every problem', async () => {
    const error = await client
      .submitOrder({
        poNumber: 'P'.repeat(21),
        shipTo: { ...shipTo, city: '' },
        lines: [{ sku: 'A-1', quantity: 0 }],
        currency: 'USD',
      })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'lines.0.quantity',
      'poNumber',
      'shipTo.city',
    ]);
    expect(simulator.callCount()).toBe(0);
  });

  it('finds the order itself when the response to the create was lost, and warns', async () => {
    simulator.injectFault({ kind: 'lost-response', operations: ['submit'] });
    const result = await client.submitOrder({
      poNumber: 'PO-LOST-1',
      shipTo,
      lines: [{ sku: 'A-1', quantity: 1 }],
      currency: 'USD',
    });
    expect(result.alreadyExisted).toBe(false);
    expect(result.warnings[0]?.message).toContain('lost');
    expect(simulator.orderCount('PO-LOST-1')).toBe(1);
  });

  it('turns a refused order into OrderRejectedError with the distributor reason', async () => {
    const error = await client
      .submitOrder({ poNumber: 'PO-BAD-1', shipTo, lines: [{ sku: 'NOPE', quantity: 1 }], currency: 'USD' })
      .catch((caught: unknown) => caught);
    expect(OrderRejectedError.isInstance(error)).toBe(true);
    expect((error as OrderRejectedError).message).toContain('unknown sku NOPE');
  });
});
