import { createAmazon } from '@dropship/amazon';
import { createAmazonSimulator } from '@dropship/amazon/testing';
import { createAutomatic } from '@dropship/automatic';
import { createAutomaticSimulator } from '@dropship/automatic/testing';
import type { DistributorClient, MarketplaceAdapter, SalesOrder } from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createEbaySimulator } from '@dropship/ebay/testing';
import type { HttpEvent } from '@dropship/http';
import { createPartsUnlimited } from '@dropship/parts-unlimited';
import { createPartsUnlimitedSimulator } from '@dropship/parts-unlimited/testing';
import { createShopify } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import type { DistributorSimulator, MarketplaceSimulator } from '@dropship/testing/simulator';
import { serveHandlers } from '@dropship/testing/simulator';
import { createTuckerRocky } from '@dropship/tucker-rocky';
import { createTuckerRockySimulator } from '@dropship/tucker-rocky/testing';
import { createWalmart } from '@dropship/walmart';
import { createWalmartSimulator } from '@dropship/walmart/testing';
import { createWps } from '@dropship/wps';
import { createWpsSimulator } from '@dropship/wps/testing';

// One harness per client and adapter of the hostile-vendor suite: a simulator holding sentinel
// credentials, served on loopback (`serveHandlers`), and the real client pointed at it. Retries
// stay on (one retry, short waits) so a client's retry path meets the hostile answer too.

/** Retries of every client in the suite: one, fast. */
const retry = { retries: 1, minDelayMs: 1, maxDelayMs: 5 };

/** A distributor simulator served on loopback with the client under attack. */
export interface ServedDistributor {
  readonly simulator: DistributorSimulator;
  /** A fresh client (a new process) reporting its HTTP events to `onEvent`. */
  client(onEvent: (event: HttpEvent) => void): DistributorClient;
  close(): Promise<void>;
}

/** How to stand up one distributor for the suite. */
export interface DistributorHarness {
  readonly name: 'wps' | 'parts-unlimited' | 'tucker-rocky' | 'automatic';
  /** Every credential value the client sends: none may appear anywhere else. */
  readonly secrets: readonly string[];
  /** A SKU and the warehouse the simulator stocks it at. */
  readonly sku: string;
  readonly warehouse: string;
  /**
   * Whether `submitOrder` looks the PO number up before creating. Tucker Rocky does not: its API
   * refuses a second order for a PO number itself (`allowduplicatepo=NO`).
   */
  readonly looksUpBeforeCreating: boolean;
  /**
   * Whether `cancelOrder` of a placed order calls the API. Only Automatic's does; the others
   * answer `unsupported` (or `requested`) without a request.
   */
  readonly cancelsThroughApi: boolean;
  /** The real client aimed at `baseURL`, reporting its HTTP events to `onEvent`. */
  clientAt(baseURL: string, onEvent: (event: HttpEvent) => void): DistributorClient;
  serve(): Promise<ServedDistributor>;
}

async function served<T extends DistributorSimulator>(
  simulator: T,
  create: (baseURL: string, onEvent: (event: HttpEvent) => void) => DistributorClient,
): Promise<ServedDistributor> {
  const server = await serveHandlers(simulator.handlers, { baseURL: simulator.baseURL });
  return { simulator, client: (onEvent) => create(server.url, onEvent), close: () => server.close() };
}

const wpsToken = 'SENTINELwpsTOKEN7c41e0d2a9';
const partsUnlimitedDealer = 'SENTINELpuDEALER5d20';
const partsUnlimitedKey = 'SENTINELpuAPIKEY93ab71f0';
const tuckerRockyCustomer = 'SENTINELtrCUST4410';
const tuckerRockyKey = 'SENTINELtrAPIKEY0c5e92d7';
const automaticToken = 'SENTINELautoTOKEN61f3b8e4';

/** The four distributors, each with credentials where they are most likely to leak. */
export const distributorHarnesses: readonly DistributorHarness[] = [
  {
    name: 'wps',
    cancelsThroughApi: false,
    looksUpBeforeCreating: true,
    secrets: [wpsToken],
    sku: '15-196HH',
    warehouse: 'PA',
    clientAt: (baseURL, onEvent) => createWps({ apiToken: wpsToken, baseURL, retry, onEvent }),
    serve() {
      return served(createWpsSimulator({ apiToken: wpsToken }), this.clientAt);
    },
  },
  {
    name: 'parts-unlimited',
    cancelsThroughApi: false,
    looksUpBeforeCreating: true,
    secrets: [partsUnlimitedDealer, partsUnlimitedKey],
    sku: '1720-0140',
    warehouse: 'NV',
    clientAt: (baseURL, onEvent) =>
      createPartsUnlimited({
        dealerNumber: partsUnlimitedDealer,
        apiKey: partsUnlimitedKey,
        baseURL,
        retry,
        rateLimit: false,
        onEvent,
      }),
    serve() {
      return served(
        createPartsUnlimitedSimulator({ dealerNumber: partsUnlimitedDealer, apiKey: partsUnlimitedKey }),
        this.clientAt,
      );
    },
  },
  {
    name: 'tucker-rocky',
    cancelsThroughApi: false,
    looksUpBeforeCreating: false,
    secrets: [tuckerRockyCustomer, tuckerRockyKey],
    sku: '160196',
    warehouse: 'DC1',
    clientAt: (baseURL, onEvent) =>
      createTuckerRocky({
        customerNumber: tuckerRockyCustomer,
        apiKey: tuckerRockyKey,
        baseURL,
        retry,
        rateLimit: false,
        onEvent,
      }),
    serve() {
      return served(
        createTuckerRockySimulator({ customerNumber: tuckerRockyCustomer, apiKey: tuckerRockyKey }),
        this.clientAt,
      );
    },
  },
  {
    // The token in the query string: the placement a redirect is most likely to carry away.
    name: 'automatic',
    cancelsThroughApi: true,
    looksUpBeforeCreating: true,
    secrets: [automaticToken],
    sku: 'EBC-FA196HH',
    warehouse: 'EAST',
    clientAt: (baseURL, onEvent) =>
      createAutomatic({
        apiToken: automaticToken,
        baseURL,
        auth: { placement: 'query', name: 'api_token' },
        verifiedPaths: ['revokeOrders'],
        retry,
        onEvent,
      }),
    serve() {
      return served(
        createAutomaticSimulator({ apiToken: automaticToken, auth: { placement: 'query', name: 'api_token' } }),
        this.clientAt,
      );
    },
  },
];

/** A marketplace simulator served on loopback with the adapter under attack. */
export interface ServedMarketplace {
  readonly simulator: MarketplaceSimulator;
  /** A sales order the simulator holds, ready for a push. */
  readonly order: SalesOrder;
  /** A fresh adapter reporting its HTTP events to `onEvent`, calling through `fetch` when given (to bend answers). */
  adapter(onEvent: (event: HttpEvent) => void, fetch?: typeof globalThis.fetch): MarketplaceAdapter;
  close(): Promise<void>;
}

/** How to stand up one marketplace for the suite. */
export interface MarketplaceHarness {
  readonly name: 'ebay' | 'amazon' | 'walmart' | 'shopify';
  /** Whether the adapter fetches an OAuth token (its own operation `token`). */
  readonly fetchesToken: boolean;
  /** Whether `pushTracking` reads the order's fulfilments before writing (Amazon's 204 is its own evidence). */
  readonly readsBeforePush: boolean;
  /** Every credential the adapter sends (plus, for token flows, `issuedTokens` at check time). */
  readonly secrets: readonly string[];
  /** A sales order of the marketplace (the simulator of `serve` holds it). */
  readonly order: SalesOrder;
  /** The real adapter aimed at `origin` for every call (its token endpoint included). */
  adapterAt(origin: string, onEvent: (event: HttpEvent) => void): MarketplaceAdapter;
  serve(): Promise<ServedMarketplace>;
}

function salesOrder(marketplace: string, marketplaceOrderId: string, lineIds: readonly [string, string]): SalesOrder {
  return {
    marketplace,
    marketplaceOrderId,
    orderedAt: new Date(Date.now() - 3_600_000).toISOString(),
    currency: 'USD',
    buyer: { name: 'Jordan Rider', email: 'jordan@example.com' },
    shipTo: {
      name: 'Jordan Rider',
      address1: '1200 W Main St',
      city: 'Boise',
      region: 'ID',
      postalCode: '83702',
      country: 'US',
    },
    lines: [
      { lineId: lineIds[0], sku: 'EBC-FA196HH', quantity: 2, unitPrice: 4_599 },
      { lineId: lineIds[1], sku: 'DID-520VX3', quantity: 1, unitPrice: 12_995 },
    ],
    shippingPaid: 0,
  };
}

const ebayToken = 'v^1.1#SENTINELebayUSERTOKEN2f9c41';
const amazonRefreshToken = 'Atzr|SENTINELamazonREFRESH8d31c0';
const amazonClientId = 'amzn1.application-oa2-client.SENTINELclientID';
const amazonClientSecret = 'SENTINELamazonCLIENTSECRET44e1';
const walmartClientId = 'SENTINELwalmartCLIENTID9a02';
const walmartClientSecret = 'SENTINELwalmartSECRET7b3d18';
const shopifyToken = 'shpat_SENTINELshopifyTOKEN5e8a0c';

/** The four marketplaces. */
export const marketplaceHarnesses: readonly MarketplaceHarness[] = [
  {
    name: 'ebay',
    readsBeforePush: true,
    fetchesToken: false,
    secrets: [ebayToken],
    order: salesOrder('ebay', '12-34567-89012', ['10001234567890', '10001234567891']),
    adapterAt: (origin, onEvent) => createEbay({ accessToken: ebayToken, baseURL: origin, retry, onEvent }),
    async serve() {
      const simulator = createEbaySimulator({ accessToken: ebayToken });
      const order = this.order;
      simulator.addOrder(order);
      const server = await serveHandlers(simulator.handlers, { baseURL: simulator.baseURL });
      return {
        simulator,
        order,
        adapter: (onEvent, fetch) =>
          createEbay({ accessToken: ebayToken, baseURL: server.url, retry, onEvent, ...(fetch ? { fetch } : {}) }),
        close: () => server.close(),
      };
    },
  },
  {
    name: 'amazon',
    readsBeforePush: false,
    fetchesToken: true,
    secrets: [amazonRefreshToken, amazonClientId, amazonClientSecret],
    order: salesOrder('amazon', '902-1106328-1059050', ['52986411826454', '52986411826455']),
    adapterAt: (origin, onEvent) =>
      createAmazon({
        refreshToken: amazonRefreshToken,
        clientId: amazonClientId,
        clientSecret: amazonClientSecret,
        baseURL: origin,
        tokenURL: `${origin}/auth/o2/token`,
        retry,
        onEvent,
      }),
    async serve() {
      const simulator = createAmazonSimulator({
        refreshToken: amazonRefreshToken,
        clientId: amazonClientId,
        clientSecret: amazonClientSecret,
      });
      const order = this.order;
      simulator.addOrder(order);
      const api = await serveHandlers(simulator.handlers, { baseURL: simulator.baseURL });
      const tokens = await serveHandlers(simulator.handlers, { baseURL: simulator.tokenURL });
      return {
        simulator,
        order,
        adapter: (onEvent, fetch) =>
          createAmazon({
            refreshToken: amazonRefreshToken,
            clientId: amazonClientId,
            clientSecret: amazonClientSecret,
            baseURL: api.url,
            tokenURL: tokens.url,
            retry,
            onEvent,
            ...(fetch ? { fetch } : {}),
          }),
        close: async () => {
          await api.close();
          await tokens.close();
        },
      };
    },
  },
  {
    name: 'walmart',
    readsBeforePush: true,
    fetchesToken: true,
    secrets: [
      walmartClientId,
      walmartClientSecret,
      Buffer.from(`${walmartClientId}:${walmartClientSecret}`).toString('base64'),
    ],
    order: salesOrder('walmart', '1796277083022', ['1', '2']),
    adapterAt: (origin, onEvent) =>
      createWalmart({ clientId: walmartClientId, clientSecret: walmartClientSecret, baseURL: origin, retry, onEvent }),
    async serve() {
      const simulator = createWalmartSimulator({ clientId: walmartClientId, clientSecret: walmartClientSecret });
      const order = this.order;
      simulator.addOrder(order);
      const server = await serveHandlers(simulator.handlers, { baseURL: simulator.baseURL });
      return {
        simulator,
        order,
        adapter: (onEvent) =>
          createWalmart({
            clientId: walmartClientId,
            clientSecret: walmartClientSecret,
            baseURL: server.url,
            retry,
            onEvent,
          }),
        close: () => server.close(),
      };
    },
  },
  {
    name: 'shopify',
    readsBeforePush: true,
    fetchesToken: false,
    secrets: [shopifyToken],
    order: salesOrder('shopify', '5001', ['9001', '9002']),
    adapterAt: (origin, onEvent) => createShopify({ accessToken: shopifyToken, baseURL: origin, retry, onEvent }),
    async serve() {
      const simulator = createShopifySimulator({ accessToken: shopifyToken });
      const order = this.order;
      simulator.addOrder(order);
      const server = await serveHandlers(simulator.handlers, { baseURL: simulator.baseURL });
      return {
        simulator,
        order,
        adapter: (onEvent) => createShopify({ accessToken: shopifyToken, baseURL: server.url, retry, onEvent }),
        close: () => server.close(),
      };
    },
  },
];
