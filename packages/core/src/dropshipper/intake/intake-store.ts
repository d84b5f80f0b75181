import { ConfigurationError } from '../../errors/configuration-error.js';
import type { DropshipStore, DropshipStoreIntake } from '../../spec/v1/store.js';

/** The methods of the store's optional "intake" capability, every one required. */
const intakeMethods: readonly (keyof IntakeStore & keyof DropshipStore)[] = [
  'getIntakeCursor',
  'saveIntakeCursor',
  'createImportedOrder',
  'getImportedOrder',
  'updateImportedOrder',
  'findImportedOrders',
  'replaceReservations',
  'findReservations',
];

/** A store with the "intake" capability: every intake method present. */
export type IntakeStore = DropshipStore & DropshipStoreIntake;

/**
 * The store, when it has every method of the "intake" capability.
 *
 * @param store - the dropshipper's store.
 * @param operation - the public operation, named in the error.
 * @throws {@link ConfigurationError} naming the missing methods.
 */
export function requireIntakeStore(store: DropshipStore, operation: string): IntakeStore {
  const missing = intakeMethods.filter((method) => typeof store[method] !== 'function');
  if (missing.length > 0) {
    throw new ConfigurationError(
      `${operation}: the store has no order-intake capability (missing ${missing.join(', ')}); use createMemoryStore() or @dropship/postgres`,
    );
  }
  return store as IntakeStore;
}
