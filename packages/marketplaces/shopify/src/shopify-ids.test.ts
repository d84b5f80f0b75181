import { describe, expect, it } from 'vitest';
import { toShopifyGid } from './shopify-ids.js';

describe('toShopifyGid', () => {
  it('accepts numeric ids and global ids of the same type', () => {
    expect(toShopifyGid('Order', '450789469')).toBe('gid://shopify/Order/450789469');
    expect(toShopifyGid('Order', ' gid://shopify/Order/450789469 ')).toBe('gid://shopify/Order/450789469');
    expect(toShopifyGid('LineItem', 'gid://shopify/LineItem/1?foo=bar')).toBe('gid://shopify/LineItem/1');
  });

  it('refuses other types and non-ids', () => {
    expect(toShopifyGid('Order', 'gid://shopify/LineItem/1')).toBeUndefined();
    expect(toShopifyGid('Order', '#1001')).toBeUndefined();
    expect(toShopifyGid('Order', '')).toBeUndefined();
  });
});
