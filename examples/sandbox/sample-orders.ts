import type { Address, SalesOrder } from '@dropship/core';
import { type SampleProduct, sampleProduct, sampleProducts } from './sample-catalog.js';

/** The marketplaces the sandbox simulates. */
export type SampleMarketplace = 'ebay' | 'amazon' | 'walmart' | 'shopify';

/** One line of a sample order: a listing SKU and a quantity. */
export interface SampleLine {
  listingSku: string;
  quantity: number;
  /** Sale price of one unit, cents. Default the product's price. */
  unitPrice?: number;
}

/** What {@link sampleOrder} needs. */
export interface SampleOrderInput {
  marketplace: SampleMarketplace;
  /** A small number that makes the marketplace order id (and line ids) unique and stable. */
  sequence: number;
  /** When the buyer ordered (ISO 8601). */
  orderedAt: string;
  lines: readonly SampleLine[];
  /** Index into the sample buyers. Default `sequence`. */
  buyer?: number;
  shippingPaid?: number;
}

interface SampleBuyer {
  name: string;
  email: string;
  address: Omit<Address, 'name'>;
}

const buyers: readonly SampleBuyer[] = [
  {
    name: 'Dana Rider',
    email: 'dana.rider@example.com',
    address: {
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
      phone: '208-555-0111',
    },
  },
  {
    name: 'Sam Trail',
    email: 'sam.trail@example.com',
    address: {
      address1: '20 Ridge Rd',
      city: 'Bend',
      region: 'OR',
      postalCode: '97701',
      country: 'US',
      phone: '208-555-0122',
    },
  },
  {
    name: 'Alex Moto',
    email: 'alex.moto@example.net',
    address: {
      address1: '455 Canyon Dr',
      city: 'Moab',
      region: 'UT',
      postalCode: '84532',
      country: 'US',
      phone: '208-555-0133',
    },
  },
  {
    name: 'Jordan Enduro',
    email: 'jordan.enduro@example.org',
    address: {
      address1: '78 Pine St',
      city: 'Asheville',
      region: 'NC',
      postalCode: '28801',
      country: 'US',
      phone: '208-555-0144',
    },
  },
  {
    name: 'Casey Dirt',
    email: 'casey.dirt@example.com',
    address: {
      address1: '9 Lakeview Ave',
      city: 'Duluth',
      region: 'MN',
      postalCode: '55802',
      country: 'US',
      phone: '208-555-0155',
    },
  },
  {
    name: 'Riley Sand',
    email: 'riley.sand@example.net',
    address: {
      address1: '3100 Dune Blvd',
      city: 'Yuma',
      region: 'AZ',
      postalCode: '85364',
      country: 'US',
      phone: '208-555-0166',
    },
  },
];

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The marketplace's order id for a sequence number, in that marketplace's format. */
export function sampleMarketplaceOrderId(marketplace: SampleMarketplace, sequence: number): string {
  switch (marketplace) {
    case 'ebay':
      return `27-${pad(10_000 + sequence, 5)}-${pad(40_000 + sequence * 7, 5)}`; // NN-NNNNN-NNNNN
    case 'amazon':
      return `113-${pad(4_000_000 + sequence * 13, 7)}-${pad(2_600_000 + sequence * 17, 7)}`; // 3-7-7
    case 'walmart':
      return String(1_796_277_000_000 + sequence); // purchaseOrderId
    case 'shopify':
      return String(5_200_000_000 + sequence); // numeric order id
  }
}

/** The marketplace's line id of line `index` of order `sequence`. */
function lineId(marketplace: SampleMarketplace, sequence: number, index: number): string {
  switch (marketplace) {
    case 'walmart':
      return String(index + 1); // Walmart line numbers
    case 'shopify':
      return String(13_000_000_000 + sequence * 10 + index);
    default:
      return String(10_000_000_000_000 + sequence * 10 + index); // eBay line item / Amazon order item ids
  }
}

/**
 * A marketplace order for sample products, with ids in the marketplace's own format and
 * brand + MPN (and UPC) on every line, so routing can find every distributor's offer.
 *
 * @param input - marketplace, sequence number, time, lines.
 * @param products - the catalog the listing SKUs come from. Default the sample products.
 */
export function sampleOrder(input: SampleOrderInput, products: readonly SampleProduct[] = sampleProducts): SalesOrder {
  const buyer = buyers[(input.buyer ?? input.sequence) % buyers.length] as SampleBuyer;
  return {
    marketplace: input.marketplace,
    marketplaceOrderId: sampleMarketplaceOrderId(input.marketplace, input.sequence),
    orderedAt: input.orderedAt,
    currency: 'USD',
    // Amazon hides the buyer's address behind a relay; the sample leaves it out.
    buyer: input.marketplace === 'amazon' ? { name: buyer.name } : { name: buyer.name, email: buyer.email },
    shipTo: { name: buyer.name, ...buyer.address },
    lines: input.lines.map((line, index) => {
      const product = sampleProduct(line.listingSku, products);
      return {
        lineId: lineId(input.marketplace, input.sequence, index),
        sku: product.listingSku,
        product: { brand: product.brand, mpn: product.mpn, ...(product.upc === undefined ? {} : { upc: product.upc }) },
        title: product.title,
        quantity: line.quantity,
        unitPrice: line.unitPrice ?? product.price,
      };
    }),
    shippingPaid: input.shippingPaid ?? 0,
  };
}
