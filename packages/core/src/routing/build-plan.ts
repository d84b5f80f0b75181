import type { StockCandidate } from '../eligibility/evaluate-offer-stock.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import { type OrderLine, salesOrderId as toSalesOrderId } from '../model/sales-order.js';
import type { PlanRun } from './plan-run.js';
import type {
  OrderPlan,
  PlanHold,
  PlannedPurchaseOrderLine,
  ProfitEstimate,
  ShelfAllocation,
  UnplacedLine,
  UnplacedReasonCode,
} from './plan-types.js';

function describeUnplaced(
  run: PlanRun,
  lineIndex: number,
  code: UnplacedReasonCode,
  detail: string | undefined,
): UnplacedLine {
  const line = run.lines[lineIndex] as OrderLine;
  const candidates = code === 'no-offers' ? [] : run.explain(lineIndex);
  let message: string;
  switch (code) {
    case 'no-offers':
      message = `no offer found for SKU ${line.sku}${line.product === undefined ? '' : ' or its product identity'}`;
      break;
    case 'no-eligible-distributor': {
      const summary = candidates
        .map(
          (candidate) =>
            `${candidate.distributor} ${candidate.sku} (${candidate.reasons.map((reason) => reason.code).join(', ') || 'eligible'})`,
        )
        .join('; ');
      message = `no eligible distributor for ${line.quantity} × ${line.sku}: ${summary}`;
      break;
    }
    case 'single-shipment-unavailable':
      message = 'rules.singleShipment is "required" and no single distributor can ship every line of the order';
      break;
    case 'no-candidate-selected':
      message = `routing strategy "${detail ?? 'unknown'}" kept no candidate for ${line.quantity} × ${line.sku}`;
      break;
  }
  return { salesLineId: line.lineId, sku: line.sku, quantity: line.quantity, code, message, candidates };
}

/** A planned PO while the plan is assembled (the same object is returned). */
interface PurchaseOrderDraft {
  distributor: string;
  poNumber: string;
  salesOrderId: string;
  lines: PlannedPurchaseOrderLine[];
  subtotal: number;
  dropShipFee: number;
  estimatedShipping: number;
  leadTimeDays: number;
}

/**
 * Every amount of a plan must be an exact integer: the order's totals are checked when it is
 * parsed, but costs come from offers, and a plan of huge quantities at huge costs could pass
 * `Number.MAX_SAFE_INTEGER`, where sums silently lose cents.
 */
function assertSafeTotals(profit: ProfitEstimate): void {
  const issues: ValidationIssue[] = [];
  for (const field of ['revenue', 'cost', 'dropShipFees', 'estimatedShipping', 'marketplaceFee', 'profit'] as const) {
    if (!Number.isSafeInteger(profit[field])) {
      issues.push({
        path: `profit.${field}`,
        message: `exceeds ${Number.MAX_SAFE_INTEGER} minor units: the plan's amounts cannot be computed exactly`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError('order plan', issues);
}

/**
 * Turns a routed plan run into the {@link OrderPlan}: one PO per distributor (numbered by the
 * planner's numbering), shelf allocations, unplaced lines with their explanations, profit and
 * holds. With `placeNothing`, every line is unplaced.
 *
 * @internal
 */
export function buildPlan(run: PlanRun, placeNothing: boolean, attempt: number): OrderPlan {
  const order = run.order;
  const salesOrderId = toSalesOrderId(order);
  const purchaseOrders: PurchaseOrderDraft[] = [];
  const shelfAllocations: ShelfAllocation[] = [];
  let cost = 0;
  let estimatedShipping = 0;
  let dropShipFees = 0;
  if (!placeNothing) {
    const allocationCount = run.allocationCandidates.length;
    for (let index = 0; index < allocationCount; index++) {
      const candidate = run.allocationCandidates[index] as StockCandidate;
      const quantity = run.allocationQuantities[index] as number;
      const line = run.lines[run.allocationLines[index] as number] as OrderLine;
      const lineCost = candidate.unitCost * quantity;
      const lineShipping = candidate.estimatedShipping * quantity;
      cost += lineCost;
      estimatedShipping += lineShipping;
      if (candidate.isShelf) {
        shelfAllocations.push({
          salesLineId: line.lineId,
          sku: candidate.sku,
          quantity,
          unitCost: candidate.unitCost,
          warehouse: candidate.warehouse,
          estimatedShipping: lineShipping,
          stockSource: candidate.stockSource,
        });
        continue;
      }
      let draft: PurchaseOrderDraft | undefined;
      for (let draftIndex = 0; draftIndex < purchaseOrders.length; draftIndex++) {
        if ((purchaseOrders[draftIndex] as PurchaseOrderDraft).distributor === candidate.distributor) {
          draft = purchaseOrders[draftIndex];
          break;
        }
      }
      if (draft === undefined) {
        draft = {
          distributor: candidate.distributor,
          poNumber: run.setup.numbering.numberFor(salesOrderId, candidate.distributor, attempt),
          salesOrderId,
          lines: [],
          subtotal: 0,
          dropShipFee: 0,
          estimatedShipping: 0,
          leadTimeDays: 0,
        };
        purchaseOrders.push(draft);
      }
      draft.lines.push({
        salesLineId: line.lineId,
        sku: candidate.sku,
        quantity,
        unitCost: candidate.unitCost,
        warehouse: candidate.warehouse,
        leadTimeDays: candidate.leadTimeDays,
        stockSource: candidate.stockSource,
      });
      draft.subtotal += lineCost;
      draft.estimatedShipping += lineShipping;
      if (candidate.dropShipFee > draft.dropShipFee) {
        dropShipFees += candidate.dropShipFee - draft.dropShipFee;
        draft.dropShipFee = candidate.dropShipFee;
      }
      if (candidate.leadTimeDays > draft.leadTimeDays) draft.leadTimeDays = candidate.leadTimeDays;
    }
  }
  const unplaced: UnplacedLine[] = [];
  let revenue = 0;
  let anyPlaced = false;
  for (let index = 0; index < run.lines.length; index++) {
    const line = run.lines[index] as OrderLine;
    // Lines are placed whole: a line is placed exactly when its routing recorded no failure.
    if (!placeNothing && run.failures[index] === undefined) {
      revenue += line.unitPrice * line.quantity;
      anyPlaced = true;
      continue;
    }
    const failure = run.failures[index];
    unplaced.push(describeUnplaced(run, index, failure?.code ?? 'single-shipment-unavailable', failure?.detail));
  }
  if (anyPlaced) revenue += order.shippingPaid ?? 0;
  const marketplaceFee =
    order.fees ??
    (anyPlaced ? Math.round((revenue * run.rules.marketplaceFeeBasisPoints(order.marketplace)) / 10_000) : 0);
  const profit: ProfitEstimate = {
    currency: order.currency,
    revenue,
    cost,
    dropShipFees,
    estimatedShipping,
    marketplaceFee,
    profit: revenue - cost - dropShipFees - estimatedShipping - marketplaceFee,
  };
  assertSafeTotals(profit);
  const holds: PlanHold[] = [];
  const minimumProfit = run.rules.rules.minimumProfit;
  if (minimumProfit !== undefined && anyPlaced && profit.profit < minimumProfit) {
    holds.push({
      code: 'below-minimum-profit',
      message: `estimated profit ${profit.profit} is below the minimum of ${minimumProfit} (${order.currency} minor units)`,
    });
  }
  return {
    salesOrderId,
    marketplace: order.marketplace,
    currency: order.currency,
    purchaseOrders,
    shelfAllocations,
    unplaced,
    complete: unplaced.length === 0,
    profit,
    holds,
  };
}
