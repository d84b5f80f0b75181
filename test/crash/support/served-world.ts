import type { AddressInfo } from 'node:net';
import type { OfferInput, SalesOrder } from '@dropship/core';
import { createEbaySimulator, type EbaySimulator } from '@dropship/ebay/testing';
import { type ServedHandlers, type ServeMiddleware, serveHandlers } from '@dropship/testing/simulator';
import { createWpsSimulator, type WpsSimulator } from '@dropship/wps/testing';
import { SMTPServer } from 'smtp-server';
import type { LoopServices } from './loop-config.js';

// The world a child process works against, kept in the parent so that it outlives every child:
// the WPS and eBay simulators served over real HTTP on 127.0.0.1, and an SMTP sink. Hooks let a
// test stall one exact request (and kill the child meanwhile) and count every effect.

/** An email the sink received. */
export interface ReceivedEmail {
  messageId: string;
  subject: string;
  to: string;
}

/** What to do with a request or a message: let it through, or stall it (the caller never hears back). */
export type Verdict = 'answer' | 'stall';

/** Hooks a test sets and clears between runs. */
export interface WorldHooks {
  /** WPS `POST /orders` (the cart submit) for a PO: `before` the simulator acts, or `after` it did. */
  wpsSubmit?: (poNumber: string, moment: 'before' | 'after') => Verdict;
  /** eBay `POST .../shipping_fulfillment` for an order, after the simulator recorded it. */
  ebayPush?: (ebayOrderId: string) => Verdict;
  /** An email, after the sink received it and before it answers 250. */
  email?: (message: ReceivedEmail) => Verdict;
}

/** The served world. */
export interface ServedWorld {
  readonly wps: WpsSimulator;
  readonly ebay: EbaySimulator;
  /** What a child needs to reach the world. */
  readonly services: LoopServices;
  readonly hooks: WorldHooks;
  /** WPS cart submits per PO number (`POST /orders` calls that reached the simulator). */
  readonly submitCalls: Map<string, number>;
  /** eBay fulfillment creations per eBay order id (calls that reached the simulator). */
  readonly pushCalls: Map<string, number>;
  /** Every email received (including one whose sender was killed before the 250). */
  readonly emails: ReceivedEmail[];
  /** Adds orders to the eBay simulator (they must exist there before tracking is pushed). */
  addOrders(orders: readonly SalesOrder[]): void;
  close(): Promise<void>;
}

/** One product sold through WPS, with its catalog offer. */
export interface WorldProduct {
  sku: string;
  brand: string;
  mpn: string;
  cost: number;
}

/** Options of {@link createServedWorld}. */
export interface ServedWorldOptions {
  products: readonly WorldProduct[];
  /** Run an SMTP sink (buyers emailed by the SDK). Default true. */
  email?: boolean;
  /** POs per page of WPS's order list. Default 50 (the simulator's default). */
  wpsOrdersPageSize?: number;
  /** How long every API call takes before the simulator answers, ms, as a real API would. Default 0. */
  latencyMs?: number;
}

const never = <T>() => new Promise<T>(() => {});

async function poNumberOf(request: Request): Promise<string> {
  try {
    const body = (await request.clone().json()) as { po_number?: unknown };
    return typeof body.po_number === 'string' ? body.po_number : '';
  } catch {
    return '';
  }
}

function headerOf(raw: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.+(?:\\r?\\n[ \\t].+)*)`, 'im').exec(raw);
  return (match?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ').trim();
}

async function startSmtpSink(
  emails: ReceivedEmail[],
  hooks: WorldHooks,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const message = {
          messageId: headerOf(raw, 'Message-ID'),
          subject: headerOf(raw, 'Subject'),
          to: headerOf(raw, 'To'),
        };
        emails.push(message);
        if (hooks.email?.(message) === 'stall') return; // no 250: the sender never learns
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Creates the world: WPS with the products in stock at PA (a package leaves as soon as a PO is
 * submitted, as from a fast warehouse), eBay, and an SMTP sink, each served on 127.0.0.1.
 *
 * @param options - products, whether to email buyers.
 */
export async function createServedWorld(options: ServedWorldOptions): Promise<ServedWorld> {
  const wps = createWpsSimulator({
    apiToken: 'crash-wps-token',
    ...(options.wpsOrdersPageSize === undefined ? {} : { ordersPageSize: options.wpsOrdersPageSize }),
  });
  const ebay = createEbaySimulator({ accessToken: 'crash-ebay-token' });
  for (const product of options.products) {
    wps.addProduct({
      sku: product.sku,
      brand: product.brand,
      mpn: product.mpn,
      cost: product.cost,
      stock: { PA: 1_000_000 },
    });
  }
  const hooks: WorldHooks = {};
  const submitCalls = new Map<string, number>();
  const pushCalls = new Map<string, number>();
  const emails: ReceivedEmail[] = [];

  const latencyMs = options.latencyMs ?? 0;
  const wait = () => (latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : undefined);
  const wpsMiddleware: ServeMiddleware = async (request, next) => {
    await wait();
    const path = new URL(request.url).pathname;
    if (request.method !== 'POST' || path !== '/orders') return next(request);
    const poNumber = await poNumberOf(request);
    if (hooks.wpsSubmit?.(poNumber, 'before') === 'stall') return never();
    submitCalls.set(poNumber, (submitCalls.get(poNumber) ?? 0) + 1);
    const response = await next(request);
    if (response.ok) wps.shipOrder(poNumber);
    if (hooks.wpsSubmit?.(poNumber, 'after') === 'stall') return never();
    return response;
  };
  const ebayMiddleware: ServeMiddleware = async (request, next) => {
    await wait();
    const match = /\/order\/([^/]+)\/shipping_fulfillment$/.exec(new URL(request.url).pathname);
    if (request.method !== 'POST' || match === null) return next(request);
    const orderId = decodeURIComponent(match[1] as string);
    pushCalls.set(orderId, (pushCalls.get(orderId) ?? 0) + 1);
    const response = await next(request);
    if (hooks.ebayPush?.(orderId) === 'stall') return never();
    return response;
  };

  const opened: { close(): Promise<void> }[] = [];
  try {
    const servedWps: ServedHandlers = await serveHandlers(wps.handlers, {
      baseURL: wps.baseURL,
      middleware: wpsMiddleware,
    });
    opened.push(servedWps);
    const servedEbay = await serveHandlers(ebay.handlers, { baseURL: ebay.baseURL, middleware: ebayMiddleware });
    opened.push(servedEbay);
    const smtp = options.email === false ? undefined : await startSmtpSink(emails, hooks);
    if (smtp) opened.push(smtp);
    const offers: OfferInput[] = options.products.map((product) => ({
      distributor: 'wps',
      sku: product.sku,
      brand: product.brand,
      mpn: product.mpn,
      currency: 'USD',
      cost: product.cost,
      stock: [{ warehouse: 'PA', quantity: 1_000_000, leadTimeDays: 0 }],
    }));
    return {
      wps,
      ebay,
      services: {
        wps: { baseURL: servedWps.url, apiToken: wps.apiToken },
        ebay: { baseURL: servedEbay.url, accessToken: ebay.accessToken },
        ...(smtp ? { smtpPort: smtp.port } : {}),
        offers,
        emailClaimLeaseMs: 1_000,
      },
      hooks,
      submitCalls,
      pushCalls,
      emails,
      addOrders(orders) {
        for (const order of orders) ebay.addOrder(order);
      },
      async close() {
        await Promise.all(opened.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all(opened.map((server) => server.close()));
    throw error;
  }
}
