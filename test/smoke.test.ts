import { describe, expect, it } from 'vitest';
import { parseSalesOrder, ValidationError } from '@dropship/core';

describe('workspace', () => {
  it('resolves workspace packages from source', () => {
    expect(() => parseSalesOrder({})).toThrow(ValidationError);
  });
});
