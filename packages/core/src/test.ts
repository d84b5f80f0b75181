/**
 * `@dropship/core/test`: mock distributor clients, marketplace adapters and notifiers that
 * follow the spec, for testing code that uses the SDK.
 *
 * @packageDocumentation
 */
export {};
