/**
 * Turns a Shopify id into its GraphQL global id: `450789469` → `gid://shopify/Order/450789469`;
 * a global id of the same type is returned as is. Returns undefined for anything else (another
 * type's global id, text that is not a number). Pure.
 *
 * @param type - the Shopify object type, for example `Order` or `LineItem`.
 * @param id - a numeric id or a global id.
 */
export function toShopifyGid(type: string, id: string): string | undefined {
  const trimmed = id.trim();
  if (/^\d+$/.test(trimmed)) return `gid://shopify/${type}/${trimmed}`;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(trimmed);
  if (match && match[1] === type) return `gid://shopify/${type}/${match[2]}`;
  return undefined;
}
