export { createMemoryCatalog, type MemoryCatalog } from './memory-catalog.js';
