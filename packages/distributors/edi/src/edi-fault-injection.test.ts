// A seeded fault-injection run over many POs against the loopback SFTP server: each PO's 850 is
// sent through a random crash (before the upload starts, between writing and renaming, after the
// rename), each ship notice reaches us through a random fault (a process dying before it is
// marked read, before it is archived, a half-written file, the same interchange sent twice), and
// processes keep restarting. Whatever happens: every PO reaches the partner exactly once, and every
// tracking number shipped is reported, once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DropshipStore, mayHaveActed } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { orderRequest, useEdiHarness } from './__fixtures__/edi-harness.js';
import type { EdiClient } from './edi-client.js';
import type { EdiTransport } from './edi-transport.js';

const harness = useEdiHarness();

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const submitFaults = ['none', 'before-upload', 'before-rename', 'after-rename'] as const;
const noticeFaults = ['none', 'before-marked-read', 'before-archive', 'half-written', 'sent-twice'] as const;

function dyingStore(store: DropshipStore, pattern: RegExp): DropshipStore {
  let armed = true;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'putIdempotencyRecord')
        return async (record: Parameters<DropshipStore['putIdempotencyRecord']>[0]) => {
          if (armed && pattern.test(record.key)) {
            armed = false;
            throw new Error(`crash before ${record.key}`);
          }
          return target.putIdempotencyRecord(record);
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('EDI fault injection (seeded)', () => {
  it.each([20261207, 71])('seed %i: 0 duplicate POs, 0 lost POs, 0 lost or repeated ship notices', async (seed) => {
    const next = random(seed);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    const root = harness.root();
    const requests = Array.from({ length: 12 }, () => orderRequest());
    const shipped = new Map<string, string>();
    const figures = { submitCrashes: 0, inconclusive: 0, noticeFaults: 0 };

    for (const request of requests) {
      const fault = pick(submitFaults);
      let dying: EdiClient | undefined;
      if (fault === 'before-upload')
        dying = harness.createClient({ store: dyingStore(harness.store(), /fact:upload-started:/) });
      if (fault === 'after-rename')
        dying = harness.createClient({ store: dyingStore(harness.store(), /fact:uploaded:/) });
      if (fault === 'before-rename') {
        const transport: EdiTransport = harness.createTransport();
        dying = harness.createClient({
          transport: {
            ...transport,
            async upload(name, content) {
              writeFileSync(join(root, 'in', `${name}.tmp`), content, 'latin1');
              throw new Error('crash before rename');
            },
          },
        });
      }
      if (dying) {
        figures.submitCrashes += 1;
        await dying.submitOrder(request).catch(() => undefined);
        // Sometimes the partner picks files up before the next process retries.
        if (next() < 0.5) await harness.partner().processInbox();
      }
      for (let attempt = 0; ; attempt++) {
        try {
          await harness.createClient().submitOrder(request);
          break;
        } catch (error) {
          expect(mayHaveActed(error), String(error)).toBe(true);
          expect(attempt).toBeLessThan(3);
          figures.inconclusive += 1;
          await harness.partner().processInbox();
        }
      }
    }
    await harness.partner().processInbox();

    for (const [index, request] of requests.entries()) {
      const trackingNumber = `1Z999AA1${String(seed).slice(-4)}${String(index).padStart(6, '0')}`;
      shipped.set(request.poNumber, trackingNumber);
      const name = harness.partner().shipOrder(request.poNumber, { packages: [{ trackingNumber }] });
      const fault = pick(noticeFaults);
      if (fault !== 'none') figures.noticeFaults += 1;
      const path = join(root, 'out', name);
      if (fault === 'before-marked-read')
        await harness
          .createClient({ store: dyingStore(harness.store(), /fact:document:/) })
          .poll()
          .catch(() => undefined);
      if (fault === 'before-archive')
        await harness
          .createClient({ store: dyingStore(harness.store(), /fact:file:/) })
          .poll()
          .catch(() => undefined);
      if (fault === 'sent-twice') harness.partner().writeOutbox(`again-${name}`, readFileSync(path, 'latin1'));
      if (fault === 'half-written') {
        const whole = readFileSync(path, 'latin1');
        writeFileSync(path, whole.slice(0, Math.floor(whole.length * next())));
        await harness.createClient().poll();
        writeFileSync(path, whole);
      }
    }

    const reader = harness.createClient();
    const orders = await reader.listShipments({ poNumbers: requests.map((request) => request.poNumber) });
    const duplicatePos = requests.filter((request) => harness.partner().orderCount(request.poNumber) > 1).length;
    const lostPos = requests.filter((request) => harness.partner().orderCount(request.poNumber) === 0).length;
    const lostNotices = requests.filter((request) => {
      const order = orders.find((candidate) => candidate.poNumber === request.poNumber);
      return !order?.shipments.some((shipment) => shipment.trackingNumber === shipped.get(request.poNumber));
    }).length;
    const repeatedNotices = orders.filter((order) => order.shipments.length !== 1).length;
    expect({ duplicatePos, lostPos, lostNotices, repeatedNotices }).toEqual({
      duplicatePos: 0,
      lostPos: 0,
      lostNotices: 0,
      repeatedNotices: 0,
    });
    expect(harness.partner().received()).toHaveLength(requests.length);
    expect(figures.submitCrashes + figures.noticeFaults).toBeGreaterThan(requests.length / 2);
  });
});
