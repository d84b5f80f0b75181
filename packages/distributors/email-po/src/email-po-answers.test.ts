// What the supplier answers, recorded with recordSupplierAnswer and reported by findOrder,
// listShipments and describeOrder in the spec's shapes.
import { distributorShipmentSchema, OrderRejectedError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { orderRequest, useEmailPoHarness } from './__fixtures__/email-po-harness.js';

const harness = useEmailPoHarness();

async function emailedPurchaseOrder() {
  const client = harness.createClient();
  const request = orderRequest();
  await client.submitOrder(request);
  return { client, request };
}

describe('acme-email: supplier answers', () => {
  it('an emailed PO with no answer is pending; an acknowledgment makes it open with the supplier order number', async () => {
    const { client, request } = await emailedPurchaseOrder();
    expect(await client.findOrder(request.poNumber)).toMatchObject({ status: 'pending', shipments: [] });
    const { recorded, order } = await client.recordSupplierAnswer(request.poNumber, {
      kind: 'acknowledgment',
      answerId: '<ack-1@acme.test>',
      supplierOrderNumber: 'SO-5521',
    });
    expect(recorded).toBe(true);
    expect(order.status).toBe('open');
    const found = await harness.createClient().findOrder(request.poNumber);
    expect(found?.distributorOrderRefs).toEqual([
      expect.stringMatching(/^<purchase-order-[0-9a-f]{32}@dealer\.test>$/),
      'SO-5521',
    ]);
    expect(harness.events().filter((event) => event.type === 'supplier-answer-recorded')).toHaveLength(1);
  });

  it('a rejected line becomes a typed rejection; every line rejected makes the PO rejected with an OrderRejectedError', async () => {
    const { client, request } = await emailedPurchaseOrder();
    await client.recordSupplierAnswer(request.poNumber, {
      kind: 'acknowledgment',
      answerId: 'ack-1',
      lines: [{ sku: 'PART-200', status: 'rejected', reason: 'discontinued' }],
    });
    const partly = await client.describeOrder(request.poNumber);
    expect(partly?.order.status).toBe('open');
    expect(partly?.rejectedLines).toEqual([
      { sku: 'PART-200', message: 'line rejected by the supplier: discontinued', reason: 'other' },
    ]);
    expect(partly?.rejection).toBeUndefined();
    // The refused line is on the order, so that the dropshipper plans it again rather than losing it.
    expect((await client.findOrder(request.poNumber))?.cancelledLines).toEqual([
      {
        sku: 'PART-200',
        quantity: request.lines.find((line) => line.sku === 'PART-200')?.quantity,
        reason: 'other',
        message: 'line rejected by the supplier: discontinued',
      },
    ]);

    await client.recordSupplierAnswer(request.poNumber, {
      kind: 'acknowledgment',
      answerId: 'ack-2',
      lines: [
        { sku: 'PART-100', status: 'rejected' },
        { sku: 'PART-200', status: 'rejected', reason: 'discontinued' },
      ],
    });
    const rejected = await client.describeOrder(request.poNumber);
    expect(rejected?.order.status).toBe('rejected');
    expect(OrderRejectedError.isInstance(rejected?.rejection)).toBe(true);
    expect(rejected?.rejection?.lineErrors.map((line) => line.sku)).toEqual(['PART-100', 'PART-200']);
  });

  it('the reason the person recording the answer classified travels to the order (rejectionReason)', async () => {
    const { client, request } = await emailedPurchaseOrder();
    await client.recordSupplierAnswer(request.poNumber, {
      kind: 'acknowledgment',
      answerId: 'ack-1',
      lines: [{ sku: 'PART-200', status: 'rejected', reason: 'no longer made', rejectionReason: 'discontinued' }],
    });
    expect((await client.findOrder(request.poNumber))?.cancelledLines?.[0]?.reason).toBe('discontinued');

    const whole = await emailedPurchaseOrder();
    await whole.client.recordSupplierAnswer(whole.request.poNumber, {
      kind: 'rejection',
      answerId: 'r1',
      reason: 'we do not ship to PO boxes',
      rejectionReason: 'address-refused',
    });
    const refused = await whole.client.describeOrder(whole.request.poNumber);
    expect(refused?.order.statusReason).toBe('address-refused');
    expect(refused?.rejection?.reason).toBe('address-refused');
    expect(refused?.order.cancelledLines).toBeUndefined();

    const cancelled = await emailedPurchaseOrder();
    await cancelled.client.recordSupplierAnswer(cancelled.request.poNumber, {
      kind: 'cancellation',
      answerId: 'c1',
      rejectionReason: 'out-of-stock',
    });
    expect(await cancelled.client.findOrder(cancelled.request.poNumber)).toMatchObject({
      status: 'cancelled',
      statusReason: 'out-of-stock',
    });
    await expect(
      client.recordSupplierAnswer(request.poNumber, {
        kind: 'rejection',
        answerId: 'r2',
        reason: 'x',
        rejectionReason: 'gone' as 'other',
      }),
    ).rejects.toThrow(ValidationError);
  });

  it('a whole-PO rejection and a backordered line', async () => {
    const first = await emailedPurchaseOrder();
    await first.client.recordSupplierAnswer(first.request.poNumber, {
      kind: 'rejection',
      answerId: 'r1',
      reason: 'account on hold',
    });
    const rejected = await first.client.describeOrder(first.request.poNumber);
    expect(rejected?.order).toMatchObject({
      status: 'rejected',
      statusText: 'rejected by the supplier: account on hold',
    });
    expect(rejected?.rejectedLines).toHaveLength(2);

    const second = await emailedPurchaseOrder();
    await second.client.recordSupplierAnswer(second.request.poNumber, {
      kind: 'acknowledgment',
      answerId: 'a1',
      lines: [{ sku: 'PART-100', status: 'backordered', reason: 'due next week' }],
    });
    expect(await second.client.findOrder(second.request.poNumber)).toMatchObject({ status: 'backordered' });
  });

  it('shipments with tracking: one package per tracking number, partially shipped then shipped, valid for the spec', async () => {
    const { client, request } = await emailedPurchaseOrder();
    await client.recordSupplierAnswer(request.poNumber, {
      kind: 'shipment',
      answerId: 'ship-1',
      carrier: 'UPS Ground',
      trackingNumber: '1Z999AA10123456784',
      shippedAt: '2026-12-07T15:00:00Z',
      lines: [{ sku: 'PART-100', quantity: 2 }],
    });
    const partial = await client.findOrder(request.poNumber);
    expect(partial?.status).toBe('partially_shipped');
    expect(partial?.shipments).toEqual([
      {
        carrier: 'ups',
        carrierName: 'UPS Ground',
        trackingNumber: '1Z999AA10123456784',
        shippedAt: '2026-12-07T15:00:00Z',
        lines: [{ sku: 'PART-100', quantity: 2 }],
      },
    ]);
    await client.recordSupplierAnswer(request.poNumber, {
      kind: 'shipment',
      answerId: 'ship-2',
      carrier: 'USPS',
      trackingNumber: '9400111899223197428490',
      shippedAt: '2026-12-08T15:00:00Z',
      lines: [{ sku: 'PART-200', quantity: 1 }],
    });
    const [order] = await harness.createClient().listShipments({ poNumbers: [request.poNumber, 'NEVER-SENT'] });
    expect(order?.status).toBe('shipped');
    expect(order?.shipments.map((shipment) => [shipment.carrier, shipment.trackingNumber])).toEqual([
      ['ups', '1Z999AA10123456784'],
      ['usps', '9400111899223197428490'],
    ]);
    for (const shipment of order?.shipments ?? [])
      expect(distributorShipmentSchema.safeParse(shipment).success).toBe(true);
  });

  it('records each answer once: the same answerId twice changes nothing', async () => {
    const { client, request } = await emailedPurchaseOrder();
    const answer = {
      kind: 'shipment',
      answerId: '<tracking@acme.test>',
      carrier: 'FedEx',
      trackingNumber: '794698584521',
      shippedAt: '2026-12-07T15:00:00-07:00',
    } as const;
    expect((await client.recordSupplierAnswer(request.poNumber, answer)).recorded).toBe(true);
    const again = await harness.createClient().recordSupplierAnswer(request.poNumber, answer);
    expect(again.recorded).toBe(false);
    expect(again.order.shipments).toHaveLength(1);
    expect(again.order.status).toBe('shipped');
    expect(harness.events().filter((event) => event.type === 'supplier-answer-recorded')).toHaveLength(1);
  });

  it('refuses an answer that does not fit: unknown key, SKU not on the PO, more units than ordered, a PO never emailed', async () => {
    const { client, request } = await emailedPurchaseOrder();
    await client.recordSupplierAnswer(request.poNumber, {
      kind: 'shipment',
      answerId: 's1',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      shippedAt: '2026-12-07T15:00:00Z',
      lines: [{ sku: 'PART-100', quantity: 1 }],
    });
    const bad: [string, unknown][] = [
      [request.poNumber, { kind: 'acknowledgment', answerId: 'x1', accepted: true }],
      [request.poNumber, { kind: 'acknowledgment', answerId: 'x2', lines: [{ sku: 'PART-999', status: 'accepted' }] }],
      [
        request.poNumber,
        {
          kind: 'shipment',
          answerId: 'x3',
          carrier: 'UPS',
          trackingNumber: '1Z999AA10123456785',
          shippedAt: '2026-12-07T15:00:00Z',
          lines: [{ sku: 'PART-100', quantity: 2 }],
        },
      ],
      [
        request.poNumber,
        {
          kind: 'shipment',
          answerId: 'x4',
          carrier: 'UPS',
          trackingNumber: 'bad tracking!',
          shippedAt: '2026-12-07T15:00:00Z',
        },
      ],
      [
        request.poNumber,
        {
          kind: 'shipment',
          answerId: 'x5',
          carrier: 'UPS',
          trackingNumber: '1Z999AA10123456786',
          shippedAt: 'yesterday',
        },
      ],
      [request.poNumber, { kind: 'refund', answerId: 'x6' }],
      ['NEVER-SENT', { kind: 'acknowledgment', answerId: 'x7' }],
    ];
    for (const [poNumber, answer] of bad) {
      const error = await client.recordSupplierAnswer(poNumber, answer as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error), `${JSON.stringify(answer)}: ${String(error)}`).toBe(true);
    }
    const order = await client.findOrder(request.poNumber);
    expect(order?.shipments).toHaveLength(1);
    expect(order?.status).toBe('partially_shipped');
  });
});
