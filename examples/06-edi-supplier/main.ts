// Example 06: a supplier without an API next to an API distributor. One Walmart order holds ODI
// grips (Tucker Rocky, by API) and a WARN winch (the manufacturer, by EDI X12 over SFTP): two POs,
// one placed with an HTTP call, one written as an 850 and uploaded; the partner's 997 and 855
// come back, both packages ship (an 856 from the EDI partner), both tracking numbers reach
// Walmart, and the partner's 810 invoice is recorded against its PO. Offline: the API distributor
// is the sandbox's simulator, the EDI partner is a simulator behind a real SFTP server on loopback.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/06-edi-supplier/main.ts
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDropshipper,
  createMemoryStore,
  type DropshipStore,
  type PurchaseOrderState,
  type SyncTrackingResult,
} from '@dropship/core';
import { createEdi, createSftpTransport } from '@dropship/edi';
import { createEdiPartnerSimulator, startSftpTestServer } from '@dropship/edi/testing';
import { runAsScript, type Sandbox, sampleOrder, startSandbox } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What the example did, for its test and for readers. */
export interface EdiSupplierResult {
  status: string;
  /** The PO placed by API and the PO sent by EDI. */
  apiPoNumber: string;
  ediPoNumber: string;
  /** 850s the EDI partner received for its PO number: 1, never more. */
  ediOrdersAtPartner: number;
  /** The EDI PO's state after the partner's 997 and 855, before shipping. */
  ediStateAfterAcknowledgment: PurchaseOrderState | undefined;
  /** What the final `syncTracking` did. */
  sync: SyncTrackingResult;
  /** Tracking numbers Walmart recorded for the order. */
  walmartTracking: string[];
  /** Both POs' final states. */
  states: (PurchaseOrderState | undefined)[];
  /** The partner's invoice total in cents, as its 810 said. */
  invoiceTotal: number | undefined;
  /** The first segments of the 850 as the partner received it. */
  purchaseOrderSegments: string[];
}

const SFTP_PASSWORD = 'example-sftp-password'; // the loopback server's own account, not a real secret

/** The Walmart listing of WARN's winch, as an order line without its `lineId`; example 08 sells it too. */
export const winchLine = {
  sku: 'WARN-101025',
  product: { brand: 'WARN', mpn: '101025' },
  title: 'WARN ProVantage 2500 ATV winch',
  quantity: 1,
  unitPrice: 44_995,
};

/**
 * The EDI supplier, next to a sandbox: WARN's partner simulator behind a real SFTP server on
 * loopback, the EDI client that uploads 850s there and reads the partner's answers, and WARN's
 * stock file loaded into the sandbox's catalog. Example 08 starts the same supplier.
 *
 * @param sandbox - the sandbox whose clock and catalog the supplier uses.
 * @param store - the dropshipper's store: the EDI client also numbers its interchanges there.
 */
export async function startEdiSupplier(sandbox: Sandbox, store: DropshipStore) {
  const folder = mkdtempSync(join(tmpdir(), 'dropship-example-edi-'));
  for (const path of ['in', 'out', 'out/archive']) mkdirSync(join(folder, path), { recursive: true });
  const server = await startSftpTestServer({ root: folder, username: 'dealer01', password: SFTP_PASSWORD });
  const partner = createEdiPartnerSimulator({
    root: folder,
    dealerId: 'DEALER01',
    partnerId: 'WARNIND',
    now: sandbox.clock.now,
  });
  const warn = createEdi({
    distributor: 'warn-edi',
    partner: {
      senderId: 'DEALER01',
      receiverId: 'WARNIND',
      shipToIdentifier: { qualifier: '92', value: 'DROPSHIP CUSTOMER' },
    },
    store,
    transport: createSftpTransport(
      {
        host: server.host,
        port: server.port,
        username: 'dealer01',
        password: SFTP_PASSWORD,
        hostKeySha256: server.hostKeySha256,
        outboundFolder: '/in',
        inboundFolder: '/out',
        archiveFolder: '/out/archive',
      },
      'warn-edi',
    ),
    inbound: { stableForMs: 0 }, // the simulated partner writes to a temporary name, then renames
    manufacturerPartNumber: (sku) => (sku === 'W101025' ? '101025' : undefined),
    now: sandbox.clock.now,
  });
  // Yesterday's WARN stock file, loaded into the catalog (an EDI partner has no real-time stock).
  sandbox.catalog.upsertOffersSync([
    {
      distributor: 'warn-edi',
      sku: 'W101025',
      brand: 'WARN',
      mpn: '101025',
      title: 'WARN ProVantage 2500 ATV winch',
      currency: 'USD',
      cost: 29_900,
      dropShipFee: 0,
      estimatedShipping: 1_500,
      stock: [{ warehouse: 'MAIN', quantity: 4, leadTimeDays: 0 }],
      discontinued: false,
      hazardous: false,
      truckOnly: false,
    },
  ]);
  const close = async () => {
    await warn.close();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  };
  return { folder, partner, warn, close };
}

/** Runs the example against a fresh sandbox, SFTP server and partner, and closes them. */
export async function run(options: RunOptions = {}): Promise<EdiSupplierResult> {
  const log = options.log ?? console.log;
  const sandbox = await startSandbox();
  const store = createMemoryStore();
  const { folder, partner, warn, close } = await startEdiSupplier(sandbox, store);
  try {
    const dropshipper = createDropshipper({
      distributors: [...sandbox.distributors, warn],
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: { ...sandbox.rules, distributorPriority: [...(sandbox.rules.distributorPriority ?? []), 'warn-edi'] },
      store,
      approval: { mode: 'auto' },
      now: sandbox.clock.now,
    });
    dropshipper.events.on('purchase-order-submitted', (event) =>
      log(
        `  event purchase-order-submitted: ${event.poNumber} at ${event.distributor} (${event.distributorOrderRefs.join(', ')})`,
      ),
    );

    const grips = sampleOrder({
      marketplace: 'walmart',
      sequence: 61,
      orderedAt: sandbox.clock.iso(),
      lines: [{ listingSku: 'ODI-RUFFIAN', quantity: 1 }],
    });
    const order = {
      ...grips,
      lines: [...grips.lines, { ...winchLine, lineId: 'walmart-61-winch' }],
    };
    sandbox.receiveOrder(order);
    log(`1. Walmart order ${order.marketplaceOrderId}: 1 × ODI Ruffian grips, 1 × WARN ProVantage 2500 winch`);

    const result = await dropshipper.dropship(order);
    const apiPo = result.purchaseOrders.find((po) => po.distributor === 'tucker-rocky');
    const ediPo = result.purchaseOrders.find((po) => po.distributor === 'warn-edi');
    if (apiPo === undefined || ediPo === undefined)
      throw new Error(`expected two POs: ${result.status} ${result.holdReasons.join('; ')}`);
    log(
      `2. dropship: ${result.status}; ${apiPo.poNumber} by API to Tucker Rocky, ${ediPo.poNumber} as an 850 over SFTP to WARN`,
    );

    const [received] = await partner.processInbox();
    const purchaseOrderSegments = readFileSync(
      join(folder, 'in', 'archive', readdirSync(join(folder, 'in', 'archive'))[0] as string),
      'latin1',
    )
      .split('\n')
      .filter((line) => /^(BEG|N1|PO1)\*/.test(line));
    log(`3. WARN reads the 850 (ISA ${received?.interchangeControlNumber}): ${purchaseOrderSegments.join(' ')}`);
    log('   and answers with a 997 and an 855 accepting every line');
    await dropshipper.syncTracking();
    const ediStateAfterAcknowledgment = (await store.getPurchaseOrder(ediPo.poNumber))?.state;
    log(`4. syncTracking reads them: ${ediPo.poNumber} is ${ediStateAfterAcknowledgment}`);

    sandbox.clock.advanceMinutes(6 * 60);
    const apiTracking = sandbox.ship('tucker-rocky', apiPo.poNumber);
    partner.shipOrder(ediPo.poNumber, { scac: 'UPSN', packages: [{ trackingNumber: '1Z999AA10123456784' }] });
    partner.invoiceOrder(ediPo.poNumber, { invoiceNumber: 'WARN-INV-5521' });
    log(`5. Tucker Rocky ships ${apiTracking}; WARN sends an 856 (UPS 1Z999AA10123456784) and an 810`);

    const sync = await dropshipper.syncTracking();
    log(
      `6. syncTracking: ${sync.shipmentsRecorded} shipments recorded, ${sync.trackingPushed} tracking pushed, ${sync.completed} POs completed`,
    );
    const invoice = (await warn.describeOrder(ediPo.poNumber))?.invoices[0];
    log(
      `7. WARN's invoice ${invoice?.invoiceNumber} for ${ediPo.poNumber}: $${((invoice?.total ?? 0) / 100).toFixed(2)}`,
    );

    const walmartTracking = sandbox.marketplaceSimulators.walmart
      .fulfillments(order.marketplaceOrderId)
      .map((fulfillment) => fulfillment.trackingNumber);
    const states = [
      (await store.getPurchaseOrder(apiPo.poNumber))?.state,
      (await store.getPurchaseOrder(ediPo.poNumber))?.state,
    ];
    log(`8. Walmart shows ${walmartTracking.join(' and ')}; the POs are ${states.join(' and ')}`);
    return {
      status: result.status,
      apiPoNumber: apiPo.poNumber,
      ediPoNumber: ediPo.poNumber,
      ediOrdersAtPartner: partner.orderCount(ediPo.poNumber),
      ediStateAfterAcknowledgment,
      sync,
      walmartTracking,
      states,
      invoiceTotal: invoice?.total,
      purchaseOrderSegments,
    };
  } finally {
    await close();
    await sandbox.close();
  }
}

runAsScript(import.meta.url, () => run());
