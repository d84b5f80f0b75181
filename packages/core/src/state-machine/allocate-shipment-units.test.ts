import { describe, expect, it } from 'vitest';
import type { PackageOf, Shipment } from '../model/shipment.js';
import { allocateShipmentUnits, coversEveryUnit, type ShipmentUnitsInput } from './allocate-shipment-units.js';

type Package = ShipmentUnitsInput['shipments'][number];

const box = (id: string, packageOf: PackageOf, extra: Partial<Shipment> = {}): Package => ({ id, packageOf, ...extra });
const listed = (id: string, lines: { sku: string; quantity: number }[]): Package => ({ id, lines });
const rest = (id: string): Package => ({ id });
const group = (lines: { sku: string; quantity: number }[], complete = true, ref = 'W1'): PackageOf => ({
  ref,
  lines,
  complete,
});

/** Units per package, as `{ id: [units of line 0, units of line 1, ...] }`. */
function unitsOf(input: ShipmentUnitsInput): Record<string, number[]> {
  return Object.fromEntries(allocateShipmentUnits(input));
}

describe('allocateShipmentUnits: a complete group of boxes is spread over its boxes', () => {
  const oneLine = (quantity: number) => [{ sku: 'A', quantity }];
  it.each([
    { case: '2 units over 2 boxes', ordered: 2, boxes: 2, expected: [[1], [1]] },
    { case: '3 units over 2 boxes: the first box takes the extra unit', ordered: 3, boxes: 2, expected: [[2], [1]] },
    { case: '1 unit over 2 boxes: the second box covers nothing', ordered: 1, boxes: 2, expected: [[1], [0]] },
    { case: '5 units over 3 boxes', ordered: 5, boxes: 3, expected: [[2], [2], [1]] },
    { case: '2 units over 3 boxes', ordered: 2, boxes: 3, expected: [[1], [1], [0]] },
    { case: '1 unit in 1 box', ordered: 1, boxes: 1, expected: [[1]] },
  ])('$case', ({ ordered, boxes, expected }) => {
    const definition = group(oneLine(ordered));
    const shipments = Array.from({ length: boxes }, (_, index) => box(`T${index + 1}`, definition));
    const units = unitsOf({ lines: oneLine(ordered), shipments });
    expect(shipments.map((shipment) => units[shipment.id])).toEqual(expected);
  });

  it('hands out units in the order of the group lines, several lines per box when needed', () => {
    const lines = [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ];
    const definition = group(lines);
    expect(unitsOf({ lines, shipments: [box('T1', definition), box('T2', definition)] })).toEqual({
      T1: [2, 0],
      T2: [0, 1],
    });
    expect(
      unitsOf({ lines, shipments: [box('T1', definition), box('T2', definition), box('T3', definition)] }),
    ).toEqual({ T1: [1, 0], T2: [1, 0], T3: [0, 1] });
  });

  it('spreads one SKU over the PO lines that order it, in line order', () => {
    const lines = [
      { sku: 'A', quantity: 1 },
      { sku: 'A', quantity: 2 },
    ];
    const definition = group([{ sku: 'A', quantity: 3 }]);
    expect(unitsOf({ lines, shipments: [box('T1', definition), box('T2', definition)] })).toEqual({
      T1: [1, 1],
      T2: [0, 1],
    });
  });

  it('caps the group at what is still open on the PO', () => {
    const definition = group([{ sku: 'A', quantity: 10 }]);
    expect(
      unitsOf({ lines: [{ sku: 'A', quantity: 3 }], shipments: [box('T1', definition), box('T2', definition)] }),
    ).toEqual({
      T1: [2],
      T2: [1],
    });
  });

  it('counts listed and rest packages first, whatever their order, and gives a group what they leave', () => {
    const lines = [
      { sku: 'A', quantity: 3 },
      { sku: 'B', quantity: 1 },
    ];
    const definition = group([{ sku: 'A', quantity: 3 }]);
    // The listed package comes after the boxes but is counted first: the group gets 2 of its 3 units.
    expect(
      unitsOf({
        lines,
        shipments: [
          box('T1', definition),
          box('T2', definition),
          listed('T3', [{ sku: 'A', quantity: 1 }]),
          rest('T4'),
        ],
      }),
    ).toEqual({ T1: [0, 0], T2: [0, 0], T3: [1, 0], T4: [2, 1] });
    expect(
      unitsOf({
        lines,
        shipments: [listed('T3', [{ sku: 'A', quantity: 1 }]), box('T1', definition), box('T2', definition)],
      }),
    ).toEqual({ T3: [1, 0], T1: [1, 0], T2: [1, 0] });
  });

  it('gives nothing to the boxes of an incomplete group', () => {
    const definition = group([{ sku: 'A', quantity: 2 }], false);
    const input = { lines: [{ sku: 'A', quantity: 2 }], shipments: [box('T1', definition), box('T2', definition)] };
    expect(unitsOf(input)).toEqual({ T1: [0], T2: [0] });
    expect(coversEveryUnit(input)).toBe(false);
    expect(
      coversEveryUnit({
        ...input,
        shipments: input.shipments.map((shipment) => ({ ...shipment, packageOf: group([{ sku: 'A', quantity: 2 }]) })),
      }),
    ).toBe(true);
  });

  it('spreads several groups independently, in the order of their first box', () => {
    const lines = [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 3 },
    ];
    const first = group([{ sku: 'A', quantity: 2 }], true, 'W1');
    const second = group([{ sku: 'B', quantity: 3 }], true, 'W2');
    expect(
      unitsOf({ lines, shipments: [box('T1', first), box('T2', second), box('T3', first), box('T4', second)] }),
    ).toEqual({ T1: [1, 0], T2: [0, 2], T3: [1, 0], T4: [0, 1] });
  });

  it('leaves boxes settled without a push out of the spread', () => {
    const definition = group([{ sku: 'A', quantity: 3 }]);
    expect(
      unitsOf({
        lines: [{ sku: 'A', quantity: 3 }],
        shipments: [
          box('T1', definition),
          box('T2', definition),
          box('T3', definition, { trackingPushSkipped: 'no-units' }),
        ],
      }),
    ).toEqual({ T1: [2], T2: [1], T3: [0] });
  });

  it('keeps the legacy meanings: listed packages in order, a rest package takes what is open, SKUs not ordered count for nothing', () => {
    const lines = [
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 1 },
    ];
    expect(
      unitsOf({
        lines,
        shipments: [
          listed('T1', [
            { sku: 'A', quantity: 1 },
            { sku: 'Z', quantity: 4 },
          ]),
          rest('T2'),
          rest('T3'),
        ],
      }),
    ).toEqual({ T1: [1, 0], T2: [1, 1], T3: [0, 0] });
  });

  it('handles quantities far beyond memory without listing units one by one', () => {
    const huge = Number.MAX_SAFE_INTEGER;
    const definition = group([{ sku: 'A', quantity: huge }]);
    const units = unitsOf({
      lines: [{ sku: 'A', quantity: huge }],
      shipments: [box('T1', definition), box('T2', definition)],
    });
    expect((units.T1?.[0] ?? 0) + (units.T2?.[0] ?? 0)).toBe(huge);
  });
});
