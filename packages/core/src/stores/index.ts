export type { IntakeBook } from './intake-book.js';
export {
  type InvoiceBook,
  invoiceKey,
  invoiceQuerySchema,
  reconciliationQuerySchema,
} from './invoice-book.js';
export {
  type ListingBook,
  listingPushRecordQuerySchema,
  listingPushRecordSchema,
  listingPushStatuses,
  listingQuerySchema,
} from './listing-book.js';
export { createMemoryStore, type MemoryStore } from './memory-store.js';
