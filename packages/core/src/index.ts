/**
 * `@dropship/core`: the spec (v1 interfaces every adapter implements), the domain model,
 * eligibility, routing (SKU swap), the purchase-order state machine, stores, events and the
 * dropshipper loop.
 *
 * @packageDocumentation
 */

export * from './carriers/index.js';
export * from './catalog/index.js';
export * from './dropshipper/index.js';
export * from './eligibility/index.js';
export * from './errors/index.js';
export * from './events/index.js';
export * from './listings/index.js';
export * from './model/index.js';
export * from './routing/index.js';
export * from './spec/v1/index.js';
export * from './state-machine/index.js';
export * from './stores/index.js';
