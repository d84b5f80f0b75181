/**
 * `@dropship/http`: the HTTP layer every adapter shares. One client per service and credential:
 * base URL, credential injection, timeouts, retries with a capped `Retry-After`, a token-bucket
 * rate limit and a concurrency limit shared per credential, typed errors from `@dropship/core`,
 * lenient zod parsing of responses and redaction of every secret.
 *
 * @packageDocumentation
 */

/** Whether a failed call may have been carried out by the service (re-exported from `@dropship/core`). */
export { mayHaveActed } from '@dropship/core';
export {
  classifyRejection,
  defaultRejectionRules,
  orderRejectionReason,
  type RejectionRule,
  rejectionRulesSchema,
} from './classify-rejection.js';
export { createRedactor, REDACTED, type Redactor, redactError } from './create-redactor.js';
export {
  type CredentialLimiter,
  credentialKey,
  getCredentialLimiter,
  resetCredentialLimiters,
} from './credential-limiter.js';
export {
  chunk,
  createShipmentQuerySchema,
  poNumberInputSchema,
  readDistributorShipment,
  type ShipmentQuerySchemaOptions,
  skuListSchema,
} from './distributor-inputs.js';
export {
  fetchStockInBatches,
  type StockBatchesResult,
  stockLevelsAsAsked,
  validatedLocallyResult,
} from './distributor-operations.js';
export {
  backoffDelay,
  createHttpClient,
  defaultConcurrency,
  defaultRetryPolicy,
  defaultTimeoutMs,
} from './http-client.js';
export {
  type HttpTuningOptions,
  httpTuningOf,
  httpTuningOptionsShape,
  rateLimitOptionSchema,
} from './http-tuning-options.js';
export type * from './http-types.js';
export { type FailedResponse, mapStatusToError } from './map-status-to-error.js';
export {
  formatIssuePath,
  MAX_ERROR_BODY_LENGTH,
  parseJsonResponse,
  parseWithSchema,
  type ResponseContext,
  truncateBody,
} from './parse-response.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { readStockCount, stockCountSchema } from './read-stock-count.js';
export { resolveCredential } from './resolve-credential.js';
export {
  acceptedOrderResult,
  findWithEvidence,
  hasUndecodableText,
  inconclusiveLookUpError,
  type LookUpAnswer,
  lookUpAnswer,
  type SubmitIdempotentlyOptions,
  submitIdempotently,
} from './submit-idempotently.js';
export { createThrottleGate, type ThrottleGate, type ThrottleTurn } from './throttle-gate.js';
export { createTokenBucket, delay, type TokenBucket } from './token-bucket.js';
