import {
  FieldLengthError,
  type FieldLengthViolation,
  type PurchaseOrderRequest,
  parseWith,
  purchaseOrderRequestLineSchema,
  purchaseOrderRequestSchema,
} from '@dropship/core';
import { z } from 'zod';
import type { EdiPartner } from './edi-options.js';
import type { X12Segment } from './parse-x12.js';
import { writeX12Interchange, x12Text, x12Timestamps } from './write-x12.js';
import { formatX12Decimal } from './x12-money.js';

/** What an 850 says of one PO line beyond the request: the manufacturer's part number, when known. */
export interface EdiPurchaseOrderLineExtras {
  readonly manufacturerPartNumber?: string;
}

/** Everything an 850 interchange is written from. */
export interface EdiPurchaseOrderInput {
  /** The PO, already validated (see {@link parseEdiPurchaseOrderRequest}). */
  readonly request: PurchaseOrderRequest;
  readonly partner: EdiPartner;
  /** ISA13 = GS06: a value from the store's sequence, never used before. */
  readonly controlNumber: number;
  /** When the PO was first written (BEG05 and the envelope's dates): the same on every retry. */
  readonly at: Date;
  /** `original` (BEG01 `00`) or `cancel` (BEG01 `01`). */
  readonly purpose: 'original' | 'cancel';
  /** Per line, in the request's order. */
  readonly lineExtras?: readonly EdiPurchaseOrderLineExtras[];
}

/** X12 element limits of the ship-to loop (https://stedi.com/edi/x12-004010/segment/N1, N3, N4). */
const limits = {
  N102: 60,
  N201: 60,
  N301: 55,
  N302: 55,
  N401: 30,
  N402: 2,
  N403: 15,
  PER02: 60,
  PER04: 80,
  PER06: 80,
  PO107: 48,
  PO109: 48,
} as const;

/**
 * Validates a PO for an EDI partner: the SDK's request schema, plus a PO number of at most
 * `partner.maxPoNumberLength` printable ASCII characters without an X12 delimiter (BEG03 is AN
 * 1 to 22, https://stedi.com/edi/x12-004010/segment/BEG), and SKUs that X12 carries as they are
 * (a delimiter would be replaced, and the partner would read another part number).
 *
 * @param input - the request as the caller passed it.
 * @param partner - the partner's settings.
 * @throws `ValidationError` listing every problem with its path.
 */
export function parseEdiPurchaseOrderRequest(input: unknown, partner: EdiPartner): PurchaseOrderRequest {
  const line = purchaseOrderRequestLineSchema.extend({
    sku: purchaseOrderRequestLineSchema.shape.sku.refine(
      (value) => x12Text(value) === value,
      'must be printable ASCII without an X12 delimiter (* ~ > ^ |), doubled or edge spaces',
    ),
  });
  const schema = purchaseOrderRequestSchema.extend({
    lines: z.array(line).min(1, 'must have at least one line'),
    poNumber: z
      .string()
      .min(1, 'must not be empty')
      .max(partner.maxPoNumberLength, `must be at most ${partner.maxPoNumberLength} characters (the partner's limit)`)
      .regex(/^[\x21-\x7E]+$/, 'must be printable ASCII without spaces')
      .regex(/^[^*~>^|]+$/, 'must not contain an X12 delimiter (* ~ > ^ |)'),
  });
  return parseWith(schema, input, 'EDI purchase order request');
}

/** Refuses, before anything is written, every ship-to or part number field longer than X12 allows. */
function checkLengths(service: string, values: Record<keyof typeof limits, string | undefined>): void {
  const violations: FieldLengthViolation[] = [];
  for (const [field, value] of Object.entries(values) as [keyof typeof limits, string | undefined][]) {
    if (value !== undefined && value.length > limits[field])
      violations.push({ field, maxLength: limits[field], actualLength: value.length });
  }
  if (violations.length > 0) throw new FieldLengthError(service, violations);
}

/**
 * The segments of a drop-ship 850 between ST and SE: BEG, REF*ZZ (the note), PER*OC (the buyer's
 * phone and email), TD5 (ship method), the N1*ST loop (N1, N2, N3, N4), one PO1 per line with
 * the partner's part number and the manufacturer's, CTT and AMT*TT. Layout after the drop-ship
 * samples of https://github.com/Stedi-Demos/function-templates (src/functions/generate-edi)
 * and the X12 850 example https://x12.org/examples/004010x357/example-1-basic-purchase-order.
 * Unit costs are written as decimals (PO104 is type R: the decimal point is written).
 *
 * @param input - the PO and the partner.
 * @param service - the distributor id, for errors.
 * @throws FieldLengthError when a ship-to field or a part number is longer than X12 allows.
 */
export function buildEdiPurchaseOrderSegments(input: EdiPurchaseOrderInput, service: string): X12Segment[] {
  const { request, partner } = input;
  const shipTo = request.shipTo;
  const text = (value: string | undefined) => (value === undefined ? undefined : x12Text(value));
  const name = text(shipTo.name) as string;
  const address = [shipTo.address1, shipTo.address2]
    .filter((line): line is string => !!line)
    .map((line) => x12Text(line));
  const extras = input.lineExtras ?? [];
  checkLengths(service, {
    N102: name,
    N201: text(shipTo.company),
    N301: address[0],
    N302: address[1],
    N401: text(shipTo.city),
    N402: text(shipTo.region),
    N403: text(shipTo.postalCode),
    PER02: partner.writeContact ? name : undefined,
    PER04: partner.writeContact ? text(shipTo.phone) : undefined,
    PER06: partner.writeContact ? text(shipTo.email) : undefined,
    PO107: request.lines.reduce((longest, line) => (line.sku.length > longest.length ? line.sku : longest), ''),
    PO109: extras.reduce(
      (longest, extra) =>
        (extra.manufacturerPartNumber?.length ?? 0) > longest.length ? (extra.manufacturerPartNumber ?? '') : longest,
      '',
    ),
  });
  const date = x12Timestamps(input.at).groupDate;
  const segments: X12Segment[] = [
    {
      tag: 'BEG',
      elements: [input.purpose === 'cancel' ? '01' : '00', partner.purchaseOrderType, request.poNumber, '', date],
    },
  ];
  if (request.note) segments.push({ tag: 'REF', elements: ['ZZ', x12Text(request.note).slice(0, 80)] });
  if (partner.writeContact && (shipTo.phone || shipTo.email)) {
    const contact = ['OC', name];
    if (shipTo.phone) contact.push('TE', x12Text(shipTo.phone));
    if (shipTo.email) contact.push('EM', x12Text(shipTo.email));
    segments.push({ tag: 'PER', elements: contact });
  }
  const shipMethod = request.shipMethod ?? partner.defaultShipMethod;
  if (shipMethod)
    segments.push({
      tag: 'TD5',
      elements: ['', '', '', partner.shipMethodQualifier, x12Text(shipMethod).slice(0, 35)],
    });
  const n1 = ['ST', name];
  if (partner.shipToIdentifier) n1.push(partner.shipToIdentifier.qualifier, partner.shipToIdentifier.value);
  segments.push({ tag: 'N1', elements: n1 });
  if (shipTo.company) segments.push({ tag: 'N2', elements: [x12Text(shipTo.company)] });
  segments.push({ tag: 'N3', elements: address });
  if (shipTo.address3) segments.push({ tag: 'N3', elements: [x12Text(shipTo.address3).slice(0, limits.N301)] });
  segments.push({
    tag: 'N4',
    elements: [x12Text(shipTo.city), x12Text(shipTo.region), x12Text(shipTo.postalCode), shipTo.country],
  });
  let total = 0;
  let everyLinePriced = true;
  request.lines.forEach((line, index) => {
    const priced = line.unitCost !== undefined;
    everyLinePriced &&= priced;
    if (priced) total += (line.unitCost as number) * line.quantity;
    const elements = [
      String(index + 1),
      String(line.quantity),
      partner.unitOfMeasure,
      priced ? formatX12Decimal(line.unitCost as number, request.currency) : '',
      priced ? partner.priceBasis : '',
      partner.partnerPartQualifier,
      line.sku,
    ];
    const manufacturerPartNumber = extras[index]?.manufacturerPartNumber;
    if (manufacturerPartNumber) elements.push(partner.manufacturerPartQualifier, x12Text(manufacturerPartNumber));
    segments.push({ tag: 'PO1', elements });
  });
  segments.push({ tag: 'CTT', elements: [String(request.lines.length)] });
  if (partner.writeTotal && everyLinePriced)
    segments.push({ tag: 'AMT', elements: ['TT', formatX12Decimal(total, request.currency)] });
  return segments;
}

/**
 * Writes a drop-ship 850 in its own interchange (ISA/GS/ST … SE/GE/IEA), control number
 * `input.controlNumber`. The same input always gives the same text, so a retry resends the very
 * same interchange.
 *
 * @param input - the PO, the partner and the control number.
 * @param service - the distributor id, for errors.
 * @throws FieldLengthError when a field is longer than X12 allows.
 */
export function writeEdiPurchaseOrder(input: EdiPurchaseOrderInput, service: string): string {
  const { partner } = input;
  return writeX12Interchange({
    sender: { qualifier: partner.senderQualifier, id: partner.senderId },
    receiver: { qualifier: partner.receiverQualifier, id: partner.receiverId },
    applicationSenderCode: partner.applicationSenderCode ?? partner.senderId,
    applicationReceiverCode: partner.applicationReceiverCode ?? partner.receiverId,
    version: partner.version,
    usage: partner.usage,
    acknowledgmentRequested: partner.acknowledgmentRequested,
    controlNumber: input.controlNumber,
    timestamps: x12Timestamps(input.at),
    documents: [{ functionalIdentifier: 'PO', code: '850', segments: buildEdiPurchaseOrderSegments(input, service) }],
  });
}
