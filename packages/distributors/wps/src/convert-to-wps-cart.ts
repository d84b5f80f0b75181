import type { PurchaseOrderRequest } from '@dropship/core';
import type { WpsCartWarehouseCode } from './wps-constants.js';

/**
 * Body of `POST /carts` for a drop-ship order (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [DOC carts]). Only the fields the
 * SDK sets are listed; WPS accepts more (`ship_to`, `hold_order`, `pay_type`, ...).
 */
export interface WpsCartRequest {
  po_number: string;
  ship_name: string;
  ship_address1: string;
  ship_address2?: string;
  ship_address3?: string;
  ship_city: string;
  ship_state: string;
  ship_zip: string;
  ship_phone?: string;
  email?: string;
  comment1?: string;
  ship_via?: string;
  default_warehouse?: WpsCartWarehouseCode;
  allow_backorder: boolean;
  multiple_warehouse: boolean;
}

/** Body of `POST /carts/{po_number}/items` (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [CODE]: `{ item_sku, quantity, note? }`). */
export interface WpsCartItemRequest {
  item_sku: string;
  quantity: number;
}

/** Cart settings that do not come from the purchase order. */
export interface WpsCartSettings {
  /** `ship_via` when the request has no `shipMethod`; undefined leaves it to the account default. */
  defaultShipVia?: string;
  /** `default_warehouse`, when set. */
  defaultWarehouse?: WpsCartWarehouseCode;
  /** `multiple_warehouse`: let WPS split the PO across warehouses. */
  multipleWarehouse: boolean;
}

/** A cart and the items to add to it. */
export interface WpsCartPlan {
  cart: WpsCartRequest;
  items: WpsCartItemRequest[];
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Turns a validated purchase order into the WPS cart body and the items to add. Lines of the
 * same SKU are merged into one item. `company` has no cart field and is not sent. Pure: checks
 * no lengths (see `findWpsFieldLengthViolations`).
 *
 * @param request - a validated purchase order request.
 * @param settings - cart settings from the client options.
 */
export function convertToWpsCart(request: PurchaseOrderRequest, settings: WpsCartSettings): WpsCartPlan {
  const { shipTo } = request;
  const cart: WpsCartRequest = {
    po_number: request.poNumber,
    ship_name: shipTo.name.trim(),
    ship_address1: shipTo.address1.trim(),
    ship_city: shipTo.city.trim(),
    ship_state: shipTo.region.trim().toUpperCase(),
    ship_zip: shipTo.postalCode.trim(),
    allow_backorder: request.allowBackorder ?? false,
    multiple_warehouse: settings.multipleWarehouse,
  };
  const optionalFields: Array<[keyof WpsCartRequest, string | undefined]> = [
    ['ship_address2', optional(shipTo.address2)],
    ['ship_address3', optional(shipTo.address3)],
    ['ship_phone', optional(shipTo.phone)],
    ['email', optional(shipTo.email)],
    ['comment1', optional(request.note)],
    ['ship_via', optional(request.shipMethod) ?? settings.defaultShipVia],
  ];
  for (const [field, value] of optionalFields) {
    if (value !== undefined) Object.assign(cart, { [field]: value });
  }
  if (settings.defaultWarehouse) cart.default_warehouse = settings.defaultWarehouse;

  const quantities = new Map<string, number>();
  for (const line of request.lines) {
    const sku = line.sku.trim();
    quantities.set(sku, (quantities.get(sku) ?? 0) + line.quantity);
  }
  const items = [...quantities].map(([item_sku, quantity]) => ({ item_sku, quantity }));
  return { cart, items };
}
