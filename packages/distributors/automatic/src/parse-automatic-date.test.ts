import { describe, expect, it } from 'vitest';
import { parseAutomaticDate } from './parse-automatic-date.js';

describe('parseAutomaticDate', () => {
  it.each([
    ['11/19/26', '2026-11-19T00:00:00.000Z'],
    ['2026-11-19', '2026-11-19T00:00:00.000Z'],
    ['2026-11-19T10:00:00-05:00', '2026-11-19T15:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(parseAutomaticDate(text)).toBe(expected);
  });

  it.each([[undefined], [''], ['02/31/26'], ['19.11.2026']])('gives undefined for %j', (text) => {
    expect(parseAutomaticDate(text)).toBeUndefined();
  });
});
