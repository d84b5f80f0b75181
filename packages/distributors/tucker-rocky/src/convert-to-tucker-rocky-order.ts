import type { PurchaseOrderRequest, Warning } from '@dropship/core';

/** What `convertToTuckerRockyOrder` needs besides the request. */
export interface TuckerRockyOrderOptions {
  /** `carrier` when the request has no `shipMethod` (no public documentation: only `UG` seen). */
  defaultCarrier: string;
  /** `splitlines=YES|NO`. */
  splitLines: boolean;
  /** Remove dashes from part numbers (one client does, no public documentation). */
  stripDashesFromItems: boolean;
}

/** Query parameters of a `type=ORD` call (credentials and `output` are added by the client). */
export interface TuckerRockyOrderParameters {
  type: 'ORD';
  name: string;
  address1: string;
  address2?: string;
  city: string;
  state: string;
  zip: string;
  po: string;
  allowduplicatepo: 'NO';
  carrier: string;
  splitlines: 'YES' | 'NO';
  submit: 'YES' | 'NO';
  invoiceNote?: string;
  /** `<ITEM>,<QTY>`, one per line (repeated `line=` keys). */
  line: string[];
}

/** The part number as sent to TRWS. */
export function toTuckerRockyItem(sku: string, stripDashes: boolean): string {
  return stripDashes ? sku.replaceAll('-', '') : sku;
}

/**
 * Builds the query parameters of a `type=ORD` call (no public documentation) from a validated request,
 * with the warnings for what TRWS cannot carry.
 *
 * - `allowduplicatepo=NO` always: the API refuses a second order for the PO number;
 * - `submit=NO` when `validateOnly` (UNCONFIRMED: one client sends it in testing);
 * - `address2` and `address3` are joined (TRWS has two address lines);
 * - company, phone and email are not sent: their fields are NOT FOUND (a warning says so);
 * - `allowBackorder` has no known TRWS parameter (a warning says so when it is set).
 *
 * @param request - a validated purchase order request.
 * @param options - carrier, split and item settings.
 */
export function convertToTuckerRockyOrder(
  request: PurchaseOrderRequest,
  options: TuckerRockyOrderOptions,
): { parameters: TuckerRockyOrderParameters; warnings: Warning[] } {
  const { shipTo } = request;
  const address2 = [shipTo.address2, shipTo.address3].filter((line) => line !== undefined && line !== '').join(' ');
  const parameters: TuckerRockyOrderParameters = {
    type: 'ORD',
    name: shipTo.name,
    address1: shipTo.address1,
    ...(address2 === '' ? {} : { address2 }),
    city: shipTo.city,
    state: shipTo.region,
    zip: shipTo.postalCode,
    po: request.poNumber,
    allowduplicatepo: 'NO',
    carrier: request.shipMethod ?? options.defaultCarrier,
    splitlines: options.splitLines ? 'YES' : 'NO',
    submit: request.validateOnly ? 'NO' : 'YES',
    ...(request.note === undefined || request.note === '' ? {} : { invoiceNote: request.note }),
    line: request.lines.map((line) => `${toTuckerRockyItem(line.sku, options.stripDashesFromItems)},${line.quantity}`),
  };
  const dropped = (['company', 'phone', 'email'] as const).filter(
    (field) => shipTo[field] !== undefined && shipTo[field] !== '',
  );
  const warnings: Warning[] = [];
  if (dropped.length > 0) {
    warnings.push({
      type: 'unsupported',
      feature: 'ship-to-fields',
      message: `tucker-rocky: the TRWS order call has no field for ${dropped.join(', ')}; not sent`,
    });
  }
  if (request.allowBackorder) {
    warnings.push({
      type: 'unsupported',
      feature: 'allow-backorder',
      message: 'tucker-rocky: the TRWS order call has no known backorder setting; the account default applies',
    });
  }
  return { parameters, warnings };
}
