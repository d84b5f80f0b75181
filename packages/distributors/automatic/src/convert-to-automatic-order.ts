import type { PurchaseOrderRequest } from '@dropship/core';

/**
 * Body sent to the order create endpoint. MODELLED (no public documentation: the body is NOT FOUND); only
 * the `ponumber` spelling and the `shipToAddress.phone` field are taken from https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source.
 */
export interface AutomaticCreateOrderRequest {
  header: {
    ponumber: string;
    shipMethod?: string;
    allowBackorder: boolean;
    comment?: string;
  };
  shipToAddress: {
    name: string;
    company?: string;
    address1: string;
    address2?: string;
    address3?: string;
    city: string;
    state: string;
    zip: string;
    country: string;
    phone?: string;
    email?: string;
  };
  lines: Array<{ lineNumber: number; partNumber: string; quantity: number }>;
}

function withOptional<T extends object>(target: T, values: Record<string, string | undefined>): T {
  for (const [key, value] of Object.entries(values)) {
    const trimmed = value?.trim();
    if (trimmed) Object.assign(target, { [key]: trimmed });
  }
  return target;
}

/**
 * Turns a validated purchase order into the (modelled) create-order body. Lines keep their
 * order and are numbered from 1. Pure.
 *
 * @param request - a validated purchase order request.
 * @param defaultShipMethod - ship method when the request has none; undefined sends none.
 */
export function convertToAutomaticOrder(
  request: PurchaseOrderRequest,
  defaultShipMethod?: string,
): AutomaticCreateOrderRequest {
  const { shipTo } = request;
  return {
    header: withOptional(
      {
        ponumber: request.poNumber,
        allowBackorder: request.allowBackorder ?? false,
      } as AutomaticCreateOrderRequest['header'],
      { shipMethod: request.shipMethod ?? defaultShipMethod, comment: request.note },
    ),
    shipToAddress: withOptional(
      {
        name: shipTo.name.trim(),
        address1: shipTo.address1.trim(),
        city: shipTo.city.trim(),
        state: shipTo.region.trim(),
        zip: shipTo.postalCode.trim(),
        country: shipTo.country,
      } as AutomaticCreateOrderRequest['shipToAddress'],
      {
        company: shipTo.company,
        address2: shipTo.address2,
        address3: shipTo.address3,
        phone: shipTo.phone,
        email: shipTo.email,
      },
    ),
    lines: request.lines.map((line, index) => ({
      lineNumber: index + 1,
      partNumber: line.sku.trim(),
      quantity: line.quantity,
    })),
  };
}
