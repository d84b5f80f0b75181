import type { Warning } from '@dropship/core';
import type { WalmartMethodCode } from './walmart-schemas.js';

/**
 * What a method code read from an order may look like to be sent back as is: letters only, at
 * most 40 characters (Walmart's codes are words such as `Standard` or `OneDay`; the limit is
 * modelled and keeps a garbled value out of the ship request).
 */
const METHOD_CODE_PATTERN = /^[A-Za-z]{1,40}$/;

/** The method code a package is shipped with, and a warning when the order's own could not be used. */
export interface WalmartMethodCodeChoice {
  /** `trackingInfo.methodCode` of the ship request. */
  methodCode: string;
  /** Where it comes from: the order's `shippingInfo.methodCode`, or the `methodCode` option. */
  source: 'order' | 'option';
  /** Set when the order carried a value that is not a method code (the option is used instead). */
  warning?: Warning;
}

/**
 * Chooses `trackingInfo.methodCode` for a ship request: the order's own
 * `shippingInfo.methodCode` (the shipping method the buyer chose, as `GET
 * /v3/orders/{purchaseOrderId}` returns it:
 * https://developer.walmart.com/us-marketplace/reference/getanorder), sent back unchanged;
 * the `methodCode` option only when the order does not carry one, or carries something that
 * is not a code (then with a warning). Pure.
 *
 * @param orderMethodCode - `order.shippingInfo.methodCode` as read (anything, or undefined).
 * @param fallback - the adapter's `methodCode` option.
 */
export function chooseWalmartMethodCode(
  orderMethodCode: unknown,
  fallback: WalmartMethodCode,
): WalmartMethodCodeChoice {
  if (orderMethodCode === undefined || orderMethodCode === null || orderMethodCode === '') {
    return { methodCode: fallback, source: 'option' };
  }
  if (typeof orderMethodCode === 'string' && METHOD_CODE_PATTERN.test(orderMethodCode)) {
    return { methodCode: orderMethodCode, source: 'order' };
  }
  const shown = JSON.stringify(orderMethodCode)?.slice(0, 60) ?? String(orderMethodCode);
  return {
    methodCode: fallback,
    source: 'option',
    warning: {
      type: 'other',
      message: `walmart: the order's shippingInfo.methodCode ${shown} is not a method code; shipped with the methodCode option ${fallback}`,
    },
  };
}
