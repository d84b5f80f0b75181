// The push part of `pnpm ingest … --listings <file.json> --push <marketplace,...>`: after a feed
// ingest, the dealer's listings are computed from the same catalog and what changed is pushed to
// the marketplaces (core's `pushListings`), the push records kept in the store (so a second run
// with the same feed sends nothing when the store persists). Marketplace adapters come from the
// environment (the variables of docs/operating.md's credentials table) or, with `--sandbox`, point
// at the in-process marketplace simulators of examples/sandbox.
import { createAmazon } from '@dropship/amazon';
import {
  type Catalog,
  createDropshipper,
  createMemoryStore,
  type DropshipStore,
  type InventoryRulesInput,
  type Listing,
  type ListingPushRun,
  type MarketplaceAdapter,
  MissingCredentialError,
  parseListingsFile,
  ValidationError,
} from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createShopify } from '@dropship/shopify';
import { createWalmart } from '@dropship/walmart';
import { startSandbox } from '../examples/sandbox/index.js';

/** The marketplaces `--push` can name. */
export const pushMarketplaceIds = ['ebay', 'amazon', 'walmart', 'shopify'] as const;

/** A marketplace `--push` can name. */
export type PushMarketplace = (typeof pushMarketplaceIds)[number];

/**
 * The environment variables each marketplace's adapter needs for the listings push, by the
 * adapter's option name. `AMAZON_SP_SELLER_ID` is this script's own (the Amazon adapter takes the
 * seller id as its `sellerId` option, which enables its listings push; it is not a secret).
 */
export const pushEnvironmentVariables: Readonly<Record<PushMarketplace, Readonly<Record<string, string>>>> = {
  ebay: { accessToken: 'EBAY_ACCESS_TOKEN' },
  amazon: {
    refreshToken: 'AMAZON_SP_REFRESH_TOKEN',
    clientId: 'AMAZON_SP_CLIENT_ID',
    clientSecret: 'AMAZON_SP_CLIENT_SECRET',
    sellerId: 'AMAZON_SP_SELLER_ID',
  },
  walmart: { clientId: 'WALMART_CLIENT_ID', clientSecret: 'WALMART_CLIENT_SECRET' },
  shopify: { shop: 'SHOPIFY_SHOP', accessToken: 'SHOPIFY_ACCESS_TOKEN' },
};

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the `--push` value: marketplace ids separated by commas, each known and named once.
 *
 * @param text - for example `ebay,shopify`.
 * @throws {@link ValidationError} naming an unknown or repeated marketplace, or an empty list.
 */
export function parsePushMarketplaces(text: string): PushMarketplace[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const issues: { path: string; message: string }[] = [];
  if (names.length === 0) issues.push({ path: '', message: `name at least one of ${pushMarketplaceIds.join(', ')}` });
  const seen = new Set<string>();
  for (const name of names) {
    if (!(pushMarketplaceIds as readonly string[]).includes(name))
      issues.push({ path: name, message: `unknown marketplace "${name}": use ${pushMarketplaceIds.join(', ')}` });
    else if (seen.has(name)) issues.push({ path: name, message: `marketplace "${name}" named twice` });
    seen.add(name);
  }
  if (issues.length > 0) throw new ValidationError('--push', issues);
  return names as PushMarketplace[];
}

/**
 * Reads the `--listings` file's text (core's `parseListingsFile`, JSON).
 *
 * @param text - the file's content.
 * @throws {@link ValidationError} when it is not JSON or a listing is invalid.
 */
export function readListingsFile(text: string): readonly Listing[] {
  return parseListingsFile(text, 'json');
}

/** One marketplace's credentials read from the environment, every variable present. */
function credentialsOf(marketplace: PushMarketplace, environment: Environment): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const [option, variable] of Object.entries(pushEnvironmentVariables[marketplace])) {
    const value = environment[variable];
    if (value === undefined || value.trim() === '') throw new MissingCredentialError(marketplace, option, variable);
    credentials[option] = value;
  }
  return credentials;
}

/**
 * Creates the adapters of the named marketplaces from the environment, with each package's own
 * factory and the options that enable its listings push (Amazon's `sellerId`). Every variable of
 * every named marketplace is checked before any adapter is created, so a missing one stops the
 * run before any call.
 *
 * @param marketplaces - the marketplaces to push to.
 * @param environment - the environment (`process.env`).
 * @throws {@link MissingCredentialError} naming the first missing variable (never a value).
 */
export function createPushAdapters(
  marketplaces: readonly PushMarketplace[],
  environment: Environment,
): MarketplaceAdapter[] {
  const credentials = marketplaces.map((marketplace) => ({
    marketplace,
    values: credentialsOf(marketplace, environment),
  }));
  return credentials.map(({ marketplace, values }): MarketplaceAdapter => {
    switch (marketplace) {
      case 'ebay':
        return createEbay({ accessToken: values.accessToken as string });
      case 'amazon':
        return createAmazon({
          refreshToken: values.refreshToken as string,
          clientId: values.clientId as string,
          clientSecret: values.clientSecret as string,
          sellerId: values.sellerId as string,
        });
      case 'walmart':
        return createWalmart({ clientId: values.clientId as string, clientSecret: values.clientSecret as string });
      default: {
        // shopify
        const apiVersion = environment.SHOPIFY_API_VERSION;
        return createShopify({
          shop: values.shop as string,
          accessToken: values.accessToken as string,
          ...(apiVersion === undefined || apiVersion === '' ? {} : { apiVersion }),
        });
      }
    }
  });
}

/** Options of {@link pushAfterIngest}. */
export interface PushAfterIngestOptions {
  /** The catalog the feed was just ingested into. */
  catalog: Catalog;
  /** A store with the "listings" capability: where the push records persist. Default a new memory store. */
  store?: DropshipStore;
  /** The dealer's listings (from the `--listings` file). */
  listings: readonly Listing[];
  /** The adapters of the marketplaces to push to (listings push capability). */
  marketplaces: readonly MarketplaceAdapter[];
  /** The inventory rules of the ingest (lead times), also used for availability. */
  rules?: InventoryRulesInput;
  /**
   * Called after the push when a marketplace holds updates pending (Amazon, Walmart process them
   * later): with `--sandbox`, the simulators process their queues; then one more pass confirms them.
   * Absent: pending updates are confirmed by the next run.
   */
  settle?: () => void;
}

/** What {@link pushAfterIngest} did. */
export interface IngestPushResult {
  /** The push: one run per marketplace. */
  runs: ListingPushRun[];
  /** The confirming pass after `settle` (empty when nothing was pending or no `settle`). */
  confirmations: ListingPushRun[];
}

/**
 * Pushes the listings' quantities and prices computed from the catalog: builds a dropshipper over
 * the catalog and the store, puts the listings into the store, and runs one `pushListings` over
 * the marketplaces (only what differs from the store's push records is sent); with `settle`, one
 * more pass confirms what the marketplaces held pending.
 *
 * @param options - catalog, store, listings, adapters, rules, settle.
 * @returns the push's run per marketplace, and the confirming pass's.
 * @throws {@link ValidationError} when a marketplace cannot push listings or the store cannot keep them.
 */
export async function pushAfterIngest(options: PushAfterIngestOptions): Promise<IngestPushResult> {
  const store = options.store ?? createMemoryStore();
  if (typeof store.saveListingPushRecords !== 'function' || typeof store.putListings !== 'function')
    throw new ValidationError('store', [{ path: '', message: 'the store has no "listings" capability' }]);
  const unable = options.marketplaces.filter((adapter) => adapter.listings === undefined);
  if (unable.length > 0)
    throw new ValidationError(
      '--push',
      unable.map((adapter) => ({
        path: adapter.marketplace,
        message: `${adapter.marketplace}: its adapter cannot push listings`,
      })),
    );
  const dropshipper = createDropshipper({
    distributors: [],
    marketplaces: options.marketplaces,
    catalog: options.catalog,
    store,
    ...(options.rules === undefined ? {} : { rules: options.rules }),
  });
  await dropshipper.putListings(options.listings);
  const runs = await dropshipper.pushListings({
    marketplaces: options.marketplaces.map((adapter) => adapter.marketplace),
  });
  const pending = runs.filter((run) => run.pending > 0).map((run) => run.marketplace);
  if (options.settle === undefined || pending.length === 0) return { runs, confirmations: [] };
  options.settle();
  return { runs, confirmations: await dropshipper.pushListings({ marketplaces: pending }) };
}

/**
 * The lines the script prints for the push: per marketplace, listings considered, changed,
 * updates sent, applied/pending/failed, calls (and why a pass stopped early).
 *
 * @param result - what {@link pushAfterIngest} returned.
 */
export function describePushRuns(result: IngestPushResult): string[] {
  const lines = ['', 'listings push'];
  const rows = [
    ...result.runs.map((run) => ({ run, label: run.marketplace })),
    ...result.confirmations.map((run) => ({ run, label: `${run.marketplace} confirm` })),
  ];
  for (const { run, label } of rows) {
    lines.push(
      `  ${label.padEnd(16)} ${run.considered} considered, ${run.changed} changed, ${run.sent} sent: ${run.applied} applied, ${run.pending} pending, ${run.failed} failed; ${run.calls} call${run.calls === 1 ? '' : 's'}`,
    );
    if (run.error !== undefined) lines.push(`  ${''.padEnd(16)} stopped early: ${run.error}`);
  }
  return lines;
}

/** The `--postgres` database opened by {@link openPostgres}. */
export interface OpenedPostgres {
  /** The catalog the feed is ingested into. */
  catalog: Catalog;
  /** The store beside it (same database), when asked for: where the push records persist. */
  store?: DropshipStore;
  /** Closes the catalog, then the store. */
  close(): Promise<void>;
}

/**
 * Opens `--postgres` (a PGlite data directory or a `postgres://` URL): the catalog alone, or, for
 * a push, a store (`createPostgresStore`) and the catalog sharing its database.
 *
 * @param target - the data directory or URL.
 * @param withStore - true when the run pushes listings.
 */
export async function openPostgres(target: string, withStore: boolean): Promise<OpenedPostgres> {
  const { createPostgresCatalog, createPostgresStore } = await import('@dropship/postgres');
  const connection = /^postgres(ql)?:\/\//.test(target) ? { connectionString: target } : { dataDir: target };
  if (!withStore) {
    const catalog = await createPostgresCatalog(connection);
    return { catalog, close: () => catalog.close() };
  }
  const store = await createPostgresStore(connection);
  try {
    const catalog = await createPostgresCatalog({ store });
    return {
      catalog,
      store,
      async close() {
        await catalog.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The marketplace simulators of `--sandbox`, with adapters pointed at them. */
export interface SandboxMarketplaces {
  /** Adapters of the named marketplaces, pointed at the simulators (listings push enabled). */
  adapters: MarketplaceAdapter[];
  /** Bulk push calls each simulator served so far. */
  pushCallCount(marketplace: PushMarketplace): number;
  /** The asynchronous marketplaces' simulators (Amazon, Walmart) apply their queued updates. */
  process(): void;
  /** Stops the simulators. */
  close(): Promise<void>;
}

/**
 * Starts the in-process marketplace simulators of examples/sandbox (no network) for `--sandbox`,
 * lists the dealer's listings there (quantity 0, no price, as a dealer lists them before the first
 * push) and returns adapters of the named marketplaces pointed at them.
 *
 * @param marketplaces - the marketplaces to push to.
 * @param listings - the dealer's listings (those of the named marketplaces are listed).
 */
export async function startSandboxMarketplaces(
  marketplaces: readonly PushMarketplace[],
  listings: readonly Listing[],
): Promise<SandboxMarketplaces> {
  const sandbox = await startSandbox();
  const simulators = sandbox.marketplaceSimulators;
  const amazon = simulators.amazon;
  const adapters = marketplaces.map((marketplace): MarketplaceAdapter => {
    if (marketplace === 'amazon')
      // The sandbox's own Amazon adapter has no seller id (no listings push): this one has.
      return createAmazon({
        ...amazon.credentials,
        sellerId: amazon.sellerId,
        baseURL: amazon.baseURL,
        tokenURL: amazon.tokenURL,
        retry: { retries: 2, minDelayMs: 5, maxDelayMs: 25 },
        listings: { rateLimits: { patchListingsItem: false, getListingsItem: false } },
      });
    const adapter = sandbox.marketplaces.find((candidate) => candidate.marketplace === marketplace);
    if (adapter === undefined) throw new RangeError(`the sandbox has no marketplace "${marketplace}"`);
    return adapter;
  });
  for (const marketplace of marketplaces) {
    const simulator = simulators[marketplace].listings;
    for (const listing of listings)
      if (listing.marketplace === marketplace && simulator.listing(listing.sku) === undefined)
        simulator.putListing(listing.sku);
  }
  return {
    adapters,
    pushCallCount: (marketplace) => simulators[marketplace].listings.pushCallCount(),
    process() {
      for (const marketplace of marketplaces) simulators[marketplace].listings.process();
    },
    close: () => sandbox.close(),
  };
}
