// Example 08: a wholesaler's day with three kinds of supplier. One Walmart order holds ODI grips
// (Tucker Rocky, by API), a WARN winch (the manufacturer, by EDI X12 over SFTP) and a Moose Racing
// skid plate (a small supplier reached only by email): three POs, three ways. Everything ships and
// all three tracking numbers reach Walmart. Then the invoices come in: WARN's 810 over SFTP, read by
// reconcilePurchaseOrder; Tucker Rocky's and Moose's, typed in from their PDFs with recordInvoice.
// Two match the POs; Moose billed the skid plate above the agreed cost, so its PO is flagged
// (an `invoice-mismatch-flagged` event, and `reconciliations({ status: 'mismatch' })` lists it),
// and the order's actual profit uses the invoiced figures. Offline: the API distributor is the
// sandbox's simulator, the EDI partner a simulator behind a real SFTP server on loopback, the
// email supplier's mail server a real SMTP server on loopback.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/08-wholesaler-day/main.ts
import { createDropshipper, type InvoiceDifference, type ReconciliationStatus } from '@dropship/core';
import { startEdiSupplier, winchLine } from '../06-edi-supplier/main.js';
import { startEmailSupplierWorld } from '../07-email-supplier/main.js';
import { runAsScript, sampleOrder } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What the example did, for its test and for readers. */
export interface WholesalerDayResult {
  status: string;
  /** PO numbers by supplier. */
  purchaseOrders: { api: string; edi: string; email: string };
  /** Tracking numbers Walmart recorded for the order. */
  walmartTracking: string[];
  /** Where each PO stands against its invoices, by supplier. */
  reconciliation: { api: ReconciliationStatus; edi: ReconciliationStatus; email: ReconciliationStatus };
  /** The POs `reconciliations({ status: 'mismatch' })` lists. */
  mismatched: string[];
  /** The differences flagged by `invoice-mismatch-flagged` events. */
  flagged: InvoiceDifference[];
  /** The order's actual profit (cents) before and after the invoices. */
  profitBefore: number;
  profitAfter: number;
}

/** Runs the example against a fresh sandbox, SFTP server, SMTP server and partner, and closes them. */
export async function run(options: RunOptions = {}): Promise<WholesalerDayResult> {
  const log = options.log ?? console.log;
  // Example 07's world: the sandbox, the email supplier (Moose) on its SMTP server, one store.
  const world = await startEmailSupplierWorld();
  const { sandbox, store, moose } = world;
  // Example 06's EDI supplier (WARN's partner behind SFTP, the EDI client, its stock file), on the same sandbox and store.
  const { partner, warn, close } = await startEdiSupplier(sandbox, store);
  try {
    const dropshipper = createDropshipper({
      distributors: [...sandbox.distributors, moose, warn],
      marketplaces: sandbox.marketplaces,
      catalog: sandbox.catalog,
      rules: {
        ...sandbox.rules,
        distributorPriority: [...(sandbox.rules.distributorPriority ?? []), 'moose-email', 'warn-edi'],
      },
      store,
      approval: { mode: 'auto' },
      now: sandbox.clock.now,
    });
    const flagged: InvoiceDifference[] = [];
    dropshipper.events.on('invoice-mismatch-flagged', (event) => {
      flagged.push(...event.differences);
      log(`  event invoice-mismatch-flagged: ${event.poNumber}: ${event.differences.map((d) => d.message).join('; ')}`);
    });

    // A new Walmart order (example 07's world received its own; this one adds example 06's winch).
    const grips = sampleOrder({
      marketplace: 'walmart',
      sequence: 81,
      orderedAt: sandbox.clock.iso(),
      lines: [{ listingSku: 'ODI-RUFFIAN', quantity: 1 }],
    });
    const skidPlate = world.order.lines.find((line) => line.sku === 'MOOSE-2404-0455');
    if (skidPlate === undefined) throw new Error("example 07's order has the skid plate");
    const order = {
      ...grips,
      lines: [
        ...grips.lines,
        { ...skidPlate, lineId: 'walmart-81-skid-plate' },
        { ...winchLine, lineId: 'walmart-81-winch' },
      ],
    };
    sandbox.receiveOrder(order);
    log(`1. Walmart order ${order.marketplaceOrderId}: ODI grips, a Moose skid plate and a WARN winch`);

    const result = await dropshipper.dropship(order);
    const poOf = (distributor: string) => {
      const found = result.purchaseOrders.find((po) => po.distributor === distributor);
      if (found === undefined)
        throw new Error(`no PO at ${distributor}: ${result.status} ${result.holdReasons.join('; ')}`);
      return found.poNumber;
    };
    const purchaseOrders = { api: poOf('tucker-rocky'), edi: poOf('warn-edi'), email: poOf('moose-email') };
    log(
      `2. dropship: ${result.status}; ${purchaseOrders.api} by API, ${purchaseOrders.edi} as an 850 over SFTP, ${purchaseOrders.email} by email`,
    );

    await partner.processInbox();
    await moose.recordSupplierAnswer(purchaseOrders.email, { kind: 'acknowledgment', answerId: '<accept@moose.test>' });
    await dropshipper.syncTracking();
    sandbox.clock.advanceMinutes(6 * 60);
    sandbox.ship('tucker-rocky', purchaseOrders.api);
    partner.shipOrder(purchaseOrders.edi, { scac: 'UPSN', packages: [{ trackingNumber: '1Z999AA10123456784' }] });
    await moose.recordSupplierAnswer(purchaseOrders.email, {
      kind: 'shipment',
      answerId: '<shipped@moose.test>',
      carrier: 'FedEx',
      trackingNumber: '449044304137821',
      shippedAt: sandbox.clock.iso(),
    });
    const sync = await dropshipper.syncTracking();
    const walmartTracking = sandbox.marketplaceSimulators.walmart
      .fulfillments(order.marketplaceOrderId)
      .map((fulfillment) => fulfillment.trackingNumber);
    log(
      `3. all three ship; syncTracking pushed ${sync.trackingPushed} tracking numbers: ${walmartTracking.join(', ')}`,
    );
    const profitBefore = (await dropshipper.profit(`walmart:${order.marketplaceOrderId}`)).profit;

    // The invoices. WARN's 810 arrives over SFTP and is read by reconcilePurchaseOrder.
    partner.invoiceOrder(purchaseOrders.edi, { invoiceNumber: 'WARN-INV-5521' });
    const edi = await dropshipper.reconcilePurchaseOrder(purchaseOrders.edi);
    log(`4. WARN's 810 WARN-INV-5521 read over SFTP: ${purchaseOrders.edi} is ${edi.reconciliation.status}`);

    // Tucker Rocky and Moose send PDFs; a person types each in (or an importer maps them).
    const [apiPo, emailPo] = await Promise.all([
      store.getPurchaseOrder(purchaseOrders.api),
      store.getPurchaseOrder(purchaseOrders.email),
    ]);
    if (apiPo === null || emailPo === null) throw new Error('the POs are in the store');
    const invoiceDate = sandbox.clock.iso().slice(0, 10);
    const api = await dropshipper.recordInvoice({
      invoiceNumber: 'TR-88410',
      poNumber: apiPo.poNumber,
      distributor: 'tucker-rocky',
      invoiceDate,
      currency: 'USD',
      lines: apiPo.lines.map(({ sku, quantity, unitCost }) => ({ sku, quantity, unitCost })),
      charges: apiPo.dropShipFee > 0 ? [{ kind: 'drop-ship-fee', amount: apiPo.dropShipFee }] : [],
      total: apiPo.lines.reduce((sum, line) => sum + line.quantity * line.unitCost, 0) + apiPo.dropShipFee,
    });
    log(`5. Tucker Rocky's invoice TR-88410: ${apiPo.poNumber} is ${api.reconciliation.status}`);
    const plate = emailPo.lines[0];
    if (plate === undefined) throw new Error('the email PO has a line');
    const billedCost = plate.unitCost + 1_000; // $10.00 over the agreed cost
    const email = await dropshipper.recordInvoice(
      {
        invoiceNumber: 'MOOSE-2026-0193',
        poNumber: emailPo.poNumber,
        distributor: 'moose-email',
        invoiceDate,
        currency: 'USD',
        lines: [{ sku: plate.sku, quantity: plate.quantity, unitCost: billedCost }],
        charges: [{ kind: 'drop-ship-fee', amount: emailPo.dropShipFee }],
        total: billedCost * plate.quantity + emailPo.dropShipFee,
      },
      { tolerance: { absoluteMinorUnits: 100, percent: 2 } },
    );
    log(
      `6. Moose's invoice MOOSE-2026-0193 bills the skid plate at $${(billedCost / 100).toFixed(2)}: ${email.reconciliation.status}`,
    );

    const mismatched = (await dropshipper.reconciliations({ status: 'mismatch' })).map((record) => record.poNumber);
    const profitAfter = (await dropshipper.profit(`walmart:${order.marketplaceOrderId}`)).profit;
    log(
      `7. POs to look at: ${mismatched.join(', ')}; profit $${(profitBefore / 100).toFixed(2)} planned, $${(profitAfter / 100).toFixed(2)} invoiced`,
    );
    return {
      status: result.status,
      purchaseOrders,
      walmartTracking,
      reconciliation: {
        api: api.reconciliation.status,
        edi: edi.reconciliation.status,
        email: email.reconciliation.status,
      },
      mismatched,
      flagged,
      profitBefore,
      profitAfter,
    };
  } finally {
    await close();
    await world.close();
  }
}

runAsScript(import.meta.url, () => run());
