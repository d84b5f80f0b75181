import { ConfigurationError } from '../errors/configuration-error.js';
import type { DistributorInvoice } from '../model/distributor-invoice.js';
import type { PurchaseOrder } from '../model/purchase-order.js';
import type { DropshipContext } from './context/dropship-context.js';
import type { ActualProfit } from './context/dropshipper-types.js';
import { releasedStates } from './place/rival-check.js';

/**
 * What a PO costs: its invoices' figures once any is recorded (each invoiced line at its invoiced
 * unit cost, the units not invoiced yet at the PO's cost; fees are every charge invoiced:
 * freight, drop-ship fee, tax, other), else the PO's expected costs and drop-ship fee.
 */
function purchaseOrderCost(
  purchaseOrder: PurchaseOrder,
  invoices: readonly DistributorInvoice[],
): { cost: number; fees: number } {
  if (invoices.length === 0) {
    let cost = 0;
    for (const line of purchaseOrder.lines) cost += line.unitCost * line.quantity;
    return { cost, fees: purchaseOrder.dropShipFee };
  }
  const remaining = new Map<string, { quantity: number; unitCost: number }>();
  for (const line of purchaseOrder.lines) {
    const known = remaining.get(line.sku);
    remaining.set(line.sku, { quantity: (known?.quantity ?? 0) + line.quantity, unitCost: line.unitCost });
  }
  let cost = 0;
  let fees = 0;
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      cost += line.unitCost * line.quantity;
      const ordered = remaining.get(line.sku);
      if (ordered !== undefined) ordered.quantity = Math.max(0, ordered.quantity - line.quantity);
    }
    for (const charge of invoice.charges) fees += charge.amount;
  }
  for (const line of remaining.values()) cost += line.unitCost * line.quantity;
  return { cost, fees };
}

/**
 * Actual profit of a sales order from the POs placed (not rejected, cancelled or failed), integer
 * minor units. Revenue counts the units placed and the shipping paid; the marketplace fee is the
 * order's own, else the rules' basis points of the revenue. A PO with invoices recorded (when the
 * store keeps invoices) costs what was invoiced: its lines at the invoiced unit costs and every
 * invoiced charge as fees (see `dropshipper.recordInvoice`).
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 * @throws {@link ConfigurationError} when the sales order is not in the store.
 */
export async function actualProfit(context: DropshipContext, salesOrderId: string): Promise<ActualProfit> {
  const order = await context.store.getSalesOrder(salesOrderId);
  if (order === null) throw new ConfigurationError(`profit: no sales order ${salesOrderId}`);
  const counted = (await context.store.findPurchaseOrders({ salesOrderId })).filter(
    (purchaseOrder) => !releasedStates.has(purchaseOrder.state) && purchaseOrder.state !== 'failed',
  );
  const placedQuantity = new Map<string, number>();
  let cost = 0;
  let dropShipFees = 0;
  const store = context.store;
  for (const purchaseOrder of counted) {
    const invoices =
      typeof store.listInvoices === 'function' ? await store.listInvoices({ poNumber: purchaseOrder.poNumber }) : [];
    const figures = purchaseOrderCost(
      purchaseOrder,
      invoices.filter((invoice) => invoice.distributor === purchaseOrder.distributor),
    );
    cost += figures.cost;
    dropShipFees += figures.fees;
    for (const line of purchaseOrder.lines)
      placedQuantity.set(line.salesLineId, (placedQuantity.get(line.salesLineId) ?? 0) + line.quantity);
  }
  let revenue = order.shippingPaid;
  for (const line of order.lines)
    revenue += line.unitPrice * Math.min(line.quantity, placedQuantity.get(line.lineId) ?? 0);
  const basisPoints = context.rules.marketplaceFeeBasisPoints[order.marketplace] ?? 0;
  const marketplaceFee = order.fees ?? Math.round((revenue * basisPoints) / 10_000);
  return {
    salesOrderId,
    currency: order.currency,
    revenue,
    cost,
    dropShipFees,
    marketplaceFee,
    profit: revenue - cost - dropShipFees - marketplaceFee,
    purchaseOrders: counted.map((purchaseOrder) => purchaseOrder.poNumber),
  };
}
