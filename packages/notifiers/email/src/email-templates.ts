import { carrierDisplayNames, type SalesOrder, type ShipmentNotice, trackingUrl } from '@dropship/core';
import { escapeHtml } from './escape-html.js';

/** One package of the shipment email: the carrier, its tracking number and tracking page. */
export interface ShipmentEmailPackage {
  /** The carrier's display name (`UPS`, `FedEx`, or the distributor's name for `other`). */
  carrierName: string;
  trackingNumber: string;
  /** The public tracking page (http or https only), or undefined when none is known. */
  trackingLink: string | undefined;
}

/** One item of the shipment email: what is in the package. */
export interface ShipmentEmailItem {
  /** The order line's title, or its SKU when the line has no title. */
  title: string;
  /** The listing SKU of the order line. */
  sku: string;
  quantity: number;
}

/** Everything a template receives. Every string in it is raw (not HTML-escaped). */
export interface ShipmentEmailContext {
  order: SalesOrder;
  shipment: ShipmentNotice;
  /** The buyer's name as on the order. */
  buyerName: string;
  /** The marketplace's order id, as the buyer knows it. */
  orderReference: string;
  /** The packages of this notice (one per shipment notice today), each with its tracking link. */
  packages: ShipmentEmailPackage[];
  /** What shipped, from the shipment lines matched to the order lines. */
  items: ShipmentEmailItem[];
  /** The sender's display name (the `from` name), when given. */
  senderName: string | undefined;
}

/**
 * Functions that render the shipment email. Each receives raw values: an HTML template must
 * escape them itself ({@link escapeHtml}); the default one does.
 */
export interface EmailTemplates {
  /** The subject line (line breaks are removed). */
  subject(context: ShipmentEmailContext): string;
  /** The plain-text body. */
  text(context: ShipmentEmailContext): string;
  /** The HTML body. */
  html(context: ShipmentEmailContext): string;
}

/**
 * A tracking page safe to put in a link: the shipment's own URL when it is http(s), else the
 * carrier's public page; undefined for `other` carriers without a URL.
 */
function safeTrackingLink(shipment: ShipmentNotice): string | undefined {
  if (shipment.trackingUrl !== undefined) {
    try {
      const url = new URL(shipment.trackingUrl);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
    } catch {
      // not a URL: fall back to the carrier's page
    }
  }
  return trackingUrl(shipment.carrier, shipment.trackingNumber);
}

function carrierNameOf(shipment: ShipmentNotice): string {
  if (shipment.carrier === 'other') return shipment.carrierName?.trim() || 'the carrier';
  return carrierDisplayNames[shipment.carrier];
}

/**
 * Builds the template context of a shipment: carrier display name and tracking link per
 * package, and the shipped items matched to the order's lines.
 *
 * @param order - the sales order.
 * @param shipment - the shipment notice.
 * @param senderName - the `from` display name, if any.
 */
export function buildShipmentEmailContext(
  order: SalesOrder,
  shipment: ShipmentNotice,
  senderName: string | undefined,
): ShipmentEmailContext {
  const items = shipment.lines.map((line): ShipmentEmailItem => {
    const orderLine = order.lines.find((candidate) => candidate.lineId === line.lineId);
    const sku = orderLine?.sku ?? line.lineId;
    return { title: orderLine?.title?.trim() || sku, sku, quantity: line.quantity };
  });
  return {
    order,
    shipment,
    buyerName: order.buyer.name,
    orderReference: order.marketplaceOrderId,
    packages: [
      {
        carrierName: carrierNameOf(shipment),
        trackingNumber: shipment.trackingNumber,
        trackingLink: safeTrackingLink(shipment),
      },
    ],
    items,
    senderName,
  };
}

function defaultSubject(context: ShipmentEmailContext): string {
  return `Your order ${context.orderReference} has shipped`;
}

function defaultText(context: ShipmentEmailContext): string {
  const lines = [`Hi ${context.buyerName},`, '', `Good news: your order ${context.orderReference} has shipped.`, ''];
  for (const pack of context.packages) {
    lines.push(`Carrier: ${pack.carrierName}`, `Tracking number: ${pack.trackingNumber}`);
    if (pack.trackingLink) lines.push(`Track your package: ${pack.trackingLink}`);
    lines.push('');
  }
  if (context.items.length > 0) {
    lines.push('In this package:');
    for (const item of context.items) lines.push(`  - ${item.quantity} x ${item.title}`);
    lines.push('');
  }
  lines.push(context.senderName ? `Thank you for your order,\n${context.senderName}` : 'Thank you for your order.');
  return `${lines.join('\n')}\n`;
}

function defaultHtml(context: ShipmentEmailContext): string {
  const packages = context.packages
    .map((pack) => {
      const tracking = pack.trackingLink
        ? `<a href="${escapeHtml(pack.trackingLink)}">${escapeHtml(pack.trackingNumber)}</a>`
        : escapeHtml(pack.trackingNumber);
      return `<p>Carrier: <strong>${escapeHtml(pack.carrierName)}</strong><br>Tracking number: ${tracking}</p>`;
    })
    .join('\n');
  const items =
    context.items.length === 0
      ? ''
      : `<p>In this package:</p>\n<ul>\n${context.items
          .map((item) => `<li>${item.quantity} &times; ${escapeHtml(item.title)}</li>`)
          .join('\n')}\n</ul>`;
  const closing = context.senderName
    ? `<p>Thank you for your order,<br>${escapeHtml(context.senderName)}</p>`
    : '<p>Thank you for your order.</p>';
  return [
    '<!doctype html>',
    '<html><body>',
    `<p>Hi ${escapeHtml(context.buyerName)},</p>`,
    `<p>Good news: your order <strong>${escapeHtml(context.orderReference)}</strong> has shipped.</p>`,
    packages,
    items,
    closing,
    '</body></html>',
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** The templates used for any function not overridden: plain English, every value escaped in HTML. */
export const defaultEmailTemplates: EmailTemplates = {
  subject: defaultSubject,
  text: defaultText,
  html: defaultHtml,
};
