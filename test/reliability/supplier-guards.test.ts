// Supplier guard scenarios: deterministic end-to-end runs of the dropshipper with the two
// suppliers that have no API, each aimed at ONE guard of a promise that lives in the supplier
// packages (the end-to-end catch of the supplier promise mutations in
// scripts/promise-mutation-list.mjs). The loop runs as a dealer runs it: createDropshipper with
// @dropship/edi (850s over a real SFTP server on loopback, the partner simulator answering 997,
// 855 and 856 files) and @dropship/email-po (purchase orders over a real SMTP server on loopback,
// the supplier's answers recorded through its API), place → acknowledgement / ship notice → sync →
// push to an in-memory marketplace that keeps every fulfillment written (no deduplication). Every
// check counts what the far side received: 850 files the partner read, emails the supplier's
// server took, fulfillments the marketplace wrote.
//
// - email-po-uncertain-send-retried, smtp-mid-session-not-sent: the SMTP connection drops after
//   the server took the purchase order: its delivery is unknown, so nothing is sent again (not on
//   the next dropship, not in recovery) until the supplier answers; then recovery finds it;
// - email-po-sent-email-resent: a process dies right after the email was sent and recorded,
//   before the PO is marked: the next process finds it sent, and does not email it again;
// - edi-inconclusive-upload-resent: the 850 was renamed into the partner's folder, the answer was
//   lost, and the partner has taken the file without answering yet; the dropshipper's store is
//   then restored from an older backup (the EDI client keeps its ledger in a durable store of its
//   own) and the order comes in again: only the EDI client's guard stands between the partner and
//   a second 850;
// - the same 856 twice (the partner sends it again under another file name), and a process dying
//   right after recording an 856, before marking its file read: the package is recorded once, and
//   one unit of two is pushed as one unit, once. (edi-document-read-twice, the `document:` fact
//   check removed, is not caught here, nor can it be end to end: the ledger reads each document id
//   once and the 856 mapping keeps one package per tracking number, so a document recorded twice
//   reaches the dropshipper once. The crash scenario goes red when those two are removed too.)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDropshipper,
  createMemoryCatalog,
  createMemoryStore,
  type DropshipperInstance,
  type DropshipStore,
  type Offer,
  type SalesOrder,
} from '@dropship/core';
import { createMockMarketplaceAdapter, createMockMarketplaceServer } from '@dropship/core/test';
import { createEdi, createSftpTransport, type EdiClient } from '@dropship/edi';
import {
  createEdiPartnerSimulator,
  type EdiPartnerSimulator,
  type SftpTestServer,
  startSftpTestServer,
} from '@dropship/edi/testing';
import { createEmailPurchaseOrders, type EmailPurchaseOrderClient } from '@dropship/email-po';
import { type SupplierInbox, startSupplierInbox } from '@dropship/email-po/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { riderOrder } from '../support/rider-order.js';

const sftpPassword = 'supplier-guards-sftp-password';
const smtpCredentials = { user: 'purchasing@dealer.test', pass: 'supplier-guards-smtp-password' };

/** The EDI partner's winch and the email supplier's skid plate, as the catalog lists them. */
const winch = { distributor: 'acme-edi', sku: 'W101025', brand: 'WARN', mpn: '101025', cost: 29_900 };
const skidPlate = { distributor: 'acme-email', sku: 'MSE-2404', brand: 'Moose Racing', mpn: '2404', cost: 8_900 };

function offerOf(product: typeof winch): Offer {
  return {
    distributor: product.distributor,
    sku: product.sku,
    brand: product.brand,
    mpn: product.mpn,
    title: `${product.brand} ${product.mpn}`,
    currency: 'USD',
    cost: product.cost,
    dropShipFee: 0,
    estimatedShipping: 1_000,
    stock: [{ warehouse: 'MAIN', quantity: 9, leadTimeDays: 0 }],
    discontinued: false,
    hazardous: false,
    truckOnly: false,
  } as Offer;
}

/** An eBay order of `quantity` units of one supplier's product. */
function salesOrder(product: typeof winch, serial: number, quantity = 1): SalesOrder {
  return riderOrder(serial, `24-${serial}-11111`, [
    {
      lineId: `${serial}1`,
      sku: `LISTING-${product.mpn}`,
      product: { brand: product.brand, mpn: product.mpn },
      quantity,
      unitPrice: product.cost * 2,
    },
  ]);
}

let root: string;
let sftp: SftpTestServer;
let inbox: SupplierInbox;
let partner: EdiPartnerSimulator;
const marketplace = createMockMarketplaceServer({ marketplace: 'ebay' });
const closing: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dropship-supplier-guards-'));
  sftp = await startSftpTestServer({ root, username: 'dealer', password: sftpPassword });
  inbox = await startSupplierInbox({ credentials: smtpCredentials });
});
afterAll(async () => {
  for (const close of closing) await close();
  await sftp?.close();
  await inbox?.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  for (const folder of ['in', 'out']) rmSync(join(root, folder), { recursive: true, force: true });
  for (const folder of ['in', 'out', 'out/archive']) mkdirSync(join(root, folder), { recursive: true });
  partner = createEdiPartnerSimulator({ root, dealerId: 'DEALER01', partnerId: 'ACMEPARTS' });
  sftp.clearFaults();
  inbox.dropAfterData(0);
  marketplace.reset();
});

/** The process died: every later store call of that process fails. */
class ProcessDied extends Error {
  constructor(key: string) {
    super(`the process died right after writing ${key}`);
  }
}

/**
 * The store as one process sees it: with `dieAfter`, the process dies right after it writes the
 * first idempotency record whose key matches (the write is made, nothing after it is).
 */
function processStore(shared: DropshipStore, dieAfter?: RegExp): DropshipStore {
  let dead = false;
  return new Proxy(shared, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (dead) throw new ProcessDied('an earlier record');
        const result = await (value as (...values: unknown[]) => Promise<unknown>).apply(target, args);
        const key = (args[0] as { key?: unknown } | undefined)?.key;
        if (property === 'putIdempotencyRecord' && typeof key === 'string' && dieAfter?.test(key)) {
          dead = true;
          throw new ProcessDied(key);
        }
        return result;
      };
    },
  });
}

/** One worker process: its dropshipper and its two supplier clients. */
interface Worker {
  dropshipper: DropshipperInstance;
  edi: EdiClient;
  email: EmailPurchaseOrderClient;
}

/**
 * Starts a worker process on the shared store (with fresh clients), the EDI ledger on `ediStore`
 * (default the same store).
 */
function startWorker(shared: DropshipStore, options: { dieAfter?: RegExp; ediStore?: DropshipStore } = {}): Worker {
  const store = processStore(shared, options.dieAfter);
  const edi = createEdi({
    distributor: 'acme-edi',
    partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS' },
    store: options.ediStore ?? store,
    transport: createSftpTransport(
      {
        host: sftp.host,
        port: sftp.port,
        username: 'dealer',
        password: sftpPassword,
        hostKeySha256: sftp.hostKeySha256,
        outboundFolder: '/in',
        inboundFolder: '/out',
        archiveFolder: '/out/archive',
        timeoutMs: 5_000,
      },
      'acme-edi',
    ),
    inbound: { stableForMs: 0 },
  });
  const email = createEmailPurchaseOrders({
    distributor: 'acme-email',
    supplier: { name: 'Acme Skid Plates', orderEmail: 'orders@acme-email.test' },
    buyer: { company: 'Moto Dealer Inc', from: 'purchasing@dealer.test' },
    smtp: {
      host: inbox.host,
      port: inbox.port,
      ignoreTLS: true,
      auth: smtpCredentials,
      connectionTimeoutMs: 5_000,
      socketTimeoutMs: 5_000,
    },
    store,
  });
  closing.push(
    () => edi.close(),
    () => email.close(),
  );
  const dropshipper = createDropshipper({
    distributors: [edi, email],
    marketplaces: [createMockMarketplaceAdapter({ server: marketplace })],
    catalog: createMemoryCatalog([offerOf(winch), offerOf(skidPlate)]),
    store,
    approval: { mode: 'auto', allowIncomplete: true, minimumProfit: -1_000_000_000 },
    submitLeaseMs: 0,
  });
  return { dropshipper, edi, email };
}

/** Purchase-order emails the supplier's SMTP server took for a PO number (cancellations aside). */
function emailsAtSupplier(poNumber: string): number {
  return inbox
    .received()
    .filter((email) => email.headers['x-dropship-po-number'] === poNumber && !email.subject?.startsWith('Cancel '))
    .length;
}

/** The one PO a dropship result names. */
function onlyPoNumber(result: { purchaseOrders: readonly { poNumber: string }[] }): string {
  expect(result.purchaseOrders).toHaveLength(1);
  return result.purchaseOrders[0]?.poNumber as string;
}

/** Fulfillments the marketplace wrote for an order with this tracking number. */
function pushes(order: SalesOrder, trackingNumber: string) {
  return marketplace
    .pushes()
    .filter((push) => push.marketplaceOrderId === order.marketplaceOrderId && push.trackingNumber === trackingNumber);
}

describe('supplier guard scenarios: a PO is never placed twice', () => {
  it('email: the SMTP connection drops after the server took the purchase order: not sent again (next dropship, recovery) until the supplier answers; then found, shipped, pushed once', async () => {
    const order = salesOrder(skidPlate, 81_001);
    const shared = createMemoryStore();
    inbox.dropAfterData(1);
    const first = startWorker(shared);
    const placed = await first.dropshipper.dropship(order);
    const poNumber = onlyPoNumber(placed);
    expect(placed.purchaseOrders[0]?.outcome).toBe('unknown');
    expect(emailsAtSupplier(poNumber)).toBe(1);

    // The order comes in again, and recovery runs in a new process: delivery is still unknown.
    const second = startWorker(shared);
    const again = await second.dropshipper.dropship(order);
    expect(again.status, 'the PO of unknown delivery is not placed again').toBe('nothing-to-place');
    expect(await second.dropshipper.recover()).toMatchObject({ resubmitted: 0, found: 0 });
    expect(emailsAtSupplier(poNumber), 'purchase-order emails at the supplier').toBe(1);

    // The supplier answers: it has the PO, and ships it.
    await second.email.recordSupplierAnswer(poNumber, { kind: 'acknowledgment', answerId: 'reply-1' });
    await second.email.recordSupplierAnswer(poNumber, {
      kind: 'shipment',
      answerId: 'reply-2',
      carrier: 'UPS Ground',
      trackingNumber: '1Z999AA10123456784',
      shippedAt: new Date().toISOString(),
    });
    const sync = await second.dropshipper.syncTracking();
    expect(sync.trackingPushed).toBe(1);
    await second.dropshipper.syncTracking();
    expect(emailsAtSupplier(poNumber)).toBe(1);
    expect(pushes(order, '1Z999AA10123456784')).toHaveLength(1);
  });

  it('email: a process dies right after the purchase order was emailed and recorded, before the PO is marked: the next process finds it sent, no second email', async () => {
    const order = salesOrder(skidPlate, 81_002);
    const shared = createMemoryStore();
    const dying = startWorker(shared, { dieAfter: /^email-po:acme-email:send:purchase-order:.*#outcome:1$/ });
    await expect(dying.dropshipper.dropship(order)).rejects.toThrow(ProcessDied);
    const [stored] = await shared.findPurchaseOrders({ salesOrderId: `ebay:${order.marketplaceOrderId}` });
    const poNumber = stored?.poNumber as string;
    expect(stored?.state).toBe('submitting');
    expect(emailsAtSupplier(poNumber)).toBe(1);

    const next = startWorker(shared);
    expect(await next.dropshipper.recover()).toMatchObject({ found: 1, resubmitted: 0 });
    await next.dropshipper.dropship(order);
    expect(emailsAtSupplier(poNumber), 'purchase-order emails at the supplier').toBe(1);
    expect((await shared.getPurchaseOrder(poNumber))?.state).toBe('submitted');
  });

  it("EDI: the 850's rename reached the partner's folder, the answer was lost, the partner took the file without answering yet; the dropshipper's store is restored from an older backup and the order comes in again: no second 850", async () => {
    const order = salesOrder(winch, 81_003);
    const ediLedger = createMemoryStore();
    sftp.injectFault({ action: 'drop-after', requests: ['RENAME'], path: /^\/in\/[^/]+$/ });
    const first = startWorker(createMemoryStore(), { ediStore: ediLedger });
    const placed = await first.dropshipper.dropship(order);
    const poNumber = onlyPoNumber(placed);
    expect(placed.purchaseOrders[0]?.outcome).toBe('unknown');
    // The partner takes the file from its folder; its 997 and 855 are not written yet.
    expect(await partner.processInbox({ functionalAcknowledgment: false, acknowledgment: false })).toHaveLength(1);

    // The dropshipper's store, restored from a backup taken before the order, knows nothing of it.
    const restored = startWorker(createMemoryStore(), { ediStore: ediLedger });
    const again = await restored.dropshipper.dropship(order);
    expect(onlyPoNumber(again)).toBe(poNumber);
    expect(again.purchaseOrders[0]?.outcome).toBe('unknown');
    await partner.processInbox();
    expect(partner.orderCount(poNumber), '850s the partner read for the PO').toBe(1);

    // The partner ships: its 856 proves it had the PO; recovery finds it, and the tracking is pushed once.
    partner.shipOrder(poNumber, { packages: [{ trackingNumber: '1Z999AA10123456806' }] });
    expect(await restored.dropshipper.recover()).toMatchObject({ found: 1, resubmitted: 0 });
    const sync = await restored.dropshipper.syncTracking();
    expect(sync.trackingPushed).toBe(1);
    await partner.processInbox();
    expect(partner.received()).toHaveLength(1);
    expect(pushes(order, '1Z999AA10123456806')).toHaveLength(1);
  });
});

describe('supplier guard scenarios: tracking pushed once, with what the package holds', () => {
  it('EDI: a process dies right after recording a ship notice, before marking its file read: the next process reads it again, one package of one unit of two, pushed once', async () => {
    const order = salesOrder(winch, 81_005, 2);
    const shared = createMemoryStore();
    const worker = startWorker(shared);
    const poNumber = onlyPoNumber(await worker.dropshipper.dropship(order));
    await partner.processInbox();
    await worker.dropshipper.syncTracking();
    // The 997 and the 855 are the PO's first two documents; the 856 is its third.
    expect((await worker.edi.describeOrder(poNumber))?.order.status).toBe('open');

    partner.shipOrder(poNumber, {
      packages: [{ trackingNumber: '1Z999AA10123456817', lines: [{ part: winch.sku, quantity: 1 }] }],
    });
    const dying = startWorker(shared, { dieAfter: new RegExp(`^edi:acme-edi:po:${poNumber}:3$`) });
    // The sync reports the PO's look-up as failed (the process is gone): nothing pushed yet.
    await dying.dropshipper.syncTracking().catch((error: unknown) => expect(error).toBeInstanceOf(ProcessDied));
    expect(await shared.getIdempotencyRecord(`edi:acme-edi:po:${poNumber}:3`)).not.toBeNull();
    expect(pushes(order, '1Z999AA10123456817')).toHaveLength(0);
    const next = startWorker(shared);
    const sync = await next.dropshipper.syncTracking();
    await startWorker(shared).dropshipper.syncTracking();

    expect(sync.trackingPushed).toBe(1);
    const written = pushes(order, '1Z999AA10123456817');
    expect(written).toHaveLength(1);
    expect(written[0]?.lines).toEqual([{ lineId: order.lines[0]?.lineId, quantity: 1 }]);
    expect((await shared.getPurchaseOrder(poNumber))?.state).toBe('partially_shipped');
    expect((await next.edi.findOrder(poNumber))?.shipments).toHaveLength(1);
  });

  it('EDI: the partner sends the same 856 twice (under another file name): one package of one unit of two, pushed once', async () => {
    const order = salesOrder(winch, 81_004, 2);
    const shared = createMemoryStore();
    const worker = startWorker(shared);
    const poNumber = onlyPoNumber(await worker.dropshipper.dropship(order));
    await partner.processInbox();
    await worker.dropshipper.syncTracking();

    const name = partner.shipOrder(poNumber, {
      packages: [{ trackingNumber: '1Z999AA10123456795', lines: [{ part: winch.sku, quantity: 1 }] }],
    });
    partner.writeOutbox(`again-${name}`, readFileSync(join(root, 'out', name), 'latin1'));
    const sync = await worker.dropshipper.syncTracking();
    await startWorker(shared).dropshipper.syncTracking();

    expect(sync.trackingPushed).toBe(1);
    const written = pushes(order, '1Z999AA10123456795');
    expect(written).toHaveLength(1);
    expect(written[0]?.lines).toEqual([{ lineId: order.lines[0]?.lineId, quantity: 1 }]);
    expect((await shared.getPurchaseOrder(poNumber))?.state).toBe('partially_shipped');
    expect((await worker.edi.findOrder(poNumber))?.shipments).toHaveLength(1);
  });
});
