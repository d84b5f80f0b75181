import {
  ApiError,
  type CancelResult,
  type DistributorCapabilities,
  type DistributorClient,
  type DistributorInvoiceInput,
  type DistributorOrder,
  type InvoiceLookup,
  NetworkError,
  type PurchaseOrderRequest,
  parseWith,
  type StockLevel,
  type SubmitOrderResult,
  ValidationError,
} from '@dropship/core';
import { toDistributorInvoice } from './edi-invoice.js';
import { createEdiLedger, type EdiSentPurchaseOrder } from './edi-ledger.js';
import { type EdiOptions, ediOptionsSchema } from './edi-options.js';
import { type EdiOrderSummary, summarizeEdiOrder } from './map-edi-order.js';
import { parseX12, type X12TransactionSet } from './parse-x12.js';
import { type EdiPollReport, pollEdiInbound } from './poll-edi-inbound.js';
import { readEdiPurchaseOrder } from './read-edi-purchase-order.js';
import {
  buildEdiPurchaseOrderSegments,
  parseEdiPurchaseOrderRequest,
  writeEdiPurchaseOrder,
} from './write-edi-purchase-order.js';

/** The EDI client: a `DistributorClient`, plus what only EDI has. */
export interface EdiClient extends DistributorClient {
  /**
   * Picks up the partner's files now (`findOrder` and `listShipments` do it first themselves):
   * 997s, 855s, 856s and 810s are recorded against their POs, each file once.
   */
  poll(): Promise<EdiPollReport>;
  /**
   * Everything the partner said about a PO (997 status, 855 lines with typed rejections, ship
   * notices as shipments, 810 invoices), from what was already picked up; null when no 850 was
   * sent for it.
   */
  describeOrder(poNumber: string): Promise<EdiOrderSummary | null>;
  /** Closes the transport. */
  close(): Promise<void>;
}

/** Longest PO list per `listShipments` call: every PO is read from the store, after one pick-up. */
const MAX_TRACKING_BATCH = 100;

function inconclusive(distributor: string, poNumber: string): NetworkError {
  return new NetworkError(
    `${distributor}: the upload of PO ${poNumber}'s 850 was interrupted and the file is no longer in the partner's folder; whether the partner took it is known once its 997 or 855 arrives, so it is not sent again`,
    { service: distributor, isRetryable: true },
  );
}

/**
 * Creates the client of a trading partner reached by EDI X12: `submitOrder` writes a drop-ship 850
 * and uploads it once; `findOrder` and `listShipments` pick up the partner's 997, 855, 856 and 810
 * files and report the order's status and shipments. No real-time stock (`checkStock` throws, so
 * the dropshipper uses the catalog's stock), cancel only where the partner accepts a cancel 850.
 *
 * Never twice: the 850 (its control number, file name and text) is recorded in the store before
 * the upload, the upload writes a temporary name and renames it (recording that it is about to),
 * and a retry uploads that same file only when the store proves it never reached the partner's
 * folder: after an interrupted rename whose file has gone (the partner may have taken it) it
 * throws a retryable `NetworkError` and sends nothing, until the partner's 997 or 855 settles it.
 * A failure before the rename (no connection, a broken write) is simply retried.
 *
 * @param options - see {@link EdiOptions}.
 * @throws `ValidationError` for a bad or unknown option; `ConfigurationError` for a store without `nextSequenceValue`.
 */
export function createEdi(options: EdiOptions): EdiClient {
  const settings = parseWith(ediOptionsSchema, options, 'EDI options');
  const { distributor, partner, transport } = settings;
  const now = (settings.now as (() => Date) | undefined) ?? (() => new Date());
  const manufacturerPartNumber = settings.manufacturerPartNumber as ((sku: string) => string | undefined) | undefined;
  const sequenceName = `edi:${distributor}:interchange:${partner.senderQualifier}/${partner.senderId}:${partner.receiverQualifier}/${partner.receiverId}`;
  const ledger = createEdiLedger(settings.store, distributor, sequenceName, now);
  const sightings = new Map<string, { size: number; modifiedMs: number; seenAtMs: number }>();
  const capabilities: DistributorCapabilities = Object.freeze({
    cancel: partner.acceptsCancel ? 'supported' : 'unsupported',
    batchTracking: 'po-list',
    maxTrackingBatch: MAX_TRACKING_BATCH,
    maxStockBatch: 1,
    stockIsFloor: false,
    maxPoNumberLength: partner.maxPoNumberLength,
    validateOnly: true,
    invoices: 'list',
  });

  const poll = () =>
    pollEdiInbound({
      distributor,
      partner,
      transport,
      ledger,
      stableForMs: settings.inbound.stableForMs,
      ignorePattern: settings.inbound.ignorePattern,
      now,
      sightings,
    });

  const lineExtras = (request: PurchaseOrderRequest) =>
    request.lines.map((line) => {
      const value = manufacturerPartNumber?.(line.sku);
      return value ? { manufacturerPartNumber: value } : {};
    });

  /** The 850 to record for a PO: its text with `controlNumber`, written at the first attempt. */
  const sentFor =
    (request: PurchaseOrderRequest, purpose: 'original' | 'cancel') =>
    (controlNumber: number): EdiSentPurchaseOrder => {
      const at = now();
      const extras = lineExtras(request);
      return {
        poNumber: request.poNumber,
        controlNumber,
        fileName: `850-${String(controlNumber).padStart(9, '0')}.edi`,
        createdAt: at.toISOString(),
        lines: request.lines.map((line, index) => ({
          sku: line.sku,
          quantity: line.quantity,
          manufacturerPartNumber: extras[index]?.manufacturerPartNumber ?? null,
        })),
        currency: request.currency,
        content: writeEdiPurchaseOrder(
          { request, partner, controlNumber, at, purpose, lineExtras: extras },
          distributor,
        ),
      };
    };

  /**
   * Uploads a recorded 850 unless it is there already. Returns true when this call put it in the
   * partner's folder, false when an earlier attempt had.
   */
  async function deliver(sent: EdiSentPurchaseOrder, key: string, firstAttempt: boolean): Promise<boolean> {
    if (!firstAttempt) {
      if (await ledger.has(`uploaded:${key}`)) return false;
      const state = await transport.uploadState(sent.fileName);
      if (state.uploaded) {
        await ledger.mark(`uploaded:${key}`);
        return false;
      }
      // Renamed (or about to be) before, and gone from both names: the partner may have taken it.
      if ((await ledger.has(`upload-started:${key}`)) && !state.temporary) {
        await poll();
        if ((await ledger.entries(sent.poNumber)).length > 0) {
          await ledger.mark(`uploaded:${key}`);
          return false;
        }
        throw inconclusive(distributor, sent.poNumber);
      }
    }
    // Recorded just before the rename: a failure earlier (no connection, a broken write) left no
    // file of the final name, so the next attempt uploads again; after it, only evidence decides.
    const placed = await transport.upload(sent.fileName, sent.content, {
      beforeRename: async () => {
        await ledger.mark(`upload-started:${key}`);
      },
    });
    await ledger.mark(`uploaded:${key}`);
    return placed;
  }

  async function summary(poNumber: string): Promise<EdiOrderSummary | null> {
    const sent = await ledger.sentPurchaseOrder(poNumber);
    if (sent === null) return null;
    if (!(await ledger.has(`uploaded:${poNumber}`))) {
      const entries = await ledger.entries(poNumber);
      if (entries.length === 0) {
        if (await ledger.has(`upload-started:${poNumber}`)) throw inconclusive(distributor, poNumber);
        return null;
      }
    }
    return summarizeEdiOrder(sent, await ledger.entries(poNumber), { ...partner, distributor });
  }

  const client: EdiClient = {
    specificationVersion: 'v1',
    distributor,
    capabilities,

    async checkStock(skus: readonly string[]): Promise<StockLevel[]> {
      throw new ApiError(
        'stock-unsupported',
        `${distributor}: an EDI partner has no real-time stock (${skus.length} SKU asked); its stock comes from its feed (846 or file) in the catalog`,
        { service: distributor, isRetryable: false },
      );
    },

    async submitOrder(input: PurchaseOrderRequest): Promise<SubmitOrderResult> {
      const request = parseEdiPurchaseOrderRequest(input, partner);
      // Field lengths are checked before a control number is taken or anything is recorded.
      buildEdiPurchaseOrderSegments(
        { request, partner, controlNumber: 1, at: now(), purpose: 'original', lineExtras: lineExtras(request) },
        distributor,
      );
      if (request.validateOnly)
        return {
          poNumber: request.poNumber,
          distributorOrderRefs: [],
          status: 'validated',
          alreadyExisted: false,
          warnings: [],
        };
      const { sent, claimed } = await ledger.claimPurchaseOrder(request.poNumber, sentFor(request, 'original'));
      const placedNow = await deliver(sent, request.poNumber, claimed);
      return {
        poNumber: request.poNumber,
        distributorOrderRefs: [`ISA${sent.controlNumber}`],
        status: 'submitted',
        alreadyExisted: !placedNow,
        warnings: [],
      };
    },

    async findOrder(poNumber: string): Promise<DistributorOrder | null> {
      if (typeof poNumber !== 'string' || poNumber.length === 0)
        throw new ValidationError('PO number', [{ path: '', message: 'must be a non-empty string' }]);
      await poll();
      return (await summary(poNumber))?.order ?? null;
    },

    async listShipments(query): Promise<DistributorOrder[]> {
      if (!('poNumbers' in query) || !Array.isArray(query.poNumbers))
        throw new ValidationError('shipment query', [
          {
            path: 'poNumbers',
            message: 'an EDI partner is asked by PO numbers (capabilities.batchTracking is po-list), not by date range',
          },
        ]);
      if (query.poNumbers.length > MAX_TRACKING_BATCH)
        throw new ValidationError('shipment query', [
          { path: 'poNumbers', message: `at most ${MAX_TRACKING_BATCH} PO numbers per call` },
        ]);
      await poll();
      const orders: DistributorOrder[] = [];
      for (const poNumber of query.poNumbers) {
        const found = await summary(poNumber);
        if (found !== null) orders.push(found.order);
      }
      return orders;
    },

    async listInvoices(query: InvoiceLookup): Promise<DistributorInvoiceInput[]> {
      if (!Array.isArray(query?.poNumbers))
        throw new ValidationError('invoice lookup', [{ path: 'poNumbers', message: 'must be an array of PO numbers' }]);
      await poll();
      const invoices: DistributorInvoiceInput[] = [];
      for (const poNumber of query.poNumbers) {
        const sent = await ledger.sentPurchaseOrder(poNumber);
        const found = await summary(poNumber);
        if (sent === null || found === null) continue;
        for (const invoice of found.invoices)
          invoices.push(toDistributorInvoice(invoice, sent, { ...partner, distributor }));
      }
      return invoices;
    },

    async cancelOrder(poNumber: string): Promise<CancelResult> {
      if (!partner.acceptsCancel)
        return {
          status: 'unsupported',
          warning: {
            type: 'unsupported',
            feature: 'cancel-order',
            message: `${distributor}: the partner takes no cancel 850 (partner.acceptsCancel is false); ask them to cancel PO ${poNumber}`,
          },
        };
      const original = await ledger.sentPurchaseOrder(poNumber);
      if (original === null)
        throw new ValidationError('PO number', [{ path: '', message: `no 850 was sent for PO ${poNumber}` }]);
      // The cancel repeats the original 850 (read back from its recorded text) with BEG01 01.
      const [interchange] = await parseX12(original.content, distributor);
      const written = readEdiPurchaseOrder(
        interchange?.groups[0]?.transactionSets[0] as X12TransactionSet,
        distributor,
        original.currency,
      );
      const request: PurchaseOrderRequest = {
        poNumber,
        shipTo: written.shipTo,
        lines: original.lines.map((line, index) => {
          const unitCost = written.lines[index]?.unitCost;
          return { sku: line.sku, quantity: line.quantity, ...(unitCost !== undefined ? { unitCost } : {}) };
        }),
        currency: original.currency,
      };
      const key = `cancel:${poNumber}`;
      const { sent, claimed } = await ledger.claimPurchaseOrder(key, sentFor(request, 'cancel'));
      await deliver(sent, key, claimed);
      return { status: 'requested' };
    },

    poll,
    describeOrder: async (poNumber) => summary(poNumber),
    close: () => transport.close(),
  };
  Object.defineProperty(client, 'toJSON', {
    value: () => ({ distributor, specificationVersion: 'v1' }),
    enumerable: false,
  });
  return client;
}
