import { ConfigurationError } from '../errors/configuration-error.js';
import type { DropshipContext } from './context/dropship-context.js';
import type { ActualProfit } from './context/dropshipper-types.js';
import { releasedStates } from './place/rival-check.js';

/**
 * Actual profit of a sales order from the POs placed (not rejected, cancelled or failed), integer
 * minor units. Revenue counts the units placed and the shipping paid; the marketplace fee is the
 * order's own, else the rules' basis points of the revenue.
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
  for (const purchaseOrder of counted) {
    dropShipFees += purchaseOrder.dropShipFee;
    for (const line of purchaseOrder.lines) {
      cost += line.unitCost * line.quantity;
      placedQuantity.set(line.salesLineId, (placedQuantity.get(line.salesLineId) ?? 0) + line.quantity);
    }
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
