// listInvoices answers in the order the invoices were recorded (DropshipStore spec), on PGlite and,
// when DROPSHIP_TEST_DATABASE_URL is set, on a PostgreSQL server: from the recorded position, not
// from where the rows happen to lie. PostgreSQL returns rows in no particular order without ORDER
// BY (https://www.postgresql.org/docs/current/queries-order.html): an updated row's new version,
// a table rewritten by CLUSTER or VACUUM FULL, lie elsewhere in the heap. Each test moves rows so
// that the heap order differs from the recorded one, and invoice numbers, distributors, PO numbers
// and dates are chosen so that no other order (by number, distributor, PO, date) is the recorded one.
import { randomBytes } from 'node:crypto';
import type { DistributorInvoiceInput } from '@dropship/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';

/** Invoices in the order they are recorded: numbers, distributors, POs and dates out of order. */
const recorded: readonly DistributorInvoiceInput[] = [
  ['INV-30', 'wps', 'DS-B', '2026-11-20'],
  ['INV-10', 'parts-unlimited', 'DS-A', '2026-11-22'],
  ['INV-50', 'wps', 'DS-A', '2026-11-19'],
  ['INV-20', 'acme-edi', 'DS-B', '2026-11-23'],
  ['INV-40', 'parts-unlimited', 'DS-C', '2026-11-21'],
  ['INV-05', 'wps', 'DS-C', '2026-11-18'],
].map(([invoiceNumber, distributor, poNumber, invoiceDate]) => ({
  invoiceNumber: invoiceNumber as string,
  distributor: distributor as string,
  poNumber: poNumber as string,
  invoiceDate: invoiceDate as string,
  currency: 'USD',
  lines: [{ sku: 'SKU-1', quantity: 1, unitCost: 1_000 }],
  total: 1_000,
}));

const numbersOf = (invoices: readonly { invoiceNumber: string }[]) => invoices.map((invoice) => invoice.invoiceNumber);
const expectedFor = (keep: (invoice: DistributorInvoiceInput) => boolean) => numbersOf(recorded.filter(keep));

/** Records every invoice, then moves the first three rows to the end of the heap (new row versions). */
async function recordThenMoveRows(store: PostgresStore): Promise<void> {
  for (const invoice of recorded) expect(await store.recordInvoice(invoice as never)).toBe('recorded');
  await store.query(
    `UPDATE "${store.schema}".invoices SET document = document WHERE invoice_number IN ('INV-30', 'INV-10', 'INV-50')`,
  );
  const { rows } = await store.query<{ invoice_number: string }>(
    `SELECT invoice_number FROM "${store.schema}".invoices`,
  );
  // Without ORDER BY, the heap order: the updated rows last. The test is only a test if it differs.
  expect(rows.map((row) => row.invoice_number)).not.toEqual(numbersOf(recorded));
}

/** The listings every query shape gives, against the recorded order. */
async function expectRecordedOrder(store: PostgresStore): Promise<void> {
  expect(numbersOf(await store.listInvoices({}))).toEqual(numbersOf(recorded));
  for (const distributor of ['wps', 'parts-unlimited', 'acme-edi'])
    expect(numbersOf(await store.listInvoices({ distributor })), distributor).toEqual(
      expectedFor((invoice) => invoice.distributor === distributor),
    );
  for (const poNumber of ['DS-A', 'DS-B', 'DS-C'])
    expect(numbersOf(await store.listInvoices({ poNumber })), poNumber).toEqual(
      expectedFor((invoice) => invoice.poNumber === poNumber),
    );
  expect(numbersOf(await store.listInvoices({ poNumber: 'DS-A', distributor: 'wps' }))).toEqual(['INV-50']);
}

describe('listInvoices: in the order recorded (PGlite)', () => {
  it('after rows were updated in place, then the table clustered on the PO index: every query shape lists in the recorded order', async () => {
    const store = await createPostgresStore();
    try {
      await recordThenMoveRows(store);
      await expectRecordedOrder(store);
      await store.query(`CLUSTER "${store.schema}".invoices USING invoices_po_number`);
      await expectRecordedOrder(store);
    } finally {
      await store.close();
    }
  });
});

const databaseUrl = process.env.DROPSHIP_TEST_DATABASE_URL;

describe.skipIf(databaseUrl === undefined)('listInvoices: in the order recorded (PostgreSQL server)', () => {
  const schema = `dropship_test_${randomBytes(4).toString('hex')}_invoice_order`;
  afterAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  it('after rows were updated in place and the table clustered on the PO index: every query shape lists in the recorded order', async () => {
    const store = await createPostgresStore({ connectionString: databaseUrl, schema });
    try {
      await recordThenMoveRows(store);
      await expectRecordedOrder(store);
      await store.query(`CLUSTER "${store.schema}".invoices USING invoices_po_number`);
      await expectRecordedOrder(store);
    } finally {
      await store.close();
    }
  });
});
