// At most one purchase-order email per PO through crashes and ambiguous SMTP failures, against a
// real SMTP server on loopback: a process that dies before, during or after the send, and a
// connection that breaks after the server took the message. Each case counts the emails the
// supplier's server received.
import { type DropshipStore, mayHaveActed, NetworkError, ValidationError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { orderRequest, useEmailPoHarness } from './__fixtures__/email-po-harness.js';

const harness = useEmailPoHarness();

/** Emails the supplier's server accepted for a PO. */
function emailsFor(poNumber: string): number {
  return harness
    .inbox()
    .received()
    .filter((email) => email.headers['x-dropship-po-number'] === poNumber).length;
}

/** The store, except that the first write whose key matches `pattern` makes the process "die" (throws). */
function storeDyingAt(store: DropshipStore, pattern: RegExp): DropshipStore {
  let died = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'putIdempotencyRecord')
        return async (record: { key: string }) => {
          if (!died && pattern.test(record.key)) {
            died = true;
            throw new Error('process killed');
          }
          return target.putIdempotencyRecord(record as never);
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A clock `offsetMs` ahead of now: a restart after the send lease has passed. */
const later = (offsetMs: number) => () => new Date(Date.now() + offsetMs);

describe('acme-email: one email per PO through crashes and ambiguous failures', () => {
  it('dies after recording the email, before recording the attempt: the restart sends it, once', async () => {
    const request = orderRequest();
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /#claim:1$/) });
    await expect(dying.submitOrder(request)).rejects.toThrow('process killed');
    expect(emailsFor(request.poNumber)).toBe(0);
    const restarted = harness.createClient();
    expect((await restarted.submitOrder(request)).alreadyExisted).toBe(false);
    expect((await restarted.submitOrder(request)).alreadyExisted).toBe(true);
    expect(emailsFor(request.poNumber)).toBe(1);
  });

  it('dies after the server took the email, before recording it as sent: no restart sends it again', async () => {
    const request = orderRequest();
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /#outcome:1$/) });
    await expect(dying.submitOrder(request)).rejects.toThrow('process killed');
    expect(emailsFor(request.poNumber)).toBe(1);

    // Within the lease: another worker may still be sending, so the answer is "not known yet".
    const soon = await harness
      .createClient()
      .submitOrder(request)
      .catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(soon) && mayHaveActed(soon), String(soon)).toBe(true);
    // After the lease, across restarts: uncertain, never resent blind.
    for (let restart = 0; restart < 3; restart += 1) {
      const client = harness.createClient({ now: later(3_600_000) });
      const error = await client.submitOrder(request).catch((caught: unknown) => caught);
      expect(NetworkError.isInstance(error), String(error)).toBe(true);
      expect(String(error)).toContain('resolveUncertainEmail');
      await expect(client.findOrder(request.poNumber)).rejects.toThrow(/not known/);
      expect(await client.listShipments({ poNumbers: [request.poNumber] })).toEqual([]);
    }
    expect(emailsFor(request.poNumber)).toBe(1);
    expect(harness.events().filter((event) => event.type === 'purchase-order-email-uncertain').length).toBeGreaterThan(
      0,
    );

    // A person confirms the supplier has it: the PO goes on, still one email.
    const person = harness.createClient({ now: later(3_600_000) });
    await person.resolveUncertainEmail(request.poNumber, { received: true });
    expect((await person.submitOrder(request)).alreadyExisted).toBe(true);
    expect(await person.findOrder(request.poNumber)).toMatchObject({ status: 'pending' });
    expect(emailsFor(request.poNumber)).toBe(1);
  });

  it('the connection breaks after the server took the message: uncertain; the supplier answering settles it without a resend', async () => {
    const request = orderRequest();
    const client = harness.createClient();
    harness.inbox().dropAfterData();
    const error = await client.submitOrder(request).catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    expect(emailsFor(request.poNumber)).toBe(1);
    await expect(client.submitOrder(request)).rejects.toThrow(/not known/);
    expect(emailsFor(request.poNumber)).toBe(1);

    await client.recordSupplierAnswer(request.poNumber, { kind: 'acknowledgment', answerId: '<reply-1@acme.test>' });
    expect(await client.findOrder(request.poNumber)).toMatchObject({ status: 'open' });
    expect((await client.submitOrder(request)).alreadyExisted).toBe(true);
    expect(emailsFor(request.poNumber)).toBe(1);
  });

  it('a person finds the supplier never got it: the next submit sends it again, once', async () => {
    const request = orderRequest();
    const client = harness.createClient();
    // The process dies while the message is on the wire (the server refuses it: it never arrives).
    harness.inbox().refuseNext({ code: 554, message: 'Transaction failed' });
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /#outcome:1$/) });
    await expect(dying.submitOrder(request)).rejects.toThrow('process killed');
    expect(emailsFor(request.poNumber)).toBe(0);
    const afterLease = harness.createClient({ now: later(3_600_000) });
    await expect(afterLease.submitOrder(request)).rejects.toThrow(/not known/);
    await afterLease.resolveUncertainEmail(request.poNumber, { received: false });
    const again = await afterLease.submitOrder(request);
    expect(again.alreadyExisted).toBe(false);
    expect(emailsFor(request.poNumber)).toBe(1);
    expect((await client.submitOrder(request)).alreadyExisted).toBe(true);
    expect(emailsFor(request.poNumber)).toBe(1);
    // Nothing uncertain is left to resolve.
    const nothing = await afterLease
      .resolveUncertainEmail(request.poNumber, { received: false })
      .catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(nothing)).toBe(true);
  });

  it('a batch of 10 POs with a crash after every send and a retry of each: 10 emails, one per PO', async () => {
    const requests = Array.from({ length: 10 }, () => orderRequest());
    for (const request of requests) {
      const dying = harness.createClient({ store: storeDyingAt(harness.store(), /#outcome:1$/) });
      await expect(dying.submitOrder(request)).rejects.toThrow('process killed');
      const retry = await harness
        .createClient({ now: later(3_600_000) })
        .submitOrder(request)
        .catch((caught: unknown) => caught);
      expect(NetworkError.isInstance(retry)).toBe(true);
    }
    for (const request of requests) expect(emailsFor(request.poNumber)).toBe(1);
  });
});
