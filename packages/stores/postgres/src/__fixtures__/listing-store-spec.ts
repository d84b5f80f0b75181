import {
  ConcurrencyConflictError,
  type DropshipStore,
  type DropshipStoreListings,
  type Listing,
  type ListingInput,
  type ListingPushRecord,
  parseListings,
  productKeys,
  ValidationError,
} from '@dropship/core';
import { expect, it } from 'vitest';

const listingMethods = [
  'putListings',
  'deleteListings',
  'findListings',
  'findListingPushRecords',
  'saveListingPushRecords',
] as const;

/** The store under test, with every method of the listings capability (a missing one fails the test). */
function listingStoreOf(store: DropshipStore): DropshipStoreListings {
  const missing = listingMethods.filter((name) => typeof store[name] !== 'function');
  if (missing.length > 0) throw new Error(`the store lacks listings methods: ${missing.join(', ')}`);
  return store as DropshipStore & DropshipStoreListings;
}

/** Whether a store has the optional listings capability (every one of its methods). */
export function hasListingCapability(store: DropshipStore): boolean {
  return listingMethods.every((name) => typeof store[name] === 'function');
}

const padProduct = { brand: 'EBC', mpn: 'FA196HH' };
const tireProduct = { upc: '0841386002345' };
const chainProduct = { brand: 'RK', mpn: '520XSO-120' };

/** A listing of the brake pads on eBay under `sku`, validated. */
function listing(overrides: Partial<ListingInput> = {}): Listing {
  const input: ListingInput = {
    marketplace: 'ebay',
    sku: 'PAD-1',
    product: padProduct,
    currency: 'USD',
    handlingTimeDays: 2,
    price: { kind: 'fixed', amount: 3999 },
    ...overrides,
  };
  const [parsed] = parseListings([input]);
  if (parsed === undefined) throw new Error('unreachable: one listing parsed');
  return parsed;
}

/** The four listings of the finding tests: pads on two marketplaces, a bundle with the pads, a tire. */
const sampleListings = (): Listing[] => [
  listing(),
  listing({ marketplace: 'amazon', sku: 'AMZ-PAD' }),
  listing({
    sku: 'KIT-1',
    product: undefined,
    bundle: [
      { product: chainProduct, quantity: 1 },
      { product: padProduct, quantity: 2 },
    ],
  }),
  listing({ sku: 'TIRE-1', product: tireProduct }),
];

/** A push record of eBay listing `sku`, applied at 7 units. */
export function pushRecord(sku = 'PAD-1', overrides: Partial<ListingPushRecord> = {}): ListingPushRecord {
  const marketplace = overrides.marketplace ?? 'ebay';
  return {
    key: `${marketplace}:${sku}`,
    marketplace,
    sku,
    status: 'applied',
    published: { quantity: 7, price: 3999, currency: 'USD', at: '2026-11-21T10:00:00.000Z' },
    attempts: 1,
    version: 1,
    ...overrides,
  };
}

/** A push record of eBay listing `sku` whose update to 5 units is going out (`attempts`th send). */
function sendingRecord(sku: string, attempts: number): ListingPushRecord {
  return pushRecord(sku, { status: 'sending', sending: { quantity: 5, at: '2026-11-21T10:05:00.000Z' }, attempts });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const keysOf = (items: readonly { marketplace: string; sku: string }[]): string[] =>
  items.map((item) => `${item.marketplace}:${item.sku}`);

/**
 * The optional listings capability of `DropshipStore` (listings and their push records), inside
 * a store spec's describe block whose hooks open and empty the store.
 *
 * @param current - the store under test.
 */
export function describeListingStoreSpec(current: () => DropshipStore): void {
  it('listings: put, then found by marketplace, by key and by product sold (bundle parts included), by key', async () => {
    const store = listingStoreOf(current());
    await store.putListings(sampleListings());
    expect(keysOf(await store.findListings({}))).toEqual(['amazon:AMZ-PAD', 'ebay:KIT-1', 'ebay:PAD-1', 'ebay:TIRE-1']);
    expect(await store.findListings({ keys: ['ebay:PAD-1'] })).toEqual([listing()]);
    expect(keysOf(await store.findListings({ marketplace: 'ebay' }))).toEqual([
      'ebay:KIT-1',
      'ebay:PAD-1',
      'ebay:TIRE-1',
    ]);
    // The pads sell under three listings: alone on two marketplaces, and as a part of the kit.
    const pads = productKeys(padProduct);
    expect(keysOf(await store.findListings({ productKeys: pads }))).toEqual([
      'amazon:AMZ-PAD',
      'ebay:KIT-1',
      'ebay:PAD-1',
    ]);
    expect(keysOf(await store.findListings({ productKeys: productKeys(chainProduct) }))).toEqual(['ebay:KIT-1']);
    expect(keysOf(await store.findListings({ productKeys: productKeys({ upc: '841386002345' }) }))).toEqual([
      'ebay:TIRE-1',
    ]);
    // Criteria combine with AND; an empty list matches nothing.
    expect(keysOf(await store.findListings({ marketplace: 'ebay', productKeys: pads }))).toEqual([
      'ebay:KIT-1',
      'ebay:PAD-1',
    ]);
    expect(keysOf(await store.findListings({ marketplace: 'amazon', keys: ['ebay:PAD-1'] }))).toEqual([]);
    expect(await store.findListings({ keys: [] })).toEqual([]);
    expect(await store.findListings({ productKeys: [] })).toEqual([]);
  });

  it('listings: a put replaces a listing of the same key, and its products move with it', async () => {
    const store = listingStoreOf(current());
    await store.putListings(sampleListings());
    const retargeted = listing({ product: chainProduct, price: { kind: 'fixed', amount: 8999 } });
    await store.putListings([retargeted]);
    expect(await store.findListings({ keys: ['ebay:PAD-1'] })).toEqual([retargeted]);
    expect(keysOf(await store.findListings({ productKeys: productKeys(padProduct) }))).toEqual([
      'amazon:AMZ-PAD',
      'ebay:KIT-1',
    ]);
    expect(await store.findListings({})).toHaveLength(4);
  });

  it('listings: an invalid listing or a key given twice is a ValidationError and writes nothing', async () => {
    const store = listingStoreOf(current());
    const bad: unknown[] = [
      [listing({ sku: 'NEW-1' }), { ...listing({ sku: 'NEW-2' }), price: { kind: 'fixed', amount: 12.5 } }],
      [listing({ sku: 'NEW-1' }), { ...listing({ sku: 'NEW-2' }), colour: 'red' }],
      [listing({ sku: 'NEW-1' }), listing({ sku: 'NEW-1' })],
      'ebay:PAD-1',
    ];
    for (const listings of bad) {
      const error = await rejection(store.putListings(listings as Listing[]));
      expect(ValidationError.isInstance(error), JSON.stringify(listings)).toBe(true);
    }
    expect(await store.findListings({})).toEqual([]);
    expect(ValidationError.isInstance(await rejection(store.findListings({ sku: 'PAD-1' } as never)))).toBe(true);
  });

  it('listings: delete removes the listings and their push records, and nothing else', async () => {
    const store = listingStoreOf(current());
    await store.putListings(sampleListings());
    await store.saveListingPushRecords([
      { record: pushRecord('PAD-1'), expectedVersion: null },
      { record: pushRecord('KIT-1'), expectedVersion: null },
      { record: pushRecord('AMZ-PAD', { marketplace: 'amazon' }), expectedVersion: null },
    ]);
    await store.deleteListings(['ebay:PAD-1', 'ebay:KIT-1', 'ebay:NEVER-LISTED']);
    expect(keysOf(await store.findListings({}))).toEqual(['amazon:AMZ-PAD', 'ebay:TIRE-1']);
    expect((await store.findListingPushRecords({})).map((record) => record.key)).toEqual(['amazon:AMZ-PAD']);
    // A listing put again starts without a push record: its first save creates one.
    await store.putListings([listing()]);
    expect(await store.findListingPushRecords({ keys: ['ebay:PAD-1'] })).toEqual([]);
    await store.saveListingPushRecords([{ record: pushRecord('PAD-1', { version: 4 }), expectedVersion: null }]);
    expect(await store.findListingPushRecords({ keys: ['ebay:PAD-1'] })).toEqual([pushRecord('PAD-1')]);
  });

  it('push records: created at version 1, then one more at each save from the version read; saved records returned', async () => {
    const store = listingStoreOf(current());
    const sending: ListingPushRecord = pushRecord('PAD-1', {
      status: 'sending',
      published: undefined,
      sending: { quantity: 5, price: 3999, currency: 'USD', at: '2026-11-21T10:00:00.000Z' },
      version: 99,
    });
    const created = await store.saveListingPushRecords([{ record: sending, expectedVersion: null }]);
    expect(created).toEqual([{ ...sending, version: 1 }]);
    const pending: ListingPushRecord = {
      ...sending,
      status: 'pending',
      sending: { quantity: 5, at: '2026-11-21T10:00:00.000Z', submissionId: 'feed-123' },
    };
    const [second] = await store.saveListingPushRecords([{ record: pending, expectedVersion: 1 }]);
    expect(second).toEqual({ ...pending, version: 2 });
    expect(await store.findListingPushRecords({ keys: ['ebay:PAD-1'] })).toEqual([second]);
  });

  it('push records: a batch is all or nothing: one stale entry writes none of the others, creates included', async () => {
    const store = listingStoreOf(current());
    await store.saveListingPushRecords([
      { record: pushRecord('PAD-1'), expectedVersion: null },
      { record: pushRecord('KIT-1'), expectedVersion: null },
    ]);
    const before = await store.findListingPushRecords({});
    const error = await rejection(
      store.saveListingPushRecords([
        { record: sendingRecord('PAD-1', 2), expectedVersion: 1 },
        { record: sendingRecord('NEW-1', 1), expectedVersion: null },
        { record: sendingRecord('KIT-1', 2), expectedVersion: 3 },
      ]),
    );
    expect(ConcurrencyConflictError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      entity: 'listing-push-record',
      key: 'ebay:KIT-1',
      expectedVersion: 3,
      actualVersion: 1,
    });
    expect(await store.findListingPushRecords({})).toEqual(before);
  });

  it('push records: a create of a key that exists, or an update of one that does not, is a ConcurrencyConflictError naming the versions', async () => {
    const store = listingStoreOf(current());
    await store.saveListingPushRecords([{ record: pushRecord('PAD-1'), expectedVersion: null }]);
    const created = await rejection(
      store.saveListingPushRecords([{ record: pushRecord('PAD-1', { attempts: 5 }), expectedVersion: null }]),
    );
    expect(ConcurrencyConflictError.isInstance(created)).toBe(true);
    expect(created).toMatchObject({ key: 'ebay:PAD-1', expectedVersion: undefined, actualVersion: 1 });
    const missing = await rejection(
      store.saveListingPushRecords([{ record: pushRecord('GONE-1'), expectedVersion: 2 }]),
    );
    expect(missing).toMatchObject({ key: 'ebay:GONE-1', expectedVersion: 2, actualVersion: undefined });
    expect(await store.findListingPushRecords({})).toEqual([pushRecord('PAD-1')]);
  });

  it('push records: of several workers creating one key at once, exactly one wins; the others conflict', async () => {
    const store = listingStoreOf(current());
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((attempts) =>
        store.saveListingPushRecords([
          { record: pushRecord(`OTHER-${attempts}`), expectedVersion: null },
          { record: pushRecord('RACE-1', { attempts }), expectedVersion: null },
        ]),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled') as PromiseFulfilledResult<
      ListingPushRecord[]
    >[];
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost.every((outcome) => ConcurrencyConflictError.isInstance(outcome.reason))).toBe(true);
    const stored = await store.findListingPushRecords({});
    // The winner's batch, whole; nothing of the losers' batches.
    expect(stored).toEqual([...(won[0]?.value ?? [])].sort((left, right) => (left.key < right.key ? -1 : 1)));
  });

  it('push records: many workers saving one record from the version they read lose no save', async () => {
    const store = listingStoreOf(current());
    await store.saveListingPushRecords([{ record: pushRecord('PAD-1', { attempts: 0 }), expectedVersion: null }]);
    const workers = 6;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (;;) {
          const [read] = await store.findListingPushRecords({ keys: ['ebay:PAD-1'] });
          if (read === undefined) throw new Error('the record vanished');
          try {
            await store.saveListingPushRecords([
              { record: { ...read, attempts: read.attempts + 1 }, expectedVersion: read.version },
            ]);
            return;
          } catch (error) {
            if (!ConcurrencyConflictError.isInstance(error)) throw error;
          }
        }
      }),
    );
    const [final] = await store.findListingPushRecords({ keys: ['ebay:PAD-1'] });
    expect(final).toMatchObject({ attempts: workers, version: workers + 1 });
  });

  it('push records: found by marketplace, key and one status or several, by key', async () => {
    const store = listingStoreOf(current());
    await store.saveListingPushRecords([
      { record: pushRecord('PAD-1'), expectedVersion: null },
      {
        record: pushRecord('KIT-1', {
          status: 'failed',
          sending: { quantity: 3, at: '2026-11-21T10:05:00.000Z' },
          error: 'Invalid SKU',
          retryable: false,
        }),
        expectedVersion: null,
      },
      {
        record: pushRecord('AMZ-PAD', {
          marketplace: 'amazon',
          status: 'pending',
          sending: { quantity: 4, at: '2026-11-21T10:05:00.000Z', submissionId: 'sub-9' },
        }),
        expectedVersion: null,
      },
      {
        record: pushRecord('TIRE-1', { status: 'sending', sending: { quantity: 0, at: '2026-11-21T10:06:00.000Z' } }),
        expectedVersion: null,
      },
    ]);
    const keys = async (query: Parameters<DropshipStoreListings['findListingPushRecords']>[0]) =>
      (await store.findListingPushRecords(query)).map((record) => record.key);
    expect(await keys({})).toEqual(['amazon:AMZ-PAD', 'ebay:KIT-1', 'ebay:PAD-1', 'ebay:TIRE-1']);
    expect(await keys({ status: 'pending' })).toEqual(['amazon:AMZ-PAD']);
    expect(await keys({ status: ['sending', 'failed'] })).toEqual(['ebay:KIT-1', 'ebay:TIRE-1']);
    expect(await keys({ marketplace: 'ebay', status: ['pending', 'applied'] })).toEqual(['ebay:PAD-1']);
    expect(await keys({ keys: ['ebay:KIT-1', 'amazon:AMZ-PAD'], status: 'failed' })).toEqual(['ebay:KIT-1']);
    expect(await keys({ status: [] })).toEqual([]);
    expect((await store.findListingPushRecords({ keys: ['ebay:KIT-1'] }))[0]).toMatchObject({
      error: 'Invalid SKU',
      retryable: false,
    });
  });

  it('push records: an invalid record, version or query is a ValidationError and writes nothing', async () => {
    const store = listingStoreOf(current());
    const bad: unknown[] = [
      [{ record: { ...pushRecord(), key: 'ebay:OTHER' }, expectedVersion: null }],
      [{ record: { ...pushRecord(), status: 'done' }, expectedVersion: null }],
      [{ record: { ...pushRecord(), colour: 'red' }, expectedVersion: null }],
      [
        {
          record: pushRecord('PAD-1', { published: { quantity: 1.5, at: '2026-11-21T10:00:00Z' } }),
          expectedVersion: null,
        },
      ],
      [{ record: pushRecord('PAD-1', { status: 'failed', error: 'Invalid SKU' }), expectedVersion: null }],
      [
        {
          record: pushRecord('PAD-1', { status: 'pending', sending: { quantity: 1, at: '2026-11-21T10:00:00Z' } }),
          expectedVersion: null,
        },
      ],
      [{ record: pushRecord(), expectedVersion: -1 }],
      [{ record: pushRecord() }],
      [
        { record: pushRecord('NEW-1'), expectedVersion: null },
        { record: pushRecord('PAD-1'), expectedVersion: null },
        { record: pushRecord('PAD-1', { attempts: 2 }), expectedVersion: null },
      ],
      { record: pushRecord(), expectedVersion: null },
    ];
    for (const entries of bad) {
      const error = await rejection(store.saveListingPushRecords(entries as never));
      expect(ValidationError.isInstance(error), JSON.stringify(entries)).toBe(true);
    }
    expect(await store.findListingPushRecords({})).toEqual([]);
    for (const query of [{ status: 'done' }, { sku: 'PAD-1' }, { keys: 'ebay:PAD-1' }]) {
      const error = await rejection(store.findListingPushRecords(query as never));
      expect(ValidationError.isInstance(error), JSON.stringify(query)).toBe(true);
    }
    expect(await store.saveListingPushRecords([])).toEqual([]);
  });
}
