// Example 07: a supplier reached only by email, next to an API distributor. One Walmart order holds
// ODI grips (Tucker Rocky, by API) and a Moose Racing skid plate (a small supplier that takes
// purchase orders by email): two POs, one placed with an HTTP call, one emailed with a PDF and a
// CSV attached. A sync that runs again sends no second email. The supplier's replies (accepted,
// then shipped with a tracking number) are recorded with recordSupplierAnswer, and the next sync
// pushes both tracking numbers to Walmart. Offline: the API distributor is the sandbox's
// simulator, the supplier's mail server is a real SMTP server on loopback.
//
// Run: pnpm exec tsx --conditions=@dropship/source examples/07-email-supplier/main.ts
import { createDropshipper, createMemoryStore, type PurchaseOrderState, type SyncTrackingResult } from '@dropship/core';
import { createEmailPurchaseOrders } from '@dropship/email-po';
import { startSupplierInbox } from '@dropship/email-po/testing';
import { runAsScript, sampleOrder, startSandbox } from '../sandbox/index.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What the example did, for its test and for readers. */
export interface EmailSupplierResult {
  status: string;
  /** The PO placed by API and the PO sent by email. */
  apiPoNumber: string;
  emailPoNumber: string;
  /** Emails the supplier's server received for its PO number: 1, never more. */
  emailsAtSupplier: number;
  /** The subject and attachment names of that email. */
  subject: string | undefined;
  attachments: string[];
  /** The CSV attachment's rows, as text. */
  csvLines: string[];
  /** The email PO's state after the supplier accepted it, before shipping. */
  emailStateAfterAcknowledgment: PurchaseOrderState | undefined;
  /** What the final `syncTracking` did. */
  sync: SyncTrackingResult;
  /** Tracking numbers Walmart recorded for the order. */
  walmartTracking: string[];
  /** Both POs' final states. */
  states: (PurchaseOrderState | undefined)[];
}

const SMTP_PASSWORD = 'example-smtp-password'; // the loopback server's own account, not a real secret

/** The example's world: the sandbox, the supplier's mail server, the email client, the dropshipper and the order. */
export async function startEmailSupplierWorld() {
  const sandbox = await startSandbox();
  const inbox = await startSupplierInbox({ credentials: { user: 'purchasing', pass: SMTP_PASSWORD } });
  const store = createMemoryStore();
  const moose = createEmailPurchaseOrders({
    distributor: 'moose-email',
    supplier: { name: 'Moose Skid Plates Co.', orderEmail: { name: 'Moose Orders', address: 'orders@moose.test' } },
    buyer: {
      company: 'Trail Parts Wholesale',
      from: { name: 'Trail Parts Purchasing', address: 'purchasing@trailparts.test' },
      replyTo: 'po-replies@trailparts.test',
      accountNumber: 'TPW-0042',
    },
    smtp: { host: inbox.host, port: inbox.port, ignoreTLS: true, auth: { user: 'purchasing', pass: SMTP_PASSWORD } },
    store, // the dropshipper's store: each send and each answer is recorded there
    describeSku: (sku) => (sku === 'MSE-2404' ? 'Moose Racing aluminum skid plate' : undefined),
    now: sandbox.clock.now,
  });
  // The supplier's weekly stock list, loaded into the catalog (an email supplier has no real-time stock).
  sandbox.catalog.upsertOffersSync([
    {
      distributor: 'moose-email',
      sku: 'MSE-2404',
      brand: 'Moose Racing',
      mpn: '2404-0455',
      title: 'Moose Racing aluminum skid plate',
      currency: 'USD',
      cost: 12_450,
      dropShipFee: 500,
      estimatedShipping: 1_200,
      stock: [{ warehouse: 'MAIN', quantity: 6, leadTimeDays: 1 }],
      discontinued: false,
      hazardous: false,
      truckOnly: false,
    },
  ]);
  const dropshipper = createDropshipper({
    distributors: [...sandbox.distributors, moose],
    marketplaces: sandbox.marketplaces,
    catalog: sandbox.catalog,
    rules: { ...sandbox.rules, distributorPriority: [...(sandbox.rules.distributorPriority ?? []), 'moose-email'] },
    store,
    approval: { mode: 'auto' },
    now: sandbox.clock.now,
  });
  const grips = sampleOrder({
    marketplace: 'walmart',
    sequence: 71,
    orderedAt: sandbox.clock.iso(),
    lines: [{ listingSku: 'ODI-RUFFIAN', quantity: 1 }],
  });
  const order = {
    ...grips,
    lines: [
      ...grips.lines,
      {
        lineId: 'walmart-71-skid-plate',
        sku: 'MOOSE-2404-0455',
        product: { brand: 'Moose Racing', mpn: '2404-0455' },
        title: 'Moose Racing aluminum skid plate',
        quantity: 1,
        unitPrice: 21_995,
      },
    ],
  };
  sandbox.receiveOrder(order);
  /** Emails the supplier's server received for a PO number. */
  const emailsFor = (poNumber: string) =>
    inbox.received().filter((email) => email.headers['x-dropship-po-number'] === poNumber);
  const close = async () => {
    moose.close();
    await inbox.close();
    await sandbox.close();
  };
  return { sandbox, inbox, store, moose, dropshipper, order, emailsFor, close };
}

/** Runs the example against a fresh sandbox and SMTP server, and closes them. */
export async function run(options: RunOptions = {}): Promise<EmailSupplierResult> {
  const log = options.log ?? console.log;
  const { sandbox, store, moose, dropshipper, order, emailsFor: emailsOf, close } = await startEmailSupplierWorld();
  try {
    log(`1. Walmart order ${order.marketplaceOrderId}: 1 × ODI Ruffian grips, 1 × Moose Racing skid plate`);

    const result = await dropshipper.dropship(order);
    const apiPo = result.purchaseOrders.find((po) => po.distributor === 'tucker-rocky');
    const emailPo = result.purchaseOrders.find((po) => po.distributor === 'moose-email');
    if (apiPo === undefined || emailPo === undefined)
      throw new Error(`expected two POs: ${result.status} ${result.holdReasons.join('; ')}`);
    log(
      `2. dropship: ${result.status}; ${apiPo.poNumber} by API to Tucker Rocky, ${emailPo.poNumber} by email to Moose`,
    );

    const emailsFor = () => emailsOf(emailPo.poNumber);
    const [email] = emailsFor();
    const attachments = (email?.attachments ?? []).map((attachment) => attachment.filename ?? '');
    const csvLines = (
      email?.attachments.find((attachment) => attachment.filename?.endsWith('.csv'))?.content.toString('utf8') ?? ''
    )
      .split('\r\n')
      .filter((line) => line !== '');
    log(`3. Moose receives "${email?.subject}" with ${attachments.join(' and ')}`);
    log(`   CSV: ${csvLines[1]}`);

    // A retry of the whole order (a worker restarted, a queue redelivered it): nothing is emailed again.
    await dropshipper.dropship(order);
    await dropshipper.syncTracking();
    log(`4. dropship and syncTracking again: ${emailsFor().length} email at Moose for ${emailPo.poNumber}`);

    // Moose replies to accept it; whoever reads the purchasing inbox records the answer.
    await moose.recordSupplierAnswer(emailPo.poNumber, {
      kind: 'acknowledgment',
      answerId: '<accept-2404@moose.test>',
      supplierOrderNumber: 'MO-77812',
    });
    await dropshipper.syncTracking();
    const emailStateAfterAcknowledgment = (await store.getPurchaseOrder(emailPo.poNumber))?.state;
    log(`5. Moose accepts (order MO-77812): ${emailPo.poNumber} is ${emailStateAfterAcknowledgment}`);

    sandbox.clock.advanceMinutes(6 * 60);
    const apiTracking = sandbox.ship('tucker-rocky', apiPo.poNumber);
    await moose.recordSupplierAnswer(emailPo.poNumber, {
      kind: 'shipment',
      answerId: '<shipped-2404@moose.test>',
      carrier: 'UPS Ground',
      trackingNumber: '1Z999AA10123456784',
      shippedAt: sandbox.clock.iso(),
    });
    log(`6. Tucker Rocky ships ${apiTracking}; Moose replies with UPS 1Z999AA10123456784`);

    const sync = await dropshipper.syncTracking();
    log(
      `7. syncTracking: ${sync.shipmentsRecorded} shipments recorded, ${sync.trackingPushed} tracking pushed, ${sync.completed} POs completed`,
    );
    const walmartTracking = sandbox.marketplaceSimulators.walmart
      .fulfillments(order.marketplaceOrderId)
      .map((fulfillment) => fulfillment.trackingNumber);
    const states = [
      (await store.getPurchaseOrder(apiPo.poNumber))?.state,
      (await store.getPurchaseOrder(emailPo.poNumber))?.state,
    ];
    log(`8. Walmart shows ${walmartTracking.join(' and ')}; the POs are ${states.join(' and ')}`);
    return {
      status: result.status,
      apiPoNumber: apiPo.poNumber,
      emailPoNumber: emailPo.poNumber,
      emailsAtSupplier: emailsFor().length,
      subject: email?.subject,
      attachments,
      csvLines,
      emailStateAfterAcknowledgment,
      sync,
      walmartTracking,
      states,
    };
  } finally {
    await close();
  }
}

runAsScript(import.meta.url, () => run());
