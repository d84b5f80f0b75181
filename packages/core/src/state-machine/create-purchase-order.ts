import { z } from 'zod';
import { type InstantInput, resolveNow } from '../eligibility/resolve-now.js';
import { ValidationError } from '../errors/validation-error.js';
import { parseWith } from '../model/parse.js';
import { type PurchaseOrder, purchaseOrderSchema } from '../model/purchase-order.js';
import { parseSalesOrder, type SalesOrder, salesOrderId } from '../model/sales-order.js';
import { trustPurchaseOrder } from '../model/trusted-purchase-order.js';
import type { PlannedPurchaseOrder } from '../routing/plan-types.js';

/** What {@link createPurchaseOrder} needs. */
export interface CreatePurchaseOrderInput {
  /** The sales order the PO fulfils. */
  order: SalesOrder;
  /** The PO from the order's plan. */
  planned: PlannedPurchaseOrder;
  /** Creation instant. Default: now. */
  now?: InstantInput;
}

const plannedSchema = z.object({
  distributor: z.string().min(1),
  poNumber: z.string().regex(/^[A-Z0-9-]{1,40}$/, 'must be ASCII A-Z, 0-9 and -'),
  salesOrderId: z.string().min(1),
  dropShipFee: z.number().int().nonnegative(),
  lines: z
    .array(
      z.object({
        salesLineId: z.string().min(1),
        sku: z.string().min(1),
        quantity: z.number().int().positive(),
        unitCost: z.number().int().nonnegative(),
        warehouse: z.string().optional(),
      }),
    )
    .min(1, 'a PO needs at least one line'),
});

/**
 * Builds a new purchase order in `draft` (version 1, one `create` audit entry) from a planned PO
 * and its sales order. A PO belongs to exactly one sales order: the planned PO must name this
 * order and only its lines.
 * The PO is frozen all the way down (copy it to change it).
 *
 * @param input - the sales order, the planned PO and the instant.
 * @throws {@link ValidationError} when the order or the planned PO is malformed, or they do not belong together.
 */
export function createPurchaseOrder(input: CreatePurchaseOrderInput): PurchaseOrder {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('purchase order input', [
      { path: '', message: 'must be an object with order and planned' },
    ]);
  }
  const order = parseSalesOrder(input.order);
  const planned = parseWith(plannedSchema, input.planned, 'planned purchase order');
  const id = salesOrderId(order);
  const issues: { path: string; message: string }[] = [];
  if (planned.salesOrderId !== id) {
    issues.push({ path: 'planned.salesOrderId', message: `belongs to sales order ${planned.salesOrderId}, not ${id}` });
  }
  const lineIds = new Set(order.lines.map((line) => line.lineId));
  planned.lines.forEach((line, index) => {
    if (!lineIds.has(line.salesLineId))
      issues.push({
        path: `planned.lines.${index}.salesLineId`,
        message: `no line ${line.salesLineId} in sales order ${id}`,
      });
  });
  if (issues.length > 0) throw new ValidationError('purchase order input', issues);
  const at = new Date(resolveNow(input.now)).toISOString();
  const purchaseOrder = parseWith(
    purchaseOrderSchema,
    {
      poNumber: planned.poNumber,
      distributor: planned.distributor,
      salesOrderId: id,
      marketplace: order.marketplace,
      state: 'draft',
      version: 1,
      currency: order.currency,
      shipTo: order.shipTo,
      lines: planned.lines.map((line) => ({
        salesLineId: line.salesLineId,
        sku: line.sku,
        quantity: line.quantity,
        unitCost: line.unitCost,
        ...(line.warehouse === undefined ? {} : { warehouse: line.warehouse }),
      })),
      dropShipFee: planned.dropShipFee,
      distributorOrderRefs: [],
      shipments: [],
      createdAt: at,
      updatedAt: at,
      audit: [{ at, event: 'create', from: 'draft', to: 'draft', version: 1 }],
    },
    'purchase order',
  );
  return trustPurchaseOrder(purchaseOrder);
}
