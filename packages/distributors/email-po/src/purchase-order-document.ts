import type { Address, PurchaseOrderRequest } from '@dropship/core';

/** One line of an emailed purchase order. */
export interface EmailPurchaseOrderLine {
  /** 1, 2, ... in the order of the request. */
  readonly lineNumber: number;
  /** The supplier's SKU. */
  readonly sku: string;
  /** A description, when `describeSku` knows one. */
  readonly description?: string;
  /** Whole units. */
  readonly quantity: number;
  /** Agreed unit cost in integer minor units, when the request states it. */
  readonly unitCost?: number;
  /** `quantity × unitCost`, when the unit cost is stated. */
  readonly lineTotal?: number;
}

/** Everything an emailed purchase order says: the PDF, the CSV and the email body are drawn from it. */
export interface EmailPurchaseOrderDocument {
  readonly poNumber: string;
  /** When it was first written (ISO 8601): the same on every retry. */
  readonly issuedAt: string;
  readonly buyer: {
    readonly company: string;
    readonly email: string;
    readonly accountNumber?: string;
    readonly phone?: string;
  };
  readonly supplierName: string;
  readonly shipTo: Address;
  readonly lines: readonly EmailPurchaseOrderLine[];
  readonly currency: string;
  /** The sum of the line totals, when every line states a unit cost. */
  readonly total?: number;
  readonly shipMethod?: string;
  /** True when the supplier may backorder what it cannot ship now. */
  readonly allowBackorder: boolean;
  readonly note?: string;
}

/**
 * Builds the purchase order a supplier receives from a validated request (pure).
 *
 * @param input - the request, the buyer, the supplier's name, when it was issued and the SKU descriptions.
 */
export function buildPurchaseOrderDocument(input: {
  request: PurchaseOrderRequest;
  buyer: EmailPurchaseOrderDocument['buyer'];
  supplierName: string;
  issuedAt: string;
  describeSku?: ((sku: string) => string | undefined) | undefined;
}): EmailPurchaseOrderDocument {
  const { request } = input;
  const lines = request.lines.map((line, index): EmailPurchaseOrderLine => {
    const description = input.describeSku?.(line.sku);
    return {
      lineNumber: index + 1,
      sku: line.sku,
      ...(typeof description === 'string' && description.trim() !== ''
        ? { description: description.trim().slice(0, 200) }
        : {}),
      quantity: line.quantity,
      ...(line.unitCost !== undefined ? { unitCost: line.unitCost, lineTotal: line.unitCost * line.quantity } : {}),
    };
  });
  const costed = lines.every((line) => line.lineTotal !== undefined);
  return {
    poNumber: request.poNumber,
    issuedAt: input.issuedAt,
    buyer: input.buyer,
    supplierName: input.supplierName,
    shipTo: request.shipTo,
    lines,
    currency: request.currency,
    ...(costed ? { total: lines.reduce((sum, line) => sum + (line.lineTotal ?? 0), 0) } : {}),
    ...(request.shipMethod !== undefined ? { shipMethod: request.shipMethod } : {}),
    allowBackorder: request.allowBackorder ?? false,
    ...(request.note !== undefined ? { note: request.note } : {}),
  };
}

/** The ship-to as address lines, in the order printed. */
export function shipToLines(address: Address): string[] {
  return [
    address.name,
    address.company,
    address.address1,
    address.address2,
    address.address3,
    `${address.city}, ${address.region} ${address.postalCode}`,
    address.country,
    address.phone !== undefined ? `Phone: ${address.phone}` : undefined,
  ].filter((line): line is string => line !== undefined && line.trim() !== '');
}
