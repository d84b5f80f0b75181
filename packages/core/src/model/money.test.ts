import { describe, expect, it } from 'vitest';
import {
  currencyMinorDigits,
  decimalToMinorUnits,
  formatMinorUnits,
  formatMoney,
  MAX_AMOUNT_MINOR_UNITS,
} from './money.js';

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

describe('decimalToMinorUnits (marketplace amounts)', () => {
  it('reads a decimal string or a JSON number as exact minor units of the currency', () => {
    expect(decimalToMinorUnits('19.99', 'USD')).toBe(1999);
    expect(decimalToMinorUnits(19.99, 'USD')).toBe(1999);
    expect(decimalToMinorUnits('0.1', 'USD')).toBe(10);
    expect(decimalToMinorUnits(0.1, 'USD')).toBe(10);
    expect(decimalToMinorUnits('1000', 'USD')).toBe(100000);
    expect(decimalToMinorUnits(' 5.00 ', 'USD')).toBe(500);
    expect(decimalToMinorUnits('500', 'JPY')).toBe(500);
    expect(decimalToMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(decimalToMinorUnits('-3.50', 'USD')).toBe(-350);
    expect(decimalToMinorUnits('-0.00', 'USD')).toBe(0);
  });

  it('accepts zeros beyond the currency’s digits, refuses any other digit there (no rounding)', () => {
    expect(decimalToMinorUnits('19.9900', 'USD')).toBe(1999);
    expect(decimalToMinorUnits('19.999', 'USD')).toBeUndefined();
    expect(decimalToMinorUnits('500.5', 'JPY')).toBeUndefined();
  });

  it('refuses what is not a plain decimal, and amounts past the cap', () => {
    for (const text of ['', '$5.00', '1,000.00', '1e3', '5.', '.5', 'abc', '--1']) {
      expect(decimalToMinorUnits(text, 'USD'), text).toBeUndefined();
    }
    expect(decimalToMinorUnits(Number.NaN, 'USD')).toBeUndefined();
    expect(decimalToMinorUnits(Number.POSITIVE_INFINITY, 'USD')).toBeUndefined();
    expect(decimalToMinorUnits(1e21, 'USD')).toBeUndefined();
    expect(decimalToMinorUnits(String(MAX_AMOUNT_MINOR_UNITS / 100), 'USD')).toBe(MAX_AMOUNT_MINOR_UNITS);
    expect(decimalToMinorUnits('10000000000.01', 'USD')).toBeUndefined();
  });
});
