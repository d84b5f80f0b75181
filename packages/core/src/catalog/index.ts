export { createMemoryCatalog, type MemoryCatalog, type SyncOfferSource } from './memory-catalog.js';
