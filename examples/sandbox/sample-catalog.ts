import type { InventoryRulesInput, ListingInput, OfferInput } from '@dropship/core';

/** The four distributors the sandbox simulates. */
export type SampleDistributor = 'wps' | 'parts-unlimited' | 'tucker-rocky' | 'automatic';

/** Every distributor id of the sandbox, in the dealer's tie-break order. */
export const sampleDistributors: readonly SampleDistributor[] = ['wps', 'parts-unlimited', 'tucker-rocky', 'automatic'];

/** One distributor's offer for a sample product. */
export interface SampleOffer {
  distributor: SampleDistributor;
  /** The distributor's part number. */
  sku: string;
  /** Dealer cost of one unit, cents. */
  cost: number;
  /** Units per warehouse as the catalog (yesterday's feed) has them. */
  stock: Record<string, number>;
  /** Units per warehouse the distributor reports in real time. Default `stock`. */
  liveStock?: Record<string, number>;
  discontinued?: boolean;
  hazardous?: boolean;
  truckOnly?: boolean;
}

/** A product the dealer lists on the marketplaces, with every distributor's offer for it. */
export interface SampleProduct {
  /** The dealer's listing SKU (what marketplace orders carry). */
  listingSku: string;
  title: string;
  brand: string;
  /** Manufacturer part number: brand + MPN is how the SKU swap finds the same part elsewhere. */
  mpn: string;
  upc?: string;
  /** Sale price on the marketplaces, cents. */
  price: number;
  /** What shipping one unit costs the dealer (estimated), cents. */
  estimatedShipping?: number;
  offers: SampleOffer[];
}

/** Drop-ship fee each distributor bills per purchase order, cents (sample terms). */
export const sampleDropShipFees: Readonly<Record<SampleDistributor, number>> = {
  wps: 250,
  'parts-unlimited': 300,
  'tucker-rocky': 275,
  automatic: 200,
};

/**
 * The sample catalog: 16 powersports parts over the four distributors. Several products are
 * sold by two to four distributors under different SKUs (same brand + MPN or UPC), so routing
 * can swap; some cannot be drop-shipped (cheap, hazardous, truck-only, discontinued, long lead
 * time); two have catalog stock that the distributor no longer has in real time.
 */
export const sampleProducts: readonly SampleProduct[] = [
  {
    listingSku: 'EBC-FA181HH',
    title: 'EBC FA181HH sintered brake pads',
    brand: 'EBC',
    mpn: 'FA181HH',
    upc: '843108011814',
    price: 4299,
    offers: [
      { distributor: 'wps', sku: '15-0181', cost: 2250, stock: { CA: 12, PA: 8 } },
      { distributor: 'parts-unlimited', sku: '1721-2181', cost: 2310, stock: { WI: 20 } },
      { distributor: 'tucker-rocky', sku: '512181', cost: 2280, stock: { DC1: 9 } },
    ],
  },
  {
    listingSku: 'DID-520VX3-120',
    title: 'DID 520VX3 X-ring chain, 120 links',
    brand: 'DID',
    mpn: '520VX3-120',
    price: 12995,
    offers: [
      { distributor: 'wps', sku: '16-5201', cost: 7450, stock: { ID: 4 } },
      { distributor: 'parts-unlimited', sku: '1223-0501', cost: 7300, stock: { NV: 3 } },
    ],
  },
  {
    listingSku: 'NGK-CR9EK',
    title: 'NGK CR9EK spark plug',
    brand: 'NGK',
    mpn: 'CR9EK',
    price: 1099,
    offers: [
      { distributor: 'wps', sku: '87-0931', cost: 690, stock: { TX: 50 } },
      { distributor: 'tucker-rocky', sku: '400931', cost: 650, stock: { DC2: 30 } },
    ],
  },
  {
    listingSku: 'MP-05-0120',
    title: 'Motion Pro throttle cable 05-0120',
    brand: 'Motion Pro',
    mpn: '05-0120',
    price: 2499,
    offers: [{ distributor: 'parts-unlimited', sku: '0650-1120', cost: 1190, stock: { WI: 6 } }],
  },
  {
    listingSku: 'PIRELLI-MT21-R18',
    title: 'Pirelli MT21 rear tire 120/90-18',
    brand: 'Pirelli',
    mpn: '1412000',
    price: 18999,
    estimatedShipping: 1200,
    offers: [
      { distributor: 'automatic', sku: 'AD-PR2150', cost: 10900, stock: { EAST: 5 } },
      { distributor: 'wps', sku: '87-2150', cost: 11200, stock: { GA: 2 } },
    ],
  },
  {
    listingSku: 'HIFLO-HF204',
    title: 'HiFloFiltro HF204 oil filter',
    brand: 'HiFloFiltro',
    mpn: 'HF204',
    upc: '5060132130204',
    price: 1599,
    offers: [
      { distributor: 'wps', sku: '10-0204', cost: 520, stock: { CA: 40 } },
      { distributor: 'parts-unlimited', sku: '0712-0204', cost: 540, stock: { WI: 50 } },
      { distributor: 'tucker-rocky', sku: '101204', cost: 510, stock: { DC1: 9 } },
      { distributor: 'automatic', sku: 'AD-HF204', cost: 560, stock: { EAST: 30 } },
    ],
  },
  {
    listingSku: 'YUASA-YTX14-BS',
    title: 'Yuasa YTX14-BS battery with acid pack',
    brand: 'Yuasa',
    mpn: 'YTX14-BS',
    price: 8999,
    offers: [
      { distributor: 'wps', sku: '49-1402', cost: 5400, stock: { CA: 6 }, hazardous: true },
      { distributor: 'tucker-rocky', sku: '190140', cost: 5350, stock: { DC1: 4 }, hazardous: true },
    ],
  },
  {
    listingSku: 'BW-RAMP-7FT',
    title: 'Black Widow 7 ft aluminium loading ramp',
    brand: 'Black Widow',
    mpn: 'AF-7512',
    price: 24999,
    offers: [
      { distributor: 'automatic', sku: 'AD-BW7512', cost: 14500, stock: { EAST: 3 }, truckOnly: true },
      { distributor: 'tucker-rocky', sku: '727512', cost: 14900, stock: { DC2: 2 }, truckOnly: true },
    ],
  },
  {
    listingSku: 'FLY-KINETIC-L',
    title: 'Fly Racing Kinetic helmet, large',
    brand: 'Fly Racing',
    mpn: '73-8605L',
    price: 16995,
    offers: [
      // Both warehouses that hold it are slow ones (see sampleRules): lead time 2 and 3 days.
      { distributor: 'parts-unlimited', sku: '0101-1700', cost: 9800, stock: { PA: 4 } },
      { distributor: 'wps', sku: '73-8605L', cost: 9900, stock: { PA2: 3 } },
    ],
  },
  {
    listingSku: 'ODI-RUFFIAN',
    title: 'ODI Ruffian lock-on grips',
    brand: 'ODI',
    mpn: 'H01RFB',
    price: 2995,
    offers: [{ distributor: 'tucker-rocky', sku: '300456', cost: 1350, stock: { DC1: 7 } }],
  },
  {
    listingSku: 'ALLBALLS-25-1403',
    title: 'All Balls wheel bearing kit 25-1403',
    brand: 'All Balls',
    mpn: '25-1403',
    price: 3495,
    offers: [
      { distributor: 'wps', sku: '25-1403', cost: 1890, stock: { IN: 5 } },
      { distributor: 'automatic', sku: 'AD-AB1403', cost: 1850, stock: { EAST: 2, WEST: 8 } },
    ],
  },
  {
    listingSku: 'SHINKO-705-F19',
    title: 'Shinko 705 front tire 110/80-19',
    brand: 'Shinko',
    mpn: '87-4226',
    price: 8999,
    offers: [
      { distributor: 'wps', sku: '87-4226', cost: 5200, stock: { GA: 3 }, discontinued: true },
      { distributor: 'parts-unlimited', sku: '0313-0705', cost: 5100, stock: { NV: 2 }, discontinued: true },
    ],
  },
  {
    listingSku: 'RENTHAL-FATBAR-605',
    title: 'Renthal Fatbar handlebar 605',
    brand: 'Renthal',
    mpn: '605-01-BK',
    price: 11995,
    offers: [
      // Yesterday's feed says WPS has 6; WPS has sold out since: the real-time check swaps it.
      { distributor: 'wps', sku: '60-5010', cost: 6200, stock: { CA: 6 }, liveStock: { CA: 0 } },
      { distributor: 'tucker-rocky', sku: '606050', cost: 6450, stock: { DC2: 5 } },
    ],
  },
  {
    listingSku: 'KN-KA-1408',
    title: 'K&N KA-1408 air filter',
    brand: 'K&N',
    mpn: 'KA-1408',
    upc: '024844105678',
    price: 6999,
    offers: [
      { distributor: 'parts-unlimited', sku: '1011-1408', cost: 3700, stock: { WI: 4 }, liveStock: { WI: 0 } },
      { distributor: 'wps', sku: '12-1408', cost: 3850, stock: { TX: 7 } },
    ],
  },
  {
    listingSku: 'MOOSE-KICK-SPRING',
    title: 'Moose Racing kickstand spring',
    brand: 'Moose Racing',
    mpn: '0506-0040',
    price: 1799,
    offers: [{ distributor: 'wps', sku: '23-1040', cost: 1150, stock: { CA: 10 } }],
  },
  {
    listingSku: 'TUSK-IRON-SET',
    title: 'Tusk tire iron set',
    brand: 'Tusk',
    mpn: '1061200001',
    price: 4599,
    offers: [{ distributor: 'automatic', sku: 'AD-TK-IRON', cost: 2100, stock: { EAST: 9 } }],
  },
];

/**
 * The dealer's sample rules: lead time at most 1 day (some warehouses are slow), no drop-ship
 * under $15, a fixed tie-break order, marketplace fees for the profit estimate.
 */
export const sampleRules: InventoryRulesInput = {
  maxLeadTimeDays: 1,
  dropShipCutoffPrice: 1500,
  warehouses: {
    wps: { PA2: { leadTimeDays: 2 } },
    'parts-unlimited': { PA: { leadTimeDays: 3 } },
    'tucker-rocky': { DC3: { leadTimeDays: 4 } },
    automatic: { WEST: { leadTimeDays: 2 } },
  },
  distributorPriority: [...sampleDistributors],
  marketplaceFeeBasisPoints: { ebay: 1325, amazon: 1500, walmart: 1500, shopify: 290 },
};

/**
 * The catalog offers of the sample products (what a feed import would produce).
 *
 * @param products - default {@link sampleProducts}.
 */
export function toCatalogOffers(products: readonly SampleProduct[] = sampleProducts): OfferInput[] {
  return products.flatMap((product) =>
    product.offers.map(
      (offer): OfferInput => ({
        distributor: offer.distributor,
        sku: offer.sku,
        brand: product.brand,
        mpn: product.mpn,
        ...(product.upc === undefined ? {} : { upc: product.upc }),
        title: product.title,
        currency: 'USD',
        cost: offer.cost,
        dropShipFee: sampleDropShipFees[offer.distributor],
        estimatedShipping: product.estimatedShipping ?? 0,
        stock: Object.entries(offer.stock).map(([warehouse, quantity]) => ({ warehouse, quantity, leadTimeDays: 0 })),
        discontinued: offer.discontinued ?? false,
        hazardous: offer.hazardous ?? false,
        truckOnly: offer.truckOnly ?? false,
      }),
    ),
  );
}

/**
 * The sample product with this listing SKU.
 *
 * @throws RangeError when there is none.
 */
export function sampleProduct(listingSku: string, products: readonly SampleProduct[] = sampleProducts): SampleProduct {
  const product = products.find((candidate) => candidate.listingSku === listingSku);
  if (product === undefined) throw new RangeError(`no sample product "${listingSku}"`);
  return product;
}

/** Marketplaces the sample products are listed on. */
const listedOn = ['ebay', 'amazon', 'walmart', 'shopify'] as const;

/**
 * The dealer's listings (core's `ListingInput`): every sample product under its listing SKU on
 * each of the four marketplaces, one product per listing, at its sale price. Given to
 * `createDropshipper({ listings })`, they let order intake find the product (brand + MPN) behind a
 * listing SKU, all a marketplace's order carries.
 *
 * @param products - the products (default the sample products).
 */
export function sampleListings(products: readonly SampleProduct[] = sampleProducts): ListingInput[] {
  return listedOn.flatMap((marketplace) =>
    products.map((product) => ({
      marketplace,
      sku: product.listingSku,
      product: { brand: product.brand, mpn: product.mpn, ...(product.upc === undefined ? {} : { upc: product.upc }) },
      currency: 'USD',
      handlingTimeDays: 1,
      price: { kind: 'fixed' as const, amount: product.price },
    })),
  );
}
