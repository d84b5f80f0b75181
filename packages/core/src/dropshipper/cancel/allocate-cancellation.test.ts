import { describe, expect, it } from 'vitest';
import type { PurchaseOrder, PurchaseOrderState } from '../../model/purchase-order.js';
import { parseSalesOrder } from '../../model/sales-order.js';
import { salesOrder } from '../__fixtures__/dropshipper-fixtures.js';
import { unitsToCancelNow } from '../intake/cancel-listed-order.js';
import { allocateCancellation } from './allocate-cancellation.js';
import { cancellationDecision } from './answer-cancellation.js';
import { CANCEL_MARK, cancelRemainder } from './cancel-remainder.js';

// The pure rules of the cancel step: where cancelled units are, what is placed again, what the
// marketplace is answered, and what a listing seen again asks.

/** A PO with only what the rules read: number, state, lines (sales line, units), audit. */
function po(
  poNumber: string,
  state: PurchaseOrderState,
  lines: [salesLineId: string, quantity: number][],
  options: { cancelAsked?: boolean; shipments?: number } = {},
): PurchaseOrder {
  return {
    poNumber,
    state,
    lines: lines.map(([salesLineId, quantity]) => ({ salesLineId, sku: `S-${salesLineId}`, quantity, unitCost: 100 })),
    audit: options.cancelAsked
      ? [
          {
            at: '2026-11-20T15:00:00.000Z',
            event: 'request-cancel',
            from: 'submitted',
            to: state,
            version: 3,
            detail: `${CANCEL_MARK}: test`,
          },
        ]
      : [],
    shipments: Array.from({ length: options.shipments ?? 0 }, (_, index) => ({ trackingNumber: `1Z${index}` })),
  } as unknown as PurchaseOrder;
}

describe('allocateCancellation', () => {
  it('takes units no PO holds first, then whole POs: those already being cancelled, unsent, placed, shipped last', () => {
    const purchaseOrders = [
      po('SHIPPED', 'shipped', [['L1', 1]]),
      po('PLACED', 'submitted', [['L1', 1]]),
      po('DRAFT', 'draft', [['L1', 1]]),
      po('GONE', 'cancelled', [['L1', 5]]),
    ];
    // 4 units left on the order, 3 on live POs: 1 is not placed.
    const [one] = allocateCancellation([{ lineId: 'L1', remaining: 4, quantity: 3 }], purchaseOrders);
    expect(one?.notPlaced).toBe(1);
    expect([...(one?.fromPurchaseOrders ?? [])]).toEqual([
      ['DRAFT', 1],
      ['PLACED', 1],
    ]);
    const [all] = allocateCancellation([{ lineId: 'L1', remaining: 4, quantity: 4 }], purchaseOrders);
    expect([...(all?.fromPurchaseOrders ?? [])]).toEqual([
      ['DRAFT', 1],
      ['PLACED', 1],
      ['SHIPPED', 1],
    ]);
  });

  it('asks nothing new of a PO already being cancelled for earlier units', () => {
    // 3 ordered, 1 cancelled earlier (the PO of 3 is cancel_requested), 1 more now.
    const [line] = allocateCancellation(
      [{ lineId: 'L1', remaining: 2, quantity: 1 }],
      [po('PENDING', 'cancel_requested', [['L1', 3]])],
    );
    expect(line?.notPlaced).toBe(0);
    expect([...(line?.fromPurchaseOrders ?? [])]).toEqual([['PENDING', 1]]);
    // Beside a placed PO: the units come off the one already going, not the placed one.
    const [split] = allocateCancellation(
      [{ lineId: 'L1', remaining: 2, quantity: 1 }],
      [po('PLACED', 'submitted', [['L1', 1]]), po('PENDING', 'cancel_requested', [['L1', 2]])],
    );
    expect([...(split?.fromPurchaseOrders ?? [])]).toEqual([['PENDING', 1]]);
  });

  it('keeps a PO that holds only what the order keeps', () => {
    const [line] = allocateCancellation(
      [{ lineId: 'L1', remaining: 3, quantity: 1 }],
      [po('A', 'submitted', [['L1', 2]])],
    );
    expect(line).toEqual({ lineId: 'L1', notPlaced: 1, fromPurchaseOrders: new Map() });
  });
});

describe('cancelRemainder', () => {
  const order = parseSalesOrder(
    salesOrder('R1', [
      { lineId: 'L1', sku: 'S-L1', quantity: 2, unitPrice: 100 },
      { lineId: 'L2', sku: 'S-L2', quantity: 1, unitPrice: 100 },
      { lineId: 'L3', sku: 'S-L3', quantity: 1, unitPrice: 100 },
    ]),
  );

  it('places again what a PO cancelled for the order held and no live PO holds, nothing else', () => {
    const purchaseOrders = [
      po(
        'OLD',
        'cancelled',
        [
          ['L1', 3],
          ['L2', 1],
        ],
        { cancelAsked: true },
      ),
      po('NEW', 'submitted', [['L2', 1]]),
      // A line never placed (held) is not the cancel's to place.
      po('REJECTED', 'rejected', [['L3', 1]]),
    ];
    expect(cancelRemainder(order, purchaseOrders)).toEqual(new Map([['L1', 2]]));
  });

  it('places nothing beside a PO whose outcome is pending, nor for a PO cancelled by dropshipper.cancel', () => {
    const cancelled = po('OLD', 'cancelled', [['L1', 3]], { cancelAsked: true });
    for (const state of ['submitting', 'cancel_requested', 'manual_cancel'] as const)
      expect(cancelRemainder(order, [cancelled, po('OTHER', state, [['L2', 1]])]), state).toEqual(new Map());
    expect(cancelRemainder(order, [po('OLD', 'cancelled', [['L1', 3]])])).toEqual(new Map());
  });
});

describe('cancellationDecision', () => {
  it('accepts when every PO asked is cancelled, or none held the units', () => {
    expect(cancellationDecision({ shipped: false }, [])).toBe('accept');
    expect(cancellationDecision({ shipped: false }, [po('A', 'cancelled', [['L1', 1]], { cancelAsked: true })])).toBe(
      'accept',
    );
  });

  it('refuses when units shipped or a distributor (or the person) did not cancel', () => {
    expect(cancellationDecision({ shipped: true }, [])).toBe('refuse');
    expect(cancellationDecision({ shipped: false }, [po('A', 'submitted', [['L1', 1]], { cancelAsked: true })])).toBe(
      'refuse',
    );
  });

  it('waits while a cancel is pending or was never asked (the PO was being submitted)', () => {
    for (const state of ['cancel_requested', 'manual_cancel'] as const)
      expect(cancellationDecision({ shipped: false }, [po('A', state, [['L1', 1]], { cancelAsked: true })])).toBe(
        'pending',
      );
    expect(cancellationDecision({ shipped: false }, [po('A', 'submitted', [['L1', 1]])])).toBe('pending');
  });
});

describe('unitsToCancelNow', () => {
  const listed = parseSalesOrder(salesOrder('U1', [{ lineId: 'L1', sku: 'S', quantity: 3, unitPrice: 100 }]));

  it('asks for the marketplace total less what the stored order lost already; nothing when listed again', () => {
    const stored = parseSalesOrder(salesOrder('U1', [{ lineId: 'L1', sku: 'S', quantity: 3, unitPrice: 100 }]));
    expect(unitsToCancelNow(listed, stored, [{ lineId: 'L1', quantity: 2 }])).toEqual([{ lineId: 'L1', quantity: 2 }]);
    const after = parseSalesOrder(salesOrder('U1', [{ lineId: 'L1', sku: 'S', quantity: 1, unitPrice: 100 }]));
    expect(unitsToCancelNow(listed, after, [{ lineId: 'L1', quantity: 2 }])).toEqual([]);
    expect(unitsToCancelNow(listed, after, [{ lineId: 'L1', quantity: 3 }])).toEqual([{ lineId: 'L1', quantity: 1 }]);
    expect(unitsToCancelNow(listed, after, undefined)).toBeUndefined();
  });
});
