import { describe, expect, it } from 'vitest';
import { type DemoRecord, demoChecks } from './demo-checks.js';

/** A record of a run where every promise held. */
function cleanRecord(): DemoRecord {
  return {
    orders: [
      {
        salesOrderId: 'ebay:1',
        marketplace: 'ebay',
        story: 'one pad',
        category: 'placed',
        alreadyHandled: false,
        status: 'placed',
        holdReasons: [],
        placedNow: 1,
        placedOnRetry: false,
        lines: [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, poNumber: 'DS-1', poState: 'completed' }],
      },
    ],
    ordersAtDistributors: [{ distributor: 'wps', poNumber: 'DS-1', count: 1 }],
    trackingAtMarketplaces: [{ marketplace: 'ebay', marketplaceOrderId: '1', trackingNumber: '1Z1' }],
    emails: [{ to: ['dana@example.com'], subject: 'Shipped', messageId: '<m1@demo>' }],
    syncs: [
      {
        purchaseOrders: 1,
        distributorCalls: 1,
        shipmentsRecorded: 1,
        trackingPushed: 1,
        buyersNotified: 1,
        completed: 1,
        errors: [],
      },
    ],
    intake: {
      listedOrderIds: ['ebay:1', 'ebay:2'],
      unmappableOrderId: 'ebay:2',
      records: [
        { salesOrderId: 'ebay:1', status: 'placed', reasons: [] },
        { salesOrderId: 'ebay:2', status: 'unmappable', reasons: ['fulfillmentStartInstructions[0]: no name'] },
      ],
      recordsBefore: [],
      takenInThisRun: ['ebay:1', 'ebay:2'],
    },
  };
}

/** The names of the checks that failed. */
function failed(record: DemoRecord): string[] {
  return Object.entries(demoChecks(record))
    .filter(([, passed]) => !passed)
    .map(([name]) => name);
}

describe('demo checks', () => {
  it('pass on a clean run', () => {
    expect(failed(cleanRecord())).toEqual([]);
  });

  it('catch a PO a distributor holds twice', () => {
    const record = cleanRecord();
    record.ordersAtDistributors = [{ distributor: 'wps', poNumber: 'DS-1', count: 2 }];
    expect(failed(record)).toEqual(['no PO held twice by a distributor']);
  });

  it('catch a line with neither a PO nor a reason', () => {
    const record = cleanRecord();
    const [order] = record.orders;
    if (order === undefined) throw new Error('no order');
    record.orders = [{ ...order, lines: [{ lineId: 'L1', sku: 'W-PAD', quantity: 1, reason: 'no PO and no reason' }] }];
    expect(failed(record)).toEqual(['every line has a PO or a reason']);
  });

  it('catch a tracking number pushed twice and an email sent twice', () => {
    const record = cleanRecord();
    record.trackingAtMarketplaces = [...record.trackingAtMarketplaces, ...record.trackingAtMarketplaces];
    record.emails = [...record.emails, ...record.emails];
    expect(failed(record)).toEqual(['no tracking number pushed twice', 'no email sent twice']);
  });

  it('catch an error left by the last sync', () => {
    const record = cleanRecord();
    const [sync] = record.syncs;
    if (sync === undefined) throw new Error('no sync');
    record.syncs = [{ ...sync, errors: [{ poNumber: 'DS-1', step: 'push', message: 'HTTP 503' }] }];
    expect(failed(record)).toEqual(['no sync error left']);
  });

  it('catch a listed order never taken in, one taken in twice, and a record of an order nobody listed', () => {
    const missing = cleanRecord();
    missing.intake.records = missing.intake.records.slice(1);
    expect(failed(missing)).toEqual(['every listed order imported once']);
    const twice = cleanRecord();
    twice.intake.takenInThisRun = ['ebay:1', 'ebay:2', 'ebay:1'];
    expect(failed(twice)).toEqual(['every listed order imported once']);
    const stranger = cleanRecord();
    stranger.intake.records = [...stranger.intake.records, { salesOrderId: 'ebay:9', status: 'held', reasons: [] }];
    expect(failed(stranger)).toEqual(['every listed order imported once']);
  });

  it('catch the unmappable order taken in as an order, or held without a reason', () => {
    const taken = cleanRecord();
    taken.intake.records = taken.intake.records.map((entry) =>
      entry.salesOrderId === 'ebay:2' ? { ...entry, status: 'imported' } : entry,
    );
    expect(failed(taken)).toEqual(['the unmappable order held with its reason']);
    const silent = cleanRecord();
    silent.intake.records = silent.intake.records.map((entry) =>
      entry.salesOrderId === 'ebay:2' ? { ...entry, reasons: [] } : entry,
    );
    expect(failed(silent)).toEqual(['the unmappable order held with its reason']);
  });

  it('catch a second run that takes in an order the first one did', () => {
    const record = cleanRecord();
    record.intake.recordsBefore = ['ebay:1', 'ebay:2'];
    record.intake.takenInThisRun = ['ebay:1'];
    expect(failed(record)).toEqual(['nothing imported again by a later run']);
  });
});
