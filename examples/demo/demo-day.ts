import type { SalesOrder } from '@dropship/core';
import { type SampleLine, type SampleMarketplace, sampleOrder } from '../sandbox/index.js';

/** A distributor fault the scenario injects right before an order is placed. */
export type DemoFault =
  /** The distributor stores the order, then the connection drops before the answer (WPS). */
  | { kind: 'lost-response'; distributor: 'wps' }
  /** The distributor refuses the submission with HTTP 401 (Parts Unlimited). */
  | { kind: 'unauthorized'; distributor: 'parts-unlimited' };

/** One order of the simulated day, with what the scenario expects to happen to it. */
export interface DemoOrder {
  order: SalesOrder;
  /** What the scenario shows with this order, for the progress line. */
  story: string;
  fault?: DemoFault;
}

interface Entry {
  time: string;
  marketplace: SampleMarketplace;
  lines: SampleLine[];
  story: string;
  fault?: DemoFault;
}

const day = '2026-11-20';

// 30 orders over a working day on four marketplaces. Listing SKUs are the sample products'.
const entries: readonly Entry[] = [
  { time: '08:05', marketplace: 'ebay', lines: [{ listingSku: 'EBC-FA181HH', quantity: 1 }], story: 'brake pads' },
  { time: '08:12', marketplace: 'amazon', lines: [{ listingSku: 'DID-520VX3-120', quantity: 1 }], story: 'chain' },
  {
    time: '08:20',
    marketplace: 'shopify',
    lines: [{ listingSku: 'RENTHAL-FATBAR-605', quantity: 1 }],
    story: 'SKU swap: WPS sold out',
  },
  {
    time: '08:34',
    marketplace: 'walmart',
    lines: [{ listingSku: 'NGK-CR9EK', quantity: 4 }],
    story: 'spark plugs under the $15 cutoff',
  },
  {
    time: '08:47',
    marketplace: 'ebay',
    lines: [
      { listingSku: 'MP-05-0120', quantity: 1 },
      { listingSku: 'ODI-RUFFIAN', quantity: 2 },
    ],
    story: 'split: two distributors',
  },
  { time: '09:03', marketplace: 'amazon', lines: [{ listingSku: 'PIRELLI-MT21-R18', quantity: 1 }], story: 'tire' },
  {
    time: '09:15',
    marketplace: 'shopify',
    lines: [
      { listingSku: 'EBC-FA181HH', quantity: 2 },
      { listingSku: 'DID-520VX3-120', quantity: 1 },
    ],
    story: 'one PO, two warehouses',
  },
  {
    time: '09:28',
    marketplace: 'walmart',
    lines: [{ listingSku: 'YUASA-YTX14-BS', quantity: 1 }],
    story: 'hazardous battery',
  },
  {
    time: '09:40',
    marketplace: 'ebay',
    lines: [{ listingSku: 'KN-KA-1408', quantity: 1 }],
    story: 'SKU swap: Parts Unlimited sold out',
  },
  {
    time: '09:52',
    marketplace: 'shopify',
    lines: [{ listingSku: 'MOOSE-KICK-SPRING', quantity: 1 }],
    story: 'thin margin',
  },
  {
    time: '10:05',
    marketplace: 'amazon',
    lines: [
      { listingSku: 'HIFLO-HF204', quantity: 2 },
      { listingSku: 'TUSK-IRON-SET', quantity: 1 },
    ],
    story: 'filters and irons',
  },
  { time: '10:18', marketplace: 'ebay', lines: [{ listingSku: 'BW-RAMP-7FT', quantity: 1 }], story: 'truck-only ramp' },
  {
    time: '10:30',
    marketplace: 'walmart',
    lines: [
      { listingSku: 'ODI-RUFFIAN', quantity: 1 },
      { listingSku: 'EBC-FA181HH', quantity: 1 },
    ],
    story: 'grips and pads',
  },
  {
    time: '10:44',
    marketplace: 'shopify',
    lines: [{ listingSku: 'FLY-KINETIC-L', quantity: 1 }],
    story: 'helmet only in slow warehouses',
  },
  {
    time: '10:58',
    marketplace: 'amazon',
    lines: [{ listingSku: 'EBC-FA181HH', quantity: 1 }],
    story: 'fault: WPS loses the answer',
    fault: { kind: 'lost-response', distributor: 'wps' },
  },
  {
    time: '11:10',
    marketplace: 'ebay',
    lines: [{ listingSku: 'ALLBALLS-25-1403', quantity: 3 }],
    story: 'bearing kits',
  },
  {
    time: '11:25',
    marketplace: 'walmart',
    lines: [{ listingSku: 'MP-05-0120', quantity: 1 }],
    story: 'fault: Parts Unlimited answers 401',
    fault: { kind: 'unauthorized', distributor: 'parts-unlimited' },
  },
  { time: '11:40', marketplace: 'shopify', lines: [{ listingSku: 'TUSK-IRON-SET', quantity: 2 }], story: 'tire irons' },
  {
    time: '11:55',
    marketplace: 'ebay',
    lines: [{ listingSku: 'SHINKO-705-F19', quantity: 1 }],
    story: 'discontinued tire',
  },
  {
    time: '12:10',
    marketplace: 'amazon',
    lines: [
      { listingSku: 'RENTHAL-FATBAR-605', quantity: 1 },
      { listingSku: 'MP-05-0120', quantity: 1 },
    ],
    story: 'swap and split',
  },
  {
    time: '12:25',
    marketplace: 'shopify',
    lines: [
      { listingSku: 'DID-520VX3-120', quantity: 1 },
      { listingSku: 'NGK-CR9EK', quantity: 2 },
    ],
    story: 'one line under the cutoff',
  },
  {
    time: '12:40',
    marketplace: 'walmart',
    lines: [
      { listingSku: 'PIRELLI-MT21-R18', quantity: 1 },
      { listingSku: 'TUSK-IRON-SET', quantity: 1 },
    ],
    story: 'tire and irons',
  },
  { time: '13:05', marketplace: 'ebay', lines: [{ listingSku: 'HIFLO-HF204', quantity: 3 }], story: 'oil filters' },
  {
    time: '13:20',
    marketplace: 'amazon',
    lines: [{ listingSku: 'MOOSE-KICK-SPRING', quantity: 1 }],
    story: 'thin margin',
  },
  {
    time: '13:45',
    marketplace: 'shopify',
    lines: [
      { listingSku: 'EBC-FA181HH', quantity: 3 },
      { listingSku: 'ODI-RUFFIAN', quantity: 1 },
    ],
    story: 'pads and grips',
  },
  { time: '14:10', marketplace: 'walmart', lines: [{ listingSku: 'KN-KA-1408', quantity: 2 }], story: 'air filters' },
  {
    time: '14:30',
    marketplace: 'ebay',
    lines: [
      { listingSku: 'YUASA-YTX14-BS', quantity: 1 },
      { listingSku: 'EBC-FA181HH', quantity: 1 },
    ],
    story: 'battery and pads',
  },
  {
    time: '15:00',
    marketplace: 'amazon',
    lines: [{ listingSku: 'ALLBALLS-25-1403', quantity: 1 }],
    story: 'bearing kit',
  },
  {
    time: '15:30',
    marketplace: 'shopify',
    lines: [
      { listingSku: 'HIFLO-HF204', quantity: 2 },
      { listingSku: 'EBC-FA181HH', quantity: 2 },
    ],
    story: 'service kit',
  },
  {
    time: '16:10',
    marketplace: 'ebay',
    lines: [
      { listingSku: 'DID-520VX3-120', quantity: 1 },
      { listingSku: 'RENTHAL-FATBAR-605', quantity: 1 },
    ],
    story: 'chain and bar',
  },
];

/** Orders whose plan places every line with at least this estimated profit (cents) are placed automatically. */
export const demoMinimumProfit = 500;

/** The simulated day's first instant. */
export const demoDayStart = `${day}T08:00:00.000Z`;

/**
 * The sandbox's settings for the demo: the day's first instant, and listing pages of two orders
 * so that the short day pages as a busy one does (the repeated order needs a second page).
 */
export const demoSandboxOptions = { start: demoDayStart, orderPageSize: 2 } as const;

/**
 * The demo's intake settings: each scan's window ends 2 minutes before now (the least Amazon
 * accepts), so that the listings have settled, and reaches an hour back before the last window's
 * end (orders indexed late are still found; the ones seen before are duplicates).
 */
export const demoIntakeOptions = { settleMs: 2 * 60_000, overlapMs: 60 * 60_000 } as const;

/** How long after an order arrives the intake job reads the listings: the settle plus one minute. */
export const demoIntakeDelayMinutes = demoIntakeOptions.settleMs / 60_000 + 1;

/**
 * The order the adapter cannot map: listed on Amazon half a minute before Amazon's first order of
 * the day, without its ship-to (as Amazon lists an order whose address it withholds). Intake holds
 * it with the field and the reason. Amazon's first listing of more than one page also repeats
 * the last order of its first page on the next (paging over a list that changes does): counted once.
 */
export function demoUnmappableOrder(): SalesOrder {
  return sampleOrder({
    marketplace: 'amazon',
    sequence: 200,
    orderedAt: `${day}T08:11:30.000Z`,
    lines: [{ listingSku: 'DID-520VX3-120', quantity: 1 }],
  });
}

/** The 30 marketplace orders of the simulated day, in the order they arrive. */
export function demoDay(): DemoOrder[] {
  return entries.map((entry, index) => ({
    order: sampleOrder({
      marketplace: entry.marketplace,
      sequence: 100 + index,
      orderedAt: `${day}T${entry.time}:00.000Z`,
      lines: entry.lines,
    }),
    story: entry.story,
    ...(entry.fault === undefined ? {} : { fault: entry.fault }),
  }));
}
