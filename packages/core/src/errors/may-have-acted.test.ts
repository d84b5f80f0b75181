import { describe, expect, it } from 'vitest';
import { AccountSetupError } from './account-setup-error.js';
import { ApiError } from './api-error.js';
import { AuthenticationError } from './authentication-error.js';
import { ConfigurationError } from './configuration-error.js';
import { FieldLengthError } from './field-length-error.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { mayHaveActed } from './may-have-acted.js';
import { NetworkError } from './network-error.js';
import { NotFoundError } from './not-found-error.js';
import { OrderRejectedError } from './order-rejected-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { ResponseParseError } from './response-parse-error.js';
import { ServerError } from './server-error.js';
import { ValidationError } from './validation-error.js';

const details = { service: 'test', method: 'POST', url: 'https://api.example.test/orders' };

describe('mayHaveActed', () => {
  it.each([
    ['a 5xx', new ServerError('boom', { ...details, status: 502 })],
    ['a lost connection', new NetworkError('reset', details)],
    ['an unreadable answer', new ResponseParseError('garbage', { ...details, status: 200 })],
    ['an HTTP 408', new ApiError('request-timeout', 'timeout', { ...details, status: 408 })],
    ['an unexpected status', new ApiError('unexpected-status', '302', { ...details, status: 302 })],
    ['a plain Error', new Error('socket hang up')],
    ['a thrown string', 'oops'],
    ['undefined', undefined],
  ])('is true after %s: the order may exist', (_label, error) => {
    expect(mayHaveActed(error)).toBe(true);
  });

  it.each([
    ['a 401', new AuthenticationError('refused', { ...details, status: 401 })],
    ['a 404', new NotFoundError('missing', { ...details, status: 404 })],
    ['a 422', new InvalidRequestError('bad', { ...details, status: 422 })],
    ['a 429', new RateLimitError('slow down', { ...details, status: 429 })],
    ['a validation error', new ValidationError('order', [{ path: 'lines', message: 'empty' }])],
    ['a configuration error', new ConfigurationError('no base URL')],
    ['a rejected order', new OrderRejectedError('wps', 'PO-1', 'out of stock')],
    ['a field-length refusal', new FieldLengthError('wps', [{ field: 'name', maxLength: 30, actualLength: 40 }])],
    ['an account-setup refusal', new AccountSetupError('wps', 'tax-id', 'tax id missing')],
  ])('is false after %s: the call was refused', (_label, error) => {
    expect(mayHaveActed(error)).toBe(false);
  });
});
