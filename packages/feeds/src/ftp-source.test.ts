import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AuthenticationError, createMemoryCatalog, NotFoundError, ServerError, ValidationError } from '@dropship/core';
import FtpSrv, { FileSystem } from 'ftp-srv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from './__fixtures__/build-zip.js';
import { partsUnlimitedBaseCsv, partsUnlimitedDealerCsv } from './__fixtures__/feed-test-helpers.js';
import { createFtpSource } from './ftp-source.js';
import { type FeedProgress, ingestFeed } from './ingest-feed.js';
import {
  createPartsUnlimitedParser,
  PARTS_UNLIMITED_BASE_FILE_PATTERN,
  PARTS_UNLIMITED_DEALER_FILE_PATTERN,
} from './parts-unlimited-price-file-parser.js';
import { createZipArchive } from './zip-archive.js';

const USER = 'dealer-sentinel-user';
const PASSWORD = 'ftp-sentinel-pa55-6b1d';

/** ftp-srv logs through bunyan by default; tests keep it quiet. */
const silentLog = {
  child: () => silentLog,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

/**
 * Serves the login's root directory. Reading `broken-<name>` sends the first 1,000 bytes of
 * `<name>`, then the server drops the connection (as a crashing server would).
 */
class TestFileSystem extends FileSystem {
  override get(fileName: string) {
    return super.get(fileName.replace('broken-', ''));
  }

  override read(fileName: string, options?: { start?: unknown }) {
    if (!fileName.includes('broken-')) return super.read(fileName, options);
    const connection = this.connection;
    return readFile(join(this.root, fileName.replace('broken-', ''))).then((content) => {
      let sent = false;
      const stalled = new Readable({
        read() {
          if (sent) {
            setTimeout(() => connection.close(421, 'Service shutting down' as never), 20);
            return;
          }
          sent = true;
          this.push(content.subarray(0, 1000));
        },
      });
      return { stream: stalled, clientPath: fileName };
    });
  }
}

interface RunningServer {
  url: string;
  port: number;
  logins: string[];
  close(): Promise<void>;
}

async function startFtpServer(root: string, tls?: { key: string; cert: string }): Promise<RunningServer> {
  const server = new FtpSrv({
    url: 'ftp://127.0.0.1:0',
    pasv_url: '127.0.0.1',
    pasv_min: 20000,
    pasv_max: 60000,
    anonymous: false,
    log: silentLog,
    ...(tls ? { tls } : {}),
  });
  const logins: string[] = [];
  server.on('login', ({ connection, username, password }, resolve, reject) => {
    logins.push(username);
    if (username === USER && password === PASSWORD) resolve({ fs: new TestFileSystem(connection, { root, cwd: '/' }) });
    else reject(new Error(`Bad credentials for ${username}`));
  });
  await server.listen();
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
  return {
    url: `ftp://127.0.0.1:${port}`,
    port,
    logins,
    close: async () => {
      await server.close();
    },
  };
}

describe('createFtpSource (real FTP server on loopback)', () => {
  let root: string;
  let ftp: RunningServer;
  const base = partsUnlimitedBaseCsv(Array.from({ length: 300 }, (_, index) => ({ 'Part Number': `F${index}` })));
  const dealer = partsUnlimitedDealerCsv([['F0', '1.23']]);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'feeds-ftp-test-'));
    await writeFile(join(root, 'BasePriceFile.csv'), base);
    await writeFile(
      join(root, 'pricefile.zip'),
      buildZip([
        { name: 'BasePriceFile.csv', data: base },
        { name: 'D1_PriceFile.csv', data: dealer },
      ]),
    );
    ftp = await startFtpServer(root);
  });
  afterAll(async () => {
    await ftp?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('downloads a file as a stream into the catalog, with progress that never shows the credentials', async () => {
    const source = createFtpSource(
      `ftp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${ftp.port}/BasePriceFile.csv`,
    );
    expect(source.description).toBe(`ftp://127.0.0.1:${ftp.port}/BasePriceFile.csv`);
    const reports: FeedProgress[] = [];
    const catalog = createMemoryCatalog();
    const summary = await ingestFeed({
      distributor: 'parts-unlimited',
      source,
      parser: createPartsUnlimitedParser(),
      catalog,
      progressIntervalMs: 0,
      onProgress: (progress) => reports.push(progress),
    });
    expect(summary).toMatchObject({ rowsRead: 300, offers: 300, upserted: 300, bytesRead: Buffer.byteLength(base) });
    expect(catalog.size).toBe(300);
    expect(ftp.logins.at(-1)).toBe(USER);
    expect(JSON.stringify([summary, reports])).not.toContain(PASSWORD);
    expect(JSON.stringify([summary, reports])).not.toContain(USER);
  });

  it('reads Parts Unlimited’s ZIP from FTP: downloaded once, both entries ingested', async () => {
    const zip = createZipArchive(
      createFtpSource({ host: '127.0.0.1', port: ftp.port, user: USER, password: PASSWORD, path: 'pricefile.zip' }),
    );
    const logins = ftp.logins.length;
    try {
      const catalog = createMemoryCatalog();
      const summary = await ingestFeed({
        distributor: 'parts-unlimited',
        source: zip.entry(PARTS_UNLIMITED_BASE_FILE_PATTERN),
        parser: createPartsUnlimitedParser({ dealerFile: zip.entry(PARTS_UNLIMITED_DEALER_FILE_PATTERN) }),
        catalog,
      });
      expect(summary.offers).toBe(300);
      expect((await catalog.getOffer('parts-unlimited', 'F0'))?.cost).toBe(123);
      expect(ftp.logins.length - logins).toBe(1);
    } finally {
      await zip.close();
    }
  });

  it('refuses a wrong password with AuthenticationError that contains neither the password nor the user', async () => {
    const error = await createFtpSource({
      host: '127.0.0.1',
      port: ftp.port,
      user: USER,
      password: `${PASSWORD}-wrong`,
      path: 'BasePriceFile.csv',
    })
      .open()
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const visible = JSON.stringify({
      message: (error as Error).message,
      stack: (error as Error).stack,
      cause: String((error as Error).cause),
      url: (error as AuthenticationError).url,
    });
    expect(visible).not.toContain(PASSWORD);
    expect(visible).not.toContain(USER);
  });

  it('reports a missing file as NotFoundError', async () => {
    const error = await createFtpSource({
      host: '127.0.0.1',
      port: ftp.port,
      user: USER,
      password: PASSWORD,
      path: 'nope.csv',
    })
      .open()
      .catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`ftp://127.0.0.1:${ftp.port}/nope.csv`);
  });

  it('makes a transfer that fails midway an error, never a short file, so nothing is retired', async () => {
    const catalog = createMemoryCatalog();
    const parser = createPartsUnlimitedParser();
    const options = { host: '127.0.0.1', port: ftp.port, user: USER, password: PASSWORD };
    await ingestFeed({
      distributor: 'parts-unlimited',
      source: createFtpSource({ ...options, path: 'BasePriceFile.csv' }),
      parser,
      catalog,
    });
    const reports: FeedProgress[] = [];
    const error = await ingestFeed({
      distributor: 'parts-unlimited',
      source: createFtpSource({ ...options, path: 'broken-BasePriceFile.csv' }),
      parser,
      catalog,
      progressIntervalMs: 0,
      onProgress: (progress) => reports.push(progress),
    }).catch((caught: unknown) => caught);
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /ftp: .*broken-BasePriceFile\.csv: temporary failure during download \(421/,
    );
    expect(reports.at(-1)?.bytesRead).toBe(1000);
    expect(catalog.size).toBe(300);
  });

  it('reports an unreachable server as a connection failure', async () => {
    const closed = await startFtpServer(root);
    const port = closed.port;
    await closed.close();
    await expect(
      createFtpSource({
        host: '127.0.0.1',
        port,
        user: USER,
        password: PASSWORD,
        path: 'a.csv',
        timeoutMs: 2000,
      }).open(),
    ).rejects.toThrow(/connection failed during login/);
  });

  it('validates its settings without echoing a password from the URL', () => {
    expect(() => createFtpSource('http://example.com/a.csv')).toThrow(ValidationError);
    expect(() => createFtpSource({ host: '', path: 'a.csv' })).toThrow(ValidationError);
    let message = '';
    try {
      createFtpSource(`sftp://u:${PASSWORD}@host/a.csv`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/ftp:\/\/ or ftps:\/\//);
    expect(message).not.toContain(PASSWORD);
  });
});

let openssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  openssl = false;
}

if (!openssl) {
  describe('createFtpSource over FTPS', () => {
    // biome-ignore lint/suspicious/noSkippedTests: without openssl no certificate can be made for the FTPS server; the reason is in the name (scripts/test.mjs lists it, and fails on it in CI)
    it.skip('skipped: install openssl to run the FTPS tests (a self-signed certificate is made for the test server)', () => {});
  });
}

describe.runIf(openssl)('createFtpSource over FTPS (explicit TLS, self-signed certificate made for the test)', () => {
  let root: string;
  let ftp: RunningServer;
  let certificate: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'feeds-ftps-test-'));
    const keyPath = join(root, 'key.pem');
    const certificatePath = join(root, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certificatePath,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    certificate = await readFile(certificatePath, 'utf8');
    await writeFile(join(root, 'inventory.csv'), partsUnlimitedBaseCsv([{ 'Part Number': 'S1' }]));
    ftp = await startFtpServer(root, { key: await readFile(keyPath, 'utf8'), cert: certificate });
  });
  afterAll(async () => {
    await ftp?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('downloads over TLS, trusting the given certificate', async () => {
    const catalog = createMemoryCatalog();
    const source = createFtpSource(
      { host: '127.0.0.1', port: ftp.port, user: USER, password: PASSWORD, path: 'inventory.csv', secure: true },
      { secureOptions: { ca: certificate } },
    );
    expect(source.description).toBe(`ftps://127.0.0.1:${ftp.port}/inventory.csv`);
    const summary = await ingestFeed({
      distributor: 'parts-unlimited',
      source,
      parser: createPartsUnlimitedParser(),
      catalog,
    });
    expect(summary.offers).toBe(1);
  });

  it('refuses a server certificate it does not trust', async () => {
    await expect(
      createFtpSource({
        host: '127.0.0.1',
        port: ftp.port,
        user: USER,
        password: PASSWORD,
        path: 'inventory.csv',
        secure: true,
      }).open(),
    ).rejects.toThrow(/certificate/i);
  });
});
