import type { FieldLengthViolation } from '@dropship/core';
import type { WpsCartRequest } from './convert-to-wps-cart.js';
import { wpsCartFieldLimits } from './wps-constants.js';

/**
 * Every cart field longer than WPS accepts (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [DOC carts] limits; the PO number
 * limit is the client's `maxPoNumberLength`, which WPS does not document). Empty when all fit.
 *
 * @param cart - the cart body about to be sent.
 * @param maxPoNumberLength - longest PO number to send.
 */
export function findWpsFieldLengthViolations(cart: WpsCartRequest, maxPoNumberLength: number): FieldLengthViolation[] {
  const violations: FieldLengthViolation[] = [];
  if (cart.po_number.length > maxPoNumberLength) {
    violations.push({ field: 'po_number', maxLength: maxPoNumberLength, actualLength: cart.po_number.length });
  }
  for (const [field, maxLength] of Object.entries(wpsCartFieldLimits)) {
    const value = (cart as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > maxLength) {
      violations.push({ field, maxLength, actualLength: value.length });
    }
  }
  return violations;
}
