import {
  decimalToMinorUnits,
  type ListedOrderEntry,
  type MarketplaceOrderStatus,
  type OrderCancellation,
  OrderMappingError,
  type SalesOrder,
  toListedOrder,
} from '@dropship/core';
import type { AmazonMoney, AmazonOrder, AmazonOrderItem } from './amazon-order-schemas.js';

/**
 * Where an Amazon order stands, in the SDK's terms, from its `OrderStatus`
 * (https://developer-docs.amazon.com/sp-api/reference/getorders) and its items' buyer
 * cancellation requests (https://developer-docs.amazon.com/sp-api/changelog/changes-to-orders-api-and-reports-api-for-buyer-cancellation-requests):
 * - any item with `BuyerRequestedCancel.IsBuyerRequestedCancel` `"true"` on an order not yet
 *   shipped or cancelled → `cancel-requested`;
 * - `Unshipped`, `PartiallyShipped` → `ready`;
 * - `Pending`, `PendingAvailability` (payment not authorized: no pricing yet) → `not-ready`;
 * - `Canceled` → `cancelled`; `Shipped`, `InvoiceUnconfirmed` → `shipped`;
 * - anything else (`Unfulfillable` is for Multi-Channel Fulfillment only, or a status Amazon adds
 *   later) → `not-ready`: never placed on a status the SDK does not know.
 *
 * @param orderStatus - the order's `OrderStatus`.
 * @param items - the order's items (for the buyer's cancellation requests).
 */
export function mapAmazonOrderStatus(
  orderStatus: string,
  items: readonly Pick<AmazonOrderItem, 'BuyerRequestedCancel'>[],
): MarketplaceOrderStatus {
  switch (orderStatus) {
    case 'Canceled':
      return 'cancelled';
    case 'Shipped':
    case 'InvoiceUnconfirmed':
      return 'shipped';
  }
  if (items.some((item) => item.BuyerRequestedCancel?.IsBuyerRequestedCancel === 'true')) return 'cancel-requested';
  switch (orderStatus) {
    case 'Unshipped':
    case 'PartiallyShipped':
      return 'ready';
    default:
      return 'not-ready';
  }
}

/**
 * The cancellation an Amazon order shows, or undefined when none
 * (https://developer-docs.amazon.com/sp-api/changelog/changes-to-orders-api-and-reports-api-for-buyer-cancellation-requests). Pure.
 *
 * - `OrderStatus` `Canceled`: `state: 'done'`, the whole order (no `lines`);
 * - items with `BuyerRequestedCancel.IsBuyerRequestedCancel` `"true"` on an order not shipped:
 *   `state: 'requested'`, `requestedBy: 'buyer'`, `reason` the first `BuyerCancelReason`, `lines`
 *   those items with their units not yet shipped (absent when that is every item). Amazon has no
 *   API to answer it: the seller accepts in Seller Central (or by the order acknowledgement feed);
 *   shipping is the refusal.
 *
 * @param orderStatus - the order's `OrderStatus`.
 * @param items - the order's items.
 */
export function readAmazonCancellation(
  orderStatus: string,
  items: readonly Pick<
    AmazonOrderItem,
    'OrderItemId' | 'QuantityOrdered' | 'QuantityShipped' | 'BuyerRequestedCancel'
  >[],
): OrderCancellation | undefined {
  if (orderStatus === 'Canceled') return { state: 'done' };
  if (orderStatus === 'Shipped' || orderStatus === 'InvoiceUnconfirmed') return undefined;
  const requested = items.filter((item) => item.BuyerRequestedCancel?.IsBuyerRequestedCancel === 'true');
  if (requested.length === 0) return undefined;
  const lines = requested
    .map((item) => ({ lineId: item.OrderItemId, quantity: item.QuantityOrdered - (item.QuantityShipped ?? 0) }))
    .filter((line) => line.quantity > 0);
  if (lines.length === 0) return undefined;
  const reason = requested.map((item) => item.BuyerRequestedCancel?.BuyerCancelReason?.trim()).find(Boolean);
  const whole = lines.length === items.length && items.every((item) => (item.QuantityShipped ?? 0) === 0);
  return { state: 'requested', requestedBy: 'buyer', ...(reason ? { reason } : {}), ...(whole ? {} : { lines }) };
}

/** Reads an Amazon `Money` as minor units of `currency`, or throws the mapping error naming `field`. */
function readMoney(orderId: string, field: string, money: AmazonMoney | undefined, currency: string): number {
  if (money?.Amount === undefined) {
    throw new OrderMappingError(
      'amazon',
      orderId,
      field,
      'missing (Amazon gives no pricing before payment is authorized)',
    );
  }
  if (money.CurrencyCode !== undefined && money.CurrencyCode !== currency) {
    throw new OrderMappingError('amazon', orderId, field, `in ${money.CurrencyCode}, the order is in ${currency}`);
  }
  const amount = decimalToMinorUnits(money.Amount, currency);
  if (amount === undefined || amount < 0) {
    throw new OrderMappingError('amazon', orderId, field, `"${money.Amount}" is not an amount of ${currency}`);
  }
  return amount;
}

/** A text field the order needs, or the mapping error naming it. */
function required(orderId: string, field: string, value: string | undefined, reason: string): string {
  if (value === undefined || value.trim().length === 0) throw new OrderMappingError('amazon', orderId, field, reason);
  return value;
}

const withheld =
  'missing: Amazon returns it only with a Restricted Data Token for getOrders (dataElements shippingAddress) and the Direct-to-Consumer Shipping role';

/**
 * Maps an Amazon order and its items to `SalesOrder` input (validated by the caller, core's
 * `toListedOrder`). Throws `OrderMappingError` naming Amazon's field when one cannot be mapped:
 * - ship-to from `ShippingAddress` (`Name` and `AddressLine1` are restricted data: missing without
 *   a Restricted Data Token, and then the order is held, never shipped to a guessed address);
 * - buyer: `BuyerInfo.BuyerName`, else the recipient's name; `BuyerInfo.BuyerEmail` when given;
 * - lines: one per item, line id `OrderItemId`, SKU `SellerSKU`, unit price `ItemPrice` divided by
 *   `QuantityOrdered` (`ItemPrice` is the unit price times the quantity,
 *   https://developer-docs.amazon.com/sp-api/reference/getorderitems); on a `PartiallyShipped`
 *   order the quantity still to ship (`QuantityOrdered - QuantityShipped`), items fully shipped
 *   left out;
 * - `shippingPaid`: the items' `ShippingPrice` less `ShippingDiscount`;
 * - `serviceLevel` from `ShipServiceLevel`, `shipBy` from `LatestShipDate`, `orderedAt` from `PurchaseDate`.
 *
 * @param order - the order from `getOrders`.
 * @param items - all of its items from `getOrderItems`.
 */
export function mapAmazonOrder(order: AmazonOrder, items: readonly AmazonOrderItem[]): SalesOrder {
  const orderId = order.AmazonOrderId;
  const currency =
    order.OrderTotal?.CurrencyCode ?? items.find((item) => item.ItemPrice?.CurrencyCode)?.ItemPrice?.CurrencyCode;
  if (currency === undefined) {
    throw new OrderMappingError(
      'amazon',
      orderId,
      'OrderTotal.CurrencyCode',
      'missing (no pricing on the order or its items)',
    );
  }
  const address = order.ShippingAddress;
  if (address === undefined) {
    throw new OrderMappingError(
      'amazon',
      orderId,
      'ShippingAddress',
      'missing (Amazon gives it for Unshipped, PartiallyShipped, Shipped and InvoiceUnconfirmed orders only)',
    );
  }
  const name = required(orderId, 'ShippingAddress.Name', address.Name, withheld);
  const address1 = required(orderId, 'ShippingAddress.AddressLine1', address.AddressLine1, withheld);
  const city = required(orderId, 'ShippingAddress.City', address.City, 'missing');
  const region = required(orderId, 'ShippingAddress.StateOrRegion', address.StateOrRegion, 'missing');
  const postalCode = required(orderId, 'ShippingAddress.PostalCode', address.PostalCode, 'missing');
  const country = required(orderId, 'ShippingAddress.CountryCode', address.CountryCode, 'missing');

  const partiallyShipped = order.OrderStatus === 'PartiallyShipped';
  let shippingPaid = 0;
  const lines: SalesOrder['lines'] = [];
  items.forEach((item, index) => {
    const field = `OrderItems[${index}]`;
    const sku = required(orderId, `${field}.SellerSKU`, item.SellerSKU, 'missing');
    const ordered = item.QuantityOrdered;
    if (ordered === 0) throw new OrderMappingError('amazon', orderId, `${field}.QuantityOrdered`, 'is 0');
    const itemPrice = readMoney(orderId, `${field}.ItemPrice`, item.ItemPrice, currency);
    if (itemPrice % ordered !== 0) {
      throw new OrderMappingError(
        'amazon',
        orderId,
        `${field}.ItemPrice`,
        `${item.ItemPrice?.Amount} for ${ordered} units is not a whole number of minor units per unit`,
      );
    }
    shippingPaid +=
      item.ShippingPrice === undefined ? 0 : readMoney(orderId, `${field}.ShippingPrice`, item.ShippingPrice, currency);
    if (item.ShippingDiscount !== undefined) {
      shippingPaid -= readMoney(orderId, `${field}.ShippingDiscount`, item.ShippingDiscount, currency);
    }
    const quantity = partiallyShipped ? ordered - (item.QuantityShipped ?? 0) : ordered;
    if (partiallyShipped && quantity <= 0) return;
    lines.push({
      lineId: item.OrderItemId,
      sku,
      ...(item.Title ? { title: item.Title } : {}),
      quantity,
      unitPrice: itemPrice / ordered,
    });
  });
  if (shippingPaid < 0) {
    throw new OrderMappingError(
      'amazon',
      orderId,
      'OrderItems.ShippingDiscount',
      'the shipping discounts exceed the shipping prices',
    );
  }
  const buyerEmail = order.BuyerInfo?.BuyerEmail;
  return {
    marketplace: 'amazon',
    marketplaceOrderId: orderId,
    orderedAt: order.PurchaseDate,
    currency,
    buyer: {
      name: order.BuyerInfo?.BuyerName?.trim() ? order.BuyerInfo.BuyerName : name,
      ...(buyerEmail ? { email: buyerEmail } : {}),
    },
    shipTo: {
      name,
      ...(address.CompanyName ? { company: address.CompanyName } : {}),
      address1,
      ...(address.AddressLine2 ? { address2: address.AddressLine2 } : {}),
      ...(address.AddressLine3 ? { address3: address.AddressLine3 } : {}),
      city,
      region,
      postalCode,
      country,
      ...(address.Phone ? { phone: address.Phone } : {}),
    },
    lines,
    shippingPaid,
    ...(order.ShipServiceLevel ? { serviceLevel: order.ShipServiceLevel } : {}),
    ...(order.LatestShipDate ? { shipBy: order.LatestShipDate } : {}),
  };
}

/**
 * One entry of a listing page for an Amazon order and its items: core's `toListedOrder` (the one
 * home of the rule that an order that cannot be mapped is held with its field and reason), with
 * its cancellation ({@link readAmazonCancellation}).
 *
 * @param order - the order from `getOrders`.
 * @param items - all of its items from `getOrderItems`.
 */
export function toAmazonListedOrder(order: AmazonOrder, items: readonly AmazonOrderItem[]): ListedOrderEntry {
  const entry = toListedOrder({
    marketplaceOrderId: order.AmazonOrderId,
    updatedAt: order.LastUpdateDate,
    status: mapAmazonOrderStatus(order.OrderStatus, items),
    map: () => mapAmazonOrder(order, items),
  });
  if (entry.kind !== 'order') return entry;
  const cancellation = readAmazonCancellation(order.OrderStatus, items);
  return cancellation ? { ...entry, cancellation } : entry;
}
