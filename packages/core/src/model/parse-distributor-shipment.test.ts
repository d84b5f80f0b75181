import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import { parseDistributorShipment, parseDistributorShipmentFast } from './parse-distributor-shipment.js';
import { distributorShipmentSchema } from './shipment.js';

/**
 * A value with its key order made visible (toEqual ignores it). Keys whose value is undefined are
 * dropped: the fast path leaves them out where zod keeps them, on purpose (see its doc).
 */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(([key, child]) => [key, shapeOf(child)]);
  return value;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const absent = Symbol('absent');
/** Each pool: values the schema accepts, then values it refuses (picked one time in eight). */
type Pool = readonly [accepted: readonly unknown[], refused: readonly unknown[]];
const texts: Pool = [
  ['x', 'UPS Ground', ' 1Z 999 ', 'ü', absent, undefined],
  ['', 0, null, true, {}],
];
const optionalTexts: Pool = [
  ['', 'x', 'UPS Ground', 'ü', absent, undefined],
  [0, null, true, {}],
];
const instants: Pool = [
  [
    '2026-11-20T15:00:00.000Z',
    '2026-11-20T15:00:00Z',
    '2026-11-20T15:00:00+02:00',
    '2024-02-29T00:00:00Z',
    '2026-11-20T15:00:00.123456789-05:30',
  ],
  ['2026-02-29T00:00:00Z', '2026-11-20', '2026-11-20T25:00:00Z', '2026-11-20T15:00:00', '', 1_700_000_000_000, absent],
];
const carriers: Pool = [
  ['ups', 'fedex', 'other', 'lasership'],
  ['UPS', 'constructor', '', 3, undefined, absent],
];
const quantities: Pool = [
  [1, 2, 7],
  [0, -1, 1.5, Number.NaN, 2 ** 53, '2', undefined],
];
const urls: Pool = [
  [absent, absent, undefined],
  ['https://track.example/1Z', 'not a url', 5],
];
const booleans: Pool = [
  [true, false],
  ['yes', absent],
];

function pick(next: () => number, [accepted, refused]: Pool): unknown {
  const values = next() < 0.125 ? refused : accepted;
  return values[Math.floor(next() * values.length)];
}

function linesOf(next: () => number): unknown {
  const roll = next();
  if (roll < 0.05) return 'lines';
  if (roll < 0.1) return [null];
  const count = Math.floor(next() * 3);
  return Array.from({ length: count }, () => {
    const line: Record<string, unknown> = {};
    const sku = pick(next, texts);
    if (sku !== absent) line.sku = sku ?? 'SKU';
    line.quantity = pick(next, quantities);
    if (next() < 0.2) line.extra = 'dropped';
    return line;
  });
}

/** A report built from pools of valid and invalid values, in a shuffled key order. */
function report(next: () => number): Record<string, unknown> {
  const fields: [string, unknown][] = [
    ['carrier', pick(next, carriers)],
    ['carrierName', pick(next, optionalTexts)],
    [
      'trackingNumber',
      pick(next, [
        ['1Z999', 'TBA1', ' 9400 1 '],
        ['', 5, absent],
      ]),
    ],
    ['trackingUrl', pick(next, urls)],
    ['shippedAt', pick(next, instants)],
    ['distributorOrderRef', pick(next, optionalTexts)],
    ['warehouse', pick(next, optionalTexts)],
  ];
  const contents = next();
  if (contents < 0.35) fields.push(['lines', linesOf(next)]);
  else if (contents < 0.7)
    fields.push([
      'packageOf',
      next() < 0.1
        ? 'box'
        : {
            ref: pick(next, [
              ['W1', '5100001'],
              ['', 1],
            ]),
            lines: linesOf(next),
            complete: pick(next, booleans),
          },
    ]);
  else if (contents < 0.75)
    fields.push(['lines', linesOf(next)], ['packageOf', { ref: 'R', lines: [], complete: true }]);
  if (next() < 0.2) fields.push(['id', 'PO-1:1Z'], ['trackingPushedAt', '2026-11-20T15:00:00Z']);
  fields.sort(() => next() - 0.5);
  const result: Record<string, unknown> = {};
  for (const [key, value] of fields) if (value !== absent) result[key] = value;
  return result;
}

describe('parseDistributorShipmentFast', () => {
  it('returns what the schema returns (values, keys, their order) whenever it answers', () => {
    const next = random(20261122);
    let answered = 0;
    let refused = 0;
    for (let run = 0; run < 20_000; run++) {
      const input = report(next);
      const fast = parseDistributorShipmentFast(input);
      const slow = distributorShipmentSchema.safeParse(input);
      if (fast === undefined) {
        refused++;
        continue;
      }
      answered++;
      expect(slow.success, JSON.stringify(input)).toBe(true);
      expect(shapeOf(fast), JSON.stringify(input)).toEqual(shapeOf(slow.data));
    }
    // Both paths were exercised, so the comparison above is not vacuous.
    expect(answered).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(500);
  });

  it('answers for the usual reports: rest of the PO, exact lines, a box of a distributor order', () => {
    const base = { carrier: 'ups', trackingNumber: '1Z999', shippedAt: '2026-11-20T15:00:00Z' };
    expect(parseDistributorShipmentFast(base)).toEqual(base);
    expect(parseDistributorShipmentFast({ ...base, lines: [{ sku: 'A', quantity: 2 }] })).toEqual({
      ...base,
      lines: [{ sku: 'A', quantity: 2 }],
    });
    const box = { ...base, packageOf: { ref: 'W1', lines: [{ sku: 'A', quantity: 1 }], complete: true } };
    expect(parseDistributorShipmentFast(box)).toEqual(box);
  });

  it('builds fresh objects: freezing the result leaves the reported package alone', () => {
    const input = {
      carrier: 'ups',
      trackingNumber: '1Z999',
      shippedAt: '2026-11-20T15:00:00Z',
      lines: [{ sku: 'A', quantity: 2 }],
    };
    const parsed = parseDistributorShipmentFast(input);
    expect(parsed).not.toBe(input);
    expect(parsed?.lines).not.toBe(input.lines);
    expect(parsed?.lines?.[0]).not.toBe(input.lines[0]);
  });

  it('steps aside for a tracking URL, a class instance and an array', () => {
    const base = { carrier: 'ups', trackingNumber: '1Z999', shippedAt: '2026-11-20T15:00:00Z' };
    expect(parseDistributorShipmentFast({ ...base, trackingUrl: 'https://track.example/1Z999' })).toBeUndefined();
    expect(parseDistributorShipmentFast(Object.assign(new (class Report {})(), base))).toBeUndefined();
    expect(parseDistributorShipmentFast([base])).toBeUndefined();
  });
});

describe('parseDistributorShipment', () => {
  it('takes the schema when the fast path steps aside, and words its errors', () => {
    const withUrl = {
      carrier: 'ups',
      trackingNumber: '1Z999',
      shippedAt: '2026-11-20T15:00:00Z',
      trackingUrl: 'https://track.example/1Z999',
    };
    expect(parseDistributorShipment(withUrl)).toEqual(withUrl);
    let error: unknown;
    try {
      parseDistributorShipment({ carrier: 'ups', trackingNumber: '', shippedAt: 'yesterday' }, 'shipment');
    } catch (caught) {
      error = caught;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'shippedAt',
      'trackingNumber',
    ]);
  });
});
