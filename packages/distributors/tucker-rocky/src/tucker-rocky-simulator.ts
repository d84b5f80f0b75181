import type { RejectionReason } from '@dropship/core';
import type {
  DistributorSimulator,
  Fault,
  SimulatedOrder,
  SimulatedProduct,
  SimulatedSideCancellation,
} from '@dropship/testing/simulator';
import {
  cancelHeldLines,
  createCallRecorder,
  createFaultInjector,
  createIdGenerator,
  createOrderBook,
  createRejectionQueue,
  createTrackingNumberGenerator,
  type EchoedRequest,
  echoRequest,
  type ShipOptions,
  simulatorBaseURL,
  standardOperations,
} from '@dropship/testing/simulator';
import { HttpResponse, http } from 'msw';
import { TUCKER_ROCKY_ENDPOINT_PATH } from './tucker-rocky-settings.js';

/** Options of `createTuckerRockySimulator`. */
export interface TuckerRockySimulatorOptions {
  /**
   * Host the handlers answer on. Default `https://tucker-rocky.simulator.test` (a reserved test
   * host, never `https://api.tucker.com`): pass `simulator.baseURL` to the client.
   */
  baseURL?: string;
  /** Default `/bin/trws`. */
  endpointPath?: string;
  /** The customer number (`cust`) it accepts. Default `SIMCUST01`. */
  customerNumber?: string;
  /** The API key (`apikey`) it accepts. Default `sim-tr-api-key-000001`. */
  apiKey?: string;
  /** DC counts above this are reported as this (DX1: "a 9 means 9 or more", no public documentation). Default 9. */
  stockCap?: number;
  /** Whether the account has a credit card on file (no public documentation). Default true. */
  creditCard?: boolean;
  /** How long a `timeout` fault holds the answer, in ms. Default 35,000. */
  timeoutDelayMs?: number;
}

/** An order as the Tucker Rocky simulator holds it: the shared shape plus the query received. */
export interface TuckerRockySimulatedOrder extends SimulatedOrder {
  /** The `type=ORD` query as received, without `apikey` and `cust`. */
  parameters: Record<string, string[]>;
  /** Units Tucker Rocky cancelled on its side (`cancelOnDistributorSide`), per item, with why. */
  cancelled?: SimulatedSideCancellation;
}

/** The Tucker Rocky simulator: a `DistributorSimulator` plus its credentials and account state. */
export interface TuckerRockySimulator extends DistributorSimulator {
  /**
   * Issue 20: the next `times` submissions (default 1) are refused as the real API refuses, for
   * `reason`, naming `skus` (default every line). Nothing is placed.
   */
  rejectNextOrders(options: { reason: RejectionReason; skus?: readonly string[]; times?: number }): void;
  /** Cancels a held order on the distributor's side (all of it, or `lines`), as its API then shows it. */
  cancelOnDistributorSide(
    poNumber: string,
    options: { reason: RejectionReason; lines?: { sku: string; quantity: number }[] },
  ): void;
  /** Sets the dealer cost the API now answers for a SKU (minor units). */
  setPrice(sku: string, unitCost: number): void;

  readonly distributor: 'tucker-rocky';
  /** The customer number it accepts. */
  readonly customerNumber: string;
  /** The API key it accepts. */
  readonly apiKey: string;
  /** Every order held. */
  orders(): TuckerRockySimulatedOrder[];
  /** Sets the account state: without a credit card, every order is refused (no public documentation). */
  setAccount(account: { creditCard: boolean }): void;
  /**
   * Makes lines of a SKU fail inside an otherwise SUCCESSFUL order (the order is stored without
   * them and the line carries `errormsg`), or clears it with undefined. MODELLED: no public documentation
   * shows `errormsg` on output lines.
   */
  setLineError(sku: string, message: string | undefined): void;
  /** Validate-only (`submit=NO`) calls answered. */
  validationCount(): number;
}

/**
 * Placeholder distribution-center names the simulator stocks by default. The real `dcname`
 * values are NOT FOUND (no public documentation).
 */
export const tuckerRockySimulatorDistributionCenters: readonly string[] = ['DC1', 'DC2', 'DC3'];

/** Error texts the simulator answers with. The real texts are NOT FOUND (no public documentation): these are MODELLED. */
export const tuckerRockySimulatorMessages = {
  authentication: 'Invalid API key or customer number',
  duplicatePo: 'Duplicate PO number',
  creditCard: 'Account must be configured with a credit card before items may be ordered',
  itemNotFound: 'Item not found',
  orderErrors: 'Order contains errors',
} as const;

/** The words of a refusal or a cancel, per reason (MODELLED: TRWS's error texts are NOT FOUND). */
export const tuckerRockySimulatorRefusals: Readonly<Record<RejectionReason, string>> = {
  'out-of-stock': 'Item out of stock',
  discontinued: 'Discontinued item',
  'not-drop-shippable': 'Item not eligible for drop ship',
  'address-refused': 'Invalid ship-to address',
  'price-changed': 'Price has changed',
  other: 'Item cannot be ordered',
};

function block(type: string, content: Record<string, unknown>): Response {
  return HttpResponse.json({ [type]: content });
}

/**
 * A `status: "FAILED"` block that echoes the request (its query holds `apikey` and `cust`), as
 * error pages of real APIs often do: a client that puts the body on an error unredacted leaks them.
 */
function failedBlock(type: string, echo: EchoedRequest, content: Record<string, unknown>): Response {
  return block(type, { status: 'FAILED', ...content, request: echo });
}

/**
 * Creates a stateful fake of Tucker Rocky's TRWS web service as MSW handlers on
 * `GET {baseURL}{endpointPath}?apikey=&cust=&output=JSON&type=...` (no public documentation):
 *
 * - `type=INV&item=..&item=..` → `{ INV: { status, item: [{ inventory, dc: [{ dcname, dcinv }] }] } }`,
 *   one item per `item=` in order, DC counts capped at `stockCap`; an unknown item carries `errormsg`;
 * - `type=ORD&...&line=ITEM,QTY` → `{ ORD: { status: "SUCCESSFUL", orderoutput: { ordernum, orderline } } }`,
 *   or `status: "FAILED"` with `errormsg` and `orderinput.orderline[].errormsg`. With
 *   `allowduplicatepo=NO` a second order for a PO is refused as a duplicate; without a credit
 *   card every order is refused; `submit=NO` validates without storing;
 * - `type=SHP&ordernum=..` (repeatable) → `{ SHP: { status, shipment: [{ ordernum, po, shipmentline: [{ itemnum, shipqty, shipdate, trackingnumbers: [{ carrier, trackingnum }] }] }] } }`;
 *   `type=SHP&po=..` is the MODELLED lookup by PO (not documented).
 *
 * Wrong `apikey`/`cust` get HTTP 200 with `status: "FAILED"` and an error text (MODELLED: the
 * real answer is NOT FOUND). Faults come from the shared injector (operations `stock`, `submit`,
 * `shipments`, `find-order`).
 *
 * @param options - credentials, account state and limits.
 */
export function createTuckerRockySimulator(options: TuckerRockySimulatorOptions = {}): TuckerRockySimulator {
  const baseURL = (options.baseURL ?? simulatorBaseURL('tucker-rocky')).replace(/\/+$/, '');
  const endpointPath = options.endpointPath ?? TUCKER_ROCKY_ENDPOINT_PATH;
  const customerNumber = options.customerNumber ?? 'SIMCUST01';
  const apiKey = options.apiKey ?? 'sim-tr-api-key-000001';
  const stockCap = options.stockCap ?? 9;

  const products = new Map<string, SimulatedProduct>();
  const book = createOrderBook<TuckerRockySimulatedOrder>({
    nextTrackingNumber: createTrackingNumberGenerator('ups', 3),
  });
  const faults = createFaultInjector(
    options.timeoutDelayMs === undefined ? {} : { timeoutDelayMs: options.timeoutDelayMs },
  );
  const calls = createCallRecorder();
  const nextOrderNumber = createIdGenerator('', { start: 7_000_001, width: 7 });
  let creditCard = options.creditCard ?? true;
  let validations = 0;
  const lineErrors = new Map<string, string>();
  /** Refusals queued by `rejectNextOrders`, served one submission (`submit=YES`) each. */
  const rejections = createRejectionQueue();

  function stock(items: readonly string[], type = 'INV'): Response {
    const answer = items.map((item) => {
      const product = products.get(item);
      if (!product) return { inventory: 0, dc: [], errormsg: tuckerRockySimulatorMessages.itemNotFound };
      const dc = Object.entries(product.stock).map(([dcname, quantity]) => ({
        dcname,
        dcinv: Math.min(quantity, stockCap),
      }));
      const price = type === 'INP' && product.cost !== undefined ? { price: (product.cost / 100).toFixed(2) } : {};
      return { inventory: dc.reduce((sum, center) => sum + center.dcinv, 0), dc, ...price };
    });
    return block(type, { status: 'SUCCESSFUL', item: answer });
  }

  function order(query: URLSearchParams, echo: EchoedRequest): Response {
    const po = query.get('po')?.trim() ?? '';
    if (!creditCard) return failedBlock('ORD', echo, { errormsg: tuckerRockySimulatorMessages.creditCard });
    const missing = ['name', 'address1', 'city', 'state', 'zip', 'po'].filter((field) => !query.get(field)?.trim());
    if (missing.length > 0)
      return failedBlock('ORD', echo, { errormsg: `Missing required field(s): ${missing.join(', ')}` });
    const submit = query.get('submit')?.toUpperCase() !== 'NO';
    if (submit && query.get('allowduplicatepo')?.toUpperCase() === 'NO' && book.count(po) > 0) {
      return failedBlock('ORD', echo, { errormsg: `${tuckerRockySimulatorMessages.duplicatePo} ${po}` });
    }
    const lines = query.getAll('line').map((line) => {
      const [item = '', quantityText = ''] = line.split(',');
      const quantity = Number(quantityText);
      const errormsg = !products.has(item)
        ? tuckerRockySimulatorMessages.itemNotFound
        : !Number.isInteger(quantity) || quantity < 1
          ? 'Invalid quantity'
          : (lineErrors.get(item) ?? '');
      return { itemnum: item, quantity, errormsg };
    });
    if (lines.length === 0) return failedBlock('ORD', echo, { errormsg: 'No lines' });
    const queued = submit ? rejections.take() : undefined;
    if (queued) {
      const words = tuckerRockySimulatorRefusals[queued.reason];
      if (queued.reason === 'address-refused') return failedBlock('ORD', echo, { errormsg: words });
      const refused = new Set(queued.skus ?? lines.map((line) => line.itemnum));
      return failedBlock('ORD', echo, {
        errormsg: tuckerRockySimulatorMessages.orderErrors,
        orderinput: {
          orderline: lines.map(({ itemnum }) => ({ itemnum, errormsg: refused.has(itemnum) ? words : '' })),
        },
      });
    }
    const invalid = lines.some((line) => line.errormsg !== '' && !lineErrors.has(line.itemnum));
    if (invalid) {
      return failedBlock('ORD', echo, {
        errormsg: tuckerRockySimulatorMessages.orderErrors,
        orderinput: { orderline: lines.map(({ itemnum, errormsg }) => ({ itemnum, errormsg })) },
      });
    }
    const orderline = lines.map(({ itemnum, errormsg }) => ({ itemnum, errormsg }));
    if (!submit) {
      // MODELLED: a validate-only answer quotes each line's quantity and unit price.
      const quoted = lines.map(({ itemnum, quantity, errormsg }) => {
        const cost = products.get(itemnum)?.cost;
        return { itemnum, errormsg, quantity, ...(cost === undefined ? {} : { price: (cost / 100).toFixed(2) }) };
      });
      validations += 1;
      return block('ORD', { status: 'SUCCESSFUL', orderoutput: { ordernum: '', orderline: quoted } });
    }
    const ordernum = nextOrderNumber();
    const parameters: Record<string, string[]> = {};
    for (const [name, value] of query) {
      if (name === 'apikey' || name === 'cust') continue;
      parameters[name] = [...(parameters[name] ?? []), value];
    }
    const accepted = lines.filter((line) => line.errormsg === '');
    if (accepted.length > 0) {
      book.add({
        poNumber: po,
        reference: ordernum,
        lines: accepted.map((line) => ({ sku: line.itemnum, quantity: line.quantity })),
        status: 'open',
        shipments: [],
        parameters,
      });
    }
    return block('ORD', { status: 'SUCCESSFUL', orderoutput: { ordernum, orderline } });
  }

  function shipments(held: readonly TuckerRockySimulatedOrder[]): Response {
    return block('SHP', {
      status: 'SUCCESSFUL',
      shipment: held.map((entry) => ({
        ordernum: entry.reference,
        po: entry.poNumber,
        ...cancellationOf(entry),
        shipmentline: entry.shipments.flatMap((shipment) =>
          shipment.lines.map((line) => ({
            itemnum: line.sku,
            shipqty: line.quantity,
            shipdate: shipment.shippedAt.slice(0, 10),
            trackingnumbers: [{ carrier: shipment.carrier, trackingnum: shipment.trackingNumber }],
          })),
        ),
      })),
    });
  }

  /** How the shipment answer shows a cancel on Tucker Rocky's side (MODELLED: TRWS documents none). */
  function cancellationOf(entry: TuckerRockySimulatedOrder): Record<string, unknown> {
    const cancelled = entry.cancelled;
    if (!cancelled) return {};
    const words = tuckerRockySimulatorRefusals[cancelled.reason];
    if (cancelled.whole) return { orderstatus: 'CANCELLED', statusreason: words };
    return {
      orderstatus: 'OPEN',
      cancelline: [...cancelled.lines].map(([itemnum, cancelqty]) => ({ itemnum, cancelqty, reason: words })),
    };
  }

  const handler = http.get(`${baseURL}${endpointPath}`, async ({ request }) => {
    const query = new URL(request.url).searchParams;
    const type = (query.get('type') ?? '').toUpperCase();
    const byPo = type === 'SHP' && query.has('po') && !query.has('ordernum');
    const operation =
      type === 'INV' || type === 'INP'
        ? standardOperations.stock
        : type === 'ORD'
          ? standardOperations.submit
          : byPo
            ? standardOperations.findOrder
            : standardOperations.shipments;
    calls.record(operation);
    const echo = await echoRequest(request);
    if (query.get('apikey') !== apiKey || query.get('cust') !== customerNumber) {
      return failedBlock(type || 'ERR', echo, { errormsg: tuckerRockySimulatorMessages.authentication });
    }
    const aliases =
      operation === standardOperations.shipments
        ? [standardOperations.findOrder]
        : operation === standardOperations.findOrder
          ? [standardOperations.shipments]
          : [];
    return faults.serve([operation, ...aliases], () => {
      switch (type) {
        case 'INV':
        case 'INP':
          return stock(query.getAll('item'), type);
        case 'ORD':
          return order(query, echo);
        case 'SHP': {
          if (byPo) return shipments(book.findAll(query.get('po') ?? ''));
          const wanted = new Set(query.getAll('ordernum'));
          return shipments(book.all().filter((entry) => wanted.has(entry.reference)));
        }
        default:
          return failedBlock(type || 'ERR', echo, { errormsg: `Unsupported type ${type}` });
      }
    });
  });

  return {
    distributor: 'tucker-rocky',
    handlers: [handler],
    baseURL,
    customerNumber,
    apiKey,
    addProduct(product: SimulatedProduct) {
      products.set(product.sku, { ...product, stock: { ...product.stock } });
    },
    setStock(sku: string, warehouse: string, quantity: number) {
      const product = products.get(sku) ?? { sku, stock: {} };
      product.stock[warehouse] = quantity;
      products.set(sku, product);
    },
    orderCount: (poNumber: string) => book.count(poNumber),
    orders: () => book.all(),
    shipOrder: (poNumber: string, shipOptions?: ShipOptions) => book.ship(poNumber, { carrier: 'UG', ...shipOptions }),
    injectFault: (fault: Fault) => faults.inject(fault),
    callCount: (operation?: string) => calls.count(operation),
    setAccount(account) {
      creditCard = account.creditCard;
    },
    setLineError(sku, message) {
      if (message === undefined) lineErrors.delete(sku);
      else lineErrors.set(sku, message);
    },
    validationCount: () => validations,
    rejectNextOrders(options) {
      rejections.push(options);
    },
    cancelOnDistributorSide(poNumber, options) {
      cancelHeldLines(book, poNumber, options, 'Tucker Rocky');
    },
    setPrice(sku, unitCost) {
      const product = products.get(sku);
      if (!product) throw new Error(`Tucker Rocky simulator: unknown item ${sku}`);
      product.cost = unitCost;
    },
    reset(resetOptions?: { all?: boolean }) {
      rejections.clear();
      book.clear();
      faults.reset();
      calls.reset();
      validations = 0;
      lineErrors.clear();
      creditCard = options.creditCard ?? true;
      if (resetOptions?.all) products.clear();
    },
  };
}
