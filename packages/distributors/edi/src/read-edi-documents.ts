import { ResponseParseError } from '@dropship/core';
import type { X12Segment, X12TransactionSet } from './parse-x12.js';
import { parseX12Decimal, parseX12ImpliedDecimal } from './x12-money.js';

/** The part numbers of a line, by qualifier (`VP` vendor part, `MG` manufacturer part, `UP` UPC, ...). */
export type EdiPartNumbers = Readonly<Record<string, string>>;

/** A 997: the partner's translator accepted or rejected one of our functional groups (syntax, not business). */
export interface EdiFunctionalAcknowledgment {
  readonly kind: '997';
  /** AK101: the acknowledged group's GS01 (`PO` for our 850s). */
  readonly functionalIdentifier: string;
  /** AK102: the acknowledged group's GS06, our control number. */
  readonly groupControlNumber: number;
  /** AK901: `A` accepted, `E` accepted with errors, `P` partially accepted, `R` rejected. */
  readonly status: 'accepted' | 'accepted-with-errors' | 'partially-accepted' | 'rejected';
}

/** What the partner says of one PO line in an 855. */
export type EdiLineStatus = 'accepted' | 'backordered' | 'rejected' | 'changed' | 'held';

/** One acknowledged line of an 855 (its PO1 and ACK). */
export interface EdiAcknowledgedLine {
  /** PO101, when echoed: our line number (1, 2, ...). */
  readonly lineNumber?: string;
  readonly partNumbers: EdiPartNumbers;
  /** The line's status, from ACK01. */
  readonly status: EdiLineStatus;
  /** ACK01 as sent, for example `IA` or `IR`. */
  readonly code: string;
  /** ACK02: the quantity the status applies to (not the echoed PO102). */
  readonly quantity?: number;
}

/** An 855: the partner's business answer to a PO. */
export interface EdiPurchaseOrderAcknowledgment {
  readonly kind: '855';
  /** BAK03: our PO number. */
  readonly poNumber: string;
  /** BAK02, for example `AC`, `AD`, `AT`, `RJ`. */
  readonly acknowledgmentType: string;
  /** True when BAK02 rejects the whole PO (`RJ`, `RD`, `RF`). */
  readonly rejected: boolean;
  /** The partner's order number: BAK08, or REF*VN. */
  readonly partnerOrderNumber?: string;
  readonly lines: readonly EdiAcknowledgedLine[];
}

/** One line of a ship notice (an item level: LIN and SN1). */
export interface EdiShippedLine {
  /** LIN01 or SN101, when echoed: our PO line number. */
  readonly lineNumber?: string;
  readonly partNumbers: EdiPartNumbers;
  /** SN102: units shipped. */
  readonly quantity: number;
}

/** One package of an order in a ship notice. */
export interface EdiShippedPackage {
  /** Its tracking numbers: MAN*CP of the pack level, else REF*2I / REF*CN of the order or shipment. */
  readonly trackingNumbers: readonly string[];
  /** Exactly what is in it, when the notice says (items under a pack level, or an order in one package). */
  readonly lines?: readonly EdiShippedLine[];
}

/** One order (HL level O) of a ship notice. */
export interface EdiShippedOrder {
  /** PRF01: our PO number. */
  readonly poNumber: string;
  /** Every item shipped for the order in this notice. */
  readonly lines: readonly EdiShippedLine[];
  readonly packages: readonly EdiShippedPackage[];
}

/** An 856: a shipment, its carrier, and per order its packages and lines. */
export interface EdiShipNotice {
  readonly kind: '856';
  /** BSN02. */
  readonly shipmentId: string;
  /** DTM*011 (shipped), else BSN03/BSN04, as an ISO instant (UTC). */
  readonly shippedAt: string;
  /** TD503 when TD502 is `2` (a SCAC). */
  readonly scac?: string;
  /** TD505, the routing text. */
  readonly routing?: string;
  readonly orders: readonly EdiShippedOrder[];
}

/** One line of an invoice (IT1). */
export interface EdiInvoiceLine {
  /** IT101, when sent. */
  readonly lineNumber?: string;
  readonly partNumbers: EdiPartNumbers;
  /** IT102. */
  readonly quantity: number;
  /** IT104 in minor units. */
  readonly unitPrice?: number;
}

/** An 810: an invoice for one PO. */
export interface EdiInvoice {
  readonly kind: '810';
  /** BIG02. */
  readonly invoiceNumber: string;
  /** BIG01, `CCYYMMDD`. */
  readonly invoiceDate: string;
  /** BIG04: our PO number. */
  readonly poNumber: string;
  readonly lines: readonly EdiInvoiceLine[];
  /** TDS01 in minor units (implied two decimals). */
  readonly total?: number;
  /** SAC charges: SAC02 code (`D240` freight, `H750` tax, ...) and SAC05 in minor units. */
  readonly charges: readonly { readonly code: string; readonly amount: number }[];
}

/** A document the partner sends back. */
export type EdiInboundDocument =
  | EdiFunctionalAcknowledgment
  | EdiPurchaseOrderAcknowledgment
  | EdiShipNotice
  | EdiInvoice;

function fail(service: string, field: string, message: string): ResponseParseError {
  return new ResponseParseError(`${service}: ${field} ${message}`, { service, fields: [field] });
}

function element(segment: X12Segment | undefined, position: number): string | undefined {
  const value = segment?.elements[position - 1];
  return value === undefined || value === '' ? undefined : value;
}

function required(service: string, segment: X12Segment | undefined, tag: string, position: number): string {
  const value = element(segment, position);
  if (value === undefined) throw fail(service, `${tag}${String(position).padStart(2, '0')}`, 'is missing');
  return value;
}

function quantityOf(service: string, field: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || !/^\d+(\.0+)?$/.test(text) || !Number.isSafeInteger(value))
    throw fail(service, field, `must be a whole quantity, got ${JSON.stringify(text ?? '')}`);
  return value;
}

/** Qualifier/value pairs from `from` (1-based) on: PO106/PO107, LIN02/LIN03, IT106/IT107, ... */
function partNumbersOf(segment: X12Segment, from: number): EdiPartNumbers {
  const pairs: Record<string, string> = {};
  for (let position = from; position < segment.elements.length; position += 2) {
    const qualifier = element(segment, position);
    const value = element(segment, position + 1);
    if (qualifier !== undefined && value !== undefined && !(qualifier in pairs)) pairs[qualifier] = value;
  }
  return pairs;
}

/** ACK01 codes by status, after Oracle's defaults (https://docs.oracle.com/en/cloud/saas/supply-chain-and-manufacturing/24c/facmm/acknowledgment-codes-0.html). */
const lineStatuses: Readonly<Record<string, EdiLineStatus>> = {
  IA: 'accepted',
  AA: 'accepted',
  AC: 'accepted',
  AR: 'accepted',
  IB: 'backordered',
  BP: 'backordered',
  IR: 'rejected',
  ID: 'rejected',
  R1: 'rejected',
  R2: 'rejected',
  R3: 'rejected',
  R4: 'rejected',
  R5: 'rejected',
  R6: 'rejected',
  R7: 'rejected',
  R8: 'rejected',
  // "Item Discontinued", in later releases (https://edi.stedi.com/x12-008020/element/668).
  R9: 'rejected',
  IQ: 'changed',
  IP: 'changed',
  IC: 'changed',
  IS: 'changed',
  DR: 'changed',
  IH: 'held',
  IE: 'held',
  IF: 'held',
  IW: 'held',
  SP: 'held',
};

function read997(set: X12TransactionSet, service: string): EdiFunctionalAcknowledgment {
  const ak1 = set.segments.find((segment) => segment.tag === 'AK1');
  const ak9 = set.segments.find((segment) => segment.tag === 'AK9');
  const groupControlNumber = Number(required(service, ak1, 'AK1', 2));
  if (!Number.isSafeInteger(groupControlNumber)) throw fail(service, 'AK102', 'must be a control number');
  const code = required(service, ak9, 'AK9', 1);
  const statuses = { A: 'accepted', E: 'accepted-with-errors', P: 'partially-accepted', R: 'rejected' } as const;
  const status = statuses[code as keyof typeof statuses];
  if (status === undefined) throw fail(service, 'AK901', `must be A, E, P or R, got ${JSON.stringify(code)}`);
  return { kind: '997', functionalIdentifier: required(service, ak1, 'AK1', 1), groupControlNumber, status };
}

function read855(set: X12TransactionSet, service: string): EdiPurchaseOrderAcknowledgment {
  const bak = set.segments.find((segment) => segment.tag === 'BAK');
  const acknowledgmentType = required(service, bak, 'BAK', 2);
  const partnerOrderNumber =
    element(bak, 8) ??
    element(
      set.segments.find((segment) => segment.tag === 'REF' && element(segment, 1) === 'VN'),
      2,
    );
  const lines: EdiAcknowledgedLine[] = [];
  let current: X12Segment | undefined;
  for (const segment of set.segments) {
    if (segment.tag === 'PO1') current = segment;
    if (segment.tag !== 'ACK') continue;
    const code = required(service, segment, 'ACK', 1);
    const status = lineStatuses[code];
    if (status === undefined) throw fail(service, 'ACK01', `is an unknown line status ${JSON.stringify(code)}`);
    const quantityText = element(segment, 2);
    lines.push({
      ...(current && element(current, 1) !== undefined ? { lineNumber: element(current, 1) } : {}),
      partNumbers: current ? partNumbersOf(current, 6) : {},
      status,
      code,
      ...(quantityText !== undefined ? { quantity: quantityOf(service, 'ACK02', quantityText) } : {}),
    });
  }
  return {
    kind: '855',
    poNumber: required(service, bak, 'BAK', 3),
    acknowledgmentType,
    rejected: ['RJ', 'RD', 'RF'].includes(acknowledgmentType),
    ...(partnerOrderNumber !== undefined ? { partnerOrderNumber } : {}),
    lines,
  };
}

/** `CCYYMMDD` and an optional `HHMM[SS]` as an ISO instant in UTC, or undefined. */
function instantOf(date: string | undefined, time: string | undefined): string | undefined {
  if (date === undefined || !/^\d{8}$/.test(date)) return undefined;
  const clock = time !== undefined && /^\d{4,6}/.test(time) ? time.padEnd(6, '0').slice(0, 6) : '000000';
  const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${clock.slice(0, 2)}:${clock.slice(2, 4)}:${clock.slice(4, 6)}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

interface HierarchyNode {
  readonly id: string;
  readonly parent?: string;
  readonly level: string;
  readonly segments: X12Segment[];
}

function trackingRefs(segments: readonly X12Segment[]): string[] {
  const found: string[] = [];
  for (const segment of segments) {
    const value = element(segment, 2);
    if (segment.tag === 'REF' && (element(segment, 1) === '2I' || element(segment, 1) === 'CN') && value !== undefined)
      if (!found.includes(value)) found.push(value);
  }
  return found;
}

function read856(set: X12TransactionSet, service: string): EdiShipNotice {
  const bsn = set.segments.find((segment) => segment.tag === 'BSN');
  const nodes: HierarchyNode[] = [];
  for (const segment of set.segments) {
    if (segment.tag === 'HL') {
      const parent = element(segment, 2);
      nodes.push({
        id: required(service, segment, 'HL', 1),
        ...(parent ? { parent } : {}),
        level: required(service, segment, 'HL', 3),
        segments: [],
      });
    } else nodes.at(-1)?.segments.push(segment);
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const ancestor = (node: HierarchyNode, level: string): HierarchyNode | undefined => {
    let cursor: HierarchyNode | undefined = node;
    for (let depth = 0; cursor !== undefined && depth < nodes.length; depth++) {
      if (cursor.level === level) return cursor;
      cursor = cursor.parent === undefined ? undefined : byId.get(cursor.parent);
    }
    return undefined;
  };
  const shipment = nodes.find((node) => node.level === 'S');
  const shipmentSegments = shipment?.segments ?? [];
  const td5 = shipmentSegments.find((segment) => segment.tag === 'TD5');
  const dtm = shipmentSegments.find((segment) => segment.tag === 'DTM' && element(segment, 1) === '011');
  const shippedAt = instantOf(element(dtm, 2), element(dtm, 3)) ?? instantOf(element(bsn, 3), element(bsn, 4));
  if (shippedAt === undefined) throw fail(service, 'BSN03', 'is not a CCYYMMDD date');
  const itemOf = (node: HierarchyNode): EdiShippedLine => {
    const lin = node.segments.find((segment) => segment.tag === 'LIN');
    const sn1 = node.segments.find((segment) => segment.tag === 'SN1');
    const lineNumber = element(lin, 1) ?? element(sn1, 1);
    return {
      ...(lineNumber !== undefined ? { lineNumber } : {}),
      partNumbers: lin ? partNumbersOf(lin, 2) : {},
      quantity: quantityOf(service, 'SN102', element(sn1, 2)),
    };
  };
  const orders: EdiShippedOrder[] = nodes
    .filter((node) => node.level === 'O')
    .map((order) => {
      const prf = order.segments.find((segment) => segment.tag === 'PRF');
      const items = nodes.filter((node) => node.level === 'I' && ancestor(node, 'O') === order);
      const packs = nodes.filter((node) => node.level === 'P' && ancestor(node, 'O') === order);
      const refs = [...trackingRefs(order.segments), ...trackingRefs(shipmentSegments)];
      const packages: EdiShippedPackage[] = packs.map((pack) => {
        const tracking = pack.segments
          .filter(
            (segment) => segment.tag === 'MAN' && element(segment, 1) === 'CP' && element(segment, 2) !== undefined,
          )
          .map((segment) => element(segment, 2) as string);
        const inside = items.filter((item) => ancestor(item, 'P') === pack);
        return {
          trackingNumbers: tracking.length > 0 ? tracking : packs.length === 1 ? refs : [],
          ...(inside.length > 0 && ancestor(pack, 'I') === undefined ? { lines: inside.map(itemOf) } : {}),
        };
      });
      const lines = items.map(itemOf);
      if (packs.length === 0)
        packages.push(
          ...(refs.length === 1
            ? [{ trackingNumbers: refs, lines }]
            : refs.map((reference) => ({ trackingNumbers: [reference] }))),
        );
      return { poNumber: required(service, prf, 'PRF', 1), lines, packages };
    });
  const scac = element(td5, 2) === '2' ? element(td5, 3) : undefined;
  const routing = element(td5, 5);
  return {
    kind: '856',
    shipmentId: required(service, bsn, 'BSN', 2),
    shippedAt,
    ...(scac !== undefined ? { scac } : {}),
    ...(routing !== undefined ? { routing } : {}),
    orders,
  };
}

function read810(set: X12TransactionSet, service: string, currency: string): EdiInvoice {
  const big = set.segments.find((segment) => segment.tag === 'BIG');
  const lines: EdiInvoiceLine[] = set.segments
    .filter((segment) => segment.tag === 'IT1')
    .map((segment) => {
      const priceText = element(segment, 4);
      const unitPrice = priceText === undefined ? undefined : parseX12Decimal(priceText, currency);
      if (priceText !== undefined && unitPrice === undefined)
        throw fail(service, 'IT104', `is not a price: ${JSON.stringify(priceText)}`);
      const lineNumber = element(segment, 1);
      return {
        ...(lineNumber !== undefined ? { lineNumber } : {}),
        partNumbers: partNumbersOf(segment, 6),
        quantity: quantityOf(service, 'IT102', element(segment, 2)),
        ...(unitPrice !== undefined ? { unitPrice } : {}),
      };
    });
  const tdsText = element(
    set.segments.find((segment) => segment.tag === 'TDS'),
    1,
  );
  const total = tdsText === undefined ? undefined : parseX12ImpliedDecimal(tdsText);
  if (tdsText !== undefined && total === undefined) throw fail(service, 'TDS01', 'is not an amount');
  const charges = set.segments
    .filter(
      (segment) => segment.tag === 'SAC' && element(segment, 2) !== undefined && element(segment, 5) !== undefined,
    )
    .map((segment) => {
      const amount = parseX12ImpliedDecimal(element(segment, 5) as string);
      if (amount === undefined) throw fail(service, 'SAC05', 'is not an amount');
      return { code: element(segment, 2) as string, amount };
    });
  return {
    kind: '810',
    invoiceNumber: required(service, big, 'BIG', 2),
    invoiceDate: required(service, big, 'BIG', 1),
    poNumber: required(service, big, 'BIG', 4),
    lines,
    ...(total !== undefined ? { total } : {}),
    charges,
  };
}

/**
 * Reads one transaction set the partner sent into a typed document: 997, 855, 856 or 810.
 * Returns undefined for any other set (an 846, an 864: not read by this client).
 *
 * @param set - the transaction set, from `parseX12`.
 * @param service - the distributor id, for errors.
 * @param currency - the currency of prices written as decimals. Default `USD`.
 * @throws ResponseParseError naming the element when a required one is missing or malformed.
 */
export function readEdiDocument(
  set: X12TransactionSet,
  service: string,
  currency = 'USD',
): EdiInboundDocument | undefined {
  switch (set.code) {
    case '997':
      return read997(set, service);
    case '855':
      return read855(set, service);
    case '856':
      return read856(set, service);
    case '810':
      return read810(set, service, currency);
    default:
      return undefined;
  }
}
