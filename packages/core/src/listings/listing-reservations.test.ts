import { describe, expect, it } from 'vitest';
import type { DropshipContext } from '../dropshipper/context/dropship-context.js';
import { reservedStockLedger } from '../dropshipper/intake/order-reservations.js';
import { createRealTimeStock } from '../eligibility/real-time-stock.js';
import { type Offer, parseOffer } from '../model/offer.js';
import type { OrderReservation } from '../spec/v1/store.js';
import { createMemoryStore } from '../stores/memory-store.js';
import { computeAvailability } from './availability-index.js';
import type { ListingInput } from './listing.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const STOCK = 1000;

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

describe('listings and the planner deduct the same reservations', () => {
  it("takes off exactly what the planner's ledger holds, for random reservations of every status (seeded)", async () => {
    const random = prng(7);
    const int = (below: number) => Math.floor(random() * below);
    const readTimes = ['2026-12-07T09:00:00.000Z', '2026-12-07T10:30:00.000Z', undefined];
    const offers: Offer[] = Array.from({ length: 12 }, (_, index) =>
      parseOffer({
        distributor: ['wps', 'parts-unlimited', 'tucker-rocky'][index % 3] as string,
        sku: `S${index}`,
        brand: 'B',
        mpn: `M${index}`,
        currency: 'USD',
        cost: 100,
        stock: [
          { warehouse: 'W0', quantity: STOCK },
          { warehouse: 'W1', quantity: STOCK },
        ],
        ...(readTimes[index % 3] === undefined ? {} : { updatedAt: readTimes[index % 3] }),
      }),
    );
    const store = createMemoryStore();
    const all: OrderReservation[] = [];
    for (let order = 0; order < 40; order++) {
      const salesOrderId = `ebay:${order}`;
      const reservations: OrderReservation[] = Array.from({ length: 1 + int(3) }, (_, line) => {
        const offer = offers[int(offers.length)] as Offer;
        const status = (['open', 'consumed', 'released'] as const)[int(3)] as OrderReservation['status'];
        return {
          salesOrderId,
          lineId: String(line),
          distributor: offer.distributor,
          sku: offer.sku,
          warehouse: `W${int(2)}`,
          quantity: 1 + int(5),
          status,
          createdAt: '2026-12-07T08:00:00.000Z',
          ...(status === 'open' ? {} : { closedAt: `2026-12-07T${['08', '10', '11'][int(3)]}:00:00.000Z` }),
        };
      });
      await store.replaceReservations?.(salesOrderId, reservations);
      all.push(...reservations);
    }
    const ledger = await reservedStockLedger(
      { store } as unknown as DropshipContext,
      'ebay:not-one-of-them',
      new Map([['1', offers]]),
      createRealTimeStock(),
      NOW,
    );
    const listings: ListingInput[] = offers.map((offer) => ({
      marketplace: 'ebay',
      sku: offer.sku,
      product: { brand: 'B', mpn: offer.mpn as string },
      currency: 'USD',
      handlingTimeDays: 1,
      price: { kind: 'fixed', amount: 5000 },
    }));
    const availability = computeAvailability(listings, offers, all, { now: NOW });
    let deducted = 0;
    for (const offer of offers) {
      const held = ['W0', 'W1'].reduce(
        (sum, warehouse) => sum + (ledger?.reserved(offer.distributor, offer.sku, warehouse) ?? 0),
        0,
      );
      deducted += held;
      expect(availability.get(`ebay:${offer.sku}`)?.quantity, offer.sku).toBe(2 * STOCK - held);
    }
    // Not trivial: some reservations count and some do not.
    expect(deducted).toBeGreaterThan(0);
    expect(deducted).toBeLessThan(all.reduce((sum, reservation) => sum + reservation.quantity, 0));
  });
});
