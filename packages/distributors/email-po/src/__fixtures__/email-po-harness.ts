import { createMemoryStore, type DropshipStore, type PurchaseOrderRequest } from '@dropship/core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEmailPurchaseOrders, type EmailPurchaseOrderClient } from '../email-po-client.js';
import type { EmailPurchaseOrderEvent, EmailPurchaseOrderOptions } from '../email-po-options.js';
import { type ReceivedAttachment, type SupplierInbox, startSupplierInbox } from '../supplier-inbox.js';

/** The SMTP login of the test account: sentinels that must never show in an error, a log or an event. */
export const smtpUser = 'po-sender@dealer.test';
/** The SMTP password (sentinel). */
export const smtpPassword = 'SENTINEL-EMAIL-PO-SMTP-PASSWORD-7c41';
/** A wrong password, for the failure tests. */
export const wrongPassword = 'SENTINEL-EMAIL-PO-WRONG-PASSWORD-93ad';

/** A ship-to every check accepts. */
export const shipTo: PurchaseOrderRequest['shipTo'] = {
  name: 'Jordan Rider',
  company: 'Rider Racing, LLC',
  address1: '1200 W Main St',
  address2: 'Unit 4',
  city: 'Boise',
  region: 'ID',
  postalCode: '83702',
  country: 'US',
  phone: '2085550100',
};

let poCounter = 0;
/** A PO number unique in this process. */
export function nextPoNumber(): string {
  poCounter += 1;
  return `EPO-${Date.now().toString(36).toUpperCase().slice(-4)}-${poCounter}`;
}

/** A PO of two lines: 2 × PART-100 at 12.50 and 1 × PART-200 at 49.99 (total 74.99). */
export function orderRequest(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: nextPoNumber(),
    shipTo,
    lines: [
      { sku: 'PART-100', quantity: 2, unitCost: 1250 },
      { sku: 'PART-200', quantity: 1, unitCost: 4999 },
    ],
    currency: 'USD',
    shipMethod: 'UPS Ground',
    ...overrides,
  };
}

/**
 * The text of every page of a PDF, read back with Mozilla's PDF.js (pdfjs-dist): one string per
 * page, items joined by spaces.
 */
export async function readPdfText(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .filter((text) => text.trim() !== '')
        .join(' '),
    );
  }
  await document.destroy();
  return pages;
}

/** The rows of a CSV attachment, read back with csv-parse, keyed by the header row. */
export function readCsvRows(attachment: ReceivedAttachment | undefined): Record<string, string>[] {
  if (attachment === undefined) throw new Error('no CSV attachment');
  return parse(attachment.content, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** One SMTP server for the test file; a fresh store and event list for each test. */
export interface EmailPoHarness {
  readonly inbox: () => SupplierInbox;
  readonly store: () => DropshipStore;
  /** Every event any client of this test emitted. */
  readonly events: () => EmailPurchaseOrderEvent[];
  /** A new client (a new process or worker) on the same store. */
  createClient(overrides?: Partial<EmailPurchaseOrderOptions> & { password?: string }): EmailPurchaseOrderClient;
}

/** Starts the supplier's SMTP server (with AUTH) for the file; call at the top level of a test file. */
export function useEmailPoHarness(): EmailPoHarness {
  let inbox: SupplierInbox;
  let store: DropshipStore;
  let events: EmailPurchaseOrderEvent[] = [];
  beforeAll(async () => {
    inbox = await startSupplierInbox({ credentials: { user: smtpUser, pass: smtpPassword } });
  });
  afterAll(async () => {
    await inbox.close();
  });
  beforeEach(() => {
    store = createMemoryStore();
    events = [];
  });
  return {
    inbox: () => inbox,
    store: () => store,
    events: () => events,
    createClient(overrides = {}) {
      const { password, ...rest } = overrides;
      return createEmailPurchaseOrders({
        distributor: 'acme-email',
        supplier: { name: 'Acme Powersports Supply', orderEmail: { name: 'Acme Orders', address: 'orders@acme.test' } },
        buyer: {
          company: 'Moto Dealer Inc',
          from: { name: 'Moto Dealer Purchasing', address: 'purchasing@dealer.test' },
          replyTo: 'po-replies@dealer.test',
          accountNumber: 'D-10293',
        },
        smtp: {
          host: inbox.host,
          port: inbox.port,
          ignoreTLS: true,
          auth: { user: smtpUser, pass: password ?? smtpPassword },
          connectionTimeoutMs: 5_000,
          socketTimeoutMs: 5_000,
        },
        store,
        onEvent: (event) => events.push(event),
        ...rest,
      });
    },
  };
}
