import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuthenticationError, NetworkError, ValidationError } from '@dropship/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SftpTestServer, startSftpTestServer } from './sftp-test-server.js';
import { createSftpTransport } from './sftp-transport.js';

const password = 'SENTINEL-SFTP-PASSWORD-71c4';
let root: string;
let server: SftpTestServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dropship-sftp-'));
  server = await startSftpTestServer({ root, username: 'dealer', password });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  for (const folder of ['in', 'out', 'out/archive']) {
    rmSync(join(root, folder), { recursive: true, force: true });
    mkdirSync(join(root, folder), { recursive: true });
  }
});

const transportWith = (overrides: Record<string, unknown> = {}) =>
  createSftpTransport({
    host: server.host,
    port: server.port,
    username: 'dealer',
    password,
    hostKeySha256: server.hostKeySha256,
    outboundFolder: '/in',
    inboundFolder: '/out',
    archiveFolder: '/out/archive',
    timeoutMs: 5_000,
    ...overrides,
  });

describe('createSftpTransport against a real SFTP server on loopback', () => {
  it('uploads to a temporary name then renames it, and never overwrites a file of the same name', async () => {
    const transport = transportWith();
    try {
      const renamesBefore = server.requestCount('RENAME');
      expect(await transport.upload('850-000000001.edi', 'ISA*first~')).toBe(true);
      expect(readdirSync(join(root, 'in'))).toEqual(['850-000000001.edi']);
      expect(readFileSync(join(root, 'in', '850-000000001.edi'), 'latin1')).toBe('ISA*first~');
      expect(server.requestCount('RENAME') - renamesBefore).toBe(1);
      expect(await transport.uploadState('850-000000001.edi')).toEqual({ uploaded: true, temporary: false });

      expect(await transport.upload('850-000000001.edi', 'ISA*second~')).toBe(false);
      expect(readdirSync(join(root, 'in'))).toEqual(['850-000000001.edi']);
      expect(readFileSync(join(root, 'in', '850-000000001.edi'), 'latin1')).toBe('ISA*first~');
    } finally {
      await transport.close();
    }
  });

  it('replaces a leftover temporary file (a crash mid-upload) and reports it in uploadState', async () => {
    writeFileSync(join(root, 'in', '850-000000002.edi.tmp'), 'ISA*half');
    const transport = transportWith();
    try {
      expect(await transport.uploadState('850-000000002.edi')).toEqual({ uploaded: false, temporary: true });
      await transport.upload('850-000000002.edi', 'ISA*whole~');
      expect(readdirSync(join(root, 'in'))).toEqual(['850-000000002.edi']);
      expect(readFileSync(join(root, 'in', '850-000000002.edi'), 'latin1')).toBe('ISA*whole~');
    } finally {
      await transport.close();
    }
  });

  it('lists, downloads and archives the partner files, leaving folders out of the list', async () => {
    writeFileSync(join(root, 'out', '855-1.edi'), 'ISA*855~');
    const transport = transportWith();
    try {
      const files = await transport.list();
      expect(files.map((file) => [file.name, file.size])).toEqual([['855-1.edi', 8]]);
      expect(files[0]?.modifiedMs).toBeGreaterThan(0);
      expect(await transport.download('855-1.edi')).toBe('ISA*855~');
      await transport.archive('855-1.edi');
      expect(existsSync(join(root, 'out', '855-1.edi'))).toBe(false);
      expect(readdirSync(join(root, 'out', 'archive'))).toEqual(['855-1.edi']);
      // The same name read again later goes beside the first, never over it.
      writeFileSync(join(root, 'out', '855-1.edi'), 'ISA*again~');
      await transport.archive('855-1.edi');
      expect(readdirSync(join(root, 'out', 'archive'))).toHaveLength(2);
    } finally {
      await transport.close();
    }
  });

  it('throws AuthenticationError for a wrong password, with no password in the error or the transport', async () => {
    const wrong = 'SENTINEL-WRONG-PASSWORD-9a0b';
    const transport = transportWith({ password: wrong });
    const error = await transport.list().catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error), String(error)).toBe(true);
    const views = [
      String(error),
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      inspect(transport, { showHidden: true, depth: 10 }),
      JSON.stringify(transport),
    ];
    for (const view of views) {
      expect(view).not.toContain(wrong);
      expect(view).not.toContain(password);
    }
    await transport.close();
  });

  it('refuses a server whose host key is not the one configured', async () => {
    const transport = transportWith({ hostKeySha256: '0'.repeat(64) });
    const error = await transport.list().catch((caught: unknown) => caught);
    expect(NetworkError.isInstance(error), String(error)).toBe(true);
    await transport.close();
  });

  it('refuses unknown options and a missing credential with a ValidationError', () => {
    expect(() => transportWith({ pasword: 'x' })).toThrow(ValidationError);
    expect(() =>
      createSftpTransport({ host: 'h', username: 'u', outboundFolder: '/in', inboundFolder: '/out' } as never),
    ).toThrow(ValidationError);
    expect(() => transportWith({ outboundFolder: 'in' })).toThrow(ValidationError);
  });
});
