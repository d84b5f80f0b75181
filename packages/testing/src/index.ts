/**
 * `@dropship/testing`: MSW test-server helpers, fault injection and the utilities every
 * simulator shares. It does not import vitest: the conformance suites, which do, are at
 * `@dropship/testing/conformance`.
 *
 * @packageDocumentation
 */

// Everything the simulators use, from the vitest-free entry (one list, kept there).
export * from './simulator.js';
