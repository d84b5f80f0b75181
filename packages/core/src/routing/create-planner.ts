import { z } from 'zod';
import type { SyncOfferSource } from '../catalog/memory-catalog.js';
import { type CompiledInventoryRules, compileInventoryRules } from '../eligibility/compile-inventory-rules.js';
import { builtInStockChecks, defaultEligibilityChecks } from '../eligibility/eligibility-checks.js';
import type { EligibilityCheck } from '../eligibility/eligibility-types.js';
import { RealTimeStock } from '../eligibility/real-time-stock.js';
import { type InstantInput, resolveNow } from '../eligibility/resolve-now.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import type { InventoryRules, InventoryRulesInput } from '../model/inventory-rules.js';
import { type Offer, parseOfferList } from '../model/offer.js';
import { parseWith } from '../model/parse.js';
import { type ParsedSalesOrder, parseSalesOrder, type SalesOrder } from '../model/sales-order.js';
import type { Catalog } from '../spec/v1/catalog.js';
import { buildPlan } from './build-plan.js';
import { type ParsedPlanOptions, type PlannerSetup, PlanRun } from './plan-run.js';
import type { OrderPlan, PlanExclusion } from './plan-types.js';
import {
  createPurchaseOrderNumbering,
  type PurchaseOrderNumbering,
  purchaseOrderPrefixSchema,
} from './purchase-order-number.js';
import { route } from './route-order.js';
import {
  brandPreferenceStrategy,
  defaultRoutingStrategies,
  distributorTieBreakStrategy,
  fastestLeadTimeStrategy,
  inStockStrategy,
  lowestLandedCostStrategy,
  type RoutingStrategy,
  shelfStockStrategy,
} from './routing-strategies.js';
import { StockLedger } from './stock-ledger.js';

/** Where a planner reads offers: any v1 {@link Catalog}, or a source that answers synchronously. */
export type PlannerCatalog = Catalog | SyncOfferSource;

/** How a planner is set up: once, then reused for every order. */
export interface PlannerOptions {
  /** Inventory rules (as written, parsed or compiled). Default: every default rule. */
  rules?: InventoryRulesInput | InventoryRules | CompiledInventoryRules;
  /**
   * Where offers come from, per line, unless a plan call passes `offers`. A catalog with
   * `findOffersSync` (the memory catalog) serves {@link Planner.plan}; any v1 `Catalog` serves
   * {@link Planner.planAsync}.
   */
  catalog?: PlannerCatalog;
  /** Eligibility checks. Default: `defaultEligibilityChecks`. */
  checks?: readonly EligibilityCheck[];
  /** Routing strategies, in order. Default: `defaultRoutingStrategies`. The fixed tie-break always ends the chain. */
  strategies?: readonly RoutingStrategy[];
  /** Prefix of PO numbers (1 to 5 of A-Z, 0-9). Default `DS`. Ignored when `numbering` is given. */
  poNumberPrefix?: string;
  /**
   * How PO numbers are made; share it with placement so that retry numbers keep the prefix.
   * Default: `createPurchaseOrderNumbering({ prefix: poNumberPrefix })`.
   */
  numbering?: PurchaseOrderNumbering;
}

/** Per-order options. */
export interface PlanOptions {
  /** The instant to judge offer expiry against. Default: now. */
  now?: InstantInput;
  /**
   * Reservations of earlier plans. The plan never takes units they hold, and adds its own
   * allocations to the ledger (unless `reserve` is false), so consecutive plans never assign
   * more than the stock they saw.
   */
  ledger?: StockLedger;
  /** Add this plan's allocations to `ledger`. Default true. */
  reserve?: boolean;
  /** Real-time stock overriding the catalog's numbers per (distributor, SKU). */
  realTimeStock?: RealTimeStock;
  /**
   * Offers per order line id, for example read with {@link findOrderOffers}. Lines without an
   * entry read the planner's catalog.
   */
  offers?: ReadonlyMap<string, readonly Offer[]> | Readonly<Record<string, readonly Offer[]>>;
  /** PO number attempt (see `PurchaseOrderNumbering.numberFor`). Default 0. */
  attempt?: number;
  /**
   * Offers not to use: a distributor (or one warehouse of it) for some lines or all, for example
   * the distributor that refused the lines being re-routed. Excluded offers are not candidates
   * and not explained. Default none.
   */
  exclude?: readonly PlanExclusion[];
}

/** Plans orders with fixed rules, checks and strategies. */
export interface Planner {
  /** The compiled rules the planner uses. */
  readonly rules: CompiledInventoryRules;
  /** The PO numbering the planner uses. */
  readonly numbering: PurchaseOrderNumbering;
  /**
   * Plans one sales order: eligibility, routing (SKU swap), POs by distributor, unplaced lines
   * with reasons, estimated profit. Offers come from `options.offers`, else from the planner's
   * catalog when it answers synchronously. Pure apart from reserving into `options.ledger`.
   *
   * @param order - the sales order (parsed here, once).
   * @param options - per-order options.
   * @throws {@link ValidationError} when the order or an option is malformed.
   * @throws {@link ConfigurationError} when a line has no offers given and the catalog only answers asynchronously (use `planAsync`).
   */
  plan(order: unknown, options?: PlanOptions): OrderPlan;
  /**
   * {@link Planner.plan}, reading the offers of lines not given in `options.offers` from the
   * planner's catalog through the `Catalog` port (awaited, all lines at once).
   *
   * @param order - the sales order (parsed here, once).
   * @param options - per-order options.
   * @throws {@link ValidationError} when the order or an option is malformed.
   */
  planAsync(order: unknown, options?: PlanOptions): Promise<OrderPlan>;
}

/** Built-in strategies that never drop the last candidate (everything after in-stock). */
const nonEliminatingStrategies: ReadonlySet<RoutingStrategy> = new Set([
  shelfStockStrategy,
  brandPreferenceStrategy,
  fastestLeadTimeStrategy,
  lowestLandedCostStrategy,
  distributorTieBreakStrategy,
]);
const builtInStrategies: ReadonlySet<RoutingStrategy> = new Set([inStockStrategy, ...nonEliminatingStrategies]);

const isFunction = (value: unknown): boolean => typeof value === 'function';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Custom checks and strategies are kept by reference (the planner compares them by identity). */
export const checkSchema = z.custom<EligibilityCheck>(
  (value) =>
    isObject(value) &&
    typeof value.name === 'string' &&
    isFunction(value.check) &&
    (value.kind === 'offer' || value.kind === 'stock'),
  'must be { name: string, kind: "offer" | "stock", check: function }',
);
const strategySchema = z.custom<RoutingStrategy>(
  (value) => isObject(value) && typeof value.name === 'string' && isFunction(value.narrow),
  'must be { name: string, narrow: function }',
);
const catalogSchema = z.custom<PlannerCatalog>(
  (value) => isObject(value) && (isFunction(value.findOffersSync) || isFunction(value.findOffers)),
  'must be a Catalog (findOffers) or have a findOffersSync(query) method, for example createMemoryCatalog()',
);

const plannerOptionsSchema = z.strictObject({
  rules: z.unknown().optional(),
  catalog: catalogSchema.optional(),
  checks: z.array(checkSchema, 'must be an array of eligibility checks').optional(),
  strategies: z.array(strategySchema, 'must be an array of routing strategies').optional(),
  poNumberPrefix: purchaseOrderPrefixSchema.optional(),
  numbering: z
    .custom<PurchaseOrderNumbering>(
      (value) => isObject(value) && isFunction(value.numberFor) && typeof value.prefix === 'string',
      'must be a PurchaseOrderNumbering (createPurchaseOrderNumbering())',
    )
    .optional(),
});

const planOptionsSchema = z.strictObject(
  {
    now: z.unknown().optional(),
    ledger: z.instanceof(StockLedger, { message: 'must be a StockLedger (createStockLedger())' }).optional(),
    reserve: z.boolean().optional(),
    realTimeStock: z
      .instanceof(RealTimeStock, { message: 'must be a RealTimeStock (createRealTimeStock())' })
      .optional(),
    offers: z
      .custom<ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>>(
        (value) => value instanceof Map || (isObject(value) && !Array.isArray(value)),
        'must be a Map or a record of offers per line id',
      )
      .optional(),
    attempt: z
      .number()
      .int('must be a whole number, at least 0')
      .min(0, 'must be a whole number, at least 0')
      .max(Number.MAX_SAFE_INTEGER)
      .optional(),
    exclude: z
      .array(
        z.strictObject({
          distributor: z.string().min(1),
          warehouse: z.string().min(1).optional(),
          lineIds: z.array(z.string().min(1)).optional(),
        }),
      )
      .optional(),
  },
  // Only a non-object gets this message: an unknown key keeps the SDK's (with the nearest known key).
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be an object' : undefined) },
);

/** A plan call's options, parsed: offers by line id, the instant, ledger and stock. */
interface ParsedPlanCall extends ParsedPlanOptions {
  readonly offers: ReadonlyMap<string, readonly Offer[]>;
  readonly reserve: boolean;
  readonly attempt: number;
}

function parsePlanOptions(options: unknown): ParsedPlanCall {
  const parsed = parseWith(planOptionsSchema, options, 'plan options');
  const given = parsed.offers instanceof Map ? [...parsed.offers] : Object.entries(parsed.offers ?? {});
  const offers = new Map<string, Offer[]>();
  const issues: ValidationIssue[] = [];
  for (const [lineId, list] of given) {
    try {
      offers.set(lineId, parseOfferList(list, 'plan options', `offers.${lineId}`));
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ValidationError('plan options', issues);
  return {
    nowMs: resolveNow(parsed.now as InstantInput | undefined),
    ledger: parsed.ledger,
    realTimeStock: parsed.realTimeStock,
    offers,
    reserve: parsed.reserve ?? true,
    attempt: parsed.attempt ?? 0,
    exclusions: parsed.exclude ?? [],
  };
}

function setUp(options: PlannerOptions): PlannerSetup & { readonly catalog: PlannerCatalog | undefined } {
  const parsed = parseWith(plannerOptionsSchema, options, 'planner options');
  const checks = parsed.checks ?? defaultEligibilityChecks;
  const strategies = parsed.strategies ?? defaultRoutingStrategies;
  const numbering = parsed.numbering ?? createPurchaseOrderNumbering({ prefix: parsed.poNumberPrefix ?? 'DS' });
  const rules = compileInventoryRules(parsed.rules as InventoryRulesInput | undefined);
  const restCannotEliminate: boolean[] = new Array(strategies.length + 1).fill(true);
  for (let index = strategies.length - 1; index >= 0; index--) {
    restCannotEliminate[index] =
      (restCannotEliminate[index + 1] as boolean) && nonEliminatingStrategies.has(strategies[index] as RoutingStrategy);
  }
  return {
    rules,
    catalog: parsed.catalog,
    offerChecks: checks.filter(
      (check): check is Extract<EligibilityCheck, { kind: 'offer' }> => check.kind === 'offer',
    ),
    customStockChecks: checks.filter(
      (check): check is Extract<EligibilityCheck, { kind: 'stock' }> =>
        check.kind === 'stock' && !builtInStockChecks.has(check),
    ),
    allChecks: checks,
    strategies,
    restCannotEliminate,
    strategyIsBuiltIn: strategies.map((strategy) => builtInStrategies.has(strategy)),
    numbering,
  };
}

function queryOf(line: SalesOrder['lines'][number]): { sku: string; product?: NonNullable<typeof line.product> } {
  return line.product === undefined ? { sku: line.sku } : { sku: line.sku, product: line.product };
}

/** The catalog's answers are input from outside too: parsed with the offer schema, paths naming the line. */
function parseCatalogOffers(lineId: string, offers: unknown): Offer[] {
  return parseOfferList(offers, `catalog offers for line ${lineId}`);
}

/**
 * Reads every line's offers through the `Catalog` port (all lines at once), each answer parsed
 * with the offer schema. A source with `findOffersSync` is read without awaiting.
 *
 * @param catalog - any v1 catalog, or a synchronous offer source.
 * @param order - a parsed sales order.
 * @returns offers by order line id, ready for `PlanOptions.offers`.
 * @throws {@link ValidationError} when the catalog answers something that is not a list of offers.
 */
export async function findOrderOffers(catalog: PlannerCatalog, order: SalesOrder): Promise<Map<string, Offer[]>> {
  const offers = new Map<string, Offer[]>();
  const source = catalog as Partial<SyncOfferSource & Catalog>;
  await Promise.all(
    order.lines.map(async (line) => {
      const answer =
        source.findOffersSync === undefined
          ? await (source.findOffers as Catalog['findOffers'])(queryOf(line))
          : source.findOffersSync(queryOf(line));
      offers.set(line.lineId, parseCatalogOffers(line.lineId, answer));
    }),
  );
  return offers;
}

/**
 * Creates a planner: validates the rules, checks and strategies once, then plans any number of
 * orders with them. Routing per line: eligible offers' usable warehouses, narrowed by each
 * strategy in turn (in stock, shelf stock, brand preference, fastest lead time, lowest landed
 * cost, fixed tie-break). Per order: `rules.singleShipment` `preferred` moves every line to one
 * distributor when one can ship them all; `required` places nothing unless one can (shelf
 * stock, shipped by the dealer, sits outside that rule). Lines are placed whole or not at all.
 *
 * There is one planning path: the offers of each line (given, or read from the catalog through
 * the `Catalog` port) go through the same checks and strategies.
 *
 * @param options - rules, catalog, checks, strategies, PO numbering.
 * @throws {@link ValidationError} when an option is malformed.
 */
export function createPlanner(options: PlannerOptions = {}): Planner {
  const setup = setUp(options);
  const catalog = setup.catalog;

  function planParsed(
    order: ParsedSalesOrder,
    call: ParsedPlanCall,
    lineOffers: readonly (readonly Offer[])[],
  ): OrderPlan {
    const run = new PlanRun(setup, order, lineOffers, call);
    const placeNothing = route(run);
    const plan = buildPlan(run, placeNothing, call.attempt);
    if (call.ledger !== undefined && call.reserve && !placeNothing) run.reserveInto(call.ledger);
    return plan;
  }

  return {
    rules: setup.rules,
    numbering: setup.numbering,
    plan(input, planOptions = {}) {
      const call = parsePlanOptions(planOptions);
      const order = parseSalesOrder(input);
      const lineOffers = order.lines.map((line) => {
        const given = call.offers.get(line.lineId);
        if (given !== undefined) return given;
        if (catalog === undefined) return [];
        if (!('findOffersSync' in catalog)) {
          throw new ConfigurationError(
            'planner.plan: the catalog answers asynchronously; use planner.planAsync(order) or pass offers per line',
          );
        }
        return parseCatalogOffers(line.lineId, catalog.findOffersSync(queryOf(line)));
      });
      return planParsed(order, call, lineOffers);
    },
    async planAsync(input, planOptions = {}) {
      const call = parsePlanOptions(planOptions);
      const order = parseSalesOrder(input);
      const missing = order.lines.filter((line) => !call.offers.has(line.lineId));
      const found =
        catalog === undefined || missing.length === 0
          ? new Map<string, Offer[]>()
          : await findOrderOffers(catalog, { ...order, lines: missing });
      const lineOffers = order.lines.map((line) => call.offers.get(line.lineId) ?? found.get(line.lineId) ?? []);
      return planParsed(order, call, lineOffers);
    },
  };
}

/**
 * Plans one order with a throw-away planner. Convenient for one-off calls; for many orders,
 * create the planner once with {@link createPlanner}.
 *
 * @param order - the sales order.
 * @param options - planner and plan options together.
 * @throws {@link ValidationError} when the order or an option is malformed.
 */
export function planOrder(order: unknown, options: PlannerOptions & PlanOptions = {}): OrderPlan {
  const { rules, catalog, checks, strategies, poNumberPrefix, numbering, ...planOptions } = options ?? {};
  return createPlanner({
    ...(rules === undefined ? {} : { rules }),
    ...(catalog === undefined ? {} : { catalog }),
    ...(checks === undefined ? {} : { checks }),
    ...(strategies === undefined ? {} : { strategies }),
    ...(poNumberPrefix === undefined ? {} : { poNumberPrefix }),
    ...(numbering === undefined ? {} : { numbering }),
  }).plan(order, planOptions);
}
