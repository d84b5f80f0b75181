import { describeMarketplaceAdapter, type UnconfirmedPushAnswer } from '@dropship/testing/conformance';
import { walmartSampleOrder } from './__fixtures__/walmart-sample-order.js';
import { createWalmart } from './walmart-client.js';
import { createWalmartSimulator, type WalmartSimulator } from './walmart-simulator.js';

const clientId = 'SENTINEL-CONFORMANCE-WALMART-ID';
const clientSecret = 'SENTINEL-CONFORMANCE-WALMART-SECRET';
const simulators: WalmartSimulator[] = [];

describeMarketplaceAdapter('walmart', {
  createSimulator: () => {
    const simulator = createWalmartSimulator({ clientId, clientSecret });
    simulators.push(simulator);
    return simulator;
  },
  createAdapter: (simulator, options) =>
    createWalmart({
      clientId,
      clientSecret: options?.credentials === 'invalid' ? `${clientSecret}-WRONG` : clientSecret,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      ...(options?.orderPageSize === undefined ? {} : { orders: { pageSize: options.orderPageSize } }),
    }),
  sampleOrder: () => walmartSampleOrder(),
  // Quantities go in an inventory feed, prices in a price feed: two calls for both.
  listingPricesSeparately: true,
  // The documented success is HTTP 200 with the order, its shipped lines carrying the tracking
  // number (https://developer.walmart.com/us-marketplace/reference/shippingupdates); these have the right status and look like it, but are not.
  unconfirmedPushAnswers: ({ order, shipment }): UnconfirmedPushAnswer[] => {
    const json = (body: unknown): Pick<UnconfirmedPushAnswer, 'status' | 'headers' | 'body'> => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const orderLines = (status: string, trackingNumber?: string) => ({
      orderLine: order.lines.map((line) => ({
        lineNumber: line.lineId,
        orderLineQuantity: { unitOfMeasurement: 'EACH', amount: String(line.quantity) },
        orderLineStatuses: {
          orderLineStatus: [
            {
              status,
              statusQuantity: { unitOfMeasurement: 'EACH', amount: String(line.quantity) },
              ...(trackingNumber ? { trackingInfo: { trackingNumber, carrierName: { carrier: 'UPS' } } } : {}),
            },
          ],
        },
      })),
    });
    return [
      {
        description: 'the order with its lines still Acknowledged',
        ...json({ order: { purchaseOrderId: order.marketplaceOrderId, orderLines: orderLines('Acknowledged') } }),
      },
      {
        description: 'the order shipped with another tracking number',
        ...json({
          order: {
            purchaseOrderId: order.marketplaceOrderId,
            orderLines: orderLines('Shipped', `${shipment.trackingNumber}9`),
          },
        }),
      },
      {
        description: 'another order shipped with this tracking number',
        ...json({
          order: {
            purchaseOrderId: `${order.marketplaceOrderId}0`,
            orderLines: orderLines('Shipped', shipment.trackingNumber),
          },
        }),
      },
      { description: 'an empty errors list with HTTP 200', ...json({ errors: [] }) },
    ];
  },
  // Read when the suite checks errors: the API key, its Basic form and every access token issued.
  get secrets() {
    return [
      clientId,
      clientSecret,
      `${clientSecret}-WRONG`,
      Buffer.from(`${clientId}:${clientSecret}`).toString('base64'),
      ...simulators.flatMap((simulator) => simulator.issuedTokens()),
    ];
  },
});
