import { parseSalesOrder, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';

describe('workspace', () => {
  it('resolves workspace packages from source', () => {
    expect(() => parseSalesOrder({})).toThrow(ValidationError);
  });
});
