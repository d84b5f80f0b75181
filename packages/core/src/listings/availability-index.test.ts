import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import type { OfferInput } from '../model/offer.js';
import type { OrderReservation } from '../spec/v1/store.js';
import {
  computeAvailability,
  createAvailabilityIndex,
  type ListingAvailabilityOptions,
  type PublishedListingValues,
} from './availability-index.js';
import type { ListingInput } from './listing.js';
import type { ListingAvailability } from './listing-availability.js';

const NOW = '2026-12-07T12:00:00.000Z';
const DISTRIBUTORS = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic', 'shelf'];
const MARKETPLACES = ['ebay', 'amazon', 'walmart', 'shopify'];

/** Mulberry32: a small seeded PRNG, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface World {
  readonly random: () => number;
  readonly products: number;
  readonly listings: ListingInput[];
  offers: Map<string, OfferInput>;
  reservations: Map<string, OrderReservation[]>;
}

function int(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

function randomOffer(random: () => number, products: number, distributor: string, sku: string): OfferInput {
  const product = int(random, products);
  const identity =
    random() < 0.2 ? { upc: String(10_000_000 + product) } : { brand: `B${product % 7}`, mpn: `M${product}` };
  return {
    distributor,
    sku,
    ...identity,
    currency: 'USD',
    cost: 100 + int(random, 3000),
    dropShipFee: int(random, 3) * 100,
    estimatedShipping: int(random, 400),
    discontinued: random() < 0.05,
    dropShipEligible: random() > 0.05,
    updatedAt: `2026-12-07T${String(8 + int(random, 4)).padStart(2, '0')}:00:00.000Z`,
    stock: Array.from({ length: 1 + int(random, 2) }, (_, index) => ({
      warehouse: `W${index}`,
      quantity: int(random, 12),
      leadTimeDays: int(random, 3),
      isFloor: random() < 0.1,
    })),
  };
}

function identityOf(random: () => number, product: number) {
  // Listings name a product by brand + MPN and UPC, so offers found by either key count.
  return random() < 0.5
    ? { brand: `B${product % 7}`, mpn: `M${product}` }
    : { brand: `B${product % 7}`, mpn: `M${product}`, upc: String(10_000_000 + product) };
}

function randomWorld(seed: number): World {
  const random = prng(seed);
  const products = 40;
  const listings: ListingInput[] = [];
  for (let index = 0; index < 120; index++) {
    const isBundle = random() < 0.2;
    const first = int(random, products);
    const second = (first + 1 + int(random, products - 1)) % products;
    listings.push({
      marketplace: MARKETPLACES[index % 4] as string,
      sku: `L${index}`,
      ...(isBundle
        ? {
            bundle: [
              { product: identityOf(random, first), quantity: 1 + int(random, 3) },
              { product: identityOf(random, second), quantity: 1 },
            ],
          }
        : { product: identityOf(random, first) }),
      currency: 'USD',
      handlingTimeDays: int(random, 3),
      price:
        random() < 0.5
          ? { kind: 'fixed', amount: 500 + int(random, 5000) }
          : { kind: 'cost-plus', marginBasisPoints: int(random, 4000), floor: int(random, 3000) },
      ...(random() < 0.3
        ? { safetyBuffer: random() < 0.5 ? { units: int(random, 3) } : { basisPoints: int(random, 3000) } }
        : {}),
      ...(random() < 0.2 ? { maximumQuantity: int(random, 20) } : {}),
    } as ListingInput);
  }
  const offers = new Map<string, OfferInput>();
  for (let index = 0; index < 200; index++) {
    const distributor = DISTRIBUTORS[int(random, DISTRIBUTORS.length)] as string;
    offers.set(`${distributor}|S${index}`, randomOffer(random, products, distributor, `S${index}`));
  }
  return { random, products, listings, offers, reservations: new Map() };
}

function randomReservations(world: World, salesOrderId: string): OrderReservation[] {
  const { random } = world;
  const keys = [...world.offers.keys()];
  return Array.from({ length: int(random, 3) }, (_, index) => {
    const offer = world.offers.get(keys[int(random, keys.length)] as string) as OfferInput;
    const status = (['open', 'open', 'consumed', 'released'] as const)[int(random, 4)] as OrderReservation['status'];
    return {
      salesOrderId,
      lineId: String(index),
      distributor: offer.distributor,
      sku: offer.sku,
      warehouse: `W${int(random, 2)}`,
      quantity: 1 + int(random, 4),
      status,
      createdAt: '2026-12-07T07:00:00.000Z',
      ...(status === 'open'
        ? {}
        : { closedAt: `2026-12-07T${String(8 + int(random, 4)).padStart(2, '0')}:30:00.000Z` }),
    } satisfies OrderReservation;
  });
}

const options: ListingAvailabilityOptions = {
  now: NOW,
  rules: { shelfStock: 'fallback', dropShipCutoffPrice: 1500, marketplaceFeeBasisPoints: { ebay: 1325, amazon: 1500 } },
  defaults: { feePerLine: { ebay: 30 }, safetyBuffer: { units: 1 } },
};

function fullRecompute(world: World): Map<string, ListingAvailability> {
  return computeAvailability(
    world.listings,
    [...world.offers.values()],
    [...world.reservations.values()].flat(),
    options,
  );
}

function valuesOf(availability: ListingAvailability): PublishedListingValues {
  return { quantity: availability.quantity, price: availability.price };
}

describe('createAvailabilityIndex', () => {
  it('returns exactly the listings a full recompute says changed, with the same values (seeded, 20 worlds x 15 updates)', () => {
    let changedSeen = 0;
    let updates = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const world = randomWorld(seed);
      const published = new Map<string, PublishedListingValues>();
      let before = fullRecompute(world);
      for (const [key, availability] of before) published.set(key, valuesOf(availability));
      const index = createAvailabilityIndex(world.listings, [...world.offers.values()], [], { ...options, published });
      expect(index.changes()).toEqual([]);
      for (let step = 0; step < 15; step++) {
        let changes: ReturnType<typeof index.update>;
        if (world.random() < 0.3) {
          const salesOrderId = `ebay:${int(world.random, 6)}`;
          const reservations = randomReservations(world, salesOrderId);
          world.reservations.set(salesOrderId, reservations);
          changes = index.applyReservations(salesOrderId, reservations);
        } else {
          // A feed update: a few offers change (stock, cost, identity), a few are new, one may go.
          const keys = [...world.offers.keys()];
          const changed: OfferInput[] = [];
          for (let count = 0; count < 1 + int(world.random, 4); count++) {
            const key = keys[int(world.random, keys.length)] as string;
            const old = world.offers.get(key) as OfferInput;
            const next = randomOffer(world.random, world.products, old.distributor, old.sku);
            world.offers.set(key, next);
            changed.push(next);
          }
          const removed: { distributor: string; sku: string }[] = [];
          if (world.random() < 0.3) {
            const key = keys[int(world.random, keys.length)] as string;
            const gone = world.offers.get(key);
            if (gone !== undefined && !changed.includes(gone)) {
              world.offers.delete(key);
              removed.push({ distributor: gone.distributor, sku: gone.sku });
            }
          }
          changes = index.update(changed, removed);
        }
        updates++;
        const after = fullRecompute(world);
        const expected = [...after].filter(([key, availability]) => {
          const old = before.get(key) as ListingAvailability;
          return old.quantity !== availability.quantity || old.price !== availability.price;
        });
        const got = new Map(changes.map((change) => [change.availability.key, change]));
        expect([...got.keys()].sort(), `seed ${seed} step ${step}`).toEqual(expected.map(([key]) => key).sort());
        for (const [key, availability] of expected) {
          expect(got.get(key)?.availability).toEqual(availability);
          expect(got.get(key)?.published).toEqual(published.get(key));
          published.set(key, valuesOf(availability));
        }
        changedSeen += expected.length;
        expect(index.all()).toEqual([...after.values()]);
        before = after;
      }
    }
    // The worlds are not trivial: updates do change listings, and not all of them.
    expect(changedSeen).toBeGreaterThan(updates);
    expect(changedSeen).toBeLessThan(updates * 40);
  });

  it('lists every unpublished or different listing for a full reconcile, and reads the published map as the caller updates it', () => {
    const world = randomWorld(99);
    const published = new Map<string, PublishedListingValues>();
    const index = createAvailabilityIndex(world.listings, [...world.offers.values()], [], { ...options, published });
    expect(index.changes()).toHaveLength(world.listings.length);
    for (const change of index.changes()) published.set(change.availability.key, valuesOf(change.availability));
    expect(index.changes()).toEqual([]);
    const first = index.all()[0] as ListingAvailability;
    published.set(first.key, { quantity: first.quantity + 1, price: first.price });
    expect(index.changes().map((change) => change.availability.key)).toEqual([first.key]);
  });

  it('counts a change of reservations: an order reserving the last units takes the listing to 0', () => {
    const listing: ListingInput = {
      marketplace: 'ebay',
      sku: 'L',
      product: { brand: 'A', mpn: '1' },
      currency: 'USD',
      handlingTimeDays: 1,
      price: { kind: 'fixed', amount: 5000 },
    };
    const offer: OfferInput = {
      distributor: 'wps',
      sku: 'W',
      brand: 'A',
      mpn: '1',
      currency: 'USD',
      cost: 1000,
      stock: [{ warehouse: 'PA', quantity: 2 }],
    };
    const published = new Map([['ebay:L', { quantity: 2, price: 5000 }]]);
    const index = createAvailabilityIndex([listing], [offer], [], { now: NOW, published });
    const reserve = (status: 'open' | 'released'): OrderReservation => ({
      salesOrderId: 'ebay:9',
      lineId: '1',
      distributor: 'wps',
      sku: 'W',
      warehouse: 'PA',
      quantity: 2,
      status,
      createdAt: NOW,
      ...(status === 'open' ? {} : { closedAt: NOW }),
    });
    expect(index.applyReservations('ebay:9', [reserve('open')]).map((change) => change.availability.quantity)).toEqual([
      0,
    ]);
    published.set('ebay:L', { quantity: 0, price: 5000 });
    expect(
      index.applyReservations('ebay:9', [reserve('released')]).map((change) => change.availability.quantity),
    ).toEqual([2]);
    expect(index.update([{ ...offer, cost: 1100 }])).toEqual([
      { availability: expect.objectContaining({ quantity: 2 }), published: { quantity: 0, price: 5000 } },
    ]);
  });

  it('refuses malformed input and unknown option keys; takes nothing in then', () => {
    const world = randomWorld(5);
    expect(() => createAvailabilityIndex(world.listings, [], [], { now: NOW, publish: new Map() } as never)).toThrow(
      ValidationError,
    );
    const index = createAvailabilityIndex(world.listings, [...world.offers.values()], [], options);
    const before = index.all();
    const good = [...world.offers.values()][0] as OfferInput;
    expect(() =>
      index.update([
        { ...good, stock: [{ warehouse: 'PA', quantity: 0 }] },
        { ...good, cost: -1 },
      ]),
    ).toThrow(ValidationError);
    const stranger: OrderReservation = {
      salesOrderId: 'ebay:2',
      lineId: '1',
      distributor: good.distributor,
      sku: good.sku,
      warehouse: 'W0',
      quantity: 1,
      status: 'open',
      createdAt: NOW,
    };
    expect(() => index.applyReservations('ebay:1', [stranger])).toThrow(ValidationError);
    expect(() => index.applyReservations('ebay:2', [{ ...stranger, quantity: 0 }])).toThrow(ValidationError);
    expect(index.all()).toEqual(before);
  });
});
