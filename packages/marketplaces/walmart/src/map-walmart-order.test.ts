import type { ListedOrderEntry, MarketplaceOrderStatus } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import page from './__fixtures__/walmart-released-orders-page.json' with { type: 'json' };
import {
  isWalmartIntentToCancel,
  mapWalmartOrder,
  readWalmartCancellation,
  readWalmartOrderStatus,
  readWalmartTime,
  toWalmartCountryCode,
} from './map-walmart-order.js';

// The fixture follows the example of getAllReleasedOrders in the Orders API spec
// (api-evangelist/walmart@d9aaf1d:openapi/walmart-marketplace-orders-openapi-original.yml), with
// a second unit and a second line so that quantities and line ids are told apart.

type RawOrder = (typeof page.list.elements.order)[number] & Record<string, unknown>;

function exampleOrder(index = 0): RawOrder {
  return structuredClone(page.list.elements.order[index]) as RawOrder;
}

function map(raw: unknown, productCharge: 'unit-price' | 'line-total' = 'unit-price'): ListedOrderEntry {
  const id = (raw as { purchaseOrderId?: unknown }).purchaseOrderId;
  return mapWalmartOrder(String(id), raw, { productCharge });
}

function held(entry: ListedOrderEntry) {
  if (entry.kind !== 'unmappable') throw new Error(`expected an unmappable entry, got ${JSON.stringify(entry)}`);
  return entry;
}

function mapped(entry: ListedOrderEntry) {
  if (entry.kind !== 'order') throw new Error(`expected a mapped order, got ${JSON.stringify(entry)}`);
  return entry;
}

/** A line of the example with the given statuses (and quantity). */
function withStatuses(
  statuses: { status: string; amount: string }[],
  extra: { intentToCancel?: unknown } = {},
): {
  orderLineStatuses: { orderLineStatus: { status: string; statusQuantity: { amount: string } }[] };
  intentToCancel?: unknown;
} {
  return {
    orderLineStatuses: {
      orderLineStatus: statuses.map(({ status, amount }) => ({
        status,
        statusQuantity: { unitOfMeasurement: 'EACH', amount },
      })),
    },
    ...extra,
  };
}

describe('mapWalmartOrder', () => {
  it('maps every field of a released order: ids, lines, prices, shipping, ship-to, buyer, service level, ship-by, times', () => {
    const entry = mapped(map(exampleOrder()));
    expect(entry.status).toBe('ready');
    // The latest statusDate of the lines (after orderDate).
    expect(entry.updatedAt).toBe(new Date(1571903763000).toISOString());
    expect(entry.order).toEqual({
      marketplace: 'walmart',
      marketplaceOrderId: '4792982839409',
      orderedAt: new Date(1571903550000).toISOString(),
      currency: 'USD',
      buyer: {
        name: 'Jordan Rider',
        email: '9336DEB95193429EA032F07770C3E48A@relay.walmart.com',
        phone: '7992381678',
      },
      shipTo: {
        name: 'Jordan Rider',
        address1: '13227 City Square Dr',
        address2: 'Unit 4',
        city: 'Jacksonville',
        region: 'FL',
        postalCode: '32218',
        country: 'US',
        phone: '7992381678',
      },
      lines: [
        { lineId: '3', sku: 'EBC-FA196HH', title: 'EBC FA196HH brake pads', quantity: 2, unitPrice: 4_599 },
        { lineId: '4', sku: 'DID-520VX3', title: 'DID 520VX3 chain', quantity: 1, unitPrice: 12_995 },
      ],
      shippingPaid: 600,
      serviceLevel: 'Express',
      shipBy: new Date(1572069600000).toISOString(),
    });
  });

  it('holds an order whose ship-to has no name, naming the field, with its status and time', () => {
    const entry = held(map(exampleOrder(1)));
    expect(entry).toMatchObject({
      marketplaceOrderId: '2792982839545',
      status: 'ready',
      field: 'shippingInfo.postalAddress.name',
      updatedAt: new Date(1571903763000).toISOString(),
    });
    expect(entry.reason.length).toBeGreaterThan(0);
  });

  it('reads the PRODUCT charge as the line total when set so, and holds a total that does not divide into unit prices', () => {
    const order = exampleOrder();
    const line = order.orderLines.orderLine[0] as { charges: { charge: { chargeAmount: { amount: number } }[] } };
    (line.charges.charge[0] as { chargeAmount: { amount: number } }).chargeAmount.amount = 91.98;
    const entry = mapped(map(order, 'line-total'));
    expect(entry.order.lines.map((each) => each.unitPrice)).toEqual([4_599, 12_995]);
    expect(mapped(map(order, 'unit-price')).order.lines[0]?.unitPrice).toBe(9_198);

    (line.charges.charge[0] as { chargeAmount: { amount: number } }).chargeAmount.amount = 91.99;
    expect(held(map(order, 'line-total'))).toMatchObject({ field: 'orderLines.orderLine[0].charges.charge' });
  });

  it('leaves out the cancelled units of a line and a line cancelled whole; keeps every line of an order cancelled whole', () => {
    const order = exampleOrder();
    Object.assign(
      order.orderLines.orderLine[0] as object,
      withStatuses([
        { status: 'Created', amount: '1' },
        { status: 'Cancelled', amount: '1' },
      ]),
    );
    Object.assign(order.orderLines.orderLine[1] as object, withStatuses([{ status: 'Cancelled', amount: '1' }]));
    const entry = mapped(map(order));
    expect(entry.status).toBe('ready');
    expect(entry.order.lines.map(({ lineId, quantity }) => ({ lineId, quantity }))).toEqual([
      { lineId: '3', quantity: 1 },
    ]);

    Object.assign(order.orderLines.orderLine[0] as object, withStatuses([{ status: 'Cancelled', amount: '2' }]));
    const cancelled = mapped(map(order));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.order.lines.map(({ lineId, quantity }) => ({ lineId, quantity }))).toEqual([
      { lineId: '3', quantity: 2 },
      { lineId: '4', quantity: 1 },
    ]);
  });

  it('maps cancellations: a partial one done (lines, units, reason), a whole one done, a buyer intent on one line requested', () => {
    const order = exampleOrder();
    expect(mapped(map(order)).cancellation).toBeUndefined();
    Object.assign(
      order.orderLines.orderLine[0] as object,
      withStatuses([
        { status: 'Acknowledged', amount: '1' },
        { status: 'Cancelled', amount: '1' },
      ]),
    );
    Object.assign(
      (order.orderLines.orderLine[0] as { orderLineStatuses: { orderLineStatus: object[] } }).orderLineStatuses
        .orderLineStatus[1] as object,
      { cancellationReason: 'SELLER_CANCEL_OUT_OF_STOCK' },
    );
    const partial = mapped(map(order));
    expect(partial.status).toBe('ready');
    expect(partial.cancellation).toEqual({
      state: 'done',
      requestedBy: 'seller',
      reason: 'SELLER_CANCEL_OUT_OF_STOCK',
      lines: [{ lineId: '3', quantity: 1 }],
    });

    Object.assign(order.orderLines.orderLine[0] as object, withStatuses([{ status: 'Cancelled', amount: '2' }]));
    Object.assign(order.orderLines.orderLine[1] as object, withStatuses([{ status: 'Cancelled', amount: '1' }]));
    const whole = mapped(map(order));
    expect(whole.status).toBe('cancelled');
    expect(whole.cancellation).toEqual({ state: 'done' });

    const intent = exampleOrder();
    Object.assign(intent.orderLines.orderLine[1] as object, { intentToCancel: 'Y' });
    const requested = mapped(map(intent));
    expect(requested.status).toBe('cancel-requested');
    expect(requested.cancellation).toEqual({
      state: 'requested',
      requestedBy: 'buyer',
      lines: [{ lineId: '4', quantity: 1 }],
    });
  });

  it('reads a buyer intent on every open unit as a request for the whole order; a shipped line with intent is not requested', () => {
    const line = (lineNumber: string, statuses: { status: string; amount: string }[], intentToCancel?: unknown) => ({
      lineNumber,
      ...withStatuses(statuses, intentToCancel === undefined ? {} : { intentToCancel }),
    });
    expect(
      readWalmartCancellation([
        line('1', [{ status: 'Created', amount: '2' }], 'Y'),
        line('2', [{ status: 'Acknowledged', amount: '1' }], true),
      ]),
    ).toEqual({ state: 'requested', requestedBy: 'buyer' });
    expect(
      readWalmartCancellation([
        line(
          '1',
          [
            { status: 'Shipped', amount: '1' },
            { status: 'Acknowledged', amount: '1' },
          ],
          'Y',
        ),
        line('2', [{ status: 'Shipped', amount: '1' }], 'Y'),
      ]),
    ).toEqual({ state: 'requested', requestedBy: 'buyer', lines: [{ lineId: '1', quantity: 1 }] });
    expect(readWalmartCancellation([line('1', [{ status: 'Shipped', amount: '1' }], 'Y')])).toBeUndefined();
  });

  it('holds an order whose money, quantity, currency, date or country cannot be mapped, naming Walmart field', () => {
    const cases: { change: (order: RawOrder) => void; field: string }[] = [
      {
        change: (order) => {
          (
            order.orderLines.orderLine[1] as { charges: { charge: { chargeAmount: { amount: unknown } } } }
          ).charges.charge.chargeAmount.amount = '129.955';
        },
        field: 'orderLines.orderLine[1].charges.charge[0].chargeAmount.amount',
      },
      {
        change: (order) => {
          (
            order.orderLines.orderLine[1] as { charges: { charge: { chargeAmount: { currency: string } } } }
          ).charges.charge.chargeAmount.currency = 'CAD';
        },
        field: 'orderLines.orderLine[1].charges.charge[0].chargeAmount.currency',
      },
      {
        change: (order) => {
          (order.orderLines.orderLine[1] as { charges: { charge: { chargeType: string } } }).charges.charge.chargeType =
            'FEE';
        },
        field: 'orderLines.orderLine[1].charges.charge',
      },
      {
        change: (order) => {
          (order.orderLines.orderLine[0] as { orderLineQuantity: { amount: string } }).orderLineQuantity.amount = '1.5';
        },
        field: 'orderLines.orderLine[0].orderLineQuantity.amount',
      },
      {
        change: (order) => {
          order.orderDate = 1571903550 as never; // seconds, not milliseconds
        },
        field: 'orderDate',
      },
      {
        change: (order) => {
          order.shippingInfo.postalAddress.country = 'Narnia';
        },
        field: 'shippingInfo.postalAddress.country',
      },
      {
        change: (order) => {
          order.shippingInfo.estimatedShipDate = 'next week' as never;
        },
        field: 'shippingInfo.estimatedShipDate',
      },
      {
        change: (order) => {
          (order.orderLines.orderLine[0] as { item: { sku?: string } }).item.sku = undefined;
        },
        field: 'orderLines.orderLine[0].item.sku',
      },
    ];
    for (const { change, field } of cases) {
      const order = exampleOrder();
      change(order);
      const entry = held(map(order));
      expect(entry.field, field).toBe(field);
      expect(entry.marketplaceOrderId).toBe('4792982839409');
      expect(entry.reason.length, field).toBeGreaterThan(0);
    }
  });

  it('accepts times as ISO text or a string of digits; leaves updatedAt out of an order with no readable time', () => {
    const order = exampleOrder();
    order.orderDate = '2019-10-24T07:52:30Z' as never;
    (order.orderLines.orderLine[0] as { statusDate: unknown }).statusDate = '1571903748000';
    (order.orderLines.orderLine[1] as { statusDate: unknown }).statusDate = undefined;
    const entry = mapped(map(order));
    expect(entry.order.orderedAt).toBe('2019-10-24T07:52:30.000Z');
    expect(entry.updatedAt).toBe(new Date(1571903748000).toISOString());

    const timeless = exampleOrder();
    timeless.orderDate = 'soon' as never;
    for (const line of timeless.orderLines.orderLine) (line as { statusDate: unknown }).statusDate = undefined;
    const heldEntry = held(map(timeless));
    expect(heldEntry.field).toBe('orderDate');
    expect('updatedAt' in heldEntry).toBe(false);
  });

  it('leaves out a buyer email that is not an email address, and maps the order', () => {
    const order = exampleOrder();
    order.customerEmailId = 'not an email';
    const entry = mapped(map(order));
    expect(entry.order.buyer).toEqual({ name: 'Jordan Rider', phone: '7992381678' });
  });
});

describe('readWalmartOrderStatus', () => {
  const cases: { lines: ReturnType<typeof withStatuses>[]; status: MarketplaceOrderStatus }[] = [
    { lines: [withStatuses([{ status: 'Created', amount: '2' }])], status: 'ready' },
    { lines: [withStatuses([{ status: 'Acknowledged', amount: '2' }])], status: 'ready' },
    {
      lines: [withStatuses([{ status: 'Created', amount: '1' }]), withStatuses([{ status: 'Cancelled', amount: '1' }])],
      status: 'ready',
    },
    { lines: [withStatuses([{ status: 'Cancelled', amount: '1' }])], status: 'cancelled' },
    {
      lines: [withStatuses([{ status: 'Cancelled', amount: '1' }], { intentToCancel: 'Y' })],
      status: 'cancelled',
    },
    { lines: [withStatuses([{ status: 'Shipped', amount: '1' }])], status: 'shipped' },
    {
      lines: [
        withStatuses([{ status: 'Delivered', amount: '1' }]),
        withStatuses([{ status: 'Cancelled', amount: '1' }]),
      ],
      status: 'shipped',
    },
    {
      lines: [
        withStatuses([
          { status: 'Shipped', amount: '1' },
          { status: 'Created', amount: '1' },
        ]),
      ],
      status: 'not-ready',
    },
    { lines: [withStatuses([{ status: 'OnHold', amount: '1' }])], status: 'not-ready' },
    { lines: [withStatuses([])], status: 'not-ready' },
    {
      lines: [withStatuses([{ status: 'Created', amount: '1' }], { intentToCancel: 'Y' })],
      status: 'cancel-requested',
    },
    {
      lines: [withStatuses([{ status: 'Acknowledged', amount: '1' }], { intentToCancel: true })],
      status: 'cancel-requested',
    },
    { lines: [withStatuses([{ status: 'Created', amount: '1' }], { intentToCancel: 'N' })], status: 'ready' },
    { lines: [withStatuses([{ status: 'Created', amount: '1' }], { intentToCancel: false })], status: 'ready' },
  ];
  for (const { lines, status } of cases) {
    it(`${JSON.stringify(lines.map((line) => [line.orderLineStatuses.orderLineStatus.map((entry) => entry.status), line.intentToCancel ?? '-']))} → ${status}`, () => {
      expect(readWalmartOrderStatus(lines)).toBe(status);
    });
  }

  it('reads intentToCancel: absent, false, "N", "no", "" are no; "Y", "true", true, a reason are yes', () => {
    expect([undefined, null, false, 'N', 'no', '', 'false', 0].map(isWalmartIntentToCancel)).toEqual(
      Array(8).fill(false),
    );
    expect(['Y', 'true', true, 'CUSTOMER_REQUESTED', 1].map(isWalmartIntentToCancel)).toEqual(Array(5).fill(true));
  });
});

describe('Walmart times and countries', () => {
  it('reads epoch milliseconds (number or digits) and ISO text; refuses seconds, words and dates without a time', () => {
    expect(readWalmartTime(1571903550000)).toBe('2019-10-24T07:52:30.000Z');
    expect(readWalmartTime('1571903550000')).toBe('2019-10-24T07:52:30.000Z');
    expect(readWalmartTime('2019-10-24T07:52:30.000Z')).toBe('2019-10-24T07:52:30.000Z');
    expect(readWalmartTime('2019-10-24T09:52:30+02:00')).toBe('2019-10-24T07:52:30.000Z');
    expect([1571903550, 'tomorrow', '2019-10-24', 1.5e12 + 0.5, Number.NaN, null].map(readWalmartTime)).toEqual(
      Array(6).fill(undefined),
    );
  });

  it('maps USA to US and keeps two-letter codes; an unknown code is undefined', () => {
    expect(['USA', 'usa', 'US', 'PRI', 'CA'].map(toWalmartCountryCode)).toEqual(['US', 'US', 'US', 'PR', 'CA']);
    expect(toWalmartCountryCode('Narnia')).toBeUndefined();
  });
});
