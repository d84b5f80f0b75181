import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import { parseInventoryRules } from './inventory-rules.js';
import { parseWith } from './parse.js';
import { nearestKnownKey, unknownKeyMessage } from './unknown-keys.js';

/** The issues of the ValidationError `run` throws (fails the test when it throws anything else or nothing). */
function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('unknown keys: each on its own path, with the nearest known key', () => {
  it('parseInventoryRules refuses a misspelt rule and names the rule meant (rules often come from JSON)', () => {
    expect(issuesOf(() => parseInventoryRules({ maxLeadTimeDay: 3 }))).toEqual([
      { path: 'maxLeadTimeDay', message: 'is not a known key; did you mean "maxLeadTimeDays"?' },
    ]);
  });

  it('lists every problem: two typos and a bad value, each with its path', () => {
    const issues = issuesOf(() =>
      parseInventoryRules({
        maxLeadTimeDay: 3,
        dropshipCutoffPrice: 1500,
        singleShipment: 'always',
        warehouses: { wps: { PA: { exclude: true } } },
      }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'dropshipCutoffPrice',
      'maxLeadTimeDay',
      'singleShipment',
      'warehouses.wps.PA.exclude',
    ]);
    expect(issues).toContainEqual({
      path: 'dropshipCutoffPrice',
      message: 'is not a known key; did you mean "dropShipCutoffPrice"?',
    });
    expect(issues).toContainEqual({
      path: 'warehouses.wps.PA.exclude',
      message: 'is not a known key; did you mean "excluded"?',
    });
  });

  it('names no key when none is close, and lists the known ones instead', () => {
    expect(issuesOf(() => parseInventoryRules({ colour: 'red' }))[0]?.message).toMatch(
      /^is not a known key \(known keys: maxLeadTimeDays, .*dropShipCutoffPrice, .*\)$/,
    );
  });

  it('works for any strict schema parsed with parseWith (one home for the message)', () => {
    const schema = z.strictObject({ olderThanMs: z.number().optional() });
    expect(issuesOf(() => parseWith(schema, { olderThanMS: 5, other: 1 }, 'options'))).toEqual([
      { path: 'olderThanMS', message: 'is not a known key; did you mean "olderThanMs"?' },
      { path: 'other', message: 'is not a known key (known keys: olderThanMs)' },
    ]);
  });

  it('nearestKnownKey: a swap, a missing or extra letter, a case slip; nothing for a far key', () => {
    const keys = ['maxLeadTimeDays', 'allowLineSplit', 'shelfStock'];
    expect(nearestKnownKey('maxLeadTimeDay', keys)).toBe('maxLeadTimeDays');
    expect(nearestKnownKey('allowLineSpilt', keys)).toBe('allowLineSplit');
    expect(nearestKnownKey('shelfstock', keys)).toBe('shelfStock');
    expect(nearestKnownKey('stock', keys)).toBeUndefined();
    expect(unknownKeyMessage('x', undefined)).toBe('is not a known key');
  });
});
