/**
 * `@dropship/http`: the HTTP layer every adapter shares.
 *
 * @packageDocumentation
 */
export type * from './http-types.js';
