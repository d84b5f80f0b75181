// What the dropshipper does with an email PO whose delivery is uncertain: the supplier's server
// took the message and the connection broke before its reply. The PO stays recoverable, no sync
// or recovery emails it again, and once a person confirms the supplier has it, recovery finds it.
import { describe, expect, it } from 'vitest';
import { startEmailSupplierWorld } from './main.js';

describe('example 07: an uncertain email send in the dropshipper', () => {
  it('keeps the PO recoverable and never emails it twice; resolveUncertainEmail lets recovery find it', async () => {
    const world = await startEmailSupplierWorld();
    try {
      world.inbox.dropAfterData();
      const result = await world.dropshipper.dropship(world.order);
      const po = result.purchaseOrders.find((candidate) => candidate.distributor === 'moose-email');
      if (po === undefined) throw new Error('no email PO');
      const stateOf = async () => (await world.store.getPurchaseOrder(po.poNumber))?.state;
      expect(await stateOf()).toBe('submitting');
      expect(world.emailsFor(po.poNumber)).toHaveLength(1);

      for (let round = 0; round < 3; round += 1) {
        world.sandbox.clock.advanceMinutes(30);
        await world.dropshipper.syncTracking();
        const recovery = await world.dropshipper.recover();
        expect(recovery).toMatchObject({ resubmitted: 0, failed: 0 });
        expect(await stateOf()).toBe('submitting');
      }
      expect(world.emailsFor(po.poNumber)).toHaveLength(1);

      await world.moose.resolveUncertainEmail(po.poNumber, { received: true });
      world.sandbox.clock.advanceMinutes(30);
      expect(await world.dropshipper.recover()).toMatchObject({ found: 1, resubmitted: 0 });
      expect(await stateOf()).toBe('submitted');
      expect(world.emailsFor(po.poNumber)).toHaveLength(1);
    } finally {
      await world.close();
    }
  });
});
