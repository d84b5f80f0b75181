import {
  decimalToMinorUnits,
  type ListedOrderEntry,
  type MarketplaceOrderStatus,
  OrderMappingError,
  type SalesOrder,
  toListedOrder,
} from '@dropship/core';
import { z } from 'zod';
import { type EbayAmount, type EbayOrder, ebayOrderSchema } from './ebay-order-schemas.js';

/**
 * Where an eBay order stands, in the SDK's terms (pure). The first that applies:
 * - `cancelStatus.cancelState` `CANCELED` → `cancelled`; any other state but `NONE_REQUESTED`
 *   (`IN_PROGRESS`: the buyer asked) → `cancel-requested`
 *   (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:CancelStateEnum);
 * - `orderFulfillmentStatus` `FULFILLED` → `shipped`; `IN_PROGRESS` (some packages already
 *   shipped, by the seller or elsewhere) → `shipped` too, so that nothing is placed for it
 *   automatically (https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:OrderFulfillmentStatus);
 * - `orderPaymentStatus` `PAID` → `ready` ("Once this PAID value is returned … it is safe … to
 *   ship", https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:OrderPaymentStatusEnum);
 *   anything else (`PENDING`, `FAILED`, `PARTIALLY_REFUNDED`, `FULLY_REFUNDED`, a value eBay adds
 *   later) → `not-ready`: a refunded order is not shipped without a person deciding.
 *
 * @param order - the order's three status fields as eBay returns them.
 */
export function mapEbayOrderStatus(order: {
  orderFulfillmentStatus: string;
  orderPaymentStatus: string;
  cancelStatus: { cancelState: string };
}): MarketplaceOrderStatus {
  const { cancelState } = order.cancelStatus;
  if (cancelState === 'CANCELED') return 'cancelled';
  if (cancelState !== 'NONE_REQUESTED') return 'cancel-requested';
  if (order.orderFulfillmentStatus === 'FULFILLED' || order.orderFulfillmentStatus === 'IN_PROGRESS') return 'shipped';
  return order.orderPaymentStatus === 'PAID' ? 'ready' : 'not-ready';
}

/** The status of an order whose fields do not all parse: as far as they can be read, else `not-ready`. */
function statusAsFarAsKnown(raw: unknown): MarketplaceOrderStatus {
  const known = z
    .object({
      orderFulfillmentStatus: z.string(),
      orderPaymentStatus: z.string(),
      cancelStatus: z.object({ cancelState: z.string() }),
    })
    .safeParse(raw);
  return known.success ? mapEbayOrderStatus(known.data) : 'not-ready';
}

const shipToPath = 'fulfillmentStartInstructions[0].shippingStep.shipTo';

/** A valid email address, or undefined (eBay stops returning it 14 days after the order). */
function emailOrUndefined(text: string | undefined): string | undefined {
  return text !== undefined && z.email().safeParse(text).success ? text : undefined;
}

/** Present, non-blank text, or undefined. */
function text(value: string | undefined): string | undefined {
  return value !== undefined && value.trim().length > 0 ? value.trim() : undefined;
}

/**
 * Maps one order that parsed as {@link ebayOrderSchema} to `SalesOrder` input (pure):
 * - lines: `lineItemId`, `sku`, `title`, `quantity`, unit price = `lineItemCost` ÷ `quantity`
 *   (eBay gives unit × quantity only, https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:LineItem),
 *   which must be whole minor units;
 * - ship-to: `fulfillmentStartInstructions[0].shippingStep.shipTo`, also when
 *   `ebaySupportedFulfillment` is true (the package then goes to eBay's partner, never to
 *   `finalDestinationAddress`, https://developer.ebay.com/api-docs/sell/fulfillment/types/sel:FulfillmentStartInstruction);
 * - buyer: `buyer.buyerRegistrationAddress.fullName`, else the ship-to name (not for eBay-supported
 *   fulfillment, whose ship-to is eBay's partner), else `buyer.username`; email: the ship-to's,
 *   else the registration's, when it is an address;
 * - `shippingPaid` = `pricingSummary.deliveryCost` + `deliveryDiscount` (negative);
 *   `fees` = `totalMarketplaceFee`; `serviceLevel` = `shippingServiceCode`; `shipBy` = the
 *   earliest line's `shipByDate`; `orderedAt` = `creationDate`.
 *
 * @param order - the order as eBay listed it.
 * @throws `OrderMappingError` naming eBay's field (`lineItems[0].lineItemCost`, `…shipTo.fullName`).
 */
export function mapEbayOrder(order: EbayOrder): SalesOrder {
  const fail = (field: string, reason: string): never => {
    throw new OrderMappingError('ebay', order.orderId, field, reason);
  };
  const firstLine = order.lineItems[0];
  if (!firstLine) return fail('lineItems', 'the order has no line items');
  const currency = firstLine.lineItemCost.currency;
  const minorUnits = (amount: EbayAmount, field: string): number => {
    if (amount.currency !== currency) {
      return fail(`${field}.currency`, `is ${amount.currency}, the order's line items are in ${currency}`);
    }
    const value = decimalToMinorUnits(amount.value, currency);
    return value === undefined ? fail(`${field}.value`, `"${amount.value}" is not an amount of ${currency}`) : value;
  };

  const instruction = order.fulfillmentStartInstructions[0];
  const shipTo = instruction?.shippingStep?.shipTo;
  if (!shipTo) return fail(shipToPath, 'no ship-to address (an order to pick up in store is not drop-shipped)');
  const address = shipTo.contactAddress ?? {};
  const required = (value: string | undefined, field: string): string =>
    text(value) ?? fail(`${shipToPath}.${field}`, 'is missing (eBay withholds it for orders older than 90 days)');
  const shipToAddress = {
    name: required(shipTo.fullName, 'fullName'),
    ...(text(shipTo.companyName) ? { company: text(shipTo.companyName) } : {}),
    address1: required(address.addressLine1, 'contactAddress.addressLine1'),
    ...(text(address.addressLine2) ? { address2: text(address.addressLine2) } : {}),
    city: required(address.city, 'contactAddress.city'),
    region: required(address.stateOrProvince, 'contactAddress.stateOrProvince'),
    postalCode: required(address.postalCode, 'contactAddress.postalCode'),
    country: required(address.countryCode, 'contactAddress.countryCode'),
    ...(text(shipTo.primaryPhone?.phoneNumber) ? { phone: text(shipTo.primaryPhone?.phoneNumber) } : {}),
  };

  const lines = order.lineItems.map((line, index) => {
    const field = `lineItems[${index}]`;
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      fail(`${field}.quantity`, `${line.quantity} is not a whole number of at least 1`);
    }
    const sku = text(line.sku) ?? fail(`${field}.sku`, 'the listing has no SKU to route');
    const lineTotal = minorUnits(line.lineItemCost, `${field}.lineItemCost`);
    if (lineTotal % line.quantity !== 0) {
      fail(
        `${field}.lineItemCost`,
        `${line.lineItemCost.value} ${currency} for ${line.quantity} units is not a whole number of minor units each`,
      );
    }
    return {
      lineId: line.lineItemId,
      sku,
      ...(text(line.title) ? { title: text(line.title) } : {}),
      quantity: line.quantity,
      unitPrice: lineTotal / line.quantity,
    };
  });

  const pricing = order.pricingSummary;
  const deliveryCost = pricing?.deliveryCost ? minorUnits(pricing.deliveryCost, 'pricingSummary.deliveryCost') : 0;
  const deliveryDiscount = pricing?.deliveryDiscount
    ? minorUnits(pricing.deliveryDiscount, 'pricingSummary.deliveryDiscount')
    : 0;
  const shippingPaid = deliveryCost + deliveryDiscount;
  if (shippingPaid < 0) fail('pricingSummary.deliveryDiscount', 'is larger than the delivery cost');

  const registration = order.buyer?.buyerRegistrationAddress;
  const buyerName =
    text(registration?.fullName) ??
    (instruction?.ebaySupportedFulfillment ? undefined : shipToAddress.name) ??
    text(order.buyer?.username) ??
    fail('buyer.username', 'the buyer has no name or user id');
  const email = emailOrUndefined(shipTo.email) ?? emailOrUndefined(registration?.email);
  const buyerPhone = text(registration?.primaryPhone?.phoneNumber);

  const shipByDates = order.lineItems
    .map((line) => line.lineItemFulfillmentInstructions?.shipByDate)
    .filter((date): date is string => date !== undefined)
    .sort((left, right) => Date.parse(left) - Date.parse(right));
  const serviceLevel = text(instruction?.shippingStep?.shippingServiceCode);

  return {
    marketplace: 'ebay',
    marketplaceOrderId: order.orderId,
    orderedAt: order.creationDate,
    currency,
    buyer: { name: buyerName, ...(email ? { email } : {}), ...(buyerPhone ? { phone: buyerPhone } : {}) },
    shipTo: shipToAddress,
    lines,
    shippingPaid,
    ...(order.totalMarketplaceFee ? { fees: minorUnits(order.totalMarketplaceFee, 'totalMarketplaceFee') } : {}),
    ...(serviceLevel ? { serviceLevel } : {}),
    ...(shipByDates[0] ? { shipBy: shipByDates[0] } : {}),
  };
}

/** eBay's path of a zod issue (`lineItems[0].lineItemCost.value`). */
function ebayPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) =>
      typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
    '',
  );
}

/**
 * One order of a `getOrders` page as a listing entry: parsed (lenient) and mapped with
 * {@link mapEbayOrder} through core's `toListedOrder`, so that an order that cannot be mapped is
 * held with eBay's field and the reason, never dropped.
 *
 * @param raw - one element of the page's `orders` (its `orderId` and `lastModifiedDate` already checked).
 */
export function toEbayListedOrder(raw: { orderId: string; lastModifiedDate: string }): ListedOrderEntry {
  const parsed = ebayOrderSchema.safeParse(raw);
  return toListedOrder({
    marketplaceOrderId: raw.orderId,
    updatedAt: raw.lastModifiedDate,
    status: parsed.success ? mapEbayOrderStatus(parsed.data) : statusAsFarAsKnown(raw),
    map: () => {
      if (!parsed.success) {
        const [issue] = parsed.error.issues;
        throw new OrderMappingError(
          'ebay',
          raw.orderId,
          ebayPath(issue?.path ?? []) || '(order)',
          issue?.message ?? 'not an eBay order',
        );
      }
      return mapEbayOrder(parsed.data);
    },
  });
}
