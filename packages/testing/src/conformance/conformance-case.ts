/**
 * What one marketplace case runs against: a fresh simulator (its handlers served by the caller),
 * the harness that builds the adapter under test, and the credentials to look for.
 */
export interface MarketplaceCaseContext<Harness, Simulator> {
  /** Builds the adapter under test and the case's data. */
  harness: Harness;
  /** A fresh simulator whose handlers the caller serves. */
  simulator: Simulator;
  /** The credential values to look for in errors (the harness's, or those seen on the wire). */
  secrets(): string[];
}

/**
 * One conformance case: a name (the test title) and a check that throws when the adapter fails
 * it. The cases are exported lists, so that a test can show each one red for a broken adapter.
 */
export interface ConformanceCase<Context> {
  /** The test title. */
  name: string;
  /**
   * Runs the case.
   *
   * @param context - what the case runs against.
   * @throws an assertion error when the adapter fails the case.
   */
  run(context: Context): Promise<void>;
}
