import { ConcurrencyConflictError } from '../../errors/concurrency-conflict-error.js';
import type { DropshipContext } from '../context/dropship-context.js';

/**
 * After a person placed an imported order that intake held (`placePlan`, `dropship`), its record
 * says so: `held` becomes `placed`. Nothing for an order intake did not hold, or a store without
 * the intake capability; a record another worker changed meanwhile is left to it.
 *
 * @param context - the dropshipper's context.
 * @param salesOrderId - `<marketplace>:<marketplaceOrderId>`.
 */
export async function recordHeldOrderPlaced(context: DropshipContext, salesOrderId: string): Promise<void> {
  const { store } = context;
  if (store.getImportedOrder === undefined || store.updateImportedOrder === undefined) return;
  const record = await store.getImportedOrder(salesOrderId);
  if (record === null || record.status !== 'held') return;
  try {
    await store.updateImportedOrder({ ...record, status: 'placed', reasons: [] }, record.version);
  } catch (error) {
    if (!ConcurrencyConflictError.isInstance(error)) throw error;
  }
}
