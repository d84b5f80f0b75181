import type { ListedOrderEntry, UnmappableOrder } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { ebayOrderFixture } from './__fixtures__/ebay-order.js';
import { type SimulatedEbayOrder, toSimulatedEbayOrder } from './ebay-simulator-orders.js';
import { mapEbayOrderStatus, toEbayListedOrder } from './map-ebay-order.js';

const updatedAt = '2026-11-01T12:00:00.000Z';

/** The fixture order as eBay's getOrders lists it, changed by `edit`. */
function ebayOrder(edit: (order: SimulatedEbayOrder) => void = () => {}): SimulatedEbayOrder {
  const order = toSimulatedEbayOrder(
    ebayOrderFixture({
      buyer: { name: 'Pat Rider', email: 'pat@example.com', phone: '208-555-0100' },
      shipTo: {
        name: 'Pat Rider',
        company: 'Rider Racing',
        address1: '1 Main St',
        address2: 'Unit 4',
        city: 'Boise',
        region: 'ID',
        postalCode: '83702',
        country: 'US',
        phone: '208-555-0101',
      },
      shippingPaid: 1250,
      fees: 1575,
      serviceLevel: 'USPSPriority',
    }),
    { updatedAt, status: 'ready' },
  );
  edit(order);
  return order;
}

function mapped(order: SimulatedEbayOrder | Record<string, unknown>): ListedOrderEntry {
  return toEbayListedOrder(order as { orderId: string; lastModifiedDate: string });
}

function held(order: SimulatedEbayOrder | Record<string, unknown>): UnmappableOrder {
  const entry = mapped(order);
  if (entry.kind !== 'unmappable') throw new Error(`expected an unmappable entry, got ${JSON.stringify(entry)}`);
  return entry;
}

function listedOrder(order: SimulatedEbayOrder) {
  const entry = mapped(order);
  if (entry.kind !== 'order') throw new Error(`expected an order, got ${JSON.stringify(entry)}`);
  return entry;
}

describe('toEbayListedOrder: mapping an eBay order to a SalesOrder', () => {
  it('maps every field the SDK uses from eBay names', () => {
    const entry = listedOrder(
      ebayOrder((order) => {
        const [first, second] = order.lineItems;
        if (!first || !second) throw new Error('two lines');
        first.lineItemFulfillmentInstructions.shipByDate = '2026-11-03T23:59:59.000Z';
        second.lineItemFulfillmentInstructions.shipByDate = '2026-11-02T23:59:59.000Z';
      }),
    );
    expect(entry).toEqual({
      kind: 'order',
      status: 'ready',
      updatedAt,
      order: {
        marketplace: 'ebay',
        marketplaceOrderId: '12-34567-89012',
        orderedAt: '2026-11-01T10:00:00.000Z',
        currency: 'USD',
        buyer: { name: 'Pat Rider', email: 'pat@example.com', phone: '208-555-0100' },
        shipTo: {
          name: 'Pat Rider',
          company: 'Rider Racing',
          address1: '1 Main St',
          address2: 'Unit 4',
          city: 'Boise',
          region: 'ID',
          postalCode: '83702',
          country: 'US',
          phone: '208-555-0101',
        },
        lines: [
          { lineId: '10001234567890', sku: 'BRAKE-PAD-FA181', quantity: 2, unitPrice: 2599 },
          { lineId: '10001234567891', sku: 'CHAIN-520', quantity: 1, unitPrice: 8999 },
        ],
        shippingPaid: 1250,
        fees: 1575,
        serviceLevel: 'USPSPriority',
        // The earliest line's ship-by date.
        shipBy: '2026-11-02T23:59:59.000Z',
      },
    });
  });

  it('reads the unit price as lineItemCost divided by quantity (eBay gives unit × quantity only)', () => {
    const entry = listedOrder(
      ebayOrder((order) => {
        const [first] = order.lineItems;
        if (!first) throw new Error('a line');
        first.quantity = 3;
        first.lineItemCost = { value: '77.97', currency: 'USD' };
      }),
    );
    expect(entry.order.lines[0]).toMatchObject({ quantity: 3, unitPrice: 2599 });
  });

  it('holds a line whose lineItemCost does not divide into whole cents per unit, naming the field', () => {
    const entry = held(
      ebayOrder((order) => {
        const [first] = order.lineItems;
        if (!first) throw new Error('a line');
        first.quantity = 3;
        first.lineItemCost = { value: '10.00', currency: 'USD' };
      }),
    );
    expect(entry).toMatchObject({
      marketplaceOrderId: '12-34567-89012',
      status: 'ready',
      updatedAt,
      field: 'lineItems[0].lineItemCost',
    });
    expect(entry.reason).toContain('10.00 USD for 3 units');
  });

  it.each([
    ['an amount that is not a decimal', '12,99', 'lineItems[0].lineItemCost.value'],
    ['more fraction digits than the currency has', '25.999', 'lineItems[0].lineItemCost.value'],
  ])('holds %s in a line cost', (_, value, field) => {
    const entry = held(
      ebayOrder((order) => {
        if (order.lineItems[0]) order.lineItems[0].lineItemCost.value = value;
      }),
    );
    expect(entry.field).toBe(field);
    expect(entry.reason).toContain(value);
  });

  it('holds an order whose amounts are in two currencies', () => {
    const entry = held(
      ebayOrder((order) => {
        order.pricingSummary.deliveryCost = { value: '5.00', currency: 'CAD' };
      }),
    );
    expect(entry.field).toBe('pricingSummary.deliveryCost.currency');
  });

  it.each([
    [
      'fullName',
      (order: SimulatedEbayOrder) => delete order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.fullName,
    ],
    [
      'contactAddress.addressLine1',
      (order: SimulatedEbayOrder) => {
        const address = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.contactAddress;
        if (address) delete address.addressLine1;
      },
    ],
    [
      'contactAddress.city',
      (order: SimulatedEbayOrder) => {
        const address = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.contactAddress;
        if (address) address.city = '  ';
      },
    ],
    [
      'contactAddress.stateOrProvince',
      (order: SimulatedEbayOrder) => {
        const address = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.contactAddress;
        if (address) delete address.stateOrProvince;
      },
    ],
    [
      'contactAddress.postalCode',
      (order: SimulatedEbayOrder) => {
        const address = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.contactAddress;
        if (address) delete address.postalCode;
      },
    ],
    [
      'contactAddress.countryCode',
      (order: SimulatedEbayOrder) => {
        const address = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.contactAddress;
        if (address) delete address.countryCode;
      },
    ],
  ])('holds an order whose ship-to has no %s (eBay withholds it after 90 days), never guessing it', (field, edit) => {
    const entry = held(ebayOrder(edit));
    expect(entry.field).toBe(`fulfillmentStartInstructions[0].shippingStep.shipTo.${field}`);
    expect(entry.reason).toMatch(/missing/);
  });

  it('holds an order with no shipping step (in-store pickup), and one with no line items', () => {
    expect(
      held(
        ebayOrder((order) => {
          order.fulfillmentStartInstructions = [];
        }),
      ).field,
    ).toBe('fulfillmentStartInstructions[0].shippingStep.shipTo');
    expect(
      held(
        ebayOrder((order) => {
          order.lineItems = [];
        }),
      ).field,
    ).toBe('lineItems');
  });

  it('holds a line without a SKU (a legacy listing) and a line with a quantity that is not a whole number', () => {
    expect(
      held(
        ebayOrder((order) => {
          if (order.lineItems[1]) delete order.lineItems[1].sku;
        }),
      ).field,
    ).toBe('lineItems[1].sku');
    expect(
      held(
        ebayOrder((order) => {
          if (order.lineItems[0]) order.lineItems[0].quantity = 1.5;
        }),
      ).field,
    ).toBe('lineItems[0].quantity');
  });

  it('holds an order whose fields are not of eBay shape, naming eBay path, with the status as far as it reads', () => {
    const entry = held({
      ...ebayOrder(),
      lineItems: [{ lineItemId: '1', sku: 'A', quantity: 'two', lineItemCost: { value: '1.00', currency: 'USD' } }],
    });
    expect(entry).toMatchObject({ field: 'lineItems[0].quantity', status: 'ready' });
    const unreadable = held({ orderId: '12-34567-00000', lastModifiedDate: updatedAt });
    expect(unreadable).toMatchObject({ marketplaceOrderId: '12-34567-00000', status: 'not-ready', updatedAt });
  });

  it('ships to shipTo (eBay partner) when ebaySupportedFulfillment is true, never to finalDestinationAddress', () => {
    const entry = listedOrder(
      ebayOrder((order) => {
        const [instruction] = order.fulfillmentStartInstructions;
        if (!instruction) throw new Error('an instruction');
        instruction.ebaySupportedFulfillment = true;
        instruction.finalDestinationAddress = {
          addressLine1: '9 Rue du Buyer',
          city: 'Lyon',
          postalCode: '69001',
          countryCode: 'FR',
        };
        instruction.shippingStep.shipTo = {
          fullName: 'eBay Global Shipping Center',
          contactAddress: {
            addressLine1: '1850 Airport Exchange Blvd',
            city: 'Erlanger',
            stateOrProvince: 'KY',
            postalCode: '41025',
            countryCode: 'US',
          },
        };
        order.buyer.buyerRegistrationAddress = {};
      }),
    );
    expect(entry.order.shipTo).toEqual({
      name: 'eBay Global Shipping Center',
      address1: '1850 Airport Exchange Blvd',
      city: 'Erlanger',
      region: 'KY',
      postalCode: '41025',
      country: 'US',
    });
    // The buyer is not eBay's partner: without a registration name, the user id.
    expect(entry.order.buyer.name).toBe('pat_rider');
  });

  it('names the buyer by registration name, else the ship-to name, else the user id; keeps an email only when it is one', () => {
    const byShipTo = listedOrder(
      ebayOrder((order) => {
        order.buyer.buyerRegistrationAddress = { email: 'not an email' };
        const shipTo = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo;
        if (shipTo) shipTo.email = 'Invalid Request';
      }),
    );
    expect(byShipTo.order.buyer).toEqual({ name: 'Pat Rider' });
    const byRegistration = listedOrder(
      ebayOrder((order) => {
        order.buyer.buyerRegistrationAddress = { fullName: 'Patricia Rider', email: 'patricia@example.com' };
        const shipTo = order.fulfillmentStartInstructions[0]?.shippingStep.shipTo;
        if (shipTo) delete shipTo.email;
      }),
    );
    expect(byRegistration.order.buyer).toEqual({ name: 'Patricia Rider', email: 'patricia@example.com' });
  });

  it('reads shippingPaid as deliveryCost plus the (negative) deliveryDiscount, and holds a discount larger than the cost', () => {
    const discounted = ebayOrder() as SimulatedEbayOrder & {
      pricingSummary: { deliveryDiscount?: { value: string; currency: string } };
    };
    discounted.pricingSummary.deliveryDiscount = { value: '-2.50', currency: 'USD' };
    expect(listedOrder(discounted).order.shippingPaid).toBe(1000);
    discounted.pricingSummary.deliveryDiscount = { value: '-20.00', currency: 'USD' };
    expect(held(discounted).field).toBe('pricingSummary.deliveryDiscount');
  });
});

describe('mapEbayOrderStatus', () => {
  const status = (orderPaymentStatus: string, orderFulfillmentStatus = 'NOT_STARTED', cancelState = 'NONE_REQUESTED') =>
    mapEbayOrderStatus({ orderPaymentStatus, orderFulfillmentStatus, cancelStatus: { cancelState } });

  it('PAID and not started is ready; PENDING and FAILED are not ready', () => {
    expect(status('PAID')).toBe('ready');
    expect(status('PENDING')).toBe('not-ready');
    expect(status('FAILED')).toBe('not-ready');
  });

  it('a refund, or a payment status eBay adds later, is not ready (nothing placed without a person)', () => {
    expect(status('PARTIALLY_REFUNDED')).toBe('not-ready');
    expect(status('FULLY_REFUNDED')).toBe('not-ready');
    expect(status('SOMETHING_NEW')).toBe('not-ready');
  });

  it('cancelState IN_PROGRESS is cancel-requested and CANCELED is cancelled, whatever the payment', () => {
    expect(status('PAID', 'NOT_STARTED', 'IN_PROGRESS')).toBe('cancel-requested');
    expect(status('PAID', 'NOT_STARTED', 'CANCELED')).toBe('cancelled');
    expect(status('FULLY_REFUNDED', 'NOT_STARTED', 'CANCELED')).toBe('cancelled');
    expect(status('PAID', 'NOT_STARTED', 'A_NEW_STATE')).toBe('cancel-requested');
  });

  it('FULFILLED is shipped, and IN_PROGRESS (some packages shipped) is shipped too: nothing placed for it', () => {
    expect(status('PAID', 'FULFILLED')).toBe('shipped');
    expect(status('PAID', 'IN_PROGRESS')).toBe('shipped');
  });

  it('is what a listed order carries', () => {
    expect(
      mapped(
        ebayOrder((order) => {
          order.orderPaymentStatus = 'PENDING';
        }),
      ).status,
    ).toBe('not-ready');
    expect(
      held(
        ebayOrder((order) => {
          order.cancelStatus.cancelState = 'IN_PROGRESS';
          delete order.fulfillmentStartInstructions[0]?.shippingStep.shipTo.fullName;
        }),
      ).status,
    ).toBe('cancel-requested');
  });
});
