import { ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { parseQueueOptions } from './dropship-queue-options.js';
import { intakeQueueName } from './intake-jobs.js';

const base = { connectionString: 'postgres://dropship:SENTINEL-PASSWORD-42@localhost/dropship' };

function refusal(intake: unknown): ValidationError {
  try {
    parseQueueOptions({ ...base, intake });
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('the intake option of createDropshipQueue', () => {
  it('runs each marketplace every 300 seconds by default, or at the interval or cron given (cron in UTC by default)', () => {
    expect(parseQueueOptions({ ...base, intake: { marketplaces: ['ebay', 'walmart'] } }).intake).toEqual({
      marketplaces: ['ebay', 'walmart'],
      schedule: 'every',
      everySeconds: 300,
    });
    expect(parseQueueOptions({ ...base, intake: { marketplaces: ['amazon'], everySeconds: 120 } }).intake).toEqual({
      marketplaces: ['amazon'],
      schedule: 'every',
      everySeconds: 120,
    });
    expect(parseQueueOptions({ ...base, intake: { marketplaces: ['shopify'], cron: '*/10 * * * *' } }).intake).toEqual({
      marketplaces: ['shopify'],
      schedule: 'cron',
      cron: '*/10 * * * *',
      timezone: 'UTC',
    });
    expect(
      parseQueueOptions({
        ...base,
        intake: { marketplaces: ['shopify'], cron: '0 6 * * 1-5', timezone: 'America/Denver' },
      }).intake,
    ).toMatchObject({ timezone: 'America/Denver' });
    expect(parseQueueOptions(base).intake).toBeUndefined();
  });

  it.each([
    [{ marketplaces: ['ebay'], every: 60 }, 'intake.every'],
    [{ marketplaces: ['ebay'], everySeconds: 60, cron: '* * * * *' }, 'intake.cron'],
    [{ marketplaces: ['ebay'], timezone: 'UTC' }, 'intake.timezone'],
    [{ marketplaces: ['ebay'], cron: 'hourly' }, 'intake.cron'],
    [{ marketplaces: ['ebay'], everySeconds: 0 }, 'intake.everySeconds'],
    [{ marketplaces: ['ebay'], everySeconds: 1.5 }, 'intake.everySeconds'],
    [{ marketplaces: [] }, 'intake.marketplaces'],
    [{ marketplaces: ['ebay', 'ebay'] }, 'intake.marketplaces'],
    [{ marketplaces: ['eBay US'] }, 'intake.marketplaces.0'],
    [{}, 'intake.marketplaces'],
    ['ebay', 'intake'],
  ])('refuses %j with a ValidationError at %s, never echoing the password', (intake, path) => {
    const error = refusal(intake);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).not.toContain('SENTINEL-PASSWORD-42');
  });

  it('names each marketplace its own pg-boss queue', () => {
    expect(intakeQueueName('ebay')).toBe('dropship-intake-ebay');
    expect(intakeQueueName('parts-unlimited')).not.toBe(intakeQueueName('ebay'));
  });
});
