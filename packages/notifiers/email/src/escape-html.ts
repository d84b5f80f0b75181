const replacements: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values (`& < > " '`). Use it in
 * custom HTML templates for every value that comes from an order, a shipment or a buyer.
 *
 * @param value - untrusted text.
 * @example
 * ```ts
 * escapeHtml('<b>Tom & Jerry</b>'); // '&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;'
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}
