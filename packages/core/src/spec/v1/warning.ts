/**
 * Something an adapter could not do or chose not to do, reported instead of thrown
 * (for example `{ type: 'unsupported', feature: 'cancel-order', message: '...' }`).
 */
export type Warning =
  | { type: 'unsupported'; feature: string; message: string }
  | { type: 'stock-fallback'; distributor: string; message: string }
  | { type: 'other'; message: string };
