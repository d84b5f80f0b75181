/**
 * The error a call failed with; throws `expected the call to fail, but it succeeded` when it
 * succeeded (the conformance cases' one way of expecting a failure). Internal to the suites.
 *
 * @param promise - the call.
 * @returns what it was rejected with.
 */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
