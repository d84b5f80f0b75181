import { describe, expect, it } from 'vitest';
import {
  mapShopifyListedOrder,
  mapShopifyOrderStatus,
  mapShopifyRestOrder,
  shopifyNumericId,
} from './map-shopify-order.js';
import type { ShopifyListedOrder, ShopifyOrderLineItem, ShopifyRestOrder } from './shopify-order-schemas.js';

// Shapes follow https://shopify.dev/docs/api/admin-graphql/latest/objects/Order and the REST
// order of https://shopify.dev/docs/api/admin-rest/latest/resources/order.

function lineItem(overrides: Partial<ShopifyOrderLineItem> = {}): ShopifyOrderLineItem {
  return {
    id: 'gid://shopify/LineItem/9001',
    sku: 'EBC-FA196HH',
    name: 'EBC brake pads',
    quantity: 3,
    currentQuantity: 3,
    unfulfilledQuantity: 3,
    requiresShipping: true,
    originalUnitPriceSet: { shopMoney: { amount: '45.99', currencyCode: 'USD' } },
    ...overrides,
  };
}

function listedOrder(overrides: Partial<ShopifyListedOrder> = {}): ShopifyListedOrder {
  return {
    id: 'gid://shopify/Order/5001',
    legacyResourceId: '5001',
    name: '#1001',
    createdAt: '2026-11-18T14:03:00Z',
    updatedAt: '2026-11-18T14:05:00Z',
    cancelledAt: null,
    cancelReason: null,
    email: 'jordan@example.com',
    phone: null,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    currencyCode: 'USD',
    shippingAddress: {
      name: 'Jordan Rider',
      firstName: 'Jordy',
      lastName: 'Rider',
      company: 'Rider Racing',
      address1: '1200 W Main St',
      address2: 'Suite 4',
      city: 'Boise',
      province: 'Idaho',
      provinceCode: 'ID',
      zip: '83702',
      countryCodeV2: 'US',
      phone: '+12085550100',
    },
    shippingLine: {
      title: 'Expedited',
      code: 'EXP',
      originalPriceSet: { shopMoney: { amount: '12.50', currencyCode: 'USD' } },
    },
    lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [lineItem()] },
    ...overrides,
  };
}

function mapped(order: ShopifyListedOrder, lines: ShopifyOrderLineItem[] = order.lineItems.nodes) {
  return mapShopifyListedOrder(order, lines);
}

describe('mapShopifyListedOrder', () => {
  it('maps every field: numeric ids, ship-to, buyer, unit prices in minor units, shipping, service level', () => {
    const entry = mapped(
      listedOrder({
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [
            lineItem(),
            lineItem({
              id: 'gid://shopify/LineItem/9002',
              sku: 'DID-520VX3',
              name: 'DID chain',
              quantity: 1,
              currentQuantity: 1,
              unfulfilledQuantity: 1,
              originalUnitPriceSet: { shopMoney: { amount: '129.95', currencyCode: 'USD' } },
            }),
          ],
        },
      }),
    );
    expect(entry).toEqual({
      kind: 'order',
      status: 'ready',
      updatedAt: '2026-11-18T14:05:00.000Z',
      order: {
        marketplace: 'shopify',
        marketplaceOrderId: '5001',
        orderedAt: '2026-11-18T14:03:00.000Z',
        currency: 'USD',
        buyer: { name: 'Jordan Rider', email: 'jordan@example.com', phone: '+12085550100' },
        shipTo: {
          name: 'Jordan Rider',
          company: 'Rider Racing',
          address1: '1200 W Main St',
          address2: 'Suite 4',
          city: 'Boise',
          region: 'ID',
          postalCode: '83702',
          country: 'US',
          phone: '+12085550100',
        },
        lines: [
          { lineId: '9001', sku: 'EBC-FA196HH', title: 'EBC brake pads', quantity: 3, unitPrice: 4_599 },
          { lineId: '9002', sku: 'DID-520VX3', title: 'DID chain', quantity: 1, unitPrice: 12_995 },
        ],
        shippingPaid: 1_250,
        serviceLevel: 'Expedited',
      },
    });
  });

  it('ships what is left: fulfilled units are not placed, removed ones are the cancellation the SDK takes off, lines needing no shipping are left out', () => {
    const entry = mapped(
      listedOrder({
        displayFulfillmentStatus: 'PARTIALLY_FULFILLED',
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [
            lineItem({ quantity: 5, currentQuantity: 4, unfulfilledQuantity: 5 }),
            lineItem({
              id: 'gid://shopify/LineItem/9002',
              sku: 'B',
              quantity: 2,
              currentQuantity: 2,
              unfulfilledQuantity: 1,
            }),
            lineItem({ id: 'gid://shopify/LineItem/9003', sku: 'C', quantity: 1, unfulfilledQuantity: 0 }),
            lineItem({ id: 'gid://shopify/LineItem/9004', sku: 'GIFT-CARD', requiresShipping: false }),
          ],
        },
      }),
    );
    expect(entry.kind).toBe('order');
    if (entry.kind !== 'order') return;
    expect(entry.status).toBe('ready');
    // The line keeps its removed unit, and the cancellation lists it: the line's total is the same
    // in every listing, before and after the removal, and the SDK places 5 − 1.
    expect(entry.order.lines.map((line) => [line.lineId, line.quantity])).toEqual([
      ['9001', 5],
      ['9002', 1],
    ]);
    expect(entry.cancellation).toEqual({ state: 'done', lines: [{ lineId: '9001', quantity: 1 }] });
    const cancelled = new Map(entry.cancellation?.lines?.map((line) => [line.lineId, line.quantity]));
    expect(entry.order.lines.map((line) => line.quantity - (cancelled.get(line.lineId) ?? 0))).toEqual([4, 1]);
  });

  it('lists a shipped or cancelled order with nothing left to ship with the quantities bought (not as unmappable)', () => {
    const fulfilled = mapped(
      listedOrder({
        displayFulfillmentStatus: 'FULFILLED',
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [
            lineItem({ unfulfilledQuantity: 0 }),
            lineItem({ id: 'gid://shopify/LineItem/9002', sku: 'B', requiresShipping: false }),
          ],
        },
      }),
    );
    expect(fulfilled).toMatchObject({ kind: 'order', status: 'shipped' });
    if (fulfilled.kind === 'order')
      expect(fulfilled.order.lines.map((line) => [line.lineId, line.quantity])).toEqual([['9001', 3]]);
    const restocked = mapped(
      listedOrder({
        cancelledAt: '2026-11-19T10:00:00Z',
        lineItems: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [lineItem({ currentQuantity: 0, unfulfilledQuantity: 0 })],
        },
      }),
    );
    expect(restocked).toMatchObject({ kind: 'order', status: 'cancelled' });
    if (restocked.kind === 'order') expect(restocked.order.lines[0]?.quantity).toBe(3);
    // A ready order with nothing left is held: something does not add up.
    expect(
      mapped(
        listedOrder({
          lineItems: {
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [lineItem({ unfulfilledQuantity: 0 })],
          },
        }),
      ),
    ).toMatchObject({
      kind: 'unmappable',
      status: 'ready',
      field: 'lineItems',
    });
  });

  it('names the buyer from first and last name when the address has no name, without a phone or email when none', () => {
    const entry = mapped(
      listedOrder({
        email: null,
        shippingAddress: { ...listedOrder().shippingAddress, name: null, phone: null, company: null, address2: '' },
      }),
    );
    if (entry.kind !== 'order') throw new Error(`unmappable: ${JSON.stringify(entry)}`);
    expect(entry.order.buyer).toEqual({ name: 'Jordy Rider' });
    expect(entry.order.shipTo).not.toHaveProperty('phone');
    expect(entry.order.shipTo).not.toHaveProperty('company');
    expect(entry.order.shipTo).not.toHaveProperty('address2');
  });

  it('holds an order whose name or street Shopify withholds (protected customer data), naming the field', () => {
    const redacted = listedOrder({
      email: null,
      shippingAddress: {
        ...listedOrder().shippingAddress,
        name: null,
        firstName: null,
        lastName: null,
        address1: null,
        phone: null,
      },
    });
    const entry = mapped(redacted);
    expect(entry).toMatchObject({
      kind: 'unmappable',
      marketplaceOrderId: '5001',
      status: 'ready',
      updatedAt: '2026-11-18T14:05:00.000Z',
      field: 'shippingAddress.name',
    });
    if (entry.kind === 'unmappable') expect(entry.reason).toMatch(/protected customer data/);
    const noStreet = mapped(listedOrder({ shippingAddress: { ...listedOrder().shippingAddress, address1: '  ' } }));
    expect(noStreet).toMatchObject({ kind: 'unmappable', field: 'shippingAddress.address1' });
    expect(mapped(listedOrder({ shippingAddress: null }))).toMatchObject({
      kind: 'unmappable',
      field: 'shippingAddress',
    });
  });

  it('holds an order with a line it cannot place: no SKU, a price that is not money, another currency, nothing left', () => {
    const cases: [ShopifyOrderLineItem[], string, RegExp][] = [
      [[lineItem({ sku: null })], 'lineItems.sku', /no SKU/],
      [
        [lineItem({ originalUnitPriceSet: { shopMoney: { amount: '45.999', currencyCode: 'USD' } } })],
        'lineItems.originalUnitPriceSet.shopMoney.amount',
        /not an amount of USD/,
      ],
      [
        [lineItem({ originalUnitPriceSet: { shopMoney: { amount: '45.99', currencyCode: 'CAD' } } })],
        'lineItems.originalUnitPriceSet.shopMoney.amount',
        /in CAD, the order is in USD/,
      ],
      [[lineItem({ originalUnitPriceSet: null })], 'lineItems.originalUnitPriceSet.shopMoney.amount', /no unit price/],
      [[lineItem({ currentQuantity: 3, unfulfilledQuantity: 0 })], 'lineItems', /no line item left to ship/],
    ];
    for (const [lines, field, reason] of cases) {
      const entry = mapped(
        listedOrder({ lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: lines } }),
      );
      expect(entry, field).toMatchObject({ kind: 'unmappable', marketplaceOrderId: '5001', field });
      if (entry.kind === 'unmappable') expect(entry.reason).toMatch(reason);
    }
  });

  it("holds an order whose mapped form core refuses (a country that is not ISO), with core's reason", () => {
    const entry = mapped(listedOrder({ shippingAddress: { ...listedOrder().shippingAddress, countryCodeV2: 'USA' } }));
    expect(entry).toMatchObject({ kind: 'unmappable', field: 'shipTo.country' });
  });

  it('takes the line items it is given (the listing page and the pages after it)', () => {
    const more = [lineItem(), lineItem({ id: 'gid://shopify/LineItem/9002', sku: 'B' })];
    const entry = mapped(listedOrder(), more);
    if (entry.kind !== 'order') throw new Error('unmappable');
    expect(entry.order.lines.map((line) => line.lineId)).toEqual(['9001', '9002']);
  });
});

describe('mapShopifyOrderStatus', () => {
  const status = (financialStatus: string | null, fulfillmentStatus: string, cancelledAt: string | null = null) =>
    mapShopifyOrderStatus({ cancelledAt, financialStatus, fulfillmentStatus });

  it('cancelled first, then fulfilled, then money returned, then paid and open, else not ready', () => {
    expect(status('PAID', 'UNFULFILLED', '2026-11-19T10:00:00Z')).toBe('cancelled');
    expect(status('PAID', 'FULFILLED', '2026-11-19T10:00:00Z')).toBe('cancelled');
    expect(status('PAID', 'FULFILLED')).toBe('shipped');
    expect(status('REFUNDED', 'FULFILLED')).toBe('shipped');
    expect(status('PAID', 'RESTOCKED')).toBe('cancelled');
    expect(status('REFUNDED', 'UNFULFILLED')).toBe('cancelled');
    expect(status('VOIDED', 'UNFULFILLED')).toBe('cancelled');
    for (const fulfillment of ['UNFULFILLED', 'PARTIALLY_FULFILLED', 'OPEN', 'IN_PROGRESS', 'PENDING_FULFILLMENT']) {
      expect(status('PAID', fulfillment), fulfillment).toBe('ready');
      expect(status('PARTIALLY_REFUNDED', fulfillment), fulfillment).toBe('ready');
    }
    for (const financial of ['PENDING', 'AUTHORIZED', 'PARTIALLY_PAID', 'EXPIRED', null, 'SOMETHING_NEW']) {
      expect(status(financial, 'UNFULFILLED'), String(financial)).toBe('not-ready');
    }
    for (const fulfillment of ['ON_HOLD', 'SCHEDULED', 'REQUEST_DECLINED', 'SOMETHING_NEW']) {
      expect(status('PAID', fulfillment), fulfillment).toBe('not-ready');
    }
  });

  it('takes the ready financial statuses it is given (a shop capturing on fulfilment)', () => {
    expect(
      mapShopifyOrderStatus({ cancelledAt: null, financialStatus: 'AUTHORIZED', fulfillmentStatus: 'UNFULFILLED' }, [
        'PAID',
        'AUTHORIZED',
      ]),
    ).toBe('ready');
    expect(
      mapShopifyOrderStatus({ cancelledAt: null, financialStatus: 'PAID', fulfillmentStatus: 'UNFULFILLED' }, [
        'AUTHORIZED',
      ]),
    ).toBe('not-ready');
  });
});

describe('mapShopifyRestOrder', () => {
  function restOrder(overrides: Partial<ShopifyRestOrder> = {}): ShopifyRestOrder {
    return {
      id: 5001,
      admin_graphql_api_id: 'gid://shopify/Order/5001',
      name: '#1001',
      created_at: '2026-11-18T09:03:00-05:00',
      updated_at: '2026-11-18T09:05:00-05:00',
      cancelled_at: null,
      cancel_reason: null,
      email: 'jordan@example.com',
      phone: null,
      financial_status: 'paid',
      fulfillment_status: null,
      currency: 'USD',
      shipping_address: {
        name: 'Jordan Rider',
        first_name: 'Jordy',
        last_name: 'Rider',
        company: 'Rider Racing',
        address1: '1200 W Main St',
        address2: 'Suite 4',
        city: 'Boise',
        province: 'Idaho',
        province_code: 'ID',
        zip: '83702',
        country_code: 'US',
        phone: '+12085550100',
      },
      shipping_lines: [{ title: 'Expedited', code: 'EXP', price: '12.50' }],
      line_items: [
        {
          id: 9001,
          admin_graphql_api_id: 'gid://shopify/LineItem/9001',
          sku: 'EBC-FA196HH',
          name: 'EBC brake pads',
          quantity: 3,
          current_quantity: 3,
          fulfillable_quantity: 3,
          requires_shipping: true,
          price: '45.99',
        },
      ],
      ...overrides,
    };
  }

  it('maps the webhook order to exactly the entry the listing gives for the same order (ids, fields, status)', () => {
    expect(mapShopifyRestOrder(restOrder())).toEqual(mapped(listedOrder()));
  });

  it('reads REST statuses as their GraphQL counterparts', () => {
    expect(mapShopifyRestOrder(restOrder({ fulfillment_status: 'partial' })).status).toBe('ready');
    expect(mapShopifyRestOrder(restOrder({ fulfillment_status: 'fulfilled' })).status).toBe('shipped');
    expect(mapShopifyRestOrder(restOrder({ fulfillment_status: 'restocked' })).status).toBe('cancelled');
    expect(mapShopifyRestOrder(restOrder({ financial_status: 'pending' })).status).toBe('not-ready');
    expect(mapShopifyRestOrder(restOrder({ cancelled_at: '2026-11-19T10:00:00Z' })).status).toBe('cancelled');
  });

  it('names the REST field of what it cannot map', () => {
    const entry = mapShopifyRestOrder(
      restOrder({
        shipping_address: { ...restOrder().shipping_address, name: null, first_name: null, last_name: null },
      }),
    );
    expect(entry).toMatchObject({ kind: 'unmappable', field: 'shipping_address.name' });
  });
});

describe('shopifyNumericId', () => {
  it('reads a global id or a number, and nothing else', () => {
    expect(shopifyNumericId('gid://shopify/LineItem/9001')).toBe('9001');
    expect(shopifyNumericId(9001)).toBe('9001');
    expect(shopifyNumericId('9001')).toBe('9001');
    expect(shopifyNumericId('gid://shopify/LineItem/abc')).toBeUndefined();
    expect(shopifyNumericId('SKU-1')).toBeUndefined();
  });
});
