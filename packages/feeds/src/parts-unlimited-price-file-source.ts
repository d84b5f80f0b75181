import { parseWith } from '@dropship/core';
import { resolveCredential } from '@dropship/http';
import { z } from 'zod';
import type { FeedSource } from './feed-types.js';
import { createHttpSource } from './http-source.js';

/** Default URL of the price-file request (no public documentation, [CODE: two price-file clients]). */
export const PARTS_UNLIMITED_PRICE_FILE_URL = 'https://dealer.parts-unlimited.com/api/quotes/v2/pricefile';

/** Options of {@link createPartsUnlimitedPriceFileSource}. */
export interface PartsUnlimitedPriceFileOptions {
  /** Dealer number. Default the `PARTS_UNLIMITED_DEALER_NUMBER` environment variable. */
  dealerNumber?: string;
  /** Dealer-portal user name (not the API key). Default `PARTS_UNLIMITED_PORTAL_USERNAME`. */
  username?: string;
  /** Dealer-portal password. Default `PARTS_UNLIMITED_PORTAL_PASSWORD`. */
  password?: string;
  /** Extra columns of the base file (the request's `auxillaryColumns`, spelled as PU spells it). Default the ones the parser reads: `BRAND_NAME`, `UPC_CODE`. */
  auxiliaryColumns?: string[];
  /** Catalogs attached (`attachingCatalogs`, for example `FATBOOK`). Default none. */
  catalogs?: string[];
  /** Request URL. Default {@link PARTS_UNLIMITED_PRICE_FILE_URL}. */
  url?: string;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Idle timeout of the download, ms. Default 120,000 (the file is built on request). */
  idleTimeoutMs?: number;
}

const optionsSchema = z.strictObject({
  dealerNumber: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  auxiliaryColumns: z.array(z.string().trim().min(1)).optional(),
  catalogs: z.array(z.string().trim().min(1)).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  idleTimeoutMs: z.number().int().positive().optional(),
});

/**
 * The ZIP of Parts Unlimited's daily price file, requested from the dealer portal:
 * `POST /api/quotes/v2/pricefile` with `Authorization: Basic base64("{dealer}/{user}:{password}")`
 * and `{ dealerCodes, headersPrepended: true, auxillaryColumns, attachingCatalogs }` (known from
 * third-party code only, no public documentation; the "2 pulls a day" limit is UNCONFIRMED). Wrap it in
 * `createZipArchive` to read `BasePriceFile.csv` and `{DEALER}_PriceFile.csv` from it.
 *
 * The dealer number, user name and password are redacted from every message.
 *
 * @param options - portal credentials (or their environment variables) and request settings.
 * @throws `MissingCredentialError` naming the missing setting; `ValidationError` for a bad option.
 * @example
 * ```ts
 * const zip = createZipArchive(createPartsUnlimitedPriceFileSource());
 * ```
 */
export function createPartsUnlimitedPriceFileSource(
  options: PartsUnlimitedPriceFileOptions = {},
): FeedSource<Uint8Array> {
  const settings = parseWith(optionsSchema, options, 'Parts Unlimited price file options');
  const dealerNumber = resolveCredential(
    settings.dealerNumber,
    'PARTS_UNLIMITED_DEALER_NUMBER',
    'parts-unlimited',
    'dealerNumber',
  );
  const username = resolveCredential(
    settings.username,
    'PARTS_UNLIMITED_PORTAL_USERNAME',
    'parts-unlimited',
    'username',
  );
  const password = resolveCredential(
    settings.password,
    'PARTS_UNLIMITED_PORTAL_PASSWORD',
    'parts-unlimited',
    'password',
  );
  return createHttpSource(settings.url ?? PARTS_UNLIMITED_PRICE_FILE_URL, {
    method: 'POST',
    json: {
      dealerCodes: [dealerNumber],
      headersPrepended: true,
      auxillaryColumns: settings.auxiliaryColumns ?? ['BRAND_NAME', 'UPC_CODE'],
      attachingCatalogs: settings.catalogs ?? [],
    },
    username: `${dealerNumber}/${username}`,
    password,
    secrets: [dealerNumber, username],
    service: 'parts-unlimited',
    idleTimeoutMs: settings.idleTimeoutMs ?? 120_000,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
}
