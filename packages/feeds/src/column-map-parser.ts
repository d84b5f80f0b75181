import {
  currencySchema,
  type Offer,
  offerSchema,
  parseWith,
  toValidationIssues,
  ValidationError,
  type WarehouseStock,
} from '@dropship/core';
import { z } from 'zod';
import type { CsvRecordHandler } from './feed-csv-parser.js';
import { type FeedEncoding, feedEncodings } from './feed-text-decoder.js';
import type { FeedBatch, FeedParseContext, FeedParser, FeedRejection } from './feed-types.js';
import { detachString, parseDecimalToMinorUnits, parseStockQuantity, parseUpc } from './parse-feed-values.js';
import { parseCsvChunks } from './read-csv-records.js';
import { assertFeedColumns, checkFeedRecord, readFeedHeader } from './resolve-feed-columns.js';

/**
 * Built-in value transforms of a column map:
 * - `text`: trimmed; empty → absent;
 * - `money`: a decimal amount (`12.34`, `$1,234.50`) → integer cents, exactly;
 * - `cents`: an integer number of cents;
 * - `flag`: `Y`/`YES`/`TRUE`/`T`/`1`/`X` → true, `N`/`NO`/`FALSE`/`F`/`0`/empty → false;
 * - `upc`: 8–14 digits after removing spaces and dashes (anything else is ignored with a warning).
 */
export type ColumnTransform = 'text' | 'money' | 'cents' | 'flag' | 'upc';

/** Offer fields a column can fill. */
export type ColumnMappedField =
  | 'sku'
  | 'brand'
  | 'mpn'
  | 'upc'
  | 'title'
  | 'cost'
  | 'dropShipFee'
  | 'estimatedShipping'
  | 'mapPrice'
  | 'dropShipEligible'
  | 'discontinued'
  | 'hazardous'
  | 'truckOnly';

/**
 * Where one offer field comes from: a column name (with the field's default transform), or an
 * object naming the column and how to read it.
 */
export type ColumnRule =
  | string
  | {
      /** The header name (matched exactly, then ignoring case). */
      column: string;
      /** How to read the value. Default by field: text for names, `money` for amounts, `flag` for booleans, `upc` for the UPC. */
      transform?: ColumnTransform;
      /** For boolean fields: the values (ignoring case) that mean true, instead of the `flag` words. `{ column: 'Status', trueValues: ['D', 'X'] }`. */
      trueValues?: string[];
      /** For boolean fields: negate the result (`{ column: 'No Drop Ship', invert: true }` for `dropShipEligible`). */
      invert?: boolean;
      /** Your own reader (code only, not JSON): returns the field's value, or throws / returns `undefined` to reject the row. */
      parse?: (value: string) => unknown;
    };

/** One warehouse's stock column: `12`, `12+` / `+` (floors), `N/A` / empty (not stocked there). */
export interface StockColumnRule {
  /** The distributor's warehouse code (lead times in the rules are keyed by it). */
  warehouse: string;
  /** The header name of its quantity column. */
  column: string;
  /** Units assumed for a bare `+`. Default 1. */
  plusQuantity?: number;
}

/**
 * A column map for a delimited file whose layout the SDK does not know (Tucker Rocky's and
 * Automatic Distributors' feed files are not public: no public documentation). `sku` and `cost` are
 * required; every other field is optional.
 */
export interface ColumnMap {
  /** Offer field → column. `sku` and `cost` are required. */
  columns: { sku: ColumnRule; cost: ColumnRule } & Partial<
    Record<Exclude<ColumnMappedField, 'sku' | 'cost'>, ColumnRule>
  >;
  /** Stock columns, one per warehouse. */
  stock?: StockColumnRule[];
  /** Values for fields no column carries (for example a flat `dropShipFee` in cents). */
  constants?: {
    dropShipFee?: number;
    estimatedShipping?: number;
    dropShipEligible?: boolean;
    hazardous?: boolean;
    truckOnly?: boolean;
  };
  /** Currency of the amounts. Default `USD`. */
  currency?: string;
  /** Field separator. Default `,`. */
  delimiter?: string;
  /** Encoding without a byte-order mark. Default `utf-8`. */
  encoding?: FeedEncoding;
  /** Longest CSV record in characters. Default 1,048,576. */
  maxRecordLength?: number;
  /** Most physical lines one CSV record may span before the file is refused as broken. Default 20. */
  maxRecordLines?: number;
}

const mappedFields = [
  'sku',
  'brand',
  'mpn',
  'upc',
  'title',
  'cost',
  'dropShipFee',
  'estimatedShipping',
  'mapPrice',
  'dropShipEligible',
  'discontinued',
  'hazardous',
  'truckOnly',
] as const satisfies readonly ColumnMappedField[];

const textFields = new Set<ColumnMappedField>(['sku', 'brand', 'mpn', 'title']);
const moneyFields = new Set<ColumnMappedField>(['cost', 'dropShipFee', 'estimatedShipping', 'mapPrice']);
const booleanFields = new Set<ColumnMappedField>(['dropShipEligible', 'discontinued', 'hazardous', 'truckOnly']);

const ruleSchema = z.union([
  z.string().trim().min(1),
  z.strictObject({
    column: z.string().trim().min(1),
    transform: z.enum(['text', 'money', 'cents', 'flag', 'upc']).optional(),
    trueValues: z.array(z.string()).min(1).optional(),
    invert: z.boolean().optional(),
    /** A custom reader for the cell's text (code-defined maps only; a JSON file cannot hold one). */
    parse: z
      .custom<(value: string) => unknown>((value) => typeof value === 'function', 'must be a function')
      .optional(),
  }),
]);

/** Strict schema of a {@link ColumnMap} (what a JSON column-map file must look like). */
export const columnMapSchema = z.strictObject({
  columns: z.strictObject({
    sku: ruleSchema,
    cost: ruleSchema,
    brand: ruleSchema.optional(),
    mpn: ruleSchema.optional(),
    upc: ruleSchema.optional(),
    title: ruleSchema.optional(),
    dropShipFee: ruleSchema.optional(),
    estimatedShipping: ruleSchema.optional(),
    mapPrice: ruleSchema.optional(),
    dropShipEligible: ruleSchema.optional(),
    discontinued: ruleSchema.optional(),
    hazardous: ruleSchema.optional(),
    truckOnly: ruleSchema.optional(),
  }),
  stock: z
    .array(
      z.strictObject({
        warehouse: z.string().trim().min(1),
        column: z.string().trim().min(1),
        plusQuantity: z.number().int().nonnegative().optional(),
      }),
    )
    .optional(),
  constants: z
    .strictObject({
      dropShipFee: z.number().int().nonnegative().optional(),
      estimatedShipping: z.number().int().nonnegative().optional(),
      dropShipEligible: z.boolean().optional(),
      hazardous: z.boolean().optional(),
      truckOnly: z.boolean().optional(),
    })
    .optional(),
  currency: currencySchema.optional(),
  delimiter: z.string().length(1).optional(),
  encoding: z.enum(feedEncodings as [FeedEncoding, ...FeedEncoding[]]).optional(),
  maxRecordLength: z.number().int().positive().optional(),
  maxRecordLines: z.number().int().positive().optional(),
});

/** The transforms that produce a valid value for `field`. */
function allowedTransforms(field: ColumnMappedField): ColumnTransform[] {
  if (textFields.has(field)) return ['text'];
  if (moneyFields.has(field)) return ['money', 'cents'];
  if (booleanFields.has(field)) return ['flag'];
  return ['upc'];
}

const trueWords = new Set(['Y', 'YES', 'TRUE', 'T', '1', 'X']);
const falseWords = new Set(['N', 'NO', 'FALSE', 'F', '0', '']);

/** A compiled rule: reads one field of a row; returns the value, `undefined` for "absent", or throws a RowProblem. */
type FieldReader = (value: string) => unknown;

class RowProblem extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function compileReader(
  field: ColumnMappedField,
  rule: Exclude<ColumnRule, string> & { column: string },
  warn: (code: string) => void,
): FieldReader {
  const column = rule.column;
  if (rule.parse) {
    const parse = rule.parse;
    return (value) => {
      let result: unknown;
      try {
        result = parse(value);
      } catch (error) {
        throw new RowProblem(
          `invalid-${field}`,
          `${column} ${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (result === undefined && (field === 'sku' || field === 'cost')) {
        throw new RowProblem(
          `invalid-${field}`,
          `${column} ${JSON.stringify(value)} was not accepted by its parse function`,
        );
      }
      return result;
    };
  }
  if (booleanFields.has(field)) {
    const invert = rule.invert === true;
    if (rule.trueValues) {
      const accepted = new Set(rule.trueValues.map((value) => value.trim().toUpperCase()));
      return (value) => accepted.has(value.trim().toUpperCase()) !== invert;
    }
    return (value) => {
      const word = value.trim().toUpperCase();
      if (trueWords.has(word)) return !invert;
      if (falseWords.has(word)) return invert;
      throw new RowProblem(`invalid-${field}`, `${column} ${JSON.stringify(value)} is not a yes/no value`);
    };
  }
  const transform = rule.transform ?? (moneyFields.has(field) ? 'money' : field === 'upc' ? 'upc' : 'text');
  switch (transform) {
    case 'money':
    case 'cents':
      return (value) => {
        if (value.trim().length === 0) {
          if (field === 'cost') throw new RowProblem('missing-price', `${column} is empty`);
          return undefined;
        }
        const amount =
          transform === 'money'
            ? parseDecimalToMinorUnits(value)
            : /^\s*\d+\s*$/.test(value)
              ? Number(value)
              : undefined;
        if (amount === undefined || amount < 0 || !Number.isSafeInteger(amount)) {
          throw new RowProblem(
            field === 'cost' ? 'invalid-price' : `invalid-${field}`,
            `${column} ${JSON.stringify(value)} is not a non-negative ${transform === 'money' ? 'decimal amount' : 'number of cents'}`,
          );
        }
        return amount;
      };
    case 'upc':
      return (value) => {
        const upc = parseUpc(value);
        if (upc === null) {
          warn('invalid-upc-ignored');
          return undefined;
        }
        return upc;
      };
    default:
      return (value) => {
        const text = value.trim();
        if (text.length === 0) {
          if (field === 'sku') throw new RowProblem('missing-sku', `${column} is empty`);
          return undefined;
        }
        return detachString(text);
      };
  }
}

/**
 * Creates a parser for a delimited file described by a {@link ColumnMap}: header name → offer
 * field, with value transforms. Use it for distributors whose feed layouts are not public
 * (Tucker Rocky, Automatic Distributors): the SDK ships no guessed layout for them; write the
 * map from the file your account manager sends.
 *
 * Each row becomes an offer (the distributor id comes from the run); a row with a bad value is
 * rejected with its line number and a reason (`invalid-price`, `missing-sku`, `invalid-quantity`,
 * `invalid-<field>`, `column-count`, `malformed-csv`, and `invalid-offer` when a custom `parse`
 * function produced a value the offer schema refuses).
 *
 * @param map - the column map (a JSON file's content, or code with `parse` functions).
 * @throws `ValidationError` for a malformed map (every problem listed); the parse throws
 * one when a mapped column is not in the file's header.
 * @example
 * ```ts
 * const parser = createColumnMapParser({
 *   columns: { sku: 'Item Number', cost: 'Dealer Price', brand: 'Brand', mpn: 'Mfg Part', upc: 'UPC',
 *     discontinued: { column: 'Status', trueValues: ['D'] } },
 *   stock: [{ warehouse: 'TX', column: 'TX Qty' }, { warehouse: 'PA', column: 'PA Qty' }],
 *   constants: { dropShipFee: 500 },
 * });
 * ```
 */
export function createColumnMapParser(map: ColumnMap): FeedParser<Uint8Array> {
  const settings = parseWith(columnMapSchema, map, 'column map');
  const transformIssues = mappedFields.flatMap((field) => {
    const rule = settings.columns[field];
    if (rule === undefined || typeof rule === 'string' || rule.transform === undefined) return [];
    const allowed = allowedTransforms(field);
    return allowed.includes(rule.transform)
      ? []
      : [
          {
            path: `columns.${field}.transform`,
            message: `"${rule.transform}" does not apply to ${field} (use ${allowed.join(' or ')})`,
          },
        ];
  });
  if (transformIssues.length > 0) throw new ValidationError('column map', transformIssues);
  const hasCustomParse = mappedFields.some((field) => {
    const rule = settings.columns[field];
    return typeof rule === 'object' && rule.parse !== undefined;
  });
  const currency = settings.currency ?? 'USD';
  const constants = settings.constants ?? {};

  return {
    format: 'column-map',
    async *parse(input, context: FeedParseContext) {
      let columnCount = 0;
      let readers: { field: ColumnMappedField; column: number; read: FieldReader }[] = [];
      let stockReaders: {
        warehouse: string;
        column: number;
        name: string;
        leadTimeDays: number;
        plusQuantity: number;
      }[] = [];
      let offers: Offer[] = [];
      let rejected: FeedRejection[] = [];
      let warnings: Record<string, number> = {};
      let rowsRead = 0;
      const warn = (code: string): void => {
        warnings[code] = (warnings[code] ?? 0) + 1;
      };

      const onRecord: CsvRecordHandler = (fields, line, problem, lineCount) => {
        if (columnCount === 0) {
          const header = readFeedHeader(fields);
          const rules = mappedFields.flatMap((field) => {
            const rule = settings.columns[field];
            if (rule === undefined) return [];
            return [{ field, rule: typeof rule === 'string' ? { column: rule } : rule }];
          });
          assertFeedColumns(
            header,
            [...rules.map(({ rule }) => rule.column), ...(settings.stock ?? []).map((stock) => stock.column)],
            'column-mapped feed file',
          );
          readers = rules.map(({ field, rule }) => ({
            field,
            column: header.indexOf(rule.column),
            read: compileReader(field, rule, warn),
          }));
          stockReaders = (settings.stock ?? []).map((stock) => ({
            warehouse: stock.warehouse,
            column: header.indexOf(stock.column),
            name: stock.column,
            leadTimeDays: context.leadTimeDays(stock.warehouse),
            plusQuantity: stock.plusQuantity ?? 1,
          }));
          columnCount = fields.length;
          return;
        }
        rowsRead++;
        const reject = (reason: string, message: string, sku?: string): void => {
          rejected.push(sku === undefined ? { line, reason, message } : { line, reason, message, sku });
        };
        const shapeProblem = checkFeedRecord(
          fields,
          columnCount,
          line,
          lineCount,
          problem,
          'column-mapped feed file',
          settings.delimiter ?? ',',
        );
        if (shapeProblem !== undefined) return reject(shapeProblem.reason, shapeProblem.message);

        const values: Record<string, unknown> = {};
        let sku: string | undefined;
        try {
          for (const reader of readers) {
            const value = reader.read(fields[reader.column] as string);
            if (value !== undefined) values[reader.field] = value;
            if (reader.field === 'sku' && typeof value === 'string') sku = value;
          }
        } catch (error) {
          if (error instanceof RowProblem) return reject(error.reason, error.message, sku);
          throw error;
        }
        const stock: WarehouseStock[] = [];
        for (const reader of stockReaders) {
          const value = fields[reader.column] as string;
          const quantity = parseStockQuantity(value, { plusQuantity: reader.plusQuantity });
          if (quantity === undefined)
            return reject('invalid-quantity', `${reader.name} ${JSON.stringify(value)} is not a quantity`, sku);
          if (quantity === 'not-stocked') continue;
          stock.push({
            warehouse: reader.warehouse,
            quantity: quantity.quantity,
            leadTimeDays: reader.leadTimeDays,
            isFloor: quantity.isFloor,
          });
        }
        const candidate = {
          distributor: context.distributor,
          sku: values.sku,
          brand: values.brand,
          mpn: values.mpn,
          upc: values.upc,
          title: values.title,
          currency,
          cost: values.cost,
          dropShipFee: values.dropShipFee ?? constants.dropShipFee ?? 0,
          estimatedShipping: values.estimatedShipping ?? constants.estimatedShipping ?? 0,
          mapPrice: values.mapPrice,
          stock,
          dropShipEligible: values.dropShipEligible ?? constants.dropShipEligible ?? true,
          discontinued: values.discontinued ?? false,
          hazardous: values.hazardous ?? constants.hazardous ?? false,
          truckOnly: values.truckOnly ?? constants.truckOnly ?? false,
          expiresAt: context.expiresAt,
          updatedAt: context.updatedAt,
        };
        if (hasCustomParse) {
          const checked = offerSchema.safeParse(candidate);
          if (!checked.success) {
            const issues = toValidationIssues(checked.error)
              .map((issue) => `${issue.path}: ${issue.message}`)
              .join('; ');
            return reject('invalid-offer', issues, sku);
          }
          offers.push(checked.data);
          return;
        }
        offers.push(candidate as Offer);
      };

      const signal = context.signal;
      const csvOptions = {
        encoding: settings.encoding ?? 'utf-8',
        delimiter: settings.delimiter ?? ',',
        ...(settings.maxRecordLength ? { maxRecordLength: settings.maxRecordLength } : {}),
        ...(settings.maxRecordLines ? { maxRecordLines: settings.maxRecordLines } : {}),
        ...(signal ? { signal } : {}),
      } as const;
      for await (const _ of parseCsvChunks(input, onRecord, csvOptions)) {
        if (rowsRead === 0 && rejected.length === 0) continue;
        const batch: FeedBatch = { rowsRead, offers, rejected, warnings };
        offers = [];
        rejected = [];
        warnings = {};
        rowsRead = 0;
        yield batch;
      }
      if (columnCount === 0) assertFeedColumns(readFeedHeader([]), ['(a header row)'], 'column-mapped feed file');
    },
  };
}
