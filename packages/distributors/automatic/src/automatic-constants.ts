/**
 * What is known of the Automatic Distributors v2 API (no public documentation, all [3P-DOC] from an
 * integrator's help page) and the defaults this package models where nothing is public.
 */

/** Environment variable read when `apiToken` is not passed. */
export const AUTOMATIC_API_TOKEN_ENVIRONMENT_VARIABLE = 'AUTOMATIC_API_TOKEN';

/** Environment variable read when `baseURL` is not passed (the base URL is NOT FOUND, no public documentation). */
export const AUTOMATIC_BASE_URL_ENVIRONMENT_VARIABLE = 'AUTOMATIC_BASE_URL';

/** Longest PO number: 22 characters, ASCII printable only (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source, verified). */
export const AUTOMATIC_MAX_PO_NUMBER_LENGTH = 22;

/** Longest window of an order range lookup, in days (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source, verified). */
export const AUTOMATIC_MAX_LOOKUP_WINDOW_DAYS = 365;

/**
 * Endpoint paths, relative to the base URL. Only the name `/order/create` is documented
 * (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source); the others are modelled after what third-party integrators say exists (order lookup,
 * range endpoints, revoke all orders of a PO) and an inventory endpoint (NOT FOUND in any public source).
 */
export interface AutomaticPaths {
  /** `GET ?partNumbers=a,b`: stock per warehouse. Modelled. */
  inventory: string;
  /** `POST`: creates an order. Name verified (`/order/create`), body modelled. */
  createOrder: string;
  /** `GET ?ponumber=`: every order of a PO. Modelled. */
  orderLookup: string;
  /** `GET ?startDate=&endDate=` (ISO dates, at most 365 days): orders in a range. Modelled. */
  orderRange: string;
  /** `POST { ponumber }`: revokes every order of a PO. Capability verified, path and body modelled. */
  revokeOrders: string;
}

/** Default (modelled) endpoint paths; override any of them with the `paths` option. */
export const automaticDefaultPaths: Readonly<AutomaticPaths> = Object.freeze({
  inventory: '/inventory',
  createOrder: '/order/create',
  orderLookup: '/order/lookup',
  orderRange: '/order/range',
  revokeOrders: '/order/revoke',
});
