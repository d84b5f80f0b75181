import { isAbsolute, relative } from 'node:path';
import type { DropshipResult, PurchaseOrder, SyncTrackingResult } from '@dropship/core';
import type { Sandbox } from '../sandbox/index.js';
import { type DemoOrder, demoMinimumProfit } from './demo-day.js';
import type { DemoOrderCategory, DemoOrderOutcome, DemoResult } from './demo-types.js';

// The demo's renderer: every line `pnpm demo` prints about orders, syncs and the summary.

/** A column of {@link renderTable}. */
export interface Column {
  header: string;
  /** Right-align (numbers, money). Default left. */
  right?: boolean;
}

/**
 * Renders rows as a plain-text table with a header rule, columns padded to their widest cell.
 *
 * @param columns - headers and alignment.
 * @param rows - cells, one array per row, as many cells as columns.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly (string | number)[])[]): string[] {
  const text = rows.map((row) => columns.map((_, index) => String(row[index] ?? '')));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...text.map((row) => (row[index] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, index) =>
        columns[index]?.right ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    format(columns.map((column) => column.header)),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...text.map(format),
  ];
}

/** Width of an order line's label column: the longest, `not-drop-shippable (already)`, and a space. */
const labelWidth = 29;

/** Cents as dollars: `-1234` → `-$12.34`. */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  return `${sign}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

/** `HH:MM` of an ISO instant (UTC, the simulated day's zone). */
export function clockTime(iso: string): string {
  return iso.slice(11, 16);
}

/** Counts of each key, sorted by count then name. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
}

/** A path relative to the working directory when it is inside it. */
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.length > 0 && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path;
}

/** A failure message short enough for one line of the log. */
export function shortError(message: string | undefined): string {
  if (message === undefined) return 'unknown error';
  if (/credentials were refused|401/i.test(message)) return 'HTTP 401: credentials refused';
  return message.length > 70 ? `${message.slice(0, 67)}...` : message;
}

/**
 * The log line of one tracking sync, and one line per error it left.
 *
 * @param at - the simulated instant of the sync.
 * @param label - what the sync is, for people.
 * @param result - what `syncTracking` returned.
 */
export function describeSync(at: string, label: string, result: SyncTrackingResult): string[] {
  return [
    `${clockTime(at)}  sync ${label.padEnd(22)} ${result.purchaseOrders} open POs, ${result.distributorCalls} distributor calls, ${result.shipmentsRecorded} new packages, ${result.trackingPushed} tracking pushed, ${result.buyersNotified} emails, ${result.completed} POs completed${result.errors.length > 0 ? `, ${result.errors.length} errors (retried next sync)` : ''}`,
    ...result.errors.map(
      (error) => `        ${error.step} ${error.poNumber ?? error.distributor ?? ''}: ${shortError(error.message)}`,
    ),
  ];
}

/**
 * The log line of one order: when, where, its category and its POs (or why it has none).
 *
 * @param demo - the scenario's order.
 * @param outcome - what happened to it in this run.
 * @param result - what `dropship` returned.
 * @param purchaseOrders - the order's POs after `dropship`.
 */
export function describeOrder(
  demo: DemoOrder,
  outcome: DemoOrderOutcome,
  result: DropshipResult,
  purchaseOrders: readonly PurchaseOrder[],
): string {
  const head = `${clockTime(demo.order.orderedAt)}  ${demo.order.marketplace.padEnd(8)}${demo.order.marketplaceOrderId.padEnd(21)}`;
  const retried = result.purchaseOrders.some((item) => item.outcome === 'failed' || item.outcome === 'unknown');
  const label = outcome.placedOnRetry
    ? `${outcome.category} (retried)`
    : !outcome.alreadyHandled || outcome.placedNow > 0
      ? outcome.category
      : retried
        ? `${outcome.category} (retried)`
        : `${outcome.category} (already)`;
  let detail: string;
  switch (outcome.category) {
    case 'placed':
    case 'partially-placed':
    case 'failed':
      detail = purchaseOrders
        .map((purchaseOrder) => {
          const lines = purchaseOrder.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ');
          const failure =
            purchaseOrder.state === 'failed'
              ? ` FAILED: ${shortError(result.purchaseOrders.find((item) => item.poNumber === purchaseOrder.poNumber)?.error ?? purchaseOrder.lastError)}`
              : '';
          return `${purchaseOrder.distributor} ${purchaseOrder.poNumber} (${lines})${failure}`;
        })
        .join('; ');
      if (outcome.estimatedProfit !== undefined) detail += `  est. profit ${dollars(outcome.estimatedProfit)}`;
      break;
    case 'held':
      detail = result.holdReasons
        .map((reason) => {
          if (reason.includes('below the minimum')) {
            return `est. profit ${dollars(result.plan.profit.profit)} < ${dollars(demoMinimumProfit)}`;
          }
          if (reason.startsWith('incomplete plan')) {
            const blocked = outcome.lines.filter(
              (line) => line.reason !== undefined && !line.reason.startsWith('held'),
            );
            return `${blocked.map((line) => `${line.sku}: ${line.reason}`).join(', ')}; the rest waits for review`;
          }
          return reason;
        })
        .join('; ');
      break;
    case 'not-drop-shippable':
      detail = outcome.lines.map((line) => `${line.sku}: ${line.reason}`).join('; ');
      break;
  }
  return `${head}${label.padEnd(labelWidth)}${detail}  [${demo.story}]`;
}

/**
 * The log line of an order the adapter could not map: intake holds it with the field and the reason.
 *
 * @param at - the simulated instant intake read it.
 * @param marketplace - its marketplace.
 * @param marketplaceOrderId - its id at the marketplace.
 * @param reasons - the field and why, as intake recorded them.
 */
export function describeUnmappable(
  at: string,
  marketplace: string,
  marketplaceOrderId: string,
  reasons: readonly string[],
): string {
  return `${clockTime(at)}  ${marketplace.padEnd(8)}${marketplaceOrderId.padEnd(21)}${'unmappable'.padEnd(labelWidth)}held: ${reasons.join('; ')}  [the adapter cannot map it]`;
}

/** The summary's intake block: per marketplace, what the listings gave and what intake did with it. */
function renderIntake(result: DemoResult): string[] {
  const { intake } = result;
  const rows = intake.marketplaces.map((row) => [
    row.marketplace,
    row.pages,
    row.calls,
    row.listed,
    row.imported,
    row.duplicates,
    row.placed,
    row.held,
    row.unmappable,
    row.acknowledged,
    row.errors,
  ]);
  const total = (pick: (row: DemoResult['intake']['marketplaces'][number]) => number) =>
    intake.marketplaces.reduce((sum, row) => sum + pick(row), 0);
  rows.push([
    'total',
    total((row) => row.pages),
    total((row) => row.calls),
    total((row) => row.listed),
    total((row) => row.imported),
    total((row) => row.duplicates),
    total((row) => row.placed),
    total((row) => row.held),
    total((row) => row.unmappable),
    total((row) => row.acknowledged),
    total((row) => row.errors),
  ]);
  const out = [
    '',
    `Order intake (${intake.polls} importOrders runs; duplicates: orders listed again in the overlap of two windows or repeated on the next page, ignored)`,
    ...renderTable(
      [
        { header: 'marketplace' },
        { header: 'pages', right: true },
        { header: 'calls', right: true },
        { header: 'listed', right: true },
        { header: 'imported', right: true },
        { header: 'duplicates', right: true },
        { header: 'placed', right: true },
        { header: 'held', right: true },
        { header: 'unmappable', right: true },
        { header: 'acknowledged', right: true },
        { header: 'failed runs', right: true },
      ],
      rows,
    ),
  ];
  const byStatus = countBy(intake.records, (record) => record.status);
  out.push(
    `imported-order records in the store: ${intake.records.length} (${byStatus.map(([status, count]) => `${count} ${status}`).join(', ')}); taken in by this run: ${intake.takenInThisRun.length}`,
  );
  for (const id of intake.repeatedWithinRun)
    out.push(`listed on two pages of one run: ${id}, taken in once (the second listing is a duplicate)`);
  for (const record of intake.records.filter((entry) => entry.status === 'unmappable'))
    out.push(`held as unmappable: ${record.salesOrderId}: ${record.reasons.join('; ')}`);
  return out;
}

/**
 * The summary printed at the end of the demo: orders, POs by distributor and state, lines not
 * placed, tracking and emails, profit, and the checks.
 *
 * @param result - the run's record.
 * @param sandbox - the simulators (for which marketplace emails its buyers).
 */
export function renderSummary(result: DemoResult, sandbox: Sandbox): string[] {
  const out: string[] = ['', '══ Summary ══', ''];
  const marketplaces = ['ebay', 'amazon', 'walmart', 'shopify'];
  const categories: DemoOrderCategory[] = ['placed', 'partially-placed', 'held', 'not-drop-shippable', 'failed'];
  const orderRows = marketplaces.map((marketplace) => {
    const orders = result.orders.filter((order) => order.marketplace === marketplace);
    return [
      marketplace,
      orders.length,
      ...categories.map((category) => orders.filter((order) => order.category === category).length),
      orders.filter((order) => order.alreadyHandled).length,
    ];
  });
  orderRows.push([
    'total',
    result.orders.length,
    ...categories.map((category) => result.orders.filter((order) => order.category === category).length),
    result.orders.filter((order) => order.alreadyHandled).length,
  ]);
  out.push('Orders');
  out.push(
    ...renderTable(
      [
        { header: 'marketplace' },
        { header: 'orders', right: true },
        ...categories.map((category) => ({ header: category, right: true })),
        { header: 'already handled', right: true },
      ],
      orderRows,
    ),
  );

  const states = [...new Set(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.state))].sort();
  const distributors = [...new Set(result.purchaseOrders.map((purchaseOrder) => purchaseOrder.distributor))].sort();
  out.push(...renderIntake(result));

  out.push('', 'Purchase orders by distributor and state (and how many orders each distributor holds per PO number)');
  out.push(
    ...renderTable(
      [
        { header: 'distributor' },
        { header: 'POs', right: true },
        ...states.map((state) => ({ header: state, right: true })),
        { header: 'placed now', right: true },
        { header: 'orders per PO at distributor', right: true },
      ],
      distributors.map((distributor) => {
        const own = result.purchaseOrders.filter((purchaseOrder) => purchaseOrder.distributor === distributor);
        const held = result.ordersAtDistributors.filter((entry) => entry.distributor === distributor);
        const placedNow = result.orders.reduce(
          (sum, order) =>
            sum +
            (order.placedNow > 0
              ? own.filter((purchaseOrder) => purchaseOrder.salesOrderId === order.salesOrderId).length
              : 0),
          0,
        );
        const maximum = held.reduce((max, entry) => Math.max(max, entry.count), 0);
        return [
          distributor,
          own.length,
          ...states.map((state) => own.filter((purchaseOrder) => purchaseOrder.state === state).length),
          placedNow,
          held.length === 0 ? '-' : `max ${maximum} (${held.length} POs)`,
        ];
      }),
    ),
  );

  out.push('', 'Lines not placed, and why');
  const reasons = Object.entries(result.unplacedReasons);
  out.push(
    ...(reasons.length === 0
      ? ['(none)']
      : renderTable([{ header: 'reason' }, { header: 'lines', right: true }], reasons)),
  );

  out.push('', 'Tracking and buyer emails');
  const notifiesBuyer = new Map(sandbox.marketplaces.map((adapter) => [adapter.marketplace, adapter.notifiesBuyer]));
  out.push(
    ...renderTable(
      [
        { header: 'marketplace' },
        { header: 'pushed now', right: true },
        { header: 'tracking held by marketplace', right: true },
        { header: 'buyer emailed by' },
      ],
      marketplaces.map((marketplace) => [
        marketplace,
        result.pushedThisRun[marketplace] ?? 0,
        result.trackingAtMarketplaces.filter((entry) => entry.marketplace === marketplace).length,
        notifiesBuyer.get(marketplace) ? 'the marketplace' : 'the SDK (SMTP)',
      ]),
    ),
  );
  out.push(`emails delivered to the SMTP sink: ${result.emailsThisRun} now, ${result.emails.length} in all`);

  out.push('', 'Profit');
  out.push(
    ...renderTable(
      [
        { header: 'orders' },
        { header: 'count', right: true },
        { header: 'estimated at planning', right: true },
        { header: 'actual from POs', right: true },
      ],
      [
        [
          'placed by this run',
          result.orders.filter((order) => order.placedNow > 0).length,
          dollars(result.profit.estimated),
          dollars(result.profit.actualOfPlacedNow),
        ],
        [
          'all with POs',
          result.orders.filter((order) => order.actualProfit !== undefined).length,
          '',
          dollars(result.profit.actual),
        ],
      ],
    ),
  );
  out.push('(estimated includes the shipping estimate; actual is sale − cost − drop-ship fees − marketplace fee)');

  out.push('');
  for (const [name, passed] of Object.entries(result.checks)) out.push(`${passed ? '✔' : '✘'} ${name}`);
  const alreadyHandled = result.orders.filter((order) => order.alreadyHandled).length;
  if (alreadyHandled > 0)
    out.push(
      `↻ ${alreadyHandled} orders were already handled by an earlier run; ${result.placedThisRun} new POs placed now`,
    );
  if (result.intake.recordsBefore.length > 0)
    out.push(
      `↻ the store had taken in ${result.intake.recordsBefore.length} orders before this run; ${result.intake.takenInThisRun.length} taken in now`,
    );
  out.push(`${result.ok ? 'done' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s`);
  return out;
}
