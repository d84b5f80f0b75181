import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCompactPriceMap } from './compact-price-map.js';
import { createFeedTextDecoder } from './feed-text-decoder.js';
import { parseDecimalToMinorUnits, parseStockQuantity, parseUpc } from './parse-feed-values.js';

describe('parseDecimalToMinorUnits', () => {
  it('converts prices to exact cents where float arithmetic would not (0.29 * 100 = 28.999…)', () => {
    expect(0.29 * 100).not.toBe(29);
    expect(parseDecimalToMinorUnits('0.29')).toBe(29);
    expect(parseDecimalToMinorUnits('1.1')).toBe(110);
    expect(parseDecimalToMinorUnits('29.97')).toBe(2997);
    expect(parseDecimalToMinorUnits('4.35')).toBe(435);
    expect(parseDecimalToMinorUnits('12')).toBe(1200);
    expect(parseDecimalToMinorUnits('12.')).toBe(1200);
    expect(parseDecimalToMinorUnits('.5')).toBe(50);
    expect(parseDecimalToMinorUnits(' $1,234.50 ')).toBe(123450);
    expect(parseDecimalToMinorUnits('-0.99')).toBe(-99);
  });

  it('rounds digits past the cents half away from zero, with integers only', () => {
    expect(parseDecimalToMinorUnits('1.005')).toBe(101);
    expect(parseDecimalToMinorUnits('1.004999')).toBe(100);
    expect(parseDecimalToMinorUnits('2.3400')).toBe(234);
    expect(parseDecimalToMinorUnits('-1.005')).toBe(-101);
  });

  it('refuses what is not a decimal amount (including European decimal commas, which would be read 100 times too high)', () => {
    for (const text of [
      '',
      '  ',
      'abc',
      '12.3.4',
      '1e3',
      '12,50',
      '1,23',
      '1234,567.8',
      '$',
      '.',
      '--1',
      '12 34',
      'NaN',
    ]) {
      expect(parseDecimalToMinorUnits(text), text).toBeUndefined();
    }
    expect(parseDecimalToMinorUnits('99999999999999999999')).toBeUndefined();
  });

  it('matches integer arithmetic for any amount written with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(parseDecimalToMinorUnits(text)).toBe(cents);
      }),
    );
  });

  it('supports other minor-unit sizes', () => {
    expect(parseDecimalToMinorUnits('12.5', 0)).toBe(13);
    expect(parseDecimalToMinorUnits('1.2345', 3)).toBe(1235);
  });
});

describe('parseStockQuantity', () => {
  it('reads counts, floors and "not stocked" markers', () => {
    expect(parseStockQuantity('12')).toEqual({ quantity: 12, isFloor: false });
    expect(parseStockQuantity(' 0 ')).toEqual({ quantity: 0, isFloor: false });
    expect(parseStockQuantity('7.00')).toEqual({ quantity: 7, isFloor: false });
    expect(parseStockQuantity('10+')).toEqual({ quantity: 10, isFloor: true });
    expect(parseStockQuantity('+')).toEqual({ quantity: 1, isFloor: true });
    expect(parseStockQuantity('+', { plusQuantity: 10 })).toEqual({ quantity: 10, isFloor: true });
    expect(parseStockQuantity('N/A')).toBe('not-stocked');
    expect(parseStockQuantity('n/a')).toBe('not-stocked');
    expect(parseStockQuantity('')).toBe('not-stocked');
    expect(parseStockQuantity('--', { notStocked: ['--'] })).toBe('not-stocked');
  });

  it('refuses what is not a whole quantity', () => {
    for (const text of ['abc', '-3', '1.5', '12++', '+12', '3 4', '1e2', 'N/A+']) {
      expect(parseStockQuantity(text), text).toBeUndefined();
    }
  });
});

describe('parseUpc', () => {
  it('keeps 8 to 14 digits, tolerating spaces and dashes, and tells empty from invalid', () => {
    expect(parseUpc('012345678905')).toBe('012345678905');
    expect(parseUpc(' 0-12345-67890-5 ')).toBe('012345678905');
    expect(parseUpc('')).toBeUndefined();
    expect(parseUpc('N/A')).toBeNull();
    expect(parseUpc('1234567')).toBeNull();
    expect(parseUpc('7.12345E+11')).toBeNull();
  });
});

describe('createCompactPriceMap', () => {
  it('behaves like a Map for any keys, through growth and overwrites', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })),
            fc.integer({ min: 0, max: 1_000_000 }),
          ),
          { maxLength: 400 },
        ),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 50 }),
        (entries, probes) => {
          const compact = createCompactPriceMap(4);
          const reference = new Map<string, number>();
          for (const [key, amount] of entries) {
            compact.set(key, amount);
            reference.set(key, amount);
          }
          expect(compact.size).toBe(reference.size);
          for (const key of [...reference.keys(), ...probes]) expect(compact.get(key)).toBe(reference.get(key));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('switches to two bytes per character at the first key beyond Latin-1, keeping earlier keys', () => {
    const map = createCompactPriceMap(2);
    map.set('0101-1234', 1);
    map.set('Café', 2);
    map.set('部品-7', 3);
    map.set('0101-9999', 4);
    expect([map.get('0101-1234'), map.get('Café'), map.get('部品-7'), map.get('0101-9999'), map.get('部品')]).toEqual([
      1,
      2,
      3,
      4,
      undefined,
    ]);
  });

  it('holds part numbers in about 40–50 bytes each (a Map of strings takes about 100)', () => {
    const map = createCompactPriceMap();
    const entries = 200_000;
    for (let index = 0; index < entries; index++) map.set(`0101${String(index).padStart(7, '0')}`, index);
    expect(map.get('01010199999')).toBe(199_999);
    expect(map.get('01010200000')).toBeUndefined();
    expect(map.byteLength / entries).toBeLessThan(55);
  });
});

describe('createFeedTextDecoder', () => {
  it('follows a UTF-16 byte-order mark whatever encoding was asked', () => {
    const decoder = createFeedTextDecoder('latin1');
    const encoded = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sku,qty\n', 'utf16le')]);
    const text = decoder.decode(encoded.subarray(0, 5)) + decoder.decode(encoded.subarray(5)) + decoder.end();
    expect(text).toBe('sku,qty\n');
    expect(decoder.encoding).toBe('utf-16le');
  });

  it('decodes latin1 byte for byte and refuses unknown encodings', () => {
    const decoder = createFeedTextDecoder('latin1');
    expect(decoder.decode(Uint8Array.from([0x44, 0xe9, 0x63, 0x6f, 0x72])) + decoder.end()).toBe('Décor');
    expect(() => createFeedTextDecoder('ebcdic' as 'utf-8')).toThrow(/encoding/);
  });

  it('flushes a lone short chunk that only looked like the start of a byte-order mark', () => {
    const decoder = createFeedTextDecoder();
    expect(decoder.decode(Uint8Array.from([0xef])) + decoder.end()).toBe('\uFFFD');
  });
});
