import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, type DropshipStore, OrderRejectedError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { orderRequest, useEdiHarness } from './__fixtures__/edi-harness.js';
import { createEdi } from './edi-client.js';
import type { EdiTransport } from './edi-transport.js';
import { writeX12Interchange, x12Timestamps } from './write-x12.js';

const harness = useEdiHarness();

/** An interchange from the partner to us holding one document. */
function fromPartner(
  controlNumber: number,
  functionalIdentifier: string,
  code: string,
  segments: { tag: string; elements: string[] }[],
  sender = 'ACMEPARTS',
) {
  return writeX12Interchange({
    sender: { qualifier: 'ZZ', id: sender },
    receiver: { qualifier: 'ZZ', id: 'DEALER01' },
    applicationSenderCode: sender,
    applicationReceiverCode: 'DEALER01',
    version: '004010',
    usage: 'P',
    acknowledgmentRequested: false,
    controlNumber,
    timestamps: x12Timestamps(new Date('2026-12-07T10:00:00Z')),
    documents: [{ functionalIdentifier, code, segments }],
  });
}

describe('createEdi: what the partner answers becomes PO states, rejections, shipments and invoices', () => {
  it('an 855 rejecting one line: the PO stays open for the other, the rejection is typed with our SKU', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox({ rejectParts: ['PART-200'] });
    expect((await client.findOrder(request.poNumber))?.status).toBe('open');
    const summary = await client.describeOrder(request.poNumber);
    expect(summary?.functionalAcknowledgment).toBe('accepted');
    expect(summary?.lines.map((line) => [line.sku, line.status, line.code])).toEqual([
      ['PART-100', 'accepted', 'IA'],
      ['PART-200', 'rejected', 'IR'],
    ]);
    expect(summary?.rejectedLines).toEqual([
      { sku: 'PART-200', message: '855 ACK IR: line rejected', reason: 'other' },
    ]);
    // The rejected line is reported on the order, so that it is planned again rather than lost.
    expect((await client.findOrder(request.poNumber))?.cancelledLines).toEqual([
      { sku: 'PART-200', quantity: request.lines[1]?.quantity, reason: 'other', message: '855 ACK IR: line rejected' },
    ]);
  });

  it("855 ACK01 codes say why: R4 out of stock, R9 discontinued, the partner's own codes first", async () => {
    const client = harness.createClient();
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox({ rejectCodes: { 'PART-200': 'R4' } });
    expect((await client.findOrder(request.poNumber))?.cancelledLines?.map((line) => [line.sku, line.reason])).toEqual([
      ['PART-200', 'out-of-stock'],
    ]);
    const whole = orderRequest();
    await client.submitOrder(whole);
    await harness.partner().processInbox({ rejectCodes: { 'PART-100': 'R9', 'PART-200': 'R9' } });
    const rejected = await client.findOrder(whole.poNumber);
    expect(rejected?.status).toBe('rejected');
    expect(rejected?.statusReason).toBe('discontinued');
    expect(rejected?.cancelledLines).toBeUndefined();
    expect((await client.describeOrder(whole.poNumber))?.rejection?.reason).toBe('discontinued');
    const custom = harness.createClient({
      partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS', rejectionCodes: { IR: 'not-drop-shippable' } },
    });
    const third = orderRequest();
    await custom.submitOrder(third);
    await harness.partner().processInbox({ rejectParts: ['PART-200'] });
    expect((await custom.findOrder(third.poNumber))?.cancelledLines?.[0]?.reason).toBe('not-drop-shippable');
  });

  it('an 855 rejecting every line makes the PO rejected; one backordering a line makes it backordered', async () => {
    const client = harness.createClient();
    const rejected = orderRequest();
    const backordered = orderRequest();
    await client.submitOrder(rejected);
    await harness.partner().processInbox({ rejectParts: ['PART-100', 'PART-200'] });
    await client.submitOrder(backordered);
    await harness.partner().processInbox({ backorderParts: ['PART-100'] });
    const [first, second] = await client.listShipments({ poNumbers: [rejected.poNumber, backordered.poNumber] });
    expect(first?.status).toBe('rejected');
    expect(second?.status).toBe('backordered');
    const rejection = (await client.describeOrder(rejected.poNumber))?.rejection;
    expect(OrderRejectedError.isInstance(rejection)).toBe(true);
    expect(rejection?.lineErrors.map((line) => line.sku)).toEqual(['PART-100', 'PART-200']);
    expect((await client.describeOrder(backordered.poNumber))?.rejection).toBeUndefined();
  });

  it('a 997 rejecting our group, with no 855, makes the PO rejected (found by the group control number)', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    const result = await client.submitOrder(request);
    const control = Number(result.distributorOrderRefs[0]?.replace('ISA', ''));
    harness.partner().writeOutbox(
      '997-rejected.edi',
      fromPartner(900, 'FA', '997', [
        { tag: 'AK1', elements: ['PO', String(control)] },
        { tag: 'AK9', elements: ['R', '1', '1', '0'] },
      ]),
    );
    expect(await client.findOrder(request.poNumber)).toMatchObject({
      status: 'rejected',
      statusText: '997: the partner rejected the 850 functional group',
    });
  });

  it('856s: each package with its tracking number and contents, partly shipped then shipped, carrier from the SCAC', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox();
    harness.partner().shipOrder(request.poNumber, {
      scac: 'FDEG',
      packages: [{ trackingNumber: '612999AA1234567', lines: [{ part: 'PART-100', quantity: 2 }] }],
    });
    const partly = await client.findOrder(request.poNumber);
    expect(partly?.status).toBe('partially_shipped');
    expect(partly?.shipments).toEqual([
      expect.objectContaining({
        trackingNumber: '612999AA1234567',
        carrier: 'fedex',
        carrierName: 'FDEG',
        lines: [{ sku: 'PART-100', quantity: 2 }],
      }),
    ]);
    harness.partner().shipOrder(request.poNumber, {
      packages: [{ trackingNumber: '1Z999AA10123456784', lines: [{ part: 'PART-200', quantity: 1 }] }],
    });
    const shipped = await client.findOrder(request.poNumber);
    expect(shipped?.status).toBe('shipped');
    expect(shipped?.shipments.map((shipment) => [shipment.trackingNumber, shipment.carrier, shipment.lines])).toEqual([
      ['612999AA1234567', 'fedex', [{ sku: 'PART-100', quantity: 2 }]],
      ['1Z999AA10123456784', 'ups', [{ sku: 'PART-200', quantity: 1 }]],
    ]);
    // Every file read once, then archived.
    expect(readdirSync(join(harness.root(), 'out')).filter((name) => name.endsWith('.edi'))).toEqual([]);
    expect(readdirSync(join(harness.root(), 'out', 'archive'))).toHaveLength(4);
  });

  it('an 810 is recorded against its PO with the invoiced unit prices in minor units', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox();
    harness.partner().invoiceOrder(request.poNumber, { invoiceNumber: 'INV-77', unitCosts: { 'PART-200': 5499 } });
    await client.poll();
    const summary = await client.describeOrder(request.poNumber);
    expect(summary?.invoices).toEqual([
      {
        kind: '810',
        invoiceNumber: 'INV-77',
        invoiceDate: expect.stringMatching(/^\d{8}$/),
        poNumber: request.poNumber,
        lines: [
          { lineNumber: '1', partNumbers: { VP: 'PART-100' }, quantity: 2, unitPrice: 1250 },
          { lineNumber: '2', partNumbers: { VP: 'PART-200' }, quantity: 1, unitPrice: 5499 },
        ],
        total: 2 * 1250 + 5499,
        charges: [],
      },
    ]);
  });

  it('two workers picking up the same files at once both succeed, and each document counts once', async () => {
    const request = orderRequest();
    await harness.createClient().submitOrder(request);
    await harness.partner().processInbox();
    harness.partner().shipOrder(request.poNumber, {
      packages: [{ trackingNumber: '1Z999AA10123456784', lines: [{ part: 'PART-100', quantity: 2 }] }],
    });
    harness.partner().shipOrder(request.poNumber, {
      packages: [{ trackingNumber: '1Z999AA10123456795', lines: [{ part: 'PART-200', quantity: 1 }] }],
    });
    harness.partner().invoiceOrder(request.poNumber);
    const workers = [harness.createClient(), harness.createClient(), harness.createClient()];
    const reports = await Promise.all(workers.map((worker) => worker.poll()));
    expect(reports.reduce((sum, report) => sum + report.documents, 0)).toBe(5);
    const summary = await workers[0]?.describeOrder(request.poNumber);
    expect(summary?.order.status).toBe('shipped');
    expect(summary?.order.shipments.map((shipment) => shipment.trackingNumber)).toEqual([
      '1Z999AA10123456784',
      '1Z999AA10123456795',
    ]);
    expect(summary?.invoices).toHaveLength(1);
    expect(readdirSync(join(harness.root(), 'out')).filter((name) => name.endsWith('.edi'))).toEqual([]);
  });

  it('leaves a file from another sender, or not X12, where it is and reports it, reading the others', async () => {
    const client = harness.createClient();
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox();
    harness
      .partner()
      .writeOutbox(
        'from-someone-else.edi',
        fromPartner(5, 'PR', '855', [{ tag: 'BAK', elements: ['00', 'RJ', request.poNumber, '20261207'] }], 'STRANGER'),
      );
    harness.partner().writeOutbox('notes.txt', 'hello');
    const report = await client.poll();
    expect(report.skipped.map((skipped) => [skipped.name, skipped.reason])).toEqual([
      ['from-someone-else.edi', 'invalid'],
      ['notes.txt', 'invalid'],
    ]);
    expect(report.read).toHaveLength(2);
    expect((await client.findOrder(request.poNumber))?.status).toBe('open');
    expect(existsSync(join(harness.root(), 'out', 'from-someone-else.edi'))).toBe(true);
  });

  it('reads a file only once it stopped changing for stableForMs', async () => {
    let nowMs = Date.parse('2026-12-07T10:00:00Z');
    const client = harness.createClient({ inbound: { stableForMs: 5_000 }, now: () => new Date(nowMs) });
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox({ functionalAcknowledgment: false });
    expect((await client.poll()).skipped.map((skipped) => skipped.reason)).toEqual(['unstable']);
    nowMs += 4_000;
    expect((await client.poll()).read).toEqual([]);
    nowMs += 1_000;
    expect((await client.poll()).read).toHaveLength(1);
    expect((await client.findOrder(request.poNumber))?.status).toBe('open');
  });
});

describe('createEdi options', () => {
  const transport = {
    upload: async () => true,
    uploadState: async () => ({ uploaded: false, temporary: false }),
    list: async () => [],
    download: async () => '',
    archive: async () => {},
    close: async () => {},
  } satisfies EdiTransport;

  it('refuses unknown and malformed options with a ValidationError naming them', () => {
    const base = {
      distributor: 'acme-edi',
      partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS' },
      store: harness.store(),
      transport,
    };
    for (const bad of [
      { ...base, colour: 'blue' },
      { ...base, partner: { ...base.partner, sendrId: 'X' } },
      { ...base, partner: { ...base.partner, senderId: 'WAY-TOO-LONG-ISA-ID' } },
      { ...base, partner: { ...base.partner, receiverQualifier: 'zz' } },
      { ...base, distributor: 'Acme EDI' },
      { ...base, transport: {} },
    ]) {
      expect(() => createEdi(bad as never), JSON.stringify(Object.keys(bad))).toThrow(ValidationError);
    }
  });

  it('refuses a store that cannot hand out control numbers (no nextSequenceValue) with a ConfigurationError', () => {
    const { nextSequenceValue: _, ...withoutSequence } = harness.store() as DropshipStore & {
      nextSequenceValue: unknown;
    };
    const store = Object.assign(Object.create(null), withoutSequence) as DropshipStore;
    expect(() =>
      createEdi({
        distributor: 'acme-edi',
        partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS' },
        store,
        transport,
      }),
    ).toThrow(ConfigurationError);
  });
});
