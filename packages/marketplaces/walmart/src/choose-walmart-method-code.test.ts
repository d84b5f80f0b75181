import { describe, expect, it } from 'vitest';
import { chooseWalmartMethodCode } from './choose-walmart-method-code.js';

describe('chooseWalmartMethodCode', () => {
  it("uses the order's own method code, whatever the option says", () => {
    expect(chooseWalmartMethodCode('OneDay', 'Standard')).toEqual({ methodCode: 'OneDay', source: 'order' });
    expect(chooseWalmartMethodCode('NextDay', 'Value')).toEqual({ methodCode: 'NextDay', source: 'order' });
  });

  it('uses the option when the order carries none', () => {
    for (const missing of [undefined, null, '']) {
      expect(chooseWalmartMethodCode(missing, 'Value')).toEqual({ methodCode: 'Value', source: 'option' });
    }
  });

  it('uses the option, with a warning naming the value, when the order carries something that is not a code', () => {
    for (const garbled of ['Two Day', 'Standard\n', 42, { code: 'Express' }, 'x'.repeat(41)]) {
      const choice = chooseWalmartMethodCode(garbled, 'Standard');
      expect(choice.methodCode).toBe('Standard');
      expect(choice.source).toBe('option');
      expect(choice.warning?.message).toContain('is not a method code');
    }
  });
});
