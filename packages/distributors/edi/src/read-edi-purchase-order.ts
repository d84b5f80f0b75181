import { ResponseParseError } from '@dropship/core';
import type { X12Segment, X12TransactionSet } from './parse-x12.js';
import { parseX12Decimal } from './x12-money.js';

/** An 850 as read back: what a partner (or our own round-trip test) sees of a PO. */
export interface EdiPurchaseOrderDocument {
  readonly kind: '850';
  /** BEG01: `original` (`00`) or `cancel` (`01`). */
  readonly purpose: 'original' | 'cancel';
  /** BEG02, for example `DS`. */
  readonly type: string;
  /** BEG03. */
  readonly poNumber: string;
  /** BEG05, `CCYYMMDD`. */
  readonly date: string;
  /** REF*ZZ. */
  readonly note?: string;
  /** TD505. */
  readonly shipMethod?: string;
  readonly shipTo: {
    readonly name: string;
    readonly company?: string;
    readonly address1: string;
    readonly address2?: string;
    readonly city: string;
    readonly region: string;
    readonly postalCode: string;
    readonly country: string;
    readonly phone?: string;
    readonly email?: string;
  };
  readonly lines: readonly {
    /** PO101. */
    readonly lineNumber: string;
    /** PO102. */
    readonly quantity: number;
    /** PO104 in minor units, when written. */
    readonly unitCost?: number;
    /** PO106+ qualifier/value pairs. */
    readonly partNumbers: Readonly<Record<string, string>>;
  }[];
  /** AMT*TT in minor units. */
  readonly total?: number;
}

function value(segment: X12Segment | undefined, position: number): string | undefined {
  const text = segment?.elements[position - 1];
  return text === undefined || text === '' ? undefined : text;
}

function optional<Key extends string>(key: Key, text: string | undefined): { [K in Key]?: string } {
  return (text === undefined ? {} : { [key]: text }) as { [K in Key]?: string };
}

/**
 * Reads an 850 transaction set: the partner simulator reads our POs with it, and the tests check
 * that what `writeEdiPurchaseOrder` writes reads back into the same PO.
 *
 * @param set - an 850 transaction set from `parseX12`.
 * @param service - who sent it, for errors.
 * @param currency - the currency of the decimals. Default `USD`.
 * @throws ResponseParseError when BEG, N1*ST, N3, N4 or a PO1 quantity is missing or malformed.
 */
export function readEdiPurchaseOrder(
  set: X12TransactionSet,
  service: string,
  currency = 'USD',
): EdiPurchaseOrderDocument {
  const fail = (field: string) =>
    new ResponseParseError(`${service}: 850 ${field} is missing or malformed`, { service, fields: [field] });
  const find = (tag: string, qualifier?: string) =>
    set.segments.find((segment) => segment.tag === tag && (qualifier === undefined || value(segment, 1) === qualifier));
  const beg = find('BEG');
  const poNumber = value(beg, 3);
  if (set.code !== '850' || poNumber === undefined) throw fail('BEG03');
  const n1Index = set.segments.findIndex((segment) => segment.tag === 'N1' && value(segment, 1) === 'ST');
  const loop =
    n1Index < 0
      ? []
      : set.segments.slice(
          n1Index,
          set.segments.findIndex((segment, index) => index > n1Index && segment.tag === 'PO1'),
        );
  const inLoop = (tag: string) => loop.find((segment) => segment.tag === tag);
  const n1 = inLoop('N1');
  const n3 = inLoop('N3');
  const n4 = inLoop('N4');
  const name = value(n1, 2);
  const address1 = value(n3, 1);
  const [city, region, postalCode, country] = [1, 2, 3, 4].map((position) => value(n4, position));
  if (!name || !address1 || !city || !region || !postalCode || !country) throw fail('N1*ST');
  const per = find('PER', 'OC');
  const contact = (qualifier: string) => {
    for (let position = 3; position < (per?.elements.length ?? 0); position += 2)
      if (value(per, position) === qualifier) return value(per, position + 1);
    return undefined;
  };
  const lines = set.segments
    .filter((segment) => segment.tag === 'PO1')
    .map((segment) => {
      const quantity = Number(value(segment, 2));
      if (!Number.isSafeInteger(quantity) || quantity < 1) throw fail('PO102');
      const priceText = value(segment, 4);
      const unitCost = priceText === undefined ? undefined : parseX12Decimal(priceText, currency);
      if (priceText !== undefined && unitCost === undefined) throw fail('PO104');
      const partNumbers: Record<string, string> = {};
      for (let position = 6; position < segment.elements.length; position += 2) {
        const qualifier = value(segment, position);
        const id = value(segment, position + 1);
        if (qualifier !== undefined && id !== undefined) partNumbers[qualifier] = id;
      }
      return {
        lineNumber: value(segment, 1) ?? '',
        quantity,
        ...(unitCost !== undefined ? { unitCost } : {}),
        partNumbers,
      };
    });
  const totalText = value(find('AMT', 'TT'), 2);
  const total = totalText === undefined ? undefined : parseX12Decimal(totalText, currency);
  return {
    kind: '850',
    purpose: value(beg, 1) === '01' ? 'cancel' : 'original',
    type: value(beg, 2) ?? '',
    poNumber,
    date: value(beg, 5) ?? '',
    ...optional('note', value(find('REF', 'ZZ'), 2)),
    ...optional('shipMethod', value(find('TD5'), 5)),
    shipTo: {
      name,
      ...optional('company', value(inLoop('N2'), 1)),
      address1,
      ...optional('address2', value(n3, 2)),
      city,
      region,
      postalCode,
      country,
      ...optional('phone', contact('TE')),
      ...optional('email', contact('EM')),
    },
    lines,
    ...(total !== undefined ? { total } : {}),
  };
}
