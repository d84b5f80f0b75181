// Crashes at every step between writing an 850 and knowing it arrived, and between reading a
// partner file and archiving it, against a real SFTP server on loopback: 0 duplicate POs, 0 lost
// POs, 0 lost ship notices. A "crash" is a process that dies at that point: the next call comes
// from a new client (a new process) on the same store and folders.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { type DropshipStore, mayHaveActed, NetworkError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { orderRequest, sftpPassword, useEdiHarness } from './__fixtures__/edi-harness.js';
import type { EdiTransport } from './edi-transport.js';
import { createSftpTransport } from './sftp-transport.js';

const harness = useEdiHarness();

class Crash extends Error {
  constructor(where: string) {
    super(`crash: the process died ${where}`);
  }
}

/** The store, dying once just before writing the first record whose key matches `pattern`. */
function storeDyingAt(store: DropshipStore, pattern: RegExp): DropshipStore {
  let armed = true;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'putIdempotencyRecord')
        return async (record: Parameters<DropshipStore['putIdempotencyRecord']>[0]) => {
          if (armed && pattern.test(record.key)) {
            armed = false;
            throw new Crash(`before recording ${record.key}`);
          }
          return target.putIdempotencyRecord(record);
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A transport whose upload dies after the temporary file is fully written, before the rename. */
function transportDyingBeforeRename(transport: EdiTransport, root: string): EdiTransport {
  return {
    ...transport,
    async upload(name, content) {
      // What the SFTP put of the temporary name leaves on the server when the process dies next.
      writeFileSync(join(root, 'in', `${name}.tmp`), content, 'latin1');
      throw new Crash('between writing the 850 and renaming it');
    },
  };
}

/** A transport whose archive dies once (after the file was recorded as read). */
function transportDyingAtArchive(transport: EdiTransport): EdiTransport {
  let armed = true;
  return {
    ...transport,
    async archive(name) {
      if (armed) {
        armed = false;
        throw new Crash(`before archiving ${name}`);
      }
      return transport.archive(name);
    },
  };
}

const settle = async <T>(promise: Promise<T>) => promise.catch((error: unknown) => error);

describe('crash between writing and uploading an 850', () => {
  it('a connection refused at the first upload: nothing was written, so the next attempt uploads it, once (not left waiting for evidence)', async () => {
    const request = orderRequest();
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const unreachable = createSftpTransport(
      {
        host: '127.0.0.1',
        port: closedPort,
        username: 'dealer',
        password: sftpPassword,
        outboundFolder: '/in',
        inboundFolder: '/out',
        timeoutMs: 2_000,
      },
      'acme-edi',
    );
    const error = await settle(harness.createClient({ transport: unreachable }).submitOrder(request));
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    const retry = await harness.createClient().submitOrder(request);
    expect(retry.alreadyExisted).toBe(false);
    await harness.partner().processInbox();
    expect(harness.partner().orderCount(request.poNumber)).toBe(1);
  });

  it('dying with the 850 recorded and written to its temporary name, as the rename is recorded: the next process uploads it, once', async () => {
    const request = orderRequest();
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /fact:upload-started:/) });
    expect(await settle(dying.submitOrder(request))).toBeInstanceOf(Crash);
    expect(readdirSync(join(harness.root(), 'in')).filter((name) => name.endsWith('.edi'))).toEqual([]);
    const retry = await harness.createClient().submitOrder(request);
    expect(retry.alreadyExisted).toBe(false);
    await harness.partner().processInbox();
    expect(harness.partner().orderCount(request.poNumber)).toBe(1);
  });

  it('dying with the 850 written to its temporary name, before the rename: the next process completes that upload, once, with the same control number', async () => {
    const request = orderRequest();
    const dying = harness.createClient({
      transport: transportDyingBeforeRename(harness.createTransport(), harness.root()),
    });
    expect(await settle(dying.submitOrder(request))).toBeInstanceOf(Crash);
    const [temporary] = readdirSync(join(harness.root(), 'in'));
    expect(temporary).toMatch(/\.edi\.tmp$/);
    // The partner never reads a temporary name.
    expect(await harness.partner().processInbox()).toHaveLength(0);
    const written = readFileSync(join(harness.root(), 'in', temporary as string), 'latin1');
    const retry = await harness.createClient().submitOrder(request);
    expect(retry.alreadyExisted).toBe(false);
    expect(readdirSync(join(harness.root(), 'in')).sort()).toEqual([
      (temporary as string).replace(/\.tmp$/, ''),
      'archive',
    ]);
    const [received] = await harness.partner().processInbox();
    expect(readFileSync(join(harness.root(), 'in', 'archive', `${received?.fileName}.0`), 'latin1')).toBe(written);
    expect(harness.partner().orderCount(request.poNumber)).toBe(1);
  });

  it('dying after the rename, before recording it: the file still in the folder proves it (alreadyExisted), none sent again', async () => {
    const request = orderRequest();
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /fact:uploaded:/) });
    expect(await settle(dying.submitOrder(request))).toBeInstanceOf(Crash);
    expect((await harness.createClient().submitOrder(request)).alreadyExisted).toBe(true);
    await harness.partner().processInbox();
    expect(harness.partner().orderCount(request.poNumber)).toBe(1);
  });

  it('dying after the rename when the partner then took the file: inconclusive (never resent) until its 997/855 settles it', async () => {
    const request = orderRequest();
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /fact:uploaded:/) });
    expect(await settle(dying.submitOrder(request))).toBeInstanceOf(Crash);
    await harness.partner().processInbox({ functionalAcknowledgment: false, acknowledgment: false });

    const next = harness.createClient();
    const error = await settle(next.submitOrder(request));
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    expect(mayHaveActed(error)).toBe(true);
    const lookUp = await settle(next.findOrder(request.poNumber));
    expect(NetworkError.isInstance(lookUp), 'findOrder must not answer null (not placed) here').toBe(true);
    expect(await harness.partner().processInbox()).toHaveLength(0);

    // The partner's 997 for that group arrives: the PO is known placed, once.
    const [received] = harness.partner().received();
    harness.partner().writeOutbox('late-997.edi', answer997(received?.groupControlNumber ?? 0));
    expect((await next.submitOrder(request)).alreadyExisted).toBe(true);
    expect((await next.findOrder(request.poNumber))?.status).toBe('pending');
    expect(harness.partner().orderCount(request.poNumber)).toBe(1);
  });
});

/** A 997 accepting group `control`, as the partner writes it. */
function answer997(control: number): string {
  return [
    'ISA*00*          *00*          *ZZ*ACMEPARTS      *ZZ*DEALER01       *261207*1000*U*00401*000000901*0*P*>~',
    'GS*FA*ACMEPARTS*DEALER01*20261207*1000*901*X*004010~',
    'ST*997*0001~',
    `AK1*PO*${control}~`,
    'AK9*A*1*1*1~',
    'SE*4*0001~',
    'GE*1*901~',
    'IEA*1*000000901~',
  ].join('\n');
}

describe('a partner file read twice', () => {
  it('dying after recording a ship notice, before marking it read: read again, reported once', async () => {
    const request = orderRequest();
    await harness.createClient().submitOrder(request);
    await harness.partner().processInbox({ functionalAcknowledgment: false, acknowledgment: false });
    harness.partner().shipOrder(request.poNumber, { packages: [{ trackingNumber: '1Z999AA10123456784' }] });
    const dying = harness.createClient({ store: storeDyingAt(harness.store(), /fact:document:/) });
    expect(await settle(dying.poll())).toBeInstanceOf(Crash);
    const next = harness.createClient();
    const found = await next.findOrder(request.poNumber);
    expect(found?.shipments.map((shipment) => shipment.trackingNumber)).toEqual(['1Z999AA10123456784']);
    expect(found?.status).toBe('shipped');
    expect((await next.describeOrder(request.poNumber))?.order.shipments).toHaveLength(1);
  });

  it('dying after marking a file read, before archiving it: not read again, archived next time', async () => {
    const request = orderRequest();
    const client = harness.createClient();
    await client.submitOrder(request);
    await harness.partner().processInbox({ functionalAcknowledgment: false });
    const dying = harness.createClient({ transport: transportDyingAtArchive(harness.createTransport()) });
    expect(await settle(dying.poll())).toBeInstanceOf(Crash);
    const report = await harness.createClient().poll();
    expect(report).toMatchObject({ read: [], documents: 0 });
    expect(readdirSync(join(harness.root(), 'out', 'archive'))).toHaveLength(1);
    expect((await client.findOrder(request.poNumber))?.status).toBe('open');
  });

  it('the same interchange sent again under another name: its documents are recorded once', async () => {
    const request = orderRequest();
    const client = harness.createClient();
    await client.submitOrder(request);
    await harness.partner().processInbox({ functionalAcknowledgment: false, acknowledgment: false });
    const name = harness
      .partner()
      .shipOrder(request.poNumber, { packages: [{ trackingNumber: '1Z999AA10123456784' }] });
    const text = readFileSync(join(harness.root(), 'out', name), 'latin1');
    expect((await client.poll()).documents).toBe(1);
    harness.partner().writeOutbox(`again-${name}`, text);
    const again = await client.poll();
    expect(again).toMatchObject({ read: [`again-${name}`], documents: 0 });
    expect((await client.findOrder(request.poNumber))?.shipments).toHaveLength(1);
  });
});

describe('a half-written partner file', () => {
  it('is never half-read: a file cut short is left in place, and read once complete', async () => {
    const request = orderRequest();
    const client = harness.createClient();
    await client.submitOrder(request);
    await harness.partner().processInbox({ functionalAcknowledgment: false, acknowledgment: false });
    const name = harness.partner().shipOrder(request.poNumber, {
      packages: [{ trackingNumber: '1Z999AA10123456784' }, { trackingNumber: '1Z999AA10123456795', lines: [] }],
    });
    const whole = readFileSync(join(harness.root(), 'out', name), 'latin1');
    // The partner, writing under the final name, is caught after the first package.
    harness.partner().writeOutbox(name, whole.slice(0, whole.indexOf('HL*4')), { atomic: false });
    const early = await client.poll();
    expect(early.skipped).toEqual([
      { name, reason: 'invalid', message: expect.stringMatching(/without an (SE|GE|IEA)/) },
    ]);
    expect(existsSync(join(harness.root(), 'out', name))).toBe(true);
    expect((await client.findOrder(request.poNumber))?.shipments).toEqual([]);
    harness.partner().writeOutbox(name, whole, { atomic: false });
    const found = await client.findOrder(request.poNumber);
    expect(found?.shipments.map((shipment) => shipment.trackingNumber)).toEqual([
      '1Z999AA10123456784',
      '1Z999AA10123456795',
    ]);
  });

  it('is not read while it keeps changing (stability window), even when each version is a complete interchange', async () => {
    let nowMs = Date.parse('2026-12-07T10:00:00Z');
    const client = harness.createClient({ inbound: { stableForMs: 2_000 }, now: () => new Date(nowMs) });
    const request = orderRequest();
    await client.submitOrder(request);
    await harness.partner().processInbox({ functionalAcknowledgment: false, acknowledgment: false });
    const name = harness
      .partner()
      .shipOrder(request.poNumber, { packages: [{ trackingNumber: '1Z999AA10123456784' }] });
    expect((await client.poll()).skipped).toEqual([{ name, reason: 'unstable' }]);
    nowMs += 1_500;
    writeFileSync(join(harness.root(), 'out', name), `${readFileSync(join(harness.root(), 'out', name), 'latin1')}\n`);
    nowMs += 1_000;
    expect((await client.poll()).skipped).toEqual([{ name, reason: 'unstable' }]);
    nowMs += 2_000;
    expect((await client.poll()).read).toEqual([name]);
  });
});
