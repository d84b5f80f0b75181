import { describe, expect, it } from 'vitest';
import type { AmazonOrder, AmazonOrderItem } from './amazon-order-schemas.js';
import { mapAmazonOrderStatus, toAmazonListedOrder } from './map-amazon-order.js';

// An Unshipped order as getOrders returns it with a Restricted Data Token
// (https://developer-docs.amazon.com/sp-api/reference/getorders), and its items (getOrderItems).
function amazonOrder(overrides: Partial<AmazonOrder> = {}): AmazonOrder {
  return {
    AmazonOrderId: '902-3159896-1390916',
    PurchaseDate: '2026-11-01T10:00:00Z',
    LastUpdateDate: '2026-11-01T10:05:00Z',
    OrderStatus: 'Unshipped',
    FulfillmentChannel: 'MFN',
    MarketplaceId: 'ATVPDKIKX0DER',
    ShipServiceLevel: 'Std US D2D Dom',
    ShipmentServiceLevelCategory: 'Standard',
    OrderTotal: { CurrencyCode: 'USD', Amount: '72.96' },
    LatestShipDate: '2026-11-03T06:59:59Z',
    ShippingAddress: {
      Name: 'Sam Trail',
      CompanyName: 'Trail Co',
      AddressLine1: '20 Ridge Rd',
      AddressLine2: 'Unit 4',
      City: 'Bend',
      StateOrRegion: 'OR',
      PostalCode: '97701',
      CountryCode: 'US',
      Phone: '+1 541-555-0100',
    },
    BuyerInfo: { BuyerName: 'Alex Trail', BuyerEmail: 'abc123@marketplace.amazon.com' },
    ...overrides,
  };
}

function amazonItems(): AmazonOrderItem[] {
  return [
    {
      ASIN: 'B000000001',
      OrderItemId: '52986411826454',
      SellerSKU: 'AIR-FILTER-HFA',
      Title: 'HiFlo air filter',
      QuantityOrdered: 3,
      QuantityShipped: 0,
      ItemPrice: { CurrencyCode: 'USD', Amount: '56.97' },
      ShippingPrice: { CurrencyCode: 'USD', Amount: '9.00' },
      ShippingDiscount: { CurrencyCode: 'USD', Amount: '1.00' },
      BuyerRequestedCancel: { IsBuyerRequestedCancel: 'false', BuyerCancelReason: '' },
    },
    {
      ASIN: 'B000000002',
      OrderItemId: '52986411826455',
      SellerSKU: 'SPARK-PLUG-CR8',
      QuantityOrdered: 1,
      QuantityShipped: 0,
      ItemPrice: { CurrencyCode: 'USD', Amount: '7.99' },
    },
  ];
}

function unmappable(order: AmazonOrder, items: AmazonOrderItem[]) {
  const entry = toAmazonListedOrder(order, items);
  if (entry.kind !== 'unmappable') throw new Error(`expected an unmappable entry, got ${JSON.stringify(entry)}`);
  return entry;
}

describe('mapAmazonOrder', () => {
  it('maps every field: ids, lines with unit prices from ItemPrice / QuantityOrdered, ship-to, buyer, shipping, service level, ship-by', () => {
    const entry = toAmazonListedOrder(amazonOrder(), amazonItems());
    expect(entry).toEqual({
      kind: 'order',
      status: 'ready',
      updatedAt: '2026-11-01T10:05:00Z',
      order: {
        marketplace: 'amazon',
        marketplaceOrderId: '902-3159896-1390916',
        orderedAt: '2026-11-01T10:00:00Z',
        currency: 'USD',
        buyer: { name: 'Alex Trail', email: 'abc123@marketplace.amazon.com' },
        shipTo: {
          name: 'Sam Trail',
          company: 'Trail Co',
          address1: '20 Ridge Rd',
          address2: 'Unit 4',
          city: 'Bend',
          region: 'OR',
          postalCode: '97701',
          country: 'US',
          phone: '+1 541-555-0100',
        },
        lines: [
          { lineId: '52986411826454', sku: 'AIR-FILTER-HFA', title: 'HiFlo air filter', quantity: 3, unitPrice: 1899 },
          { lineId: '52986411826455', sku: 'SPARK-PLUG-CR8', quantity: 1, unitPrice: 799 },
        ],
        shippingPaid: 800,
        serviceLevel: 'Std US D2D Dom',
        shipBy: '2026-11-03T06:59:59Z',
      },
    });
  });

  it('names the buyer by the recipient when Amazon gives no BuyerName, and gives no email when there is none', () => {
    const entry = toAmazonListedOrder(amazonOrder({ BuyerInfo: {} }), amazonItems());
    expect(entry.kind === 'order' && entry.order.buyer).toEqual({ name: 'Sam Trail' });
  });

  it('lists only what is left to ship of a PartiallyShipped order', () => {
    const [first, second] = amazonItems() as [AmazonOrderItem, AmazonOrderItem];
    const entry = toAmazonListedOrder(amazonOrder({ OrderStatus: 'PartiallyShipped' }), [
      { ...first, QuantityShipped: 1 },
      { ...second, QuantityShipped: 1 },
    ]);
    expect(entry.kind === 'order' && entry.order.lines).toEqual([
      { lineId: '52986411826454', sku: 'AIR-FILTER-HFA', title: 'HiFlo air filter', quantity: 2, unitPrice: 1899 },
    ]);
    expect(entry.status).toBe('ready');
  });

  it('holds an order whose ship-to name or street Amazon withheld (no Restricted Data Token), naming the field', () => {
    const { Name: _name, AddressLine1: _line, ...withoutName } = amazonOrder().ShippingAddress ?? {};
    expect(unmappable(amazonOrder({ ShippingAddress: withoutName }), amazonItems())).toMatchObject({
      marketplaceOrderId: '902-3159896-1390916',
      updatedAt: '2026-11-01T10:05:00Z',
      status: 'ready',
      field: 'ShippingAddress.Name',
      reason: expect.stringContaining('Restricted Data Token'),
    });
    expect(
      unmappable(
        amazonOrder({ ShippingAddress: { ...amazonOrder().ShippingAddress, AddressLine1: ' ' } }),
        amazonItems(),
      ).field,
    ).toBe('ShippingAddress.AddressLine1');
    expect(unmappable(amazonOrder({ ShippingAddress: undefined }), amazonItems()).field).toBe('ShippingAddress');
  });

  it('holds an order whose prices are not money of the order: missing (Pending), another currency, not a decimal, not whole per unit', () => {
    const [first, second] = amazonItems() as [AmazonOrderItem, AmazonOrderItem];
    const cases: [AmazonOrderItem, string, string][] = [
      [{ ...first, ItemPrice: undefined }, 'OrderItems[0].ItemPrice', 'missing'],
      [{ ...first, ItemPrice: { CurrencyCode: 'CAD', Amount: '56.97' } }, 'OrderItems[0].ItemPrice', 'in CAD'],
      [{ ...first, ItemPrice: { CurrencyCode: 'USD', Amount: '56,97' } }, 'OrderItems[0].ItemPrice', 'not an amount'],
      [{ ...first, ItemPrice: { CurrencyCode: 'USD', Amount: '56.96' } }, 'OrderItems[0].ItemPrice', 'whole number'],
      [
        { ...first, ShippingPrice: { CurrencyCode: 'USD', Amount: '-1.00' } },
        'OrderItems[0].ShippingPrice',
        'not an amount',
      ],
      [{ ...first, SellerSKU: undefined }, 'OrderItems[0].SellerSKU', 'missing'],
      [{ ...first, QuantityOrdered: 0 }, 'OrderItems[0].QuantityOrdered', 'is 0'],
    ];
    for (const [item, field, reason] of cases) {
      expect(unmappable(amazonOrder(), [item, second]), field).toMatchObject({
        field,
        reason: expect.stringContaining(reason),
      });
    }
    expect(unmappable(amazonOrder(), []).field).toBe('lines');
    expect(unmappable(amazonOrder({ OrderTotal: undefined }), [{ ...first, ItemPrice: undefined }]).field).toBe(
      'OrderTotal.CurrencyCode',
    );
  });

  it('holds an order whose mapped fields do not validate, naming the SDK field (a PurchaseDate that is not a date-time)', () => {
    expect(unmappable(amazonOrder({ PurchaseDate: 'yesterday' }), amazonItems())).toMatchObject({
      field: 'orderedAt',
      reason: expect.stringContaining('ISO 8601'),
    });
  });
});

describe('mapAmazonOrderStatus', () => {
  const requested = [{ BuyerRequestedCancel: { IsBuyerRequestedCancel: 'true' } }];
  const notRequested = [{ BuyerRequestedCancel: { IsBuyerRequestedCancel: 'false' } }, {}];

  it.each([
    ['Unshipped', 'ready'],
    ['PartiallyShipped', 'ready'],
    ['Pending', 'not-ready'],
    ['PendingAvailability', 'not-ready'],
    ['Canceled', 'cancelled'],
    ['Shipped', 'shipped'],
    ['InvoiceUnconfirmed', 'shipped'],
    ['Unfulfillable', 'not-ready'],
    ['SomethingNew', 'not-ready'],
  ])('maps %s to %s', (status, expected) => {
    expect(mapAmazonOrderStatus(status, notRequested)).toBe(expected);
  });

  it('maps a buyer cancellation request on any item of an order not yet shipped to cancel-requested', () => {
    expect(mapAmazonOrderStatus('Unshipped', [{}, ...requested])).toBe('cancel-requested');
    expect(mapAmazonOrderStatus('Pending', requested)).toBe('cancel-requested');
    expect(mapAmazonOrderStatus('Shipped', requested)).toBe('shipped');
    expect(mapAmazonOrderStatus('Canceled', requested)).toBe('cancelled');
  });
});

describe('Amazon cancellations in the listing', () => {
  const request = (reason = 'Order placed by mistake') => ({
    BuyerRequestedCancel: { IsBuyerRequestedCancel: 'true', BuyerCancelReason: reason },
  });

  it('lists a buyer request on one item as requested with that item and its units, on every item as the whole order', () => {
    const [first, second] = amazonItems();
    if (!first || !second) throw new Error('two items');
    const partial = toAmazonListedOrder(amazonOrder(), [first, { ...second, ...request() }]);
    expect(partial).toMatchObject({
      kind: 'order',
      status: 'cancel-requested',
      cancellation: {
        state: 'requested',
        requestedBy: 'buyer',
        reason: 'Order placed by mistake',
        lines: [{ lineId: '52986411826455', quantity: 1 }],
      },
    });
    const whole = toAmazonListedOrder(amazonOrder(), [
      { ...first, ...request() },
      { ...second, ...request() },
    ]);
    expect(whole.kind === 'order' ? whole.cancellation : undefined).toEqual({
      state: 'requested',
      requestedBy: 'buyer',
      reason: 'Order placed by mistake',
    });
  });

  it('lists a Canceled order as cancellation done for the whole order; none on an order nobody cancelled or a shipped one', () => {
    const items = amazonItems();
    const cancelled = toAmazonListedOrder(amazonOrder({ OrderStatus: 'Canceled' }), items);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { state: 'done' } });
    expect(cancelled.kind === 'order' ? cancelled.cancellation?.lines : 'unmappable').toBeUndefined();
    const untouched = toAmazonListedOrder(amazonOrder(), items);
    expect(untouched.kind === 'order' ? untouched.cancellation : 'unmappable').toBeUndefined();
    const shipped = toAmazonListedOrder(
      amazonOrder({ OrderStatus: 'Shipped' }),
      items.map((item) => ({ ...item, ...request(), QuantityShipped: item.QuantityOrdered })),
    );
    expect(shipped.kind === 'order' ? shipped.cancellation : 'unmappable').toBeUndefined();
  });

  it('counts only the units not yet shipped of a PartiallyShipped order', () => {
    const [first, second] = amazonItems();
    if (!first || !second) throw new Error('two items');
    const entry = toAmazonListedOrder(amazonOrder({ OrderStatus: 'PartiallyShipped' }), [
      { ...first, ...request(), QuantityShipped: 1 },
      second,
    ]);
    expect(entry.kind === 'order' ? entry.cancellation?.lines : undefined).toEqual([
      { lineId: '52986411826454', quantity: 2 },
    ]);
  });
});
