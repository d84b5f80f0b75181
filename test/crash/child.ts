/**
 * A crash-test child: the drop-ship loop in its own process, on the durable store, with the real
 * WPS client, eBay adapter and email notifier pointed at the simulators its parent serves. It
 * works through the orders one after the other (each placed, synced, pushed, emailed and
 * completed) and prints markers on stdout. The parent SIGKILLs it at chosen points and starts a
 * new one on the same store.
 *
 *   node --conditions=@dropship/source --import tsx test/crash/child.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { type DropshipStore, type PurchaseOrder, salesOrderId } from '@dropship/core';
import { createPostgresStore } from '@dropship/postgres';
import { type CrashChildConfig, childMarkers } from './support/loop-config.js';
import { createLoopDropshipper } from './support/loop-dropshipper.js';

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as CrashChildConfig;

const started = performance.now();

function say(marker: string, detail: unknown = ''): void {
  process.stdout.write(`${marker} ${typeof detail === 'string' ? detail : JSON.stringify(detail)}\n`);
  if (process.env.DROPSHIP_CRASH_DEBUG)
    process.stderr.write(`child ${process.pid}: ${marker} at ${(performance.now() - started).toFixed(0)} ms\n`);
}

/** Prints the marker, then never resolves: the parent kills the process here. */
function stall(detail: string): Promise<never> {
  say(childMarkers.stalled, detail);
  return new Promise<never>(() => {});
}

/** The store, with the stall point of this run (if any) spliced in where the loop writes. */
function withStallPoint(store: DropshipStore): DropshipStore {
  const stallAt = config.stall;
  if (stallAt === undefined) return store;
  return {
    ...store,
    async updatePurchaseOrder(purchaseOrder: PurchaseOrder, expectedVersion: number) {
      if (
        stallAt.point === 'submitted-save' &&
        purchaseOrder.poNumber === stallAt.poNumber &&
        purchaseOrder.state === 'submitted'
      ) {
        return stall(`submitted-save ${purchaseOrder.poNumber}`);
      }
      return store.updatePurchaseOrder(purchaseOrder, expectedVersion);
    },
    async putIdempotencyRecord(record) {
      if (
        stallAt.point === 'tracking-record' &&
        record.key.startsWith(`tracking:ebay:${stallAt.marketplaceOrderId}:`)
      ) {
        return stall(`tracking-record ${record.key}`);
      }
      // `buyer-email:<shipment id>` without `#claim`: the email went out, its record comes next.
      if (
        stallAt.point === 'email-record' &&
        record.key.startsWith(`buyer-email:${stallAt.poNumber}:`) &&
        !record.key.includes('#')
      ) {
        return stall(`email-record ${record.key}`);
      }
      // Written, then stalled: the PO's mark (tracking pushed, buyer notified) is the next write.
      if (
        (stallAt.point === 'tracking-mark' && record.key.startsWith(`tracking:ebay:${stallAt.marketplaceOrderId}:`)) ||
        (stallAt.point === 'email-mark' && record.key.startsWith(`buyer-notified:${stallAt.poNumber}:`))
      ) {
        const created = await store.putIdempotencyRecord(record);
        if (created) return stall(`${stallAt.point} ${record.key}`);
        return created;
      }
      return store.putIdempotencyRecord(record);
    },
  };
}

const store = await createPostgresStore(
  'dataDir' in config.store
    ? { dataDir: config.store.dataDir }
    : { connectionString: config.store.connectionString, schema: config.store.schema, maxConnections: 4 },
);
const loopStore = withStallPoint(store);
const dropshipper = createLoopDropshipper(config.services, loopStore);
say(childMarkers.ready, String(process.pid));

// What a restart finds: POs left `submitting` by the killed process are settled first (the only
// process on this store: no need to wait for the submit lease to run out).
say(childMarkers.recovered, await dropshipper.recover({ olderThanMs: 0 }));

for (const order of config.orders) {
  const id = salesOrderId(order);
  await dropshipper.dropship(order);
  const deadline = Date.now() + config.orderTimeoutMs;
  for (;;) {
    const purchaseOrders = await store.findPurchaseOrders({ salesOrderId: id });
    if (purchaseOrders.length > 0 && purchaseOrders.every((purchaseOrder) => purchaseOrder.state === 'completed'))
      break;
    if (Date.now() > deadline) {
      process.stderr.write(
        `child: ${id} not completed: ${JSON.stringify(purchaseOrders.map((purchaseOrder) => [purchaseOrder.poNumber, purchaseOrder.state, purchaseOrder.lastError]))}\n`,
      );
      process.exit(2);
    }
    if (
      purchaseOrders.some((purchaseOrder) => purchaseOrder.state === 'submitting' || purchaseOrder.state === 'failed')
    ) {
      await dropshipper.recover({ olderThanMs: 0 });
      await dropshipper.dropship(order);
    }
    const result = await dropshipper.syncTracking();
    if (result.errors.length > 0) process.stderr.write(`child: sync errors ${JSON.stringify(result.errors)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  say(childMarkers.completed, id);
}

await store.close();
say(childMarkers.done);
