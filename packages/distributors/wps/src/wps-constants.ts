/**
 * Facts about the WPS Data Depot API v4, each from https://www.wps-inc.com/data-depot/v4/api/order-processing/overview and the pages it links.
 * What no public source confirms (NOT FOUND or UNCONFIRMED) is an option of `createWps`, not a constant.
 */

/** Production base URL of the Data Depot API v4 (https://www.wps-inc.com/data-depot/v4/api/order-processing/overview, [DOC]). */
export const WPS_DEFAULT_BASE_URL = 'https://api.wps-inc.com';

/** Environment variable read when `apiToken` is not passed. */
export const WPS_API_TOKEN_ENVIRONMENT_VARIABLE = 'WPS_API_TOKEN';

/**
 * WPS warehouse codes and the inventory field that carries each one's count
 * (https://www.wps-inc.com/data-depot/v4/api/services/inventory [CODE]).
 */
export const wpsWarehouseFields = {
  CA: 'ca_warehouse',
  GA: 'ga_warehouse',
  ID: 'id_warehouse',
  IN: 'in_warehouse',
  PA: 'pa_warehouse',
  PA2: 'pa2_warehouse',
  TX: 'tx_warehouse',
} as const;

/** A WPS warehouse code as the inventory reports it. */
export type WpsWarehouseCode = keyof typeof wpsWarehouseFields;

/** Every WPS warehouse code the inventory reports, in a stable order. */
export const wpsWarehouseCodes = Object.keys(wpsWarehouseFields) as WpsWarehouseCode[];

/**
 * WPS warehouse ids (as the `quantities` include reports them, `warehouse_id`) and their codes.
 * MODELLED from a public WooCommerce plugin's table (ids 1, 2, 4 to 8; dated 2017 and 2019): WPS
 * documents `GET /warehouses` (https://www.wps-inc.com/data-depot/v4/api/services/warehouses)
 * but not the ids. An id missing here is reported under its number, as text.
 */
export const wpsWarehouseIds: Readonly<Record<number, WpsWarehouseCode>> = Object.freeze({
  1: 'ID',
  2: 'CA',
  4: 'PA',
  5: 'IN',
  6: 'TX',
  7: 'GA',
  8: 'PA2',
});

/**
 * Which include `checkStock` asks `GET /items` for. `inventory` (the default) is what public client
 * code uses: an inventory object with one `*_warehouse` count per warehouse. `quantities` is what
 * the items documentation shows (https://www.wps-inc.com/data-depot/v4/api/services/items): a list
 * of `{ warehouse_id, obtainable }`. The client reads either answer shape, whichever it asked for.
 */
export type WpsStockInclude = 'inventory' | 'quantities';

/**
 * Warehouses accepted by the cart's `default_warehouse` (https://www.wps-inc.com/data-depot/v4/api/services/inventory [DOC carts]: PA2 is
 * absent from that enum).
 */
export const wpsCartWarehouseCodes = ['CA', 'GA', 'ID', 'IN', 'PA', 'TX'] as const;

/** A warehouse code accepted as the cart's `default_warehouse`. */
export type WpsCartWarehouseCode = (typeof wpsCartWarehouseCodes)[number];

/** Longest value of each drop-ship cart field (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [DOC carts]). */
export const wpsCartFieldLimits = {
  ship_name: 30,
  ship_address1: 30,
  ship_address2: 30,
  ship_address3: 30,
  ship_city: 17,
  ship_state: 2,
  ship_zip: 15,
  ship_phone: 15,
  email: 50,
  comment1: 50,
  comment2: 50,
  description: 50,
} as const;

/**
 * Request `ship_via` codes documented for carts (https://www.wps-inc.com/data-depot/v4/api/order-processing/carts [DOC carts]) with the carrier each
 * one uses. `BEST` ("best ground method available") names no carrier.
 */
export const wpsShipViaCodes = {
  AH2D: 'FedEx 2-Day (AK/HI only)',
  BEST: 'Best ground method available',
  FE1D: 'FedEx 1-Day',
  FE2D: 'FedEx 2-Day',
  UP1D: 'UPS 1 Day Red',
  UP2D: 'UPS 2 Day Blue',
  US1C: 'USPS Priority Mail',
  US4C: 'USPS Parcel Post',
} as const;
