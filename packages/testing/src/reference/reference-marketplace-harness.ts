// The reference marketplace's conformance harness, shared by its conformance test and by the test
// that shows the intake cases fail for a broken adapter. Not exported from the package.
import type { SalesOrder } from '@dropship/core';
import type { MarketplaceConformanceOptions } from '../conformance/describe-marketplace-adapter.js';
import { createReferenceMarketplaceAdapter } from './reference-marketplace-adapter.js';
import {
  createReferenceMarketplaceSimulator,
  type ReferenceMarketplaceSimulator,
} from './reference-marketplace-simulator.js';

/** The token the harness's simulators accept, and the one a client with bad credentials sends. */
export const referenceHarnessTokens = { valid: 'SENTINEL-MARKET-TOKEN-1234', invalid: 'SENTINEL-WRONG-TOKEN-5678' };

let orderNumber = 0;

/** A valid reference-marketplace order, with a new id at each call. */
export function referenceSampleOrder(): SalesOrder {
  orderNumber += 1;
  return {
    marketplace: 'reference-marketplace',
    marketplaceOrderId: `RM-${String(orderNumber).padStart(6, '0')}`,
    orderedAt: '2026-11-20T15:04:05.000Z',
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { lineId: 'L1', sku: '015-01001', quantity: 1, unitPrice: 4_999 },
      { lineId: 'L2', sku: '015-01002', quantity: 3, unitPrice: 1_250 },
    ],
    shippingPaid: 0,
  };
}

/** The harness `describeMarketplaceAdapter` runs the reference marketplace with. */
export const referenceMarketplaceHarness: MarketplaceConformanceOptions = {
  createSimulator: () => createReferenceMarketplaceSimulator({ accessToken: referenceHarnessTokens.valid }),
  createAdapter: (simulator, options) =>
    createReferenceMarketplaceAdapter({
      accessToken:
        options?.credentials === 'invalid'
          ? referenceHarnessTokens.invalid
          : (simulator as ReferenceMarketplaceSimulator).accessToken,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 5, maxDelayMs: 20 },
      rateLimit: { requests: 100, intervalMs: 100 },
      ...(options?.orderPageSize === undefined ? {} : { orderPageSize: options.orderPageSize }),
      ...(options?.listingBatchSize === undefined ? {} : { listingBatchSize: options.listingBatchSize }),
    }),
  sampleOrder: referenceSampleOrder,
  // The API takes an expected_quantity and answers a conflict with the quantity shown.
  listingsCompareAndSwap: true,
  // The documented success is 201 with the fulfillment carrying the tracking number.
  unconfirmedPushAnswers: ({ shipment }) => {
    const fulfillment = (trackingNumber: string) =>
      JSON.stringify({ fulfillment: { id: 'F999', tracking_number: trackingNumber, carrier: 'ups', lines: [] } });
    return [
      {
        description: 'the fulfillment with HTTP 200 instead of 201',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: fulfillment(shipment.trackingNumber),
      },
      {
        description: 'a 201 with a fulfillment of another tracking number',
        status: 201,
        headers: { 'content-type': 'application/json' },
        body: fulfillment(`${shipment.trackingNumber}9`),
      },
      { description: 'an empty 201', status: 201, headers: { 'content-type': 'application/json' }, body: '' },
    ];
  },
};
