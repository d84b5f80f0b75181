import type { ImportMarketplaceOrdersResult, SalesOrder } from '@dropship/core';
import type { SampleMarketplace, Sandbox } from '../sandbox/index.js';
import type { DemoIntakeRow } from './demo-types.js';

// The demo's bookkeeping of order intake: counts per marketplace over the day's `importOrders` runs.

/** The four marketplaces, in the order the summary lists them. */
export const demoMarketplaces: readonly SampleMarketplace[] = ['ebay', 'amazon', 'walmart', 'shopify'];

/** `<marketplace>:<marketplaceOrderId>`, the id intake gives an order. */
export function salesOrderIdOf(order: Pick<SalesOrder, 'marketplace' | 'marketplaceOrderId'>): string {
  return `${order.marketplace}:${order.marketplaceOrderId}`;
}

/** An ISO instant some minutes later. */
export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** A row with every count at zero. */
export function emptyIntakeRow(marketplace: string): DemoIntakeRow {
  return {
    marketplace,
    pages: 0,
    calls: 0,
    listed: 0,
    imported: 0,
    duplicates: 0,
    held: 0,
    unmappable: 0,
    placed: 0,
    acknowledged: 0,
    errors: 0,
  };
}

/**
 * Adds one `importMarketplaceOrders` result to its marketplace's row.
 *
 * @param row - the marketplace's row (changed).
 * @param result - one marketplace's result of `importOrders`.
 */
export function addToIntakeRow(row: DemoIntakeRow, result: ImportMarketplaceOrdersResult): void {
  row.pages += result.pages;
  row.listed += result.listed;
  row.imported += result.imported;
  row.duplicates += result.duplicates;
  row.held += result.held;
  row.unmappable += result.unmappable;
  row.placed += result.placed;
  row.acknowledged += result.acknowledged;
  if (result.error !== undefined) row.errors++;
}

/** Listing calls each marketplace simulator has served so far (counted by the simulators, not the SDK). */
export function listingCalls(sandbox: Sandbox): Record<string, number> {
  return Object.fromEntries(
    demoMarketplaces.map((marketplace) => [
      marketplace,
      sandbox.marketplaceSimulators[marketplace].intake.listCallCount(),
    ]),
  );
}

/**
 * Orders one `importMarketplaceOrders` run listed more than once (the same order on two pages).
 *
 * @param result - one marketplace's result of `importOrders`.
 */
export function listedTwice(result: ImportMarketplaceOrdersResult): string[] {
  const ids = result.orders.map((order) => order.salesOrderId);
  return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}
