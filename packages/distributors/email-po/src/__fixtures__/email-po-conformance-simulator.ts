import { createMemoryStore, type DropshipStore } from '@dropship/core';
import {
  createTrackingNumberGenerator,
  type DistributorSimulatorControls,
  type Fault,
  type SimulatedOrder,
  type SimulatedProduct,
} from '@dropship/testing';
import type { EmailPurchaseOrderClient } from '../email-po-client.js';
import type { SupplierAnswerInput } from '../supplier-answer.js';
import type { ReceivedEmail } from '../supplier-inbox.js';
import { type EmailPoHarness, readCsvRows, wrongPassword } from './email-po-harness.js';

/** The simulator the shared distributor conformance suite drives: the supplier behind the loopback SMTP server. */
export interface EmailPoConformanceSimulator extends DistributorSimulatorControls {
  /** The dealer's store every client of this simulator shares (a new client is a new process). */
  readonly store: DropshipStore;
  /** A new client (a new process) on the store; `invalid` logs in to SMTP with a wrong password. */
  createClient(options?: { credentials?: 'valid' | 'invalid' }): EmailPurchaseOrderClient;
}

/** The carrier name a supplier writes in its shipment email, for a carrier code the suite passes. */
const carrierNames: Readonly<Record<string, string>> = { ups: 'UPS Ground', fedex: 'FedEx Ground', usps: 'USPS' };

/** The PO number of a purchase-order email (not a cancellation), from its header; undefined otherwise. */
function purchaseOrderOf(email: ReceivedEmail): string | undefined {
  const poNumber = email.headers['x-dropship-po-number'];
  if (poNumber === undefined || email.subject?.startsWith('Cancel ')) return undefined;
  return poNumber;
}

/** The PO's lines, read back from the CSV attached to its email. */
function linesOf(email: ReceivedEmail): SimulatedOrder['lines'] {
  const csv = email.attachments.find((attachment) => attachment.filename?.endsWith('.csv'));
  return readCsvRows(csv).map((row) => ({ sku: row.sku ?? '', quantity: Number(row.quantity) }));
}

/**
 * A `DistributorSimulatorControls` over the supplier's loopback SMTP server of `harness` (started
 * for the test file): the supplier holds an order for each purchase-order email it received (its
 * lines read back from the CSV attached), and `settle` records what it answers through the
 * client's supplier-answers API, as a person reading its replies would: an acknowledgment of each
 * new PO (rejecting the lines of a SKU it does not sell), then each package `shipOrder` queued.
 * `lost-response` takes the whole message, then drops the connection before the SMTP reply.
 * Look-ups never reach the supplier (they read the store): `callCount` counts emails received.
 *
 * @param harness - the file's SMTP server (`useEmailPoHarness`).
 * @param options - `cancelEmail`: where cancellation requests go (`capabilities.cancel` is then `supported`).
 */
export function createEmailPoConformanceSimulator(
  harness: EmailPoHarness,
  options: { cancelEmail?: string } = {},
): EmailPoConformanceSimulator {
  const inbox = harness.inbox();
  const store = createMemoryStore();
  const products = new Map<string, SimulatedProduct>();
  const nextTrackingNumber = createTrackingNumberGenerator('ups', Date.now() % 100_000);
  const supplier = {
    name: 'Acme Powersports Supply',
    orderEmail: { name: 'Acme Orders', address: 'orders@acme.test' },
    ...(options.cancelEmail !== undefined ? { cancelEmail: options.cancelEmail } : {}),
  };
  const createClient = (clientOptions?: { credentials?: 'valid' | 'invalid' }) =>
    harness.createClient({
      store,
      supplier,
      ...(clientOptions?.credentials === 'invalid' ? { password: wrongPassword } : {}),
    });
  /** Who records the supplier's answers (the dealer's own API; it sends nothing). */
  const recorder = createClient();
  let firstEmail = 0;
  let answered = new Set<string>();
  let shipments = new Map<string, SimulatedOrder['shipments']>();
  let queued: { poNumber: string; answer: SupplierAnswerInput }[] = [];

  const received = () => inbox.received().slice(firstEmail);
  const startOver = () => {
    firstEmail = inbox.received().length;
    inbox.dropAfterData(0);
    answered = new Set();
    shipments = new Map();
    queued = [];
  };
  startOver();

  const orders = (): SimulatedOrder[] => {
    const emails = received();
    const held = new Map<string, SimulatedOrder>();
    for (const email of emails) {
      const poNumber = purchaseOrderOf(email);
      if (poNumber === undefined || held.has(poNumber)) continue;
      const lines = linesOf(email);
      const shipped = shipments.get(poNumber) ?? [];
      const units = (list: readonly { quantity: number }[]) => list.reduce((sum, line) => sum + line.quantity, 0);
      const shippedUnits = units(shipped.flatMap((shipment) => shipment.lines));
      held.set(poNumber, {
        poNumber,
        reference: email.messageId ?? '',
        lines,
        status: shippedUnits >= units(lines) ? 'shipped' : shippedUnits > 0 ? 'partially_shipped' : 'open',
        shipments: [...shipped],
      });
    }
    return [...held.values()];
  };

  return {
    distributor: 'acme-email',
    store,
    createClient,
    addProduct(product) {
      products.set(product.sku, { ...product, stock: { ...product.stock } });
    },
    setStock(sku, warehouse, quantity) {
      const product = products.get(sku);
      if (product === undefined) throw new Error(`the supplier sells no ${sku}`);
      product.stock[warehouse] = quantity;
    },
    orderCount: (poNumber) => received().filter((email) => purchaseOrderOf(email) === poNumber).length,
    orders,
    shipOrder(poNumber, options = {}) {
      const order = orders().find((candidate) => candidate.poNumber === poNumber);
      if (order === undefined) throw new Error(`the supplier holds no PO ${poNumber}`);
      const trackingNumber = options.trackingNumber ?? nextTrackingNumber();
      const shippedAt = options.shippedAt ?? new Date().toISOString();
      const carrier = options.carrier ?? 'ups';
      queued.push({
        poNumber,
        answer: {
          kind: 'shipment',
          answerId: `ship-${trackingNumber}`,
          carrier: carrierNames[carrier] ?? carrier,
          trackingNumber,
          shippedAt,
          // No lines: the rest of the PO, as a supplier's "your order shipped" email says.
          ...(options.lines !== undefined ? { lines: options.lines } : {}),
        },
      });
      shipments.set(poNumber, [
        ...(shipments.get(poNumber) ?? []),
        { trackingNumber, carrier, lines: options.lines ?? order.lines, shippedAt },
      ]);
      return trackingNumber;
    },
    injectFault(fault: Fault) {
      if (fault.kind !== 'lost-response') throw new Error(`the email supplier simulator serves no ${fault.kind} fault`);
      inbox.dropAfterData(fault.times ?? 1);
    },
    callCount: () => received().length,
    reset: (options) => {
      if (options?.all) products.clear();
      startOver();
    },
    async settle() {
      for (const email of received()) {
        const poNumber = purchaseOrderOf(email);
        const messageId = email.messageId ?? '';
        if (poNumber === undefined || answered.has(messageId)) continue;
        answered.add(messageId);
        const rejected = linesOf(email).filter((line) => !products.has(line.sku));
        await recorder.recordSupplierAnswer(poNumber, {
          kind: 'acknowledgment',
          answerId: `ack-${messageId}`,
          supplierOrderNumber: `SO-${answered.size}`,
          ...(rejected.length > 0
            ? { lines: rejected.map((line) => ({ sku: line.sku, status: 'rejected' as const, reason: 'not sold' })) }
            : {}),
        });
      }
      const answers = queued;
      queued = [];
      for (const { poNumber, answer } of answers) await recorder.recordSupplierAnswer(poNumber, answer);
    },
  };
}
