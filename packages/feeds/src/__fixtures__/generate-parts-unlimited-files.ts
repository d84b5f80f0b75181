import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Columns of Parts Unlimited's `BasePriceFile.csv` in the order third-party price-file readers list them
 * (no public documentation, [CODE: price-file parser]). The real order is not
 * documented; the parser finds columns by name, so the order here does not matter to it.
 */
export const partsUnlimitedBaseColumns = [
  'Part Number',
  'Punctuated Part Number',
  'Vendor Part Number',
  'Vendor Punctuated Part Number',
  'Part Status',
  'Part Description',
  'Original Retail',
  'Current Suggested Retail',
  'Base Dealer Price',
  'Hazardous Code',
  'Truck Part Only',
  'Part Add Date',
  'WI Availability',
  'NY Availability',
  'TX Availability',
  'NV Availability',
  'NC Availability',
  'National Availability',
  'Trademark',
  'Ad Policy',
  'Price Changed Today',
  'Unit of Measure',
  'Last Catalog',
  'Last Catalog Page',
  'Commodity Code',
  'Product Code',
  'Drag Part',
  'Weight',
  'Country of Origin',
  'UPC Code',
  'Brand Name',
  'Closeout Catalog Indicator',
] as const;

/** Columns of the dealer file `{DEALER}_PriceFile.csv` (no public documentation). */
export const partsUnlimitedDealerColumns = ['Part Number', 'Punctuated Part Number', 'Your Dealer Price'] as const;

const brands = ['MOOSE RACING', 'DRAG SPECIALTIES', 'THOR', 'ALL BALLS', 'EBC', 'HIFLOFILTRO', 'K&N', 'PROX'];
const words = ['BRAKE', 'LEVER', 'BLACK', 'FILTER', 'OIL', 'GASKET', 'KIT', 'CHAIN', 'SPROCKET', 'PAD', 'SEAL', 'GRIP'];
const statuses = ['S', 'S', 'S', 'S', 'S', 'S', 'NEW', 'P', 'C', 'D', 'W'];

/** Part number of generated row `index`. */
export function generatedPartNumber(index: number): string {
  return `${String(1000 + (index % 9000)).padStart(4, '0')}${String(index).padStart(7, '0')}`;
}

function cents(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}

function availability(seed: number): string {
  const kind = seed % 23;
  if (kind === 0) return 'N/A';
  if (kind === 1) return '+';
  return String(seed % 17);
}

function upcOf(index: number): string {
  const body = String(70000000000 + index).padStart(11, '0');
  let sum = 0;
  for (let position = 0; position < 11; position++) sum += Number(body[position]) * (position % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** One generated base-file row (fields unquoted). */
export function generateBaseRow(index: number): string[] {
  const partNumber = generatedPartNumber(index);
  const base = 199 + ((index * 7919) % 49_800);
  const retail = Math.round(base * 1.6);
  const description = `${words[index % words.length]} ${words[(index >> 3) % words.length]}, ${words[(index >> 6) % words.length]}${index % 97 === 0 ? ' 1/2"' : ''}`;
  return [
    partNumber,
    `${partNumber.slice(0, 4)}-${partNumber.slice(4)}`,
    `V${(index * 31) % 1_000_000}`,
    `V-${(index * 31) % 1_000_000}`,
    statuses[index % statuses.length] as string,
    description,
    cents(retail),
    cents(retail),
    cents(base),
    index % 50 === 0 ? 'A' : '',
    index % 200 === 0 ? 'Y' : 'N',
    `20${String(10 + (index % 15))}0${1 + (index % 9)}1${index % 10}`,
    availability(index),
    availability(index >> 1),
    availability(index >> 2),
    availability(index * 3),
    availability(index * 5),
    String(index % 60),
    '',
    index % 4 === 0 ? 'Y' : 'N',
    'N',
    'EA',
    'FATBOOK',
    String(index % 1500),
    '8714100000',
    'A',
    index % 3 === 0 ? 'Y' : 'N',
    `${1 + (index % 20)}.${index % 100}`,
    index % 2 === 0 ? 'US' : 'TW',
    upcOf(index),
    brands[index % brands.length] as string,
    'N',
  ];
}

/** Quotes a field the way spreadsheet exports do: when it holds a comma, a quote or a line break. */
export function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Options of {@link writePartsUnlimitedFiles}. */
export interface GeneratedFilesOptions {
  /** Data rows of the base file. */
  rows: number;
  /** Path of the base file to write. */
  basePath: string;
  /** Path of the dealer file to write. */
  dealerPath: string;
  /** Line end. Default CRLF. */
  lineEnd?: string;
}

async function writeLines(
  path: string,
  header: readonly string[],
  rows: number,
  row: (index: number) => string[],
  lineEnd: string,
): Promise<number> {
  const stream = createWriteStream(path);
  let bytes = 0;
  let buffer = `${header.join(',')}${lineEnd}`;
  for (let index = 0; index < rows; index++) {
    buffer += row(index).map(quoteField).join(',') + lineEnd;
    if (buffer.length > 1 << 20) {
      bytes += buffer.length;
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  bytes += buffer.length;
  stream.end(buffer);
  await once(stream, 'finish');
  return bytes;
}

/**
 * Writes a generated Parts Unlimited price file pair: `rows` base rows and a dealer file with a
 * price for every part but one in 1,000 (to exercise the fallback to the base dealer price).
 *
 * @returns the bytes written to each file.
 */
export async function writePartsUnlimitedFiles(
  options: GeneratedFilesOptions,
): Promise<{ baseBytes: number; dealerBytes: number }> {
  const lineEnd = options.lineEnd ?? '\r\n';
  const baseBytes = await writeLines(
    options.basePath,
    partsUnlimitedBaseColumns,
    options.rows,
    generateBaseRow,
    lineEnd,
  );
  const dealerBytes = await writeLines(
    options.dealerPath,
    partsUnlimitedDealerColumns,
    options.rows,
    (index) => {
      if (index % 1000 === 999) return [generatedPartNumber(1_000_000_000 + index), '', '1.00'];
      const base = 199 + ((index * 7919) % 49_800);
      const partNumber = generatedPartNumber(index);
      return [partNumber, `${partNumber.slice(0, 4)}-${partNumber.slice(4)}`, cents(Math.round(base * 0.9))];
    },
    lineEnd,
  );
  return { baseBytes, dealerBytes };
}
