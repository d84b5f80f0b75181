import { type Dropshipper, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { parseQueueOptions } from './dropship-queue-options.js';
import { intakeQueueName } from './intake-jobs.js';
import { listingPushQueueName, listingPushQueues, runListingPush } from './listing-jobs.js';

const base = { connectionString: 'postgres://dropship:SENTINEL-PASSWORD-42@localhost/dropship' };

function refusal(listings: unknown): ValidationError {
  try {
    parseQueueOptions({ ...base, listings });
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('the listings option of createDropshipQueue', () => {
  it('pushes every 15 minutes by default, or at the interval (whole seconds, rounded up) or cron given (cron in UTC by default)', () => {
    expect(parseQueueOptions({ ...base, listings: {} }).listings).toEqual({ schedule: 'every', everySeconds: 900 });
    expect(
      parseQueueOptions({ ...base, listings: { marketplaces: ['ebay', 'amazon'], everyMs: 60_000 } }).listings,
    ).toEqual({ marketplaces: ['ebay', 'amazon'], schedule: 'every', everySeconds: 60 });
    expect(parseQueueOptions({ ...base, listings: { everyMs: 1_500 } }).listings).toEqual({
      schedule: 'every',
      everySeconds: 2,
    });
    expect(parseQueueOptions({ ...base, listings: { cron: '*/10 * * * *' } }).listings).toEqual({
      schedule: 'cron',
      cron: '*/10 * * * *',
      timezone: 'UTC',
    });
    expect(
      parseQueueOptions({ ...base, listings: { cron: '0 6 * * 1-5', timezone: 'America/Denver' } }).listings,
    ).toMatchObject({ timezone: 'America/Denver' });
    expect(parseQueueOptions(base).listings).toBeUndefined();
  });

  it.each([
    [{ everySeconds: 60 }, 'listings.everySeconds'],
    [{ everyMs: 60_000, cron: '* * * * *' }, 'listings.cron'],
    [{ timezone: 'UTC' }, 'listings.timezone'],
    [{ cron: 'hourly' }, 'listings.cron'],
    [{ everyMs: 999 }, 'listings.everyMs'],
    [{ everyMs: 1_000.5 }, 'listings.everyMs'],
    [{ marketplaces: [] }, 'listings.marketplaces'],
    [{ marketplaces: ['ebay', 'ebay'] }, 'listings.marketplaces'],
    [{ marketplaces: ['eBay US'] }, 'listings.marketplaces.0'],
    [{ full: false }, 'listings.full'],
    ['ebay', 'listings'],
  ])('refuses %j with a ValidationError at %s, never echoing the password', (listings, path) => {
    const error = refusal(listings);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).not.toContain('SENTINEL-PASSWORD-42');
  });

  it('gives each marketplace its own queue and lease, or one queue and lease for every marketplace', () => {
    expect(listingPushQueues({ marketplaces: ['ebay', 'amazon'], schedule: 'every', everySeconds: 60 })).toEqual([
      {
        name: 'dropship-listings-ebay',
        data: { marketplace: 'ebay' },
        marketplace: 'ebay',
        leaseKey: 'listings:ebay',
      },
      {
        name: 'dropship-listings-amazon',
        data: { marketplace: 'amazon' },
        marketplace: 'amazon',
        leaseKey: 'listings:amazon',
      },
    ]);
    expect(listingPushQueues({ schedule: 'every', everySeconds: 60 })).toEqual([
      { name: 'dropship-listings', data: {}, leaseKey: 'listings:*' },
    ]);
    expect(listingPushQueueName('ebay')).not.toBe(intakeQueueName('ebay'));
  });

  it('runs a full pass of the queue’s marketplace, or of every marketplace, and keeps its runs as the output', async () => {
    const calls: unknown[] = [];
    const run = { marketplace: 'ebay', considered: 3, changed: 1, sent: 1, applied: 1, pending: 0, failed: 0 };
    const dropshipper = {
      async pushListings(options: unknown) {
        calls.push(options);
        return [run];
      },
    } as unknown as Dropshipper;
    const [ebay] = listingPushQueues({ marketplaces: ['ebay'], schedule: 'every', everySeconds: 60 });
    const [every] = listingPushQueues({ schedule: 'every', everySeconds: 60 });
    if (ebay === undefined || every === undefined) throw new Error('unreachable: one queue each');
    expect(await runListingPush(dropshipper, ebay)).toEqual({
      status: 'pushed',
      runs: [run],
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    await runListingPush(dropshipper, every);
    expect(calls).toEqual([{ full: true, marketplaces: ['ebay'] }, { full: true }]);
  });
});
