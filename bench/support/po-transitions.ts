/**
 * PO transitions per second through `@dropship/postgres`, as the dropshipper loop makes them:
 * read the PO, apply core's `transition`, write it back at the version read. Shared by
 * `store.bench.ts` and `scale-out.bench.ts`.
 */
import { randomBytes } from 'node:crypto';
import { type PurchaseOrder, type PurchaseOrderEvent, transition } from '@dropship/core';
import type { PostgresStore } from '@dropship/postgres';

/** The life of a PO in the loop: six transitions from draft to completed. */
export function lifecycle(poNumber: string): PurchaseOrderEvent[] {
  const trackingNumber = `1Z${poNumber.replace(/[^A-Z0-9]/g, '')}`;
  return [
    { type: 'submit' },
    { type: 'submit-succeeded', distributorOrderRefs: [`WPS-${poNumber}`] },
    { type: 'record-shipment', shipment: { carrier: 'ups', trackingNumber, shippedAt: new Date().toISOString() } },
    { type: 'mark-tracking-pushed', shipmentId: `${poNumber}:${trackingNumber}` },
    { type: 'mark-buyer-notified', shipmentId: `${poNumber}:${trackingNumber}` },
    { type: 'complete' },
  ];
}

/** A draft PO (version 1), as the dropshipper creates one. */
export function draft(poNumber: string): PurchaseOrder {
  const at = new Date().toISOString();
  return {
    poNumber,
    distributor: 'wps',
    salesOrderId: `ebay:${poNumber}`,
    marketplace: 'ebay',
    state: 'draft',
    version: 1,
    currency: 'USD',
    shipTo: {
      name: 'Dana Rider',
      address1: '1 Throttle Way',
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    },
    lines: [{ salesLineId: 'L1', sku: '87-1234', quantity: 2, unitCost: 2500 }],
    dropShipFee: 0,
    distributorOrderRefs: [],
    shipments: [],
    createdAt: at,
    updatedAt: at,
    audit: [{ at, event: 'create', from: 'draft', to: 'draft', version: 1 }],
  };
}

/** One transition as the loop does it: read the PO, apply the event, write it at the version read. */
export async function transitionOnce(store: PostgresStore, poNumber: string, event: PurchaseOrderEvent): Promise<void> {
  const current = await store.getPurchaseOrder(poNumber);
  if (!current) throw new Error(`missing ${poNumber}`);
  await store.updatePurchaseOrder(transition(current, event), current.version);
}

/**
 * Takes `orders` POs through their whole life with `writers` concurrent loops (each on its own
 * POs: no conflicts, pure throughput), prints and returns transitions per second.
 */
export async function measureTransitions(
  store: PostgresStore,
  label: string,
  orders: number,
  writers: number,
): Promise<number> {
  const prefix = `B-${randomBytes(3).toString('hex').toUpperCase()}`;
  const numbers = Array.from({ length: orders }, (_, index) => `${prefix}-${index}`);
  for (const poNumber of numbers) await store.createPurchaseOrder(draft(poNumber));
  // warm-up (JIT, prepared plans), not counted
  const warmUp = `${prefix}-WARM`;
  await store.createPurchaseOrder(draft(warmUp));
  for (const event of lifecycle(warmUp)) await transitionOnce(store, warmUp, event);
  let transitions = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let index = writer; index < orders; index += writers) {
        const poNumber = numbers[index] as string;
        for (const event of lifecycle(poNumber)) {
          await transitionOnce(store, poNumber, event);
          transitions += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const perSecond = transitions / seconds;
  console.log(
    `${label.padEnd(40)} ${perSecond.toFixed(0).padStart(7)} transitions/s  (${transitions} in ${seconds.toFixed(2)} s)`,
  );
  return perSecond;
}

/** `meets the target` or `BELOW the target`, for a figure and its target. */
export function verdict(value: number, target: number): string {
  return value >= target ? `meets the target (>= ${target}/s)` : `BELOW the target (>= ${target}/s)`;
}
