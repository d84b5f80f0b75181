/**
 * The message of a caught error, for outcomes, events and sync errors (the SDK's errors carry
 * redacted messages only).
 *
 * @param error - what was thrown.
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
