import { type CarrierCode, carrierCodeSchema, type DropshipStore } from '@dropship/core';
import { z } from 'zod';
import type { EdiTransport } from './edi-transport.js';

/** An ISA id: 1 to 15 printable ASCII characters, no delimiter. */
const isaIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9 ._\-/@#&]{1,15}$/, 'must be 1 to 15 letters, digits, spaces or . _ - / @ # &')
  .refine((value) => value.trim() === value, 'must not start or end with a space');
/** An ISA id qualifier: two characters (`ZZ`, `01`, `12`, `14`, ...). */
const qualifierSchema = z.string().regex(/^[A-Z0-9]{2}$/, 'must be two upper-case letters or digits, for example ZZ');
/** A GS application code: 2 to 15 characters. */
const applicationCodeSchema = z.string().regex(/^[A-Za-z0-9 ._\-/@#&]{2,15}$/, 'must be 2 to 15 letters or digits');
/** A short X12 code (qualifier, unit of measure). */
const codeSchema = z.string().regex(/^[A-Z0-9]{1,3}$/, 'must be 1 to 3 upper-case letters or digits');

/** Who the trading partner is, and how it wants its 850s written. Unknown keys are refused. */
export const ediPartnerSchema = z
  .object({
    /** Our ISA05 qualifier. Default `ZZ` (mutually defined). */
    senderQualifier: qualifierSchema.default('ZZ'),
    /** Our ISA06 id, as the partner set it up. */
    senderId: isaIdSchema,
    /** The partner's ISA07 qualifier. Default `ZZ`. */
    receiverQualifier: qualifierSchema.default('ZZ'),
    /** The partner's ISA08 id. */
    receiverId: isaIdSchema,
    /** Our GS02 code. Default `senderId`. */
    applicationSenderCode: applicationCodeSchema.optional(),
    /** The partner's GS03 code. Default `receiverId`. */
    applicationReceiverCode: applicationCodeSchema.optional(),
    /** GS08. Default `004010`. */
    version: z.enum(['004010', '004010VICS', '005010']).default('004010'),
    /** ISA15: `P` production, `T` test. Default `P`. */
    usage: z.enum(['P', 'T']).default('P'),
    /** ISA14: ask for a TA1. Default false. */
    acknowledgmentRequested: z.boolean().default(false),
    /** BEG02. Default `DS` (drop-ship). */
    purchaseOrderType: codeSchema.default('DS'),
    /** PO106 qualifier of the partner's own part number (our SKU). Default `VP` (vendor part). */
    partnerPartQualifier: codeSchema.default('VP'),
    /** Qualifier of the manufacturer's part number, when known. Default `MG`. */
    manufacturerPartQualifier: codeSchema.default('MG'),
    /** PO103. Default `EA`. */
    unitOfMeasure: codeSchema.default('EA'),
    /** PO105. Default `PE` (price per each). */
    priceBasis: codeSchema.default('PE'),
    /** N103/N104 of the ship-to, when the partner wants them (for example `92` / `DROPSHIP CUSTOMER`). */
    shipToIdentifier: z
      .object({ qualifier: codeSchema, value: z.string().min(1).max(80) })
      .strict()
      .optional(),
    /** TD5 for the ship method: `TD5****<qualifier>*<method>`. Default qualifier `ZZ`. */
    shipMethodQualifier: codeSchema.default('ZZ'),
    /** Ship method when a PO has none. Default none (no TD5). */
    defaultShipMethod: z.string().min(1).max(35).optional(),
    /** Write `PER*OC` with the buyer's phone and email. Default true. */
    writeContact: z.boolean().default(true),
    /** Write `AMT*TT` (the PO total). Default true. */
    writeTotal: z.boolean().default(true),
    /** Longest PO number the partner takes (BEG03 is 1 to 22). Default 22. */
    maxPoNumberLength: z.number().int().min(8).max(22).default(22),
    /**
     * Whether the partner accepts an 850 with BEG01 `01` (cancel) for a PO it holds. Default
     * false: `cancelOrder` answers `unsupported` and sends nothing.
     */
    acceptsCancel: z.boolean().default(false),
    /** SCAC (TD503, CAD04) to carrier, on top of the defaults (`UPSN` ups, `FDEG` fedex, `USPS` usps, ...). */
    carriers: z.record(z.string().regex(/^[A-Z0-9]{2,4}$/), carrierCodeSchema).optional(),
    /**
     * 855 ACK01 codes of rejected lines to the reason of the rejection, on top of the defaults
     * (`R4` contract item not available → `out-of-stock`, `R9` item discontinued →
     * `discontinued`; any other rejection → `other`): a partner whose codes mean more (an `IR`
     * always sent for an out-of-stock part) says so here.
     */
    rejectionCodes: z
      .record(
        z.string().regex(/^[A-Z0-9]{2}$/),
        z.enum(['out-of-stock', 'discontinued', 'not-drop-shippable', 'address-refused', 'price-changed', 'other']),
      )
      .optional(),
  })
  .strict();

/** The trading partner's settings, as given to `createEdi`. */
export type EdiPartnerOptions = z.input<typeof ediPartnerSchema>;
/** The trading partner's settings after defaults. */
export type EdiPartner = z.output<typeof ediPartnerSchema>;

/** How inbound files are picked up. Unknown keys are refused. */
export const ediInboundSchema = z
  .object({
    /**
     * A file is read only once its size and modification time stayed the same for this long
     * (the partner may still be writing it). Default 2,000 ms; 0 reads at once (only if the
     * partner writes to a temporary name and renames).
     */
    stableForMs: z.number().int().min(0).max(600_000).default(2_000),
    /** Names never read: the partner's temporary names. Default: ending in `.tmp`, `.part`, `.filepart` or starting with `.`. */
    ignorePattern: z.instanceof(RegExp).default(() => /(^\.)|(\.(tmp|part|filepart)$)/i),
  })
  .strict();

/** Options of `createEdi`. */
export interface EdiOptions {
  /** The distributor id the dropshipper routes to, for example `acme-edi`. */
  distributor: string;
  /** The trading partner's identifiers and habits. */
  partner: EdiPartnerOptions;
  /**
   * Where the client keeps what it sent and read (control numbers, 850s sent, files read,
   * documents per PO). Must have `nextSequenceValue`; use the dropshipper's durable store
   * (`@dropship/postgres`) so control numbers are never reused across restarts and workers.
   */
  store: DropshipStore;
  /** How files move: `createSftpTransport(...)`, or your own `EdiTransport`. */
  transport: EdiTransport;
  /** Inbound file pick-up. */
  inbound?: z.input<typeof ediInboundSchema>;
  /** The manufacturer's part number of a SKU, when known (written beside the partner's). */
  manufacturerPartNumber?: (sku: string) => string | undefined;
  /** The clock (tests). Default `() => new Date()`. */
  now?: () => Date;
}

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

/** The schema of {@link EdiOptions}: strict, so a misspelt option is refused. */
export const ediOptionsSchema = z
  .object({
    /** The distributor id. */
    distributor: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes'),
    /** The trading partner. */
    partner: ediPartnerSchema,
    /** The store (with `nextSequenceValue`). */
    store: z.custom<DropshipStore>(
      (value) => typeof value === 'object' && value !== null && 'putIdempotencyRecord' in value,
      'must be a DropshipStore',
    ),
    /** How files move. */
    transport: z.custom<EdiTransport>(
      (value) => typeof value === 'object' && value !== null && 'upload' in value && 'list' in value,
      'must be an EdiTransport (createSftpTransport)',
    ),
    /** Inbound file pick-up. */
    inbound: ediInboundSchema.default({ stableForMs: 2_000, ignorePattern: /(^\.)|(\.(tmp|part|filepart)$)/i }),
    /** The manufacturer's part number of a SKU, when known. */
    manufacturerPartNumber: functionSchema.optional(),
    /** The clock. */
    now: functionSchema.optional(),
  })
  .strict();

/**
 * SCAC codes (TD503, CAD04) of the big parcel carriers, mapped to the SDK's carriers. Modelled:
 * SCACs are assigned by the NMFTA and partners also send their own codes, so check what yours
 * sends and add to `partner.carriers`. A code not listed here goes through `normalizeCarrier`.
 */
export const defaultScacCarriers: Readonly<Record<string, CarrierCode>> = {
  UPSN: 'ups',
  UPSS: 'ups',
  FDEG: 'fedex',
  FDE: 'fedex',
  FDEN: 'fedex',
  USPS: 'usps',
};
