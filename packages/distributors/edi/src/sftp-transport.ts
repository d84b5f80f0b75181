import { AuthenticationError, ConfigurationError, NetworkError, parseWith } from '@dropship/core';
import SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import type { EdiRemoteFile, EdiTransport } from './edi-transport.js';

const folderSchema = z
  .string()
  .regex(/^\/[^\0]*$/, 'must be an absolute path such as /in')
  .transform((folder) => folder.replace(/\/+$/, '') || '/');

/** Options of {@link createSftpTransport}. Unknown keys are refused. */
export const sftpTransportOptionsSchema = z
  .object({
    /** The partner's SFTP host. */
    host: z.string().min(1),
    /** Default 22. */
    port: z.number().int().min(1).max(65_535).default(22),
    username: z.string().min(1),
    /** A password, or `privateKey`. */
    password: z.string().min(1).optional(),
    /** A private key (PEM or OpenSSH), or `password`. */
    privateKey: z.string().min(1).optional(),
    /**
     * The SHA-256 of the server's host key, hex: the connection is refused when the server shows
     * another key. Strongly advised (without it any server answering on the host is trusted).
     */
    hostKeySha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')
      .optional(),
    /** Where our 850s go (the partner's inbound folder), for example `/in`. */
    outboundFolder: folderSchema,
    /** Where the partner leaves its 997, 855, 856 and 810 files, for example `/out`. */
    inboundFolder: folderSchema,
    /**
     * Where read files are moved. Default none: files stay, and the store's record of each file
     * (name, size, modification time) keeps it from being read twice.
     */
    archiveFolder: folderSchema.optional(),
    /** Suffix of the temporary name an upload is written to before the rename. Default `.tmp`. */
    temporarySuffix: z
      .string()
      .regex(/^\.[A-Za-z0-9]{1,10}$/)
      .default('.tmp'),
    /** Connection timeout in ms. Default 20,000. */
    timeoutMs: z.number().int().min(100).max(300_000).default(20_000),
  })
  .strict()
  .refine((options) => options.password !== undefined || options.privateKey !== undefined, {
    message: 'give password or privateKey',
    path: ['password'],
  });

/** Options of {@link createSftpTransport}. */
export type SftpTransportOptions = z.input<typeof sftpTransportOptionsSchema>;

/** The SFTP error that says the credentials were refused (ssh2's message). */
const authenticationFailure = /authentication methods failed|authentication failed|permission denied \(/i;

/**
 * An {@link EdiTransport} over SFTP with `ssh2-sftp-client` (https://github.com/theophilusx/ssh2-sftp-client):
 * - `upload` writes `<outbound>/<name><temporarySuffix>`, then renames it to `<name>` (the
 *   rename refuses an existing target, so a file is never overwritten, and a name already there
 *   is reported, not replaced): the partner never sees a half-written 850;
 * - `list`, `download` and `archive` work in the inbound folder; `archive` renames into the
 *   archive folder (under the file's name plus its modification time when the name is taken).
 *
 * One connection is opened at first use and opened again after a failure. Credentials are kept
 * in a closure: they are not properties of the transport and appear in no error.
 *
 * @param options - host, credentials, folders; see {@link sftpTransportOptionsSchema}.
 * @param service - the distributor id, for errors. Default `edi`.
 * @throws `ValidationError` for a bad or unknown option.
 */
export function createSftpTransport(options: SftpTransportOptions, service = 'edi'): EdiTransport {
  const settings = parseWith(sftpTransportOptionsSchema, options, 'SFTP transport options');
  const secrets = [settings.password, settings.privateKey].filter((value): value is string => value !== undefined);
  let connection: Promise<SftpClient> | undefined;

  const describe = (error: unknown): string => {
    let text = error instanceof Error ? error.message : String(error);
    for (const secret of secrets) text = text.split(secret).join('[redacted]');
    return text;
  };
  const typed = (error: unknown, action: string): Error => {
    const message = `${service}: SFTP ${action} on ${settings.host}:${settings.port} failed: ${describe(error)}`;
    if (authenticationFailure.test(describe(error)))
      return new AuthenticationError(message, { service, isRetryable: false });
    return new NetworkError(message, { service, isRetryable: true });
  };

  async function open(): Promise<SftpClient> {
    // Errors reach the caller as rejections; the client's default listeners would print to the console.
    const client = new SftpClient(service, { error: () => {}, end: () => {}, close: () => {} });
    const verify = settings.hostKeySha256;
    await client.connect({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      ...(settings.privateKey !== undefined ? { privateKey: settings.privateKey } : {}),
      readyTimeout: settings.timeoutMs,
      ...(verify !== undefined ? { hostHash: 'sha256', hostVerifier: (hash: string) => hash === verify } : {}),
    });
    const connection = (
      client as unknown as {
        client?: { setNoDelay?(noDelay: boolean): unknown; setMaxListeners?(count: number): unknown };
      }
    ).client;
    // SFTP is many small request/answer round trips: send each at once (no Nagle delay).
    connection?.setNoDelay?.(true);
    // Each operation in flight adds temporary listeners (removed when it ends): allow a dropshipper's concurrency.
    connection?.setMaxListeners?.(64);
    return client;
  }

  async function run<T>(action: string, work: (client: SftpClient) => Promise<T>): Promise<T> {
    connection ??= open();
    let client: SftpClient;
    try {
      client = await connection;
    } catch (error) {
      connection = undefined;
      throw typed(error, 'connect');
    }
    try {
      return await work(client);
    } catch (error) {
      connection = undefined;
      await client.end().catch(() => false);
      throw typed(error, action);
    }
  }

  const outbound = (name: string) => `${settings.outboundFolder}/${name}`;
  const inbound = (name: string) => `${settings.inboundFolder}/${name}`;
  const checkName = (name: string) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(name))
      throw new ConfigurationError(`${service}: ${JSON.stringify(name)} is not a plain file name`);
  };

  const transport: EdiTransport = {
    async upload(name, content, hooks) {
      checkName(name);
      const temporary = outbound(`${name}${settings.temporarySuffix}`);
      const written = await run('upload', async (client) => {
        if ((await client.exists(outbound(name))) !== false) return false;
        await client.put(Buffer.from(content, 'latin1'), temporary);
        return true;
      });
      if (!written) return false;
      // Outside the SFTP error mapping: what the hook throws is the caller's own error.
      await hooks?.beforeRename?.();
      return run('rename', async (client) => {
        try {
          await client.rename(temporary, outbound(name));
          return true;
        } catch (error) {
          // SFTP v3 refuses a rename onto an existing name: another worker got there first.
          if ((await client.exists(outbound(name))) === false) throw error;
          await client.delete(temporary, true);
          return false;
        }
      });
    },

    async uploadState(name) {
      checkName(name);
      return run('stat', async (client) => ({
        uploaded: (await client.exists(outbound(name))) === '-',
        temporary: (await client.exists(outbound(`${name}${settings.temporarySuffix}`))) === '-',
      }));
    },

    async list(): Promise<EdiRemoteFile[]> {
      return run('list', async (client) =>
        (await client.list(settings.inboundFolder))
          .filter((entry) => entry.type === '-')
          .map((entry) => ({ name: entry.name, size: entry.size, modifiedMs: entry.modifyTime })),
      );
    },

    async download(name) {
      checkName(name);
      return run('download', async (client) => {
        const data = await client.get(inbound(name));
        return Buffer.isBuffer(data) ? data.toString('latin1') : String(data);
      });
    },

    async archive(name) {
      checkName(name);
      const folder = settings.archiveFolder;
      if (folder === undefined) return;
      await run('archive', async (client) => {
        try {
          await client.rename(inbound(name), `${folder}/${name}`);
        } catch (error) {
          // Another worker reading the same folder archived it first.
          if ((await client.exists(inbound(name))) === false) return;
          // A file of that name was archived before: keep both (a rename never overwrites).
          await client.rename(inbound(name), `${folder}/${name}.${Date.now()}`).catch(async () => {
            if ((await client.exists(inbound(name))) !== false) throw error;
          });
        }
      });
    },

    async close() {
      const open = connection;
      connection = undefined;
      if (open) await (await open.catch(() => undefined))?.end().catch(() => false);
    },
  };
  Object.defineProperty(transport, 'toJSON', {
    value: () => ({ transport: 'sftp', host: settings.host }),
    enumerable: false,
  });
  return transport;
}
