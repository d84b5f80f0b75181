import { formatMinorUnits } from '@dropship/core';
import type { EmailPurchaseOrderDocument } from './purchase-order-document.js';

/** The CSV's columns, in order: one row per PO line, the ship-to repeated on each row. */
export const purchaseOrderCsvColumns = [
  'po_number',
  'line_number',
  'sku',
  'description',
  'quantity',
  'unit_cost',
  'line_total',
  'currency',
  'ship_to_name',
  'ship_to_company',
  'ship_to_address1',
  'ship_to_address2',
  'ship_to_city',
  'ship_to_region',
  'ship_to_postal_code',
  'ship_to_country',
  'ship_to_phone',
  'ship_method',
  'allow_backorder',
] as const;

/**
 * One CSV field (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180): quoted when it holds a comma,
 * a quote or a line break. A text field starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return gets a leading `'`, so that a spreadsheet opening the file does not run it as a formula
 * (https://owasp.org/www-community/attacks/CSV_Injection).
 */
function csvField(value: string, isNumber: boolean): string {
  const safe = !isNumber && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Renders the purchase order as CSV (UTF-8, CRLF line ends, a header row): what a supplier
 * imports into its own system. Amounts are plain decimals in the PO's currency (`12.50`); an
 * unstated unit cost is an empty field.
 *
 * @param document - the purchase order.
 */
export function renderPurchaseOrderCsv(document: EmailPurchaseOrderDocument): string {
  const { shipTo } = document;
  const rows = document.lines.map((line) => {
    const values: [string, boolean][] = [
      [document.poNumber, false],
      [String(line.lineNumber), true],
      [line.sku, false],
      [line.description ?? '', false],
      [String(line.quantity), true],
      [line.unitCost === undefined ? '' : formatMinorUnits(line.unitCost, document.currency), true],
      [line.lineTotal === undefined ? '' : formatMinorUnits(line.lineTotal, document.currency), true],
      [document.currency, false],
      [shipTo.name, false],
      [shipTo.company ?? '', false],
      [shipTo.address1, false],
      [[shipTo.address2, shipTo.address3].filter(Boolean).join(', '), false],
      [shipTo.city, false],
      [shipTo.region, false],
      [shipTo.postalCode, false],
      [shipTo.country, false],
      [shipTo.phone ?? '', false],
      [document.shipMethod ?? '', false],
      [document.allowBackorder ? 'yes' : 'no', false],
    ];
    return values.map(([value, isNumber]) => csvField(value, isNumber)).join(',');
  });
  return `${[purchaseOrderCsvColumns.join(','), ...rows].join('\r\n')}\r\n`;
}
