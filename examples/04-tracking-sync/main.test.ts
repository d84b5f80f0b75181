import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 04: tracking sync', () => {
  it('records partial shipments, pushes each once with its lines, emails the buyer once per package, then does nothing', async () => {
    const result = await run({ log: () => undefined });
    const [first, second, third] = result.steps;
    expect(result.distributor).toBe('tucker-rocky');

    expect(first).toMatchObject({
      sync: { shipmentsRecorded: 1, trackingPushed: 1, buyersNotified: 1, completed: 0, errors: [] },
      state: 'partially_shipped',
      shopifyFulfillments: 1,
      emails: 1,
    });
    expect(second).toMatchObject({
      sync: { shipmentsRecorded: 1, trackingPushed: 1, buyersNotified: 1, completed: 1, errors: [] },
      state: 'completed',
      shopifyFulfillments: 2,
      emails: 2,
    });
    // The second sync after completion has no open PO: no call, no push, no email.
    expect(third).toMatchObject({
      sync: {
        purchaseOrders: 0,
        distributorCalls: 0,
        shipmentsRecorded: 0,
        trackingPushed: 0,
        buyersNotified: 0,
        completed: 0,
      },
      state: 'completed',
      shopifyFulfillments: 2,
      emails: 2,
    });

    // Shopify got each package with the marketplace lines it holds: 2 pads, then 1 pad + the grips.
    expect(result.fulfillments.map((fulfillment) => fulfillment.trackingNumber)).toEqual(result.trackingNumbers);
    const quantities = result.fulfillments.map((fulfillment) =>
      fulfillment.lines.map((line) => line.quantity).sort((left, right) => left - right),
    );
    expect(quantities).toEqual([[2], [1, 1]]);

    // Two emails, to the buyer, each about its own package.
    expect(result.emails).toHaveLength(2);
    for (const email of result.emails) {
      expect(email.to).toEqual([result.buyerEmail]);
      expect(email.mentionsTracking).toBe(true);
    }
    expect(new Set(result.emails.map((email) => email.messageId)).size).toBe(2);
  });
});
