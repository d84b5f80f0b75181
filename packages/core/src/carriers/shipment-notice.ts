import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { carrierCodeSchema } from '../model/carrier.js';
import { toValidationIssues } from '../model/parse.js';
import { parseSalesOrder, type SalesOrder } from '../model/sales-order.js';
import type { ShipmentNotice } from '../spec/v1/marketplace-adapter.js';

/** Schema of a {@link ShipmentNotice} (the `shipment` of `MarketplaceAdapter.pushTracking`). */
export const shipmentNoticeSchema = z.object({
  id: z.string().trim().min(1, 'must not be empty'),
  carrier: carrierCodeSchema,
  carrierName: z.string().trim().min(1, 'must not be empty').optional(),
  trackingNumber: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((value) => /[A-Za-z0-9]/.test(value), 'must contain letters or digits'),
  trackingUrl: z.url('must be a URL').optional(),
  shippedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  lines: z
    .array(
      z.object({
        lineId: z.string().trim().min(1, 'must not be empty'),
        quantity: z.number().int('must be a whole number').positive('must be at least 1'),
      }),
    )
    .min(1, 'a shipment needs at least one line'),
});

/** Quantities already shipped per marketplace line id (from the marketplace's own records). */
export type ShippedQuantities = ReadonlyMap<string, number>;

/**
 * Problems between an order and a shipment of it: a line id the order does not have, a line
 * listed twice, a quantity larger than what is left to ship (ordered minus `alreadyShipped`).
 * Paths start with `shipment.lines.<index>`.
 *
 * @param order - the marketplace order.
 * @param shipment - the package.
 * @param alreadyShipped - quantities already shipped per line id, when the marketplace says.
 */
export function shipmentLineIssues(
  order: Pick<SalesOrder, 'lines'>,
  shipment: Pick<ShipmentNotice, 'lines'>,
  alreadyShipped: ShippedQuantities = new Map(),
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ordered = new Map(order.lines.map((line) => [line.lineId, line.quantity]));
  const seen = new Set<string>();
  shipment.lines.forEach((line, index) => {
    const path = `shipment.lines.${index}`;
    const quantityOrdered = ordered.get(line.lineId);
    if (quantityOrdered === undefined) {
      issues.push({ path: `${path}.lineId`, message: `the order has no line "${line.lineId}"` });
      return;
    }
    if (seen.has(line.lineId)) {
      issues.push({ path: `${path}.lineId`, message: `line "${line.lineId}" is listed twice` });
      return;
    }
    seen.add(line.lineId);
    const left = quantityOrdered - (alreadyShipped.get(line.lineId) ?? 0);
    if (line.quantity > left) {
      issues.push({
        path: `${path}.quantity`,
        message: `${line.quantity} is more than the ${Math.max(0, left)} left to ship of line "${line.lineId}" (ordered ${quantityOrdered})`,
      });
    }
  });
  return issues;
}

/**
 * Validates the input of `pushTracking`: the order, the shipment and how they fit together
 * (known line ids, no line twice, no more than ordered). Every problem is listed, with paths
 * `order.*` and `shipment.*`.
 *
 * @param input - untrusted `{ order, shipment }`.
 * @throws {@link ValidationError} (subject `tracking push`) listing every problem.
 */
export function parseTrackingPush(input: { order: unknown; shipment: unknown }): {
  order: SalesOrder;
  shipment: ShipmentNotice;
} {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('tracking push', [{ path: '', message: 'must be an object { order, shipment }' }]);
  }
  const issues: ValidationIssue[] = [];
  let order: SalesOrder | undefined;
  try {
    order = parseSalesOrder(input.order);
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    issues.push(...error.issues.map((issue) => ({ ...issue, path: issue.path ? `order.${issue.path}` : 'order' })));
  }
  const shipmentResult = shipmentNoticeSchema.safeParse(input.shipment);
  if (!shipmentResult.success) {
    issues.push(
      ...toValidationIssues(shipmentResult.error).map((issue) => ({
        ...issue,
        path: issue.path ? `shipment.${issue.path}` : 'shipment',
      })),
    );
  }
  if (order && shipmentResult.success) issues.push(...shipmentLineIssues(order, shipmentResult.data));
  if (issues.length > 0 || !order || !shipmentResult.success) throw new ValidationError('tracking push', issues);
  return { order, shipment: shipmentResult.data };
}
