/**
 * `@dropship/core`: the spec (v1 interfaces every adapter implements), the domain model,
 * eligibility, routing (SKU swap), the purchase-order state machine, stores, events and the
 * dropshipper loop.
 *
 * @packageDocumentation
 */
export * from './errors/index.js';
export * from './model/index.js';
export * from './spec/v1/index.js';
export * from './carriers/index.js';
