import { describe, expect, it } from 'vitest';
import { formatWpsQueryDate, parseWpsDate } from './parse-wps-date.js';

describe('parseWpsDate', () => {
  it.each([
    ['20261119', '2026-11-19T00:00:00.000Z'],
    ['2026-11-19', '2026-11-19T00:00:00.000Z'],
    ['11/19/2026', '2026-11-19T00:00:00.000Z'],
    ['1/9/26', '2026-01-09T00:00:00.000Z'],
    ['2026-11-19 14:05:06', '2026-11-19T14:05:06.000Z'],
    ['2026-11-19T14:05:06-07:00', '2026-11-19T21:05:06.000Z'],
    ['2026-11-19T14:05:06.250Z', '2026-11-19T14:05:06.000Z'],
  ])('reads %s', (text, expected) => {
    expect(parseWpsDate(text)).toBe(expected);
  });

  it.each([[undefined], [''], ['soon'], ['2026-02-31'], ['13/01/2026']])('gives undefined for %j', (text) => {
    expect(parseWpsDate(text)).toBeUndefined();
  });
});

describe('formatWpsQueryDate', () => {
  it('formats ISO dates as YYYYMMDD (https://www.wps-inc.com/data-depot/v4/api/order-processing/orders)', () => {
    expect(formatWpsQueryDate('2026-11-01')).toBe('20261101');
    expect(formatWpsQueryDate('2026-11-30T23:59:59Z')).toBe('20261130');
  });
});
