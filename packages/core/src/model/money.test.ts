import { describe, expect, it } from 'vitest';
import { currencyMinorDigits, formatMinorUnits, formatMoney } from './money.js';

describe('formatMoney', () => {
  it('formats cents of a two-decimal currency', () => {
    expect(formatMoney(12345, 'USD')).toBe('$123.45');
    expect(formatMoney(-5, 'USD')).toBe('-$0.05');
  });

  it('formats a zero-decimal currency without dividing by 100 (JPY 500 is ¥500, not ¥5)', () => {
    expect(formatMoney(500, 'JPY')).toBe('¥500');
  });

  it('formats a three-decimal currency by dividing by 1000 (KWD 1234 is 1.234)', () => {
    expect(formatMoney(1234, 'KWD')).toBe('KWD\u00a01.234');
  });
});

describe('currencyMinorDigits', () => {
  it('gives the ISO 4217 minor-unit digits of a currency', () => {
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('KWD')).toBe(3);
  });

  it('refuses a code that is not a currency code with a RangeError', () => {
    expect(() => currencyMinorDigits('usd1')).toThrow(RangeError);
  });
});

describe('formatMinorUnits', () => {
  it('writes integer minor units as an exact plain decimal', () => {
    expect(formatMinorUnits(1999, 'USD')).toBe('19.99');
    expect(formatMinorUnits(5, 'USD')).toBe('0.05');
    expect(formatMinorUnits(40000, 'USD')).toBe('400.00');
    expect(formatMinorUnits(-350, 'USD')).toBe('-3.50');
    expect(formatMinorUnits(500, 'JPY')).toBe('500');
    expect(formatMinorUnits(1234, 'KWD')).toBe('1.234');
    expect(formatMinorUnits(7, 'KWD')).toBe('0.007');
  });

  it('stays exact where floating-point division would not (large amounts)', () => {
    expect(formatMinorUnits(999_999_999_999, 'USD')).toBe('9999999999.99');
    expect(formatMinorUnits(1_000_000_000_001, 'KWD')).toBe('1000000000.001');
  });

  it('refuses an amount that is not a safe integer', () => {
    expect(() => formatMinorUnits(1.5, 'USD')).toThrow(RangeError);
    expect(() => formatMinorUnits(Number.NaN, 'USD')).toThrow(RangeError);
  });
});
