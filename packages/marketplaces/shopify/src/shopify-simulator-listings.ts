import { createHash } from 'node:crypto';
import { decimalToMinorUnits, formatMinorUnits } from '@dropship/core';
import type { SimulatedListings } from '@dropship/testing/simulator';
import { HttpResponse } from 'msw';

/** Operation names of the listings side of the Shopify simulator (faults, call counts). */
export const shopifyListingOperations = {
  /** `inventorySetQuantities` and `productVariantsBulkUpdate`. */
  pushListings: 'push-listings',
  /** `productVariants` by SKU, `locations`, and the inventory levels read by `nodes`. */
  readListings: 'read-listings',
} as const;

/** A variant as the Shopify simulator holds it for listings. */
export interface SimulatedShopifyVariant {
  sku: string;
  variantId: string;
  productId: string;
  inventoryItemId: string;
  /** `available` at each location (global ids). */
  available: Map<string, number>;
  /** The price, minor units of the shop currency, or undefined. */
  price: number | undefined;
}

/** What the listings side needs from the simulator. */
export interface ShopifyListingSimulatorHost {
  /** The shop's locations (global ids); the first is where `putListing` stocks a listing. */
  locationIds: readonly string[];
  /** The shop's currency. */
  currency: string;
  /** Spends `requested` points of the cost bucket, or answers THROTTLED. */
  spend(operation: string, requested: number): Response | undefined;
  /** The `extensions` of an answer. */
  cost(requested: number, actual: number): unknown;
  /** Calls served of an operation. */
  callCount(operation: string): number;
}

/** The listings side of the Shopify simulator. */
export interface ShopifyListingSimulator {
  /** The listing operation a GraphQL document is, or undefined when it is none. */
  operationOf(query: string): string | undefined;
  /** Answers a listing operation (the caller checked the token and applied faults). */
  serve(query: string, variables: Record<string, unknown> | undefined): Response;
  control: SimulatedListings;
  /** Adds a second variant with the same SKU (SKUs are not unique in a shop). */
  duplicateSku(sku: string): void;
  /** A variant of a SKU in Shopify's terms (the first), or undefined. */
  variant(sku: string): SimulatedShopifyVariant | undefined;
  /** Forgets changes, refusals and idempotency keys (and with `all` the variants). */
  reset(all: boolean): void;
}

const MUTATION_COST = 10;
const READ_COST = 10;

function graphqlError(message: string, code: string): Response {
  return HttpResponse.json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The listings side of the Shopify simulator (GraphQL Admin API, recognised by root field, not a
 * GraphQL engine): `productVariants(query: "sku:…")` (exact `sku:"…"` terms joined by `OR`),
 * `locations`, `nodes(ids:)` on inventory items (the `available` level at a location, the
 * variant's price, the shop's currency), `inventorySetQuantities` and `productVariantsBulkUpdate`.
 *
 * `inventorySetQuantities` as Shopify documents it
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities): absolute
 * `available` quantities, at most 250, `changeFromQuantity` required on each (null skips the
 * compare; a mismatch is `CHANGE_FROM_QUANTITY_STALE` on `quantities[i]`), the `@idempotent` key
 * required (same key and input: the stored answer again, nothing applied twice; same key, other
 * input: `IDEMPOTENCY_KEY_PARAMETER_MISMATCH`). Modelled: a call with any user error applies
 * nothing (Shopify does not document it), `refuseNextUpdate` answers `NON_MUTABLE_INVENTORY_ITEM`
 * (or `IDEMPOTENCY_CONCURRENT_REQUEST` when retryable), costs of 10 points, one location unless
 * the simulator is given more.
 *
 * @param host - locations, currency, cost bucket, call counts.
 */
export function createShopifyListingSimulator(host: ShopifyListingSimulatorHost): ShopifyListingSimulator {
  const [firstLocation = 'gid://shopify/Location/1'] = host.locationIds;
  let variants: SimulatedShopifyVariant[] = [];
  let changes: { sku: string; quantity?: number; price?: { amount: number; currency: string }; at: number }[] = [];
  let refusals = new Map<string, boolean>();
  /** SKUs refused in the request being served (their refusal is used up when it ends). */
  const refusedInRequest = new Set<string>();
  let answered = new Map<string, { fingerprint: string; body: Record<string, unknown> }>();
  let counter = 5000;

  const bySku = (sku: string) => variants.filter((variant) => variant.sku === sku);
  /** The changes of the request being served, by SKU (undefined between requests). */
  let inRequest: Map<string, (typeof changes)[number]> | undefined;
  /** The change entry of `sku` in the request being served (created on first use). */
  const record = (sku: string, at: number) => {
    const existing = inRequest?.get(sku);
    if (existing) return existing;
    const entry: (typeof changes)[number] = { sku, at };
    changes.push(entry);
    inRequest?.set(sku, entry);
    return entry;
  };
  const respond = (data: unknown, requested: number) =>
    HttpResponse.json({ data, extensions: host.cost(requested, requested) });

  function lookUp(variables: Record<string, unknown> | undefined): Response {
    const query = typeof variables?.query === 'string' ? variables.query : '';
    const first = typeof variables?.first === 'number' ? variables.first : 0;
    if (first < 1 || first > 250) return graphqlError('first must be between 1 and 250', 'BAD_REQUEST');
    const wanted = [...query.matchAll(/sku:"((?:[^"\\]|\\.)*)"/g)].map((match) =>
      (match[1] ?? '').replace(/\\(.)/g, '$1'),
    );
    const matching = variants.filter((variant) => wanted.includes(variant.sku));
    const offset = typeof variables?.after === 'string' ? Number(variables.after) : 0;
    const page = matching.slice(offset, offset + first);
    const hasNextPage = offset + first < matching.length;
    return respond(
      {
        productVariants: {
          nodes: page.map((variant) => ({
            id: variant.variantId,
            sku: variant.sku,
            product: { id: variant.productId },
            inventoryItem: { id: variant.inventoryItemId },
          })),
          pageInfo: { hasNextPage, endCursor: hasNextPage ? String(offset + first) : null },
        },
      },
      READ_COST,
    );
  }

  function readLevels(variables: Record<string, unknown> | undefined): Response {
    const ids = Array.isArray(variables?.ids) ? (variables.ids as unknown[]) : [];
    const locationId = variables?.locationId;
    return respond(
      {
        shop: { currencyCode: host.currency },
        nodes: ids.map((id) => {
          const variant = variants.find((candidate) => candidate.inventoryItemId === id);
          if (!variant) return null;
          const available = typeof locationId === 'string' ? variant.available.get(locationId) : undefined;
          return {
            id: variant.inventoryItemId,
            inventoryLevel:
              available === undefined ? null : { quantities: [{ name: 'available', quantity: available }] },
            variant: { price: formatMinorUnits(variant.price ?? 0, host.currency) },
          };
        }),
      },
      READ_COST,
    );
  }

  type FieldResult = { error: Response } | { data: Record<string, unknown> };

  /** One `inventorySetQuantities` field: its `input` and idempotency key. */
  function setQuantities(input: Record<string, unknown>, key: unknown): FieldResult {
    if (typeof key !== 'string' || key.length === 0) {
      return { error: graphqlError('The @idempotent directive is required for this mutation.', 'BAD_REQUEST') };
    }
    const quantities = Array.isArray(input.quantities) ? (input.quantities as Record<string, unknown>[]) : [];
    if (quantities.length > 250) {
      return {
        error: graphqlError(
          `The input array size of ${quantities.length} is greater than the maximum allowed of 250.`,
          'MAX_INPUT_SIZE_EXCEEDED',
        ),
      };
    }
    if (quantities.some((quantity) => !('changeFromQuantity' in quantity))) {
      return {
        error: graphqlError('InventoryQuantityInput.changeFromQuantity is required.', 'argumentLiteralsIncompatible'),
      };
    }
    const fingerprint = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    const earlier = answered.get(key);
    if (earlier) {
      if (earlier.fingerprint === fingerprint) return { data: structuredClone(earlier.body) };
      return {
        data: {
          inventoryAdjustmentGroup: null,
          userErrors: [
            {
              code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
              field: null,
              message: 'The idempotency key was used with different parameters.',
            },
          ],
        },
      };
    }
    const userErrors: { code: string; field: string[]; message: string }[] = [];
    const fail = (index: number, code: string, message: string, field = 'inventoryItemId') => {
      userErrors.push({ code, field: ['input', 'quantities', String(index), field], message });
    };
    if (input.name !== 'available') {
      userErrors.push({ code: 'INVALID_NAME', field: ['input', 'name'], message: 'The quantity name is invalid.' });
    }
    if (input.reason !== 'correction') {
      userErrors.push({ code: 'INVALID_REASON', field: ['input', 'reason'], message: 'The reason is invalid.' });
    }
    const planned: { variant: SimulatedShopifyVariant; locationId: string; quantity: number }[] = [];
    quantities.forEach((entry, index) => {
      const variant = variants.find((candidate) => candidate.inventoryItemId === entry.inventoryItemId);
      const locationId = typeof entry.locationId === 'string' ? entry.locationId : '';
      const quantity = entry.quantity;
      if (!variant) {
        fail(index, 'INVALID_INVENTORY_ITEM', 'The specified inventory item could not be found.');
        return;
      }
      if (!host.locationIds.includes(locationId)) {
        fail(index, 'INVALID_LOCATION', 'The specified location could not be found.', 'locationId');
        return;
      }
      const current = variant.available.get(locationId);
      if (current === undefined) {
        fail(index, 'ITEM_NOT_STOCKED_AT_LOCATION', 'The item is not stocked at the location.');
        return;
      }
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) {
        fail(index, 'INVALID_QUANTITY_NEGATIVE', 'The quantity can’t be negative.', 'quantity');
        return;
      }
      if (refusals.has(variant.sku)) {
        const retryable = refusals.get(variant.sku) === true;
        refusedInRequest.add(variant.sku);
        if (retryable) fail(index, 'IDEMPOTENCY_CONCURRENT_REQUEST', 'A concurrent request is being processed.');
        else fail(index, 'NON_MUTABLE_INVENTORY_ITEM', 'The inventory item can’t be changed.');
        return;
      }
      if (entry.changeFromQuantity !== null && entry.changeFromQuantity !== current) {
        fail(
          index,
          'CHANGE_FROM_QUANTITY_STALE',
          'The compare quantity is stale: the quantity has changed.',
          'changeFromQuantity',
        );
        return;
      }
      planned.push({ variant, locationId, quantity });
    });
    // Modelled: the quantities without an error are set (whether Shopify applies the rest of a
    // call with a user error is not documented; the answer's changes show what was set).
    const wholeCallRefused = userErrors.some((error) => error.field.length === 2);
    const applied = wholeCallRefused ? [] : planned;
    const at = Date.now();
    const data = {
      inventoryAdjustmentGroup:
        applied.length === 0
          ? null
          : {
              changes: applied.map(({ variant, locationId, quantity }) => {
                variant.available.set(locationId, quantity);
                record(variant.sku, at).quantity = quantity;
                return { name: 'available', quantityAfterChange: quantity, item: { id: variant.inventoryItemId } };
              }),
            },
      userErrors,
    };
    answered.set(key, { fingerprint, body: structuredClone(data) });
    return { data };
  }

  /** One `productVariantsBulkUpdate` field: a product's variant prices, all or nothing (modelled). */
  function setPrices(productId: unknown, inputs: Record<string, unknown>[]): Record<string, unknown> {
    const userErrors: { code: string; field: string[]; message: string }[] = [];
    const planned: { variant: SimulatedShopifyVariant; amount: number }[] = [];
    inputs.forEach((input, index) => {
      const variant = variants.find((candidate) => candidate.variantId === input.id);
      const field = ['variants', String(index)];
      if (!variant || variant.productId !== productId) {
        userErrors.push({
          code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
          field: [...field, 'id'],
          message: 'Product variant does not exist',
        });
        return;
      }
      const amount = typeof input.price === 'string' ? decimalToMinorUnits(input.price, host.currency) : undefined;
      if (amount === undefined) {
        userErrors.push({ code: 'INVALID', field: [...field, 'price'], message: 'Price is invalid' });
        return;
      }
      if (refusals.has(variant.sku)) {
        refusedInRequest.add(variant.sku);
        userErrors.push({ code: 'INVALID', field: [...field, 'price'], message: 'The variant can’t be changed.' });
        return;
      }
      planned.push({ variant, amount });
    });
    const at = Date.now();
    if (userErrors.length === 0) {
      for (const { variant, amount } of planned) {
        variant.price = amount;
        record(variant.sku, at).price = { amount, currency: host.currency };
      }
    }
    return {
      productVariants:
        userErrors.length === 0
          ? planned.map(({ variant }) => ({
              id: variant.variantId,
              price: formatMinorUnits(variant.price ?? 0, host.currency),
            }))
          : null,
      userErrors,
    };
  }

  /** Serves a push request: each aliased `inventorySetQuantities` / `productVariantsBulkUpdate` field in order. */
  function push(query: string, variables: Record<string, unknown> | undefined): Response {
    const value = (text: string | undefined) => {
      const variable = text?.startsWith('$') ? text.slice(1) : undefined;
      return variable === undefined ? undefined : variables?.[variable];
    };
    const fields = [
      ...query.matchAll(/(?:(\w+)\s*:\s*)?\b(inventorySetQuantities|productVariantsBulkUpdate)\s*\(([^)]*)\)/g),
    ];
    const data: Record<string, unknown> = {};
    const checked: { alias: string; run: () => Record<string, unknown> }[] = [];
    for (const match of fields) {
      const [, alias, name = '', argumentText = ''] = match;
      const args = Object.fromEntries(
        [...argumentText.matchAll(/(\w+)\s*:\s*(\$\w+)/g)].map(([, key = '', text]) => [key, value(text)]),
      );
      if (name === 'inventorySetQuantities') {
        const after = query.slice((match.index ?? 0) + match[0].length);
        const keyMatch = /^\s*@idempotent\(\s*key:\s*(\$\w+|"[^"]*")\s*\)/.exec(after);
        const keyText = keyMatch?.[1];
        const key = keyText?.startsWith('"') ? keyText.slice(1, -1) : value(keyText);
        const input = (args.input ?? {}) as Record<string, unknown>;
        // GraphQL validates the whole document before running any field.
        if (typeof key !== 'string' || key.length === 0) {
          return graphqlError('The @idempotent directive is required for this mutation.', 'BAD_REQUEST');
        }
        checked.push({
          alias: alias ?? name,
          run: () => {
            const result = setQuantities(input, key);
            return 'data' in result ? result.data : {};
          },
        });
        const quantities = Array.isArray(input.quantities) ? (input.quantities as Record<string, unknown>[]) : [];
        if (quantities.length > 250 || quantities.some((quantity) => !('changeFromQuantity' in quantity))) {
          const refused = setQuantities(input, key);
          if ('error' in refused) return refused.error;
        }
      } else {
        const inputs = Array.isArray(args.variants) ? (args.variants as Record<string, unknown>[]) : [];
        checked.push({ alias: alias ?? name, run: () => setPrices(args.productId, inputs) });
      }
    }
    if (checked.length === 0)
      return graphqlError('The simulator found no listing mutation in the document.', 'UNSUPPORTED');
    // One change entry per SKU per request: a quantity and a price set by the same request share it.
    inRequest = new Map();
    for (const field of checked) data[field.alias] = field.run();
    inRequest = undefined;
    // The refusal is of the listing's next update: its quantity and its price in this request.
    for (const sku of refusedInRequest) refusals.delete(sku);
    refusedInRequest.clear();
    return respond(data, MUTATION_COST * checked.length);
  }

  function addVariant(sku: string, quantity: number, price: number | undefined): SimulatedShopifyVariant {
    counter += 1;
    const variant: SimulatedShopifyVariant = {
      sku,
      variantId: `gid://shopify/ProductVariant/${counter}`,
      productId: `gid://shopify/Product/${counter}`,
      inventoryItemId: `gid://shopify/InventoryItem/${counter}`,
      available: new Map([[firstLocation, quantity]]),
      price,
    };
    variants.push(variant);
    return variant;
  }

  return {
    operationOf(query) {
      if (/\binventorySetQuantities\s*\(/.test(query) || /\bproductVariantsBulkUpdate\s*\(/.test(query)) {
        return shopifyListingOperations.pushListings;
      }
      if (/\bproductVariants\s*\(/.test(query) || /\blocations\s*\(/.test(query) || /\bnodes\s*\(\s*ids/.test(query)) {
        return shopifyListingOperations.readListings;
      }
      return undefined;
    },
    serve(query, variables) {
      const isPush = /\binventorySetQuantities\s*\(/.test(query) || /\bproductVariantsBulkUpdate\s*\(/.test(query);
      const refused = host.spend(
        isPush ? shopifyListingOperations.pushListings : shopifyListingOperations.readListings,
        isPush ? MUTATION_COST : READ_COST,
      );
      if (refused) return refused;
      if (isPush) return push(query, variables);
      if (/\bproductVariants\s*\(/.test(query)) return lookUp(variables);
      if (/\blocations\s*\(/.test(query)) {
        return respond({ locations: { nodes: host.locationIds.slice(0, 2).map((id) => ({ id })) } }, READ_COST);
      }
      return readLevels(variables);
    },
    control: {
      putListing(sku, values = {}) {
        variants = variants.filter((variant) => variant.sku !== sku);
        addVariant(sku, values.quantity ?? 0, values.price?.amount);
      },
      listing(sku) {
        const [variant] = bySku(sku);
        if (!variant) return undefined;
        return {
          quantity: variant.available.get(firstLocation) ?? 0,
          ...(variant.price === undefined ? {} : { price: { amount: variant.price, currency: host.currency } }),
        };
      },
      changes: () => structuredClone(changes),
      sell(sku, quantity) {
        const [variant] = bySku(sku);
        if (!variant) throw new Error(`shopify simulator: no listing ${sku}`);
        // An order decrements `available` (and increments `committed`), https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps.
        variant.available.set(firstLocation, (variant.available.get(firstLocation) ?? 0) - quantity);
      },
      refuseNextUpdate(skus, options) {
        for (const sku of skus) refusals.set(sku, options?.retryable ?? false);
      },
      process() {
        // Shopify's mutations are synchronous: nothing is queued.
      },
      pushCallCount: () => host.callCount(shopifyListingOperations.pushListings),
    },
    duplicateSku(sku) {
      const [variant] = bySku(sku);
      if (!variant) throw new Error(`shopify simulator: no listing ${sku}`);
      addVariant(sku, 0, variant.price);
    },
    variant(sku) {
      const [variant] = bySku(sku);
      return variant ? { ...variant, available: new Map(variant.available) } : undefined;
    },
    reset(all) {
      changes = [];
      refusals = new Map();
      answered = new Map();
      if (all) variants = [];
    },
  };
}
