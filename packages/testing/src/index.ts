/**
 * `@dropship/testing`: MSW test-server helpers, fault injection shared by the simulators, and
 * the conformance suites every distributor client and marketplace adapter runs.
 *
 * @packageDocumentation
 */
export type * from './testing-types.js';
