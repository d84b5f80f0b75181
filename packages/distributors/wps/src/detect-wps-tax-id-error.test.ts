import { describe, expect, it } from 'vitest';
import { isWpsTaxIdError, readWpsErrorMessage } from './detect-wps-tax-id-error.js';

describe('isWpsTaxIdError (default matcher; the real error is NOT FOUND, http://www.wps-inc.com/data-depot)', () => {
  it.each([
    'Dealer account does not have a Tax ID on file',
    'tax_id is required for drop ship orders',
    'Missing resale certificate',
    'A tax-exempt certificate is required',
  ])('matches a 4xx that mentions it: %s', (message) => {
    const text = JSON.stringify({ message });
    expect(isWpsTaxIdError({ status: 422, body: JSON.parse(text), text })).toBe(true);
  });

  it('ignores other failures', () => {
    expect(isWpsTaxIdError({ status: 422, body: undefined, text: '{"message":"ship_zip is invalid"}' })).toBe(false);
    expect(isWpsTaxIdError({ status: 500, body: undefined, text: 'tax id service down' })).toBe(false);
    expect(isWpsTaxIdError({ status: 401, body: undefined, text: 'tax id' })).toBe(false);
    expect(isWpsTaxIdError({ status: 200, body: undefined, text: 'tax id' })).toBe(false);
  });
});

describe('readWpsErrorMessage (the error body shape is NOT FOUND, https://www.wps-inc.com/data-depot/v4/api/helpers/pagination)', () => {
  it.each([
    [{ message: 'Item not found' }, 'Item not found'],
    [{ error: { message: 'Invalid SKU' } }, 'Invalid SKU'],
    [{ errors: { ship_zip: ['The ship zip is invalid.'] } }, 'ship_zip: The ship zip is invalid.'],
    [{ errors: [{ title: 'Bad', detail: 'Quantity must be positive' }] }, 'Quantity must be positive'],
  ])('reads %j', (body, expected) => {
    expect(readWpsErrorMessage(body, JSON.stringify(body))).toBe(expected);
  });

  it('falls back to the text, shortened', () => {
    expect(readWpsErrorMessage(undefined, ' Bad\n request ')).toBe('Bad request');
    expect(readWpsErrorMessage(undefined, 'x'.repeat(400))).toHaveLength(301);
    expect(readWpsErrorMessage(undefined, '')).toBe('no reason given');
  });
});
