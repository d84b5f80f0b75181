import { z } from 'zod';
import type { InventoryRules, InventoryRulesInput } from '../model/inventory-rules.js';
import { currencySchema } from '../model/money.js';
import { type Offer, type OfferInput, parseOffer } from '../model/offer.js';
import { parseWith } from '../model/parse.js';
import { type OrderLine, orderLineSchema } from '../model/sales-order.js';
import { type CompiledInventoryRules, compileInventoryRules } from './compile-inventory-rules.js';
import { defaultEligibilityChecks } from './eligibility-checks.js';
import type {
  BlockedWarehouse,
  EligibilityCheck,
  EligibilityReason,
  EligibilityResult,
  StockCheckContext,
} from './eligibility-types.js';
import {
  type ReservedStockView,
  RowScan,
  type StockCandidate,
  scanOfferStock,
  toUsableWarehouse,
} from './evaluate-offer-stock.js';
import type { RealTimeStock } from './real-time-stock.js';
import { type InstantInput, resolveNow } from './resolve-now.js';

/** Options of {@link checkOfferEligibility}. */
export interface CheckOfferEligibilityOptions {
  /** The order line the offer would fulfil. */
  line: OrderLine;
  /** Inventory rules (as written, parsed or compiled). Default: every default rule. */
  rules?: InventoryRulesInput | InventoryRules | CompiledInventoryRules;
  /** The instant to judge expiry against. Default: now. */
  now?: InstantInput;
  /** The sales order's currency; offers in another currency fail `currency-mismatch`. */
  currency?: string;
  /** Units needed. Default: `line.quantity`. */
  quantity?: number;
  /** Real-time stock overriding the offer's catalog stock. */
  realTimeStock?: RealTimeStock;
  /** Units already reserved by earlier plans (a `StockLedger`). */
  reserved?: ReservedStockView;
  /** The checks to run. Default: {@link defaultEligibilityChecks}. */
  checks?: readonly EligibilityCheck[];
}

/** Every option is named, so a misspelt one is refused; rules and stock views are checked where they are used. */
const optionsSchema = z.strictObject({
  line: orderLineSchema,
  currency: currencySchema.optional(),
  quantity: z.number().int().positive().optional(),
  rules: z.unknown().optional(),
  now: z.unknown().optional(),
  realTimeStock: z.unknown().optional(),
  reserved: z.unknown().optional(),
  checks: z.unknown().optional(),
});

/**
 * Runs every check on an offer and lists EVERY failing reason (code + message), with the
 * warehouses that can ship the line. Pure: same input, same answer.
 *
 * @param offer - the offer (validated; defaults applied).
 * @param options - the line, rules, instant and optional stock context.
 * @throws {@link ValidationError} when the offer, the line or the rules are malformed.
 */
export function checkOfferEligibility(
  offer: Offer | OfferInput,
  options: CheckOfferEligibilityOptions,
): EligibilityResult {
  const parsedOffer = parseOffer(offer);
  const parsedOptions = parseWith(optionsSchema, options ?? {}, 'eligibility options');
  const rules = compileInventoryRules(options.rules);
  const nowMs = resolveNow(options.now);
  return explainOfferEligibility(parsedOffer, {
    line: parsedOptions.line,
    quantity: parsedOptions.quantity ?? parsedOptions.line.quantity,
    rules,
    nowMs,
    currency: parsedOptions.currency,
    realTimeStock: options.realTimeStock,
    reserved: options.reserved,
    checks: options.checks ?? defaultEligibilityChecks,
  });
}

/** Validated inputs of {@link explainOfferEligibility}. @internal */
export interface ExplainEligibilityInput {
  line: OrderLine;
  quantity: number;
  rules: CompiledInventoryRules;
  nowMs: number;
  currency: string | undefined;
  realTimeStock: RealTimeStock | undefined;
  reserved: ReservedStockView | undefined;
  checks: readonly EligibilityCheck[];
}

/**
 * {@link checkOfferEligibility} on already validated input (routing uses it to explain why a
 * line could not be placed).
 *
 * @internal
 */
export function explainOfferEligibility(offer: Offer, input: ExplainEligibilityInput): EligibilityResult {
  const usable: StockCandidate[] = [];
  const blocked: BlockedWarehouse[] = [];
  const scan = new RowScan(input.rules, input.reserved);
  scanOfferStock(offer, scan, input.realTimeStock, usable, blocked);
  const context: StockCheckContext = {
    line: input.line,
    quantity: input.quantity,
    rules: input.rules,
    nowMs: input.nowMs,
    currency: input.currency,
    stock: {
      usable,
      usableQuantity: scan.usableQuantity,
      blocked,
      stockSource: scan.stockSource,
      notFound: scan.notFound,
    },
  };
  const reasons: EligibilityReason[] = [];
  for (const check of input.checks) {
    const reason = check.kind === 'offer' ? check.check(offer, context) : check.check(offer, context);
    if (reason !== undefined) reasons.push(reason);
  }
  return {
    eligible: reasons.length === 0,
    reasons,
    warehouses: usable.map(toUsableWarehouse),
  };
}
