/**
 * Payloads of the re-routing and price-guard events. They carry ids, distributors, quantities,
 * prices and reasons: never an address, a buyer's name or email, or a credential.
 */

/** Lines a distributor refused or cancelled were placed again on a new PO at another distributor (or warehouse). */
export interface PurchaseOrderReroutedEvent {
  salesOrderId: string;
  /** The refused PO the lines came from. */
  fromPoNumber: string;
  /** The new PO. */
  poNumber: string;
  distributor: string;
  /** 1 for the first re-route of these lines. */
  attempt: number;
  /** Sales line ids placed again. */
  lineIds: readonly string[];
}

/** Lines a distributor refused or cancelled were not placed again: the policy (or no other distributor) holds them for a person. */
export interface RerouteHeldEvent {
  salesOrderId: string;
  /** The refused POs the lines came from. */
  fromPoNumbers: readonly string[];
  /** Sales line ids held. */
  lineIds: readonly string[];
  /** Why, for a person. */
  reason: string;
}

/** A distributor's real-time unit price exceeds the planned cost by more than the price guard's tolerance. */
export interface PriceGuardTrippedEvent {
  salesOrderId: string;
  /** The planned PO number. */
  poNumber: string;
  distributor: string;
  sku: string;
  /** Planned cost of one unit, minor units. */
  plannedUnitCost: number;
  /** The distributor's real-time price of one unit, minor units. */
  unitCost: number;
  /** What the guard did. */
  action: 'hold' | 'reroute';
}

/** The re-routing events by name, with their payloads (part of `DropshipEventMap`). */
export interface RerouteEventMap {
  'purchase-order-rerouted': [event: PurchaseOrderReroutedEvent];
  'reroute-held': [event: RerouteHeldEvent];
  'price-guard-tripped': [event: PriceGuardTrippedEvent];
}

/** The re-routing event names, in a stable order (part of `dropshipEventNames`). */
export const rerouteEventNames: readonly (keyof RerouteEventMap)[] = Object.freeze([
  'purchase-order-rerouted',
  'reroute-held',
  'price-guard-tripped',
] as const);
