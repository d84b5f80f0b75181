import { createHash } from 'node:crypto';
import {
  ApiError,
  AuthenticationError,
  type CallOptions,
  decimalToMinorUnits,
  formatMinorUnits,
  InvalidRequestError,
  type ListingPushResult,
  type ListingReading,
  type ListingUpdate,
  type ListingUpdateOutcome,
  type MarketplaceListings,
  mayHaveActed,
  parseListingUpdates,
  parseWith,
} from '@dropship/core';
import { z } from 'zod';
import {
  LISTING_LEVELS_QUERY,
  LOCATIONS_QUERY,
  listingLevelsDataSchema,
  locationsDataSchema,
  SET_PRICES_SELECTION,
  SET_QUANTITIES_FIELD,
  SHOPIFY_SKUS_PER_LOOKUP,
  type ShopifyListingUserError,
  setPricesDataSchema,
  setQuantitiesDataSchema,
  shopifyRetryableListingErrorCodes,
  VARIANTS_BY_SKU_QUERY,
  variantsBySkuDataSchema,
} from './shopify-listing-schemas.js';

/** Sends one GraphQL operation through the adapter's client and cost pacer and parses its `data`. */
export type ShopifyGraphqlCall = <T>(
  query: string,
  variables: Record<string, unknown>,
  schema: z.ZodType<T>,
  options: { retry: boolean; signal: AbortSignal | undefined },
) => Promise<T>;

/** What {@link createShopifyListings} needs. */
export interface ShopifyListingContext {
  graphql: ShopifyGraphqlCall;
  /** Quantities per `inventorySetQuantities` call, 1 to 250. */
  batchSize: number;
  /** The location whose `available` quantity is set; undefined: the shop's only location. */
  locationId: string | undefined;
  /** The clock of the idempotency key's window, ms since the epoch. */
  now: () => number;
}

/** A variant of a SKU: the ids the pushes need. */
export interface ShopifyVariantIds {
  variantId: string;
  productId: string;
  inventoryItemId: string;
}

/** The calls one push (or read) made, and the errors of its calls that failed as a whole. */
interface PushRun {
  calls: number;
  errors: unknown[];
}

type Lookup = { kind: 'found'; ids: ShopifyVariantIds } | { kind: 'failed'; outcome: ListingUpdateOutcome };

/** A listing update with the ids its push needs. */
export interface ShopifyListingItem {
  update: ListingUpdate;
  ids: ShopifyVariantIds;
}

/** What one request carries: quantities (one `inventorySetQuantities`) and prices grouped by product. */
export interface ShopifyListingBatch {
  /** Updates with a quantity, in the order sent (`quantities[i]`). */
  quantities: ShopifyListingItem[];
  /** Updates with a price, one group per product (one `productVariantsBulkUpdate` each). */
  prices: ShopifyListingItem[][];
}

/**
 * Most `productVariantsBulkUpdate` fields one request carries (one per product): 25, so that a
 * request stays near 260 points at a mutation's 10 (modelled: Shopify's costs per field are not
 * documented; a query may cost at most 1,000, https://shopify.dev/docs/api/usage/limits).
 */
export const SHOPIFY_PRICE_PRODUCTS_PER_CALL = 25;

const QUANTITIES_FIELD = 'quantities';
/** Refused inputs remembered for their key generation (the oldest forgotten past this). */
const REFUSED_INPUTS_KEPT = 10_000;
const PRICES_FIELD = 'prices';

const setQuantitiesFieldSchema = setQuantitiesDataSchema.shape.inventorySetQuantities;
const setPricesFieldSchema = setPricesDataSchema.shape.productVariantsBulkUpdate;

/**
 * Splits the updates into requests (pure): each with up to `batchSize` quantities and up to
 * {@link SHOPIFY_PRICE_PRODUCTS_PER_CALL} products with a price, in the order given.
 *
 * @param items - the updates and their ids.
 * @param batchSize - the most quantities a request carries.
 */
export function planShopifyListingBatches(
  items: readonly ShopifyListingItem[],
  batchSize: number,
): ShopifyListingBatch[] {
  const batches: ShopifyListingBatch[] = [];
  let current: ShopifyListingBatch = { quantities: [], prices: [] };
  let products = new Map<string, ShopifyListingItem[]>();
  for (const item of items) {
    const needsQuantity = item.update.quantity !== undefined;
    const needsProduct = item.update.price !== undefined && !products.has(item.ids.productId);
    if (
      (needsQuantity && current.quantities.length >= batchSize) ||
      (needsProduct && products.size >= SHOPIFY_PRICE_PRODUCTS_PER_CALL)
    ) {
      batches.push(current);
      current = { quantities: [], prices: [] };
      products = new Map();
    }
    if (needsQuantity) current.quantities.push(item);
    if (item.update.price !== undefined) {
      const group = products.get(item.ids.productId);
      if (group) group.push(item);
      else {
        const created = [item];
        products.set(item.ids.productId, created);
        current.prices.push(created);
      }
    }
  }
  if (current.quantities.length > 0 || current.prices.length > 0) batches.push(current);
  return batches;
}

/**
 * The GraphQL request of one batch (pure): `quantities: inventorySetQuantities(...)` with its
 * idempotency key ({@link shopifyIdempotencyKey}) and `prices<i>: productVariantsBulkUpdate(...)`
 * per product, their variables, and the schema of the answer's `data` (each field required: an
 * answer without them is not Shopify's, `ResponseParseError`).
 *
 * @param batch - what the request carries.
 * @param locationId - the location of the quantities.
 * @param now - the time of the call (the key's window).
 * @param generationOf - the key's generation for the quantities' input (see {@link shopifyIdempotencyKey}).
 */
export function buildShopifyListingMutation(
  batch: ShopifyListingBatch,
  locationId: string,
  now: number,
  generationOf: (input: unknown) => number = () => 0,
): { query: string; variables: Record<string, unknown>; schema: z.ZodType<Record<string, unknown>> } {
  const parameters: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const shape: Record<string, z.ZodType> = {};
  if (batch.quantities.length > 0) {
    const input = {
      name: 'available',
      reason: 'correction',
      quantities: batch.quantities.map(({ update, ids }) => ({
        inventoryItemId: ids.inventoryItemId,
        locationId,
        quantity: update.quantity,
        changeFromQuantity: update.expectedQuantity ?? null,
      })),
    };
    parameters.push('$input: InventorySetQuantitiesInput!', '$idempotencyKey: String!');
    fields.push(`${QUANTITIES_FIELD}: ${SET_QUANTITIES_FIELD}`);
    variables.input = input;
    variables.idempotencyKey = shopifyIdempotencyKey(input, now, generationOf(input));
    shape[QUANTITIES_FIELD] = setQuantitiesFieldSchema;
  }
  batch.prices.forEach((group, index) => {
    const [first] = group;
    parameters.push(`$productId${index}: ID!`, `$variants${index}: [ProductVariantsBulkInput!]!`);
    fields.push(
      `${PRICES_FIELD}${index}: productVariantsBulkUpdate(productId: $productId${index}, variants: $variants${index}) { ${SET_PRICES_SELECTION} }`,
    );
    variables[`productId${index}`] = first?.ids.productId;
    variables[`variants${index}`] = group.map(({ update, ids }) => ({
      id: ids.variantId,
      price: formatMinorUnits(update.price?.amount ?? 0, update.price?.currency ?? 'USD'),
    }));
    shape[`${PRICES_FIELD}${index}`] = setPricesFieldSchema;
  });
  return {
    query: `mutation DropshipPushListings(${parameters.join(', ')}) {\n  ${fields.join('\n  ')}\n}`,
    variables,
    schema: z.object(shape) as unknown as z.ZodType<Record<string, unknown>>,
  };
}

/** How long one idempotency key stays the same for the same update: ten minutes (modelled). */
export const SHOPIFY_IDEMPOTENCY_WINDOW_MS = 600_000;

/**
 * The search of {@link VARIANTS_BY_SKU_QUERY} for some SKUs: `sku:"A" OR sku:"B"`, each quoted
 * with `"` and `\` escaped (Shopify's search syntax, https://shopify.dev/docs/api/usage/search-syntax). Pure.
 *
 * @param skus - the SKUs.
 */
export function shopifySkuSearch(skus: readonly string[]): string {
  return skus.map((sku) => `sku:"${sku.replace(/[\\"]/g, (character) => `\\${character}`)}"`).join(' OR ');
}

/**
 * The idempotency key of one `inventorySetQuantities` call: a UUID-shaped SHA-256 of its input,
 * of the ten-minute window it is sent in and of its `generation`. A retry of a call whose answer
 * was not received (a 429 waited out, a lost answer sent again) carries the same key, so Shopify
 * answers what it did instead of doing it twice; the same values sent again after Shopify
 * answered with a user error get the next generation (the adapter counts them), and after the
 * window a new key, so a stored refusal or an earlier success is never replayed for a later push.
 * Pure.
 *
 * @param input - the mutation's `input`.
 * @param now - the time of the call, ms since the epoch.
 * @param generation - how many answers with user errors the same input got before (default 0).
 */
export function shopifyIdempotencyKey(input: unknown, now: number, generation = 0): string {
  const window = Math.floor(now / SHOPIFY_IDEMPOTENCY_WINDOW_MS);
  const hex = createHash('sha256')
    .update(JSON.stringify(generation === 0 ? { input, window } : { input, window, generation }))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The index of `quantities[i]` (or `variants[i]`) a user error's `field` points at, or undefined. */
function itemIndex(error: ShopifyListingUserError, list: string): number | undefined {
  const field = error.field ?? [];
  const at = field.indexOf(list);
  const text = at < 0 ? undefined : field[at + 1];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** One item's outcome from its own user error. */
function outcomeOfUserError(sku: string, error: ShopifyListingUserError): ListingUpdateOutcome {
  return {
    sku,
    status: 'failed',
    retryable: error.code ? shopifyRetryableListingErrorCodes.includes(error.code) : false,
    ...(error.code ? { code: error.code } : {}),
    message: `shopify: ${sku}: ${error.message}${error.code ? ` (${error.code})` : ''}`,
  };
}

/** The worse of two outcomes of one SKU (its quantity call and its price call). */
function worse(left: ListingUpdateOutcome, right: ListingUpdateOutcome | undefined): ListingUpdateOutcome {
  if (!right) return left;
  const rank = { failed: 4, stale: 3, unknown: 2, pending: 1, applied: 0 } as const;
  return rank[right.status] > rank[left.status] ? right : left;
}

/** The outcome of each item of a call that threw: `unknown` when Shopify may have acted, else `failed`. */
function outcomeOfThrown(sku: string, error: unknown): ListingUpdateOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (mayHaveActed(error)) return { sku, status: 'unknown', message };
  return {
    sku,
    status: 'failed',
    retryable: ApiError.isInstance(error) ? error.isRetryable : true,
    ...(ApiError.isInstance(error) ? { code: error.code } : {}),
    message,
  };
}

/**
 * Shopify listings push (GraphQL Admin API):
 * - ids: each SKU's variant, product and inventory item from `productVariants(query: "sku:…")`,
 *   cached; a SKU no variant has, or several have, is `failed` (not retryable), never guessed;
 * - quantity: `inventorySetQuantities` (`name: "available"`, `reason: "correction"`), up to
 *   `batchSize` quantities a call, each with `changeFromQuantity` = `expectedQuantity` (or an
 *   explicit null) and an idempotency key ({@link shopifyIdempotencyKey}); a
 *   `CHANGE_FROM_QUANTITY_STALE` error is `stale` with the quantity read again;
 * - price: `productVariantsBulkUpdate`, one call per product, only for updates with a price.
 *
 * Whether one user error rejects the whole `inventorySetQuantities` call is not documented:
 * the other items of such a call are `applied` only when the answer's adjustment group shows
 * their quantity, otherwise `unknown` (the SDK reads them back).
 *
 * @param context - the GraphQL call, batch size, location, clock.
 */
export function createShopifyListings(context: ShopifyListingContext): MarketplaceListings {
  const variantsBySku = new Map<string, ShopifyVariantIds>();
  let locationId = context.locationId;
  /** Inputs Shopify answered with user errors, and how many times: the next key's generation. */
  const refusedInputs = new Map<string, number>();

  async function location(signal: AbortSignal | undefined): Promise<string> {
    if (locationId) return locationId;
    const data = await context.graphql(LOCATIONS_QUERY, {}, locationsDataSchema, { retry: true, signal });
    const [only, second] = data.locations.nodes;
    if (!only || second) {
      throw new InvalidRequestError(
        `shopify: the shop has ${only ? 'several locations' : 'no location'}: set listings.locationId to the location whose stock the listings show`,
        { service: 'shopify' },
      );
    }
    locationId = only.id;
    return locationId;
  }

  /** The ids of each SKU: cached, or looked up `SHOPIFY_SKUS_PER_LOOKUP` SKUs a query. */
  async function lookUp(skus: readonly string[], signal: AbortSignal | undefined): Promise<Map<string, Lookup>> {
    const result = new Map<string, Lookup>();
    const missing = skus.filter((sku) => !variantsBySku.has(sku));
    for (let start = 0; start < missing.length; start += SHOPIFY_SKUS_PER_LOOKUP) {
      const batch = missing.slice(start, start + SHOPIFY_SKUS_PER_LOOKUP);
      const matches = new Map<string, ShopifyVariantIds[]>(batch.map((sku) => [sku, []]));
      let after: string | undefined;
      do {
        const data = await context.graphql(
          VARIANTS_BY_SKU_QUERY,
          { first: 250, query: shopifySkuSearch(batch), after: after ?? null },
          variantsBySkuDataSchema,
          { retry: true, signal },
        );
        for (const node of data.productVariants.nodes) {
          // The search may match more than the exact SKU: only exact matches count.
          matches.get(node.sku ?? '')?.push({
            variantId: node.id,
            productId: node.product.id,
            inventoryItemId: node.inventoryItem.id,
          });
        }
        after = data.productVariants.pageInfo.hasNextPage
          ? (data.productVariants.pageInfo.endCursor ?? undefined)
          : undefined;
      } while (after);
      for (const [sku, found] of matches) {
        const [only] = found;
        if (found.length === 1 && only) variantsBySku.set(sku, only);
        else {
          result.set(sku, {
            kind: 'failed',
            outcome: {
              sku,
              status: 'failed',
              retryable: false,
              code: found.length === 0 ? 'no-variant' : 'several-variants',
              message:
                found.length === 0
                  ? `shopify: no variant has SKU ${sku}`
                  : `shopify: ${found.length} variants have SKU ${sku}; give each listing its own SKU (the adapter does not guess)`,
            },
          });
        }
      }
    }
    for (const sku of skus) {
      const ids = variantsBySku.get(sku);
      if (ids) result.set(sku, { kind: 'found', ids });
    }
    return result;
  }

  async function readLevels(
    items: readonly { sku: string; ids: ShopifyVariantIds }[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, { quantity?: number; price?: { amount: number; currency: string } }>> {
    const where = await location(signal);
    const found = new Map<string, { quantity?: number; price?: { amount: number; currency: string } }>();
    for (let start = 0; start < items.length; start += 250) {
      const batch = items.slice(start, start + 250);
      const data = await context.graphql(
        LISTING_LEVELS_QUERY,
        { ids: batch.map((item) => item.ids.inventoryItemId), locationId: where },
        listingLevelsDataSchema,
        { retry: true, signal },
      );
      const currency = data.shop.currencyCode;
      for (const item of batch) {
        const node = data.nodes.find((candidate) => candidate?.id === item.ids.inventoryItemId);
        if (!node) continue;
        const quantity = node.inventoryLevel?.quantities.find((entry) => entry.name === 'available')?.quantity;
        const amount = node.variant ? decimalToMinorUnits(node.variant.price, currency) : undefined;
        found.set(item.sku, {
          ...(quantity === undefined ? {} : { quantity }),
          ...(amount === undefined ? {} : { price: { amount, currency } }),
        });
      }
    }
    return found;
  }

  /** The outcome of each quantity item from its call's `inventorySetQuantities` answer. */
  async function quantityOutcomes(
    items: readonly ShopifyListingItem[],
    answer: z.infer<typeof setQuantitiesFieldSchema>,
    signal: AbortSignal | undefined,
  ): Promise<Map<string, ListingUpdateOutcome>> {
    const outcomes = new Map<string, ListingUpdateOutcome>();
    const { userErrors, inventoryAdjustmentGroup } = answer;
    if (userErrors.length === 0) {
      for (const { update } of items) outcomes.set(update.sku, { sku: update.sku, status: 'applied' });
      return outcomes;
    }
    const stale: ShopifyListingItem[] = [];
    const own = new Map<number, ShopifyListingUserError>();
    for (const error of userErrors) {
      const index = itemIndex(error, 'quantities');
      if (index !== undefined && !own.has(index)) own.set(index, error);
    }
    items.forEach(({ update, ids }, index) => {
      const error = own.get(index);
      if (error?.code === 'CHANGE_FROM_QUANTITY_STALE') stale.push({ update, ids });
      else if (error) outcomes.set(update.sku, outcomeOfUserError(update.sku, error));
      else {
        // Whether a call with a user error applied the others is not documented: only the
        // answer's changes tell.
        const shown = inventoryAdjustmentGroup?.changes.some(
          (change) =>
            change.name === 'available' &&
            change.item?.id === ids.inventoryItemId &&
            change.quantityAfterChange === update.quantity,
        );
        outcomes.set(
          update.sku,
          shown
            ? { sku: update.sku, status: 'applied' }
            : {
                sku: update.sku,
                status: 'unknown',
                message: `shopify: inventorySetQuantities refused other items of the call (${userErrors
                  .map((error) => error.code ?? error.message)
                  .join(', ')}); whether ${update.sku} was set is not known`,
              },
        );
      }
    });
    if (stale.length === 0) return outcomes;
    let levels: Awaited<ReturnType<typeof readLevels>> | undefined;
    try {
      levels = await readLevels(
        stale.map(({ update, ids }) => ({ sku: update.sku, ids })),
        signal,
      );
    } catch (error) {
      if (AuthenticationError.isInstance(error)) throw error;
      levels = undefined;
    }
    for (const { update } of stale) {
      const current = levels?.get(update.sku)?.quantity;
      outcomes.set(
        update.sku,
        current === undefined
          ? {
              sku: update.sku,
              status: 'failed',
              retryable: true,
              code: 'CHANGE_FROM_QUANTITY_STALE',
              message: `shopify: ${update.sku} no longer shows the expected quantity, and reading it again failed`,
            }
          : { sku: update.sku, status: 'stale', currentQuantity: current },
      );
    }
    return outcomes;
  }

  /** The outcome of each price item of one product from its `productVariantsBulkUpdate` answer. */
  function priceOutcomes(
    items: readonly ShopifyListingItem[],
    answer: z.infer<typeof setPricesFieldSchema>,
  ): Map<string, ListingUpdateOutcome> {
    const outcomes = new Map<string, ListingUpdateOutcome>();
    const { userErrors, productVariants } = answer;
    items.forEach(({ update, ids }, index) => {
      const error = userErrors.find((candidate) => itemIndex(candidate, 'variants') === index);
      if (error) {
        outcomes.set(update.sku, outcomeOfUserError(update.sku, error));
        return;
      }
      const returned = productVariants?.find((variant) => variant.id === ids.variantId);
      const amount =
        returned?.price && update.price ? decimalToMinorUnits(returned.price, update.price.currency) : undefined;
      outcomes.set(
        update.sku,
        amount !== undefined && amount === update.price?.amount
          ? { sku: update.sku, status: 'applied' }
          : {
              sku: update.sku,
              status: 'unknown',
              message: `shopify: productVariantsBulkUpdate did not show the new price of ${update.sku}${
                userErrors.length > 0 ? ` (${userErrors.map((entry) => entry.message).join('; ')})` : ''
              }`,
            },
      );
    });
    return outcomes;
  }

  /**
   * Sends one batch as one GraphQL request: its `inventorySetQuantities` (when it has
   * quantities) and one `productVariantsBulkUpdate` per product with a price, as aliased fields of
   * one mutation (executed one after the other by GraphQL). Returns each SKU's outcomes.
   */
  async function pushBatch(
    batch: ShopifyListingBatch,
    run: PushRun,
    signal: AbortSignal | undefined,
  ): Promise<{ quantities: Map<string, ListingUpdateOutcome>; prices: Map<string, ListingUpdateOutcome> }> {
    const where = batch.quantities.length > 0 ? await location(signal) : '';
    let sentInput: unknown;
    const request = buildShopifyListingMutation(batch, where, context.now(), (input) => {
      sentInput = input;
      return refusedInputs.get(JSON.stringify(input)) ?? 0;
    });
    run.calls += 1;
    let data: Record<string, unknown>;
    try {
      // A throttled call was not executed and is sent again after its wait (the HTTP client does
      // so for a 429, with the same key); anything else is not resent blind.
      data = await context.graphql(request.query, request.variables, request.schema, { retry: false, signal });
    } catch (error) {
      if (AuthenticationError.isInstance(error)) throw error;
      run.errors.push(error);
      const failed = (items: readonly ShopifyListingItem[]) =>
        new Map(items.map(({ update }) => [update.sku, outcomeOfThrown(update.sku, error)]));
      return { quantities: failed(batch.quantities), prices: failed(batch.prices.flat()) };
    }
    const quantityAnswer =
      batch.quantities.length > 0 ? setQuantitiesFieldSchema.parse(data[QUANTITIES_FIELD]) : undefined;
    if (quantityAnswer && quantityAnswer.userErrors.length > 0 && sentInput !== undefined) {
      // Shopify keeps this answer under the key: the same values sent again need the next one.
      const fingerprint = JSON.stringify(sentInput);
      const generation = (refusedInputs.get(fingerprint) ?? 0) + 1;
      refusedInputs.delete(fingerprint);
      refusedInputs.set(fingerprint, generation);
      if (refusedInputs.size > REFUSED_INPUTS_KEPT) {
        const [oldest] = refusedInputs.keys();
        if (oldest !== undefined) refusedInputs.delete(oldest);
      }
    }
    const quantities = quantityAnswer
      ? await quantityOutcomes(batch.quantities, quantityAnswer, signal)
      : new Map<string, ListingUpdateOutcome>();
    const prices = new Map<string, ListingUpdateOutcome>();
    batch.prices.forEach((group, index) => {
      for (const [sku, outcome] of priceOutcomes(group, setPricesFieldSchema.parse(data[`${PRICES_FIELD}${index}`])))
        prices.set(sku, outcome);
    });
    return { quantities, prices };
  }

  async function push(updates: readonly ListingUpdate[], options?: CallOptions): Promise<ListingPushResult> {
    const parsed = parseListingUpdates(updates, 'Shopify listing updates', 255);
    const signal = options?.signal;
    const run: PushRun = { calls: 0, errors: [] };
    const lookups = await lookUp(
      parsed.map((update) => update.sku),
      signal,
    );
    const outcomes = new Map<string, ListingUpdateOutcome>();
    const ready: { update: ListingUpdate; ids: ShopifyVariantIds }[] = [];
    for (const update of parsed) {
      const lookup = lookups.get(update.sku);
      if (lookup?.kind === 'found') ready.push({ update, ids: lookup.ids });
      else if (lookup) outcomes.set(update.sku, lookup.outcome);
    }
    const quantities = new Map<string, ListingUpdateOutcome>();
    const prices = new Map<string, ListingUpdateOutcome>();
    for (const batch of planShopifyListingBatches(ready, context.batchSize)) {
      const answered = await pushBatch(batch, run, signal);
      for (const [sku, outcome] of answered.quantities) quantities.set(sku, outcome);
      for (const [sku, outcome] of answered.prices) prices.set(sku, outcome);
    }
    for (const { update } of ready) {
      const quantity = quantities.get(update.sku);
      const price = prices.get(update.sku);
      const outcome = quantity ? worse(quantity, price) : price;
      if (outcome) outcomes.set(update.sku, outcome);
      // Ids that may have changed (a variant deleted, merged) are looked up again next time.
      if (outcome?.status === 'failed') variantsBySku.delete(update.sku);
    }
    const list = parsed.map(
      (update) =>
        outcomes.get(update.sku) ?? { sku: update.sku, status: 'unknown' as const, message: 'shopify: not sent' },
    );
    // Nothing is known applied and a call failed as a whole: its typed error, no outcomes.
    const [firstError] = run.errors;
    if (firstError !== undefined && !list.some((outcome) => outcome.status === 'applied')) throw firstError;
    return { outcomes: list, calls: run.calls };
  }

  async function read(skus: readonly string[], options?: CallOptions): Promise<ListingReading[]> {
    const parsed = parseWith(z.array(z.string().min(1, 'must not be empty')), skus, 'Shopify listing SKUs');
    const signal = options?.signal;
    for (const sku of parsed) variantsBySku.delete(sku);
    const lookups = await lookUp(parsed, signal);
    const found = parsed.flatMap((sku) => {
      const lookup = lookups.get(sku);
      return lookup?.kind === 'found' ? [{ sku, ids: lookup.ids }] : [];
    });
    const levels = found.length === 0 ? new Map() : await readLevels(found, signal);
    return parsed.map((sku) => {
      const level = levels.get(sku);
      return level ? { sku, found: true, ...level } : { sku, found: false };
    });
  }

  return { batchSize: context.batchSize, mode: 'synchronous', push, read };
}
