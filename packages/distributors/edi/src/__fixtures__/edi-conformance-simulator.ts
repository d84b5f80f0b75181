import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryStore, type DropshipStore } from '@dropship/core';
import {
  createTrackingNumberGenerator,
  type DistributorSimulatorControls,
  type Fault,
  type SimulatedOrder,
  type SimulatedProduct,
  standardOperations,
} from '@dropship/testing';
import { createEdi, type EdiClient } from '../edi-client.js';
import { createEdiPartnerSimulator, type EdiPartnerSimulator } from '../edi-partner-simulator.js';
import type { SftpRequestRecord, SftpRequestType } from '../sftp-test-server.js';
import { type EdiHarness, wrongPassword } from './edi-harness.js';

/** The simulator the shared distributor conformance suite drives: the partner behind the loopback SFTP server. */
export interface EdiConformanceSimulator extends DistributorSimulatorControls {
  /** The dealer's store every client of this simulator shares (a new client is a new process). */
  readonly store: DropshipStore;
  /** The partner on the far side of the SFTP folders. */
  partner(): EdiPartnerSimulator;
  /** A new client (a new process) on the store and folders; `invalid` logs in with a wrong password. */
  createClient(options?: { credentials?: 'valid' | 'invalid' }): EdiClient;
}

/** SCAC the partner writes for a carrier name the suite passes. */
const scacOf: Readonly<Record<string, string>> = { ups: 'UPSN', fedex: 'FDEG', usps: 'USPS' };

/** Our uploads: the rename of a temporary 850 file into the partner's inbox (`/in`). */
const inboxPath = /^\/in\/[^/]+$/;
/** The partner's answers folder, listed by every look-up. */
const outboxPath = /^\/out\/?$/;

/** The SFTP requests a simulator operation name stands for (see `standardOperations`). */
function requestsOf(operation: string): { requests: readonly SftpRequestType[]; path: RegExp } {
  switch (operation) {
    case standardOperations.submit:
    case standardOperations.cancel:
      return { requests: ['RENAME'], path: inboxPath };
    case standardOperations.findOrder:
    case standardOperations.shipments:
      return { requests: ['OPENDIR'], path: outboxPath };
    default:
      throw new Error(`the EDI partner has no ${operation} operation (no stock call, no token)`);
  }
}

function matches(record: SftpRequestRecord, operation: string | undefined): boolean {
  if (operation === undefined) return true;
  const { requests, path } = requestsOf(operation);
  return requests.includes(record.type) && record.paths.some((candidate) => path.test(candidate));
}

/**
 * A `DistributorSimulatorControls` over the EDI partner simulator and the loopback SFTP server of
 * `harness` (started for the test file): the partner reads its inbox and answers (997, 855) when
 * the suite calls `settle`, rejecting lines of a part it does not sell; `shipOrder` writes an
 * 856; faults break the SFTP connection itself (`drop-connection`: before the request is served;
 * `lost-response`: after the server renamed our 850 into the inbox, before it answered).
 *
 * @param harness - the file's SFTP server, folders and transports (`useEdiHarness`).
 * @param options - `acceptsCancel`: the partner takes a cancel 850 (`capabilities.cancel` is then `supported`).
 */
export function createEdiConformanceSimulator(
  harness: EdiHarness,
  options: { acceptsCancel?: boolean } = {},
): EdiConformanceSimulator {
  const root = harness.root();
  const server = harness.server();
  const store = createMemoryStore();
  const products = new Map<string, SimulatedProduct>();
  const shipments = new Map<string, SimulatedOrder['shipments']>();
  const nextTrackingNumber = createTrackingNumberGenerator('ups', Date.now() % 100_000);
  let partner: EdiPartnerSimulator;
  let firstRequest = 0;

  const startOver = () => {
    for (const folder of ['in', 'out']) rmSync(join(root, folder), { recursive: true, force: true });
    for (const folder of ['in', 'out', 'out/archive']) mkdirSync(join(root, folder), { recursive: true });
    partner = createEdiPartnerSimulator({ root, dealerId: 'DEALER01', partnerId: 'ACMEPARTS' });
    server.clearFaults();
    shipments.clear();
    firstRequest = server.requests().length;
  };
  startOver();

  const orders = (): SimulatedOrder[] => {
    const received = partner.received();
    return received
      .filter((order) => order.document.purpose === 'original')
      .map((order) => {
        const { poNumber } = order.document;
        const lines = order.document.lines.map((line) => ({ sku: line.partNumbers.VP ?? '', quantity: line.quantity }));
        const shipped = shipments.get(poNumber) ?? [];
        const units = (packages: readonly { quantity: number }[]) =>
          packages.reduce((sum, line) => sum + line.quantity, 0);
        const shippedUnits = units(shipped.flatMap((shipment) => shipment.lines));
        const cancelled = received.some(
          (other) => other.document.poNumber === poNumber && other.document.purpose === 'cancel',
        );
        return {
          poNumber,
          reference: `ISA${order.interchangeControlNumber}`,
          lines,
          status: cancelled
            ? 'cancelled'
            : shippedUnits >= units(lines)
              ? 'shipped'
              : shippedUnits > 0
                ? 'partially_shipped'
                : 'open',
          shipments: [...shipped],
        };
      });
  };

  return {
    distributor: 'acme-edi',
    store,
    partner: () => partner,
    createClient: (clientOptions) =>
      createEdi({
        distributor: 'acme-edi',
        partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS', acceptsCancel: options.acceptsCancel ?? false },
        store,
        transport: harness.createTransport(clientOptions?.credentials === 'invalid' ? wrongPassword : undefined),
        inbound: { stableForMs: 0 },
      }),
    addProduct(product) {
      products.set(product.sku, { ...product, stock: { ...product.stock } });
    },
    setStock(sku, warehouse, quantity) {
      const product = products.get(sku);
      if (product === undefined) throw new Error(`the partner sells no ${sku}`);
      product.stock[warehouse] = quantity;
    },
    orderCount: (poNumber) => partner.orderCount(poNumber),
    orders,
    shipOrder(poNumber, options = {}) {
      const order = orders().find((candidate) => candidate.poNumber === poNumber);
      if (order === undefined) throw new Error(`the partner holds no PO ${poNumber} (call settle first)`);
      const trackingNumber = options.trackingNumber ?? nextTrackingNumber();
      const lines = options.lines ?? order.lines;
      partner.shipOrder(poNumber, {
        packages: [{ trackingNumber, lines: lines.map((line) => ({ part: line.sku, quantity: line.quantity })) }],
        scac: scacOf[options.carrier ?? 'ups'] ?? (options.carrier as string),
        ...(options.shippedAt !== undefined ? { shippedAt: new Date(options.shippedAt) } : {}),
      });
      shipments.set(poNumber, [
        ...(shipments.get(poNumber) ?? []),
        {
          trackingNumber,
          carrier: options.carrier ?? 'ups',
          lines,
          shippedAt: options.shippedAt ?? new Date().toISOString(),
        },
      ]);
      return trackingNumber;
    },
    injectFault(fault: Fault) {
      const action =
        fault.kind === 'lost-response' ? 'drop-after' : fault.kind === 'drop-connection' ? 'drop-before' : undefined;
      if (action === undefined) throw new Error(`the EDI partner simulator serves no ${fault.kind} fault`);
      const operations = fault.operations ?? (action === 'drop-after' ? [standardOperations.submit] : undefined);
      const targets = operations?.map(requestsOf) ?? [{ requests: undefined, path: undefined }];
      for (const target of targets)
        server.injectFault({
          action,
          times: fault.times ?? 1,
          ...(target.requests !== undefined ? { requests: target.requests } : {}),
          ...(target.path !== undefined ? { path: target.path } : {}),
        });
    },
    callCount: (operation) =>
      server
        .requests()
        .slice(firstRequest)
        .filter((record) => matches(record, operation)).length,
    reset: (options) => {
      if (options?.all) products.clear();
      startOver();
    },
    async settle() {
      await partner.processInbox({ sells: (part) => products.has(part) });
    },
  };
}
