import { createHash, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import ssh2, { type Connection, type SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE, flagsToString } = utils.sftp;

/** Options of {@link startSftpTestServer}. */
export interface SftpTestServerOptions {
  /** The folder served as `/`. */
  readonly root: string;
  /** The one account. */
  readonly username: string;
  readonly password: string;
}

/** An SFTP request type the test server serves. */
export type SftpRequestType =
  | 'OPEN'
  | 'READ'
  | 'WRITE'
  | 'FSTAT'
  | 'FSETSTAT'
  | 'SETSTAT'
  | 'CLOSE'
  | 'OPENDIR'
  | 'READDIR'
  | 'STAT'
  | 'LSTAT'
  | 'REALPATH'
  | 'REMOVE'
  | 'RMDIR'
  | 'MKDIR'
  | 'RENAME';

const requestTypes = new Set<string>([
  'OPEN',
  'READ',
  'WRITE',
  'FSTAT',
  'FSETSTAT',
  'SETSTAT',
  'CLOSE',
  'OPENDIR',
  'READDIR',
  'STAT',
  'LSTAT',
  'REALPATH',
  'REMOVE',
  'RMDIR',
  'MKDIR',
  'RENAME',
] satisfies SftpRequestType[]);

/** A request the server received: its type and the paths it named (none for a request on a handle). */
export interface SftpRequestRecord {
  readonly type: SftpRequestType;
  readonly paths: readonly string[];
}

/**
 * A fault for the next matching requests: the connection drops before the request is served
 * (`drop-before`: nothing happened), or after the server did the work but before it answered
 * (`drop-after`: the "lost response", a rename done that the client never hears of).
 */
export interface SftpFault {
  readonly action: 'drop-before' | 'drop-after';
  /** Request types it applies to. Default every type. */
  readonly requests?: readonly SftpRequestType[];
  /** Applies only to requests naming a path that matches. Default any request. */
  readonly path?: RegExp;
  /** How many matching requests it breaks. Default 1. */
  readonly times?: number;
}

/** A running loopback SFTP server. */
export interface SftpTestServer {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** SHA-256 of its host key, hex (for `hostKeySha256`). */
  readonly hostKeySha256: string;
  /** SFTP requests served, by type (`OPEN`, `RENAME`, ...). */
  requestCount(type?: string): number;
  /** Every request received, oldest first (those a fault dropped included). */
  requests(): readonly SftpRequestRecord[];
  /** Breaks the next matching requests (see {@link SftpFault}); faults queue in order. */
  injectFault(fault: SftpFault): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Stops it and drops every connection. */
  close(): Promise<void>;
}

type OpenHandle = { kind: 'file'; descriptor: number } | { kind: 'directory'; path: string; listed: boolean };

function attributesOf(path: string) {
  const stats = statSync(path);
  return {
    mode: stats.mode,
    uid: 0,
    gid: 0,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function longnameOf(name: string, attributes: ReturnType<typeof attributesOf>): string {
  const type = (attributes.mode & 0o170000) === 0o040000 ? 'd' : '-';
  return `${type}rw-r--r-- 1 edi edi ${attributes.size} Jan 1 00:00 ${name}`;
}

/**
 * Starts a real SFTP server on loopback (ssh2's `Server`, https://github.com/mscdex/ssh2) that
 * serves a local folder to one password account: enough of SFTP v3 for `ssh2-sftp-client`
 * (open, read, write, stat, list, rename, remove, mkdir, realpath). A rename onto an existing
 * name fails, as SFTP v3 says. For tests and examples: never expose it.
 *
 * @param options - the folder and the account.
 */
export async function startSftpTestServer(options: SftpTestServerOptions): Promise<SftpTestServer> {
  const hostKey = utils.generateKeyPairSync('ed25519');
  const parsedKey = utils.parseKey(hostKey.private);
  if (parsedKey instanceof Error) throw parsedKey;
  const hostKeySha256 = createHash('sha256')
    .update((Array.isArray(parsedKey) ? parsedKey[0] : parsedKey).getPublicSSH())
    .digest('hex');
  const counts = new Map<string, number>();
  const log: SftpRequestRecord[] = [];
  const faults: { fault: SftpFault; left: number }[] = [];
  const connections = new Set<Connection>();
  const count = (type: string) => counts.set(type, (counts.get(type) ?? 0) + 1);
  /** Records a request and takes the first queued fault that matches it. */
  const take = (type: SftpRequestType, args: readonly unknown[]): SftpFault | undefined => {
    const paths = args.filter((value): value is string => typeof value === 'string');
    log.push({ type, paths });
    const index = faults.findIndex(
      ({ fault }) =>
        (fault.requests === undefined || fault.requests.includes(type)) &&
        (fault.path === undefined || paths.some((path) => fault.path?.test(path))),
    );
    const entry = faults[index];
    if (entry === undefined) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) faults.splice(index, 1);
    return entry.fault;
  };
  const sameText = (given: string, expected: string) =>
    given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  const local = (remote: string) => join(options.root, posix.normalize(`/${remote}`));

  const serve = (sftp: SFTPWrapper, drop: () => void) => {
    // Faults: every request event passes here first (recorded, then dropped before it is served,
    // or served with its answer replaced by a dropped connection).
    const emit = sftp.emit.bind(sftp);
    const replies = ['status', 'handle', 'data', 'name', 'attrs'] as const;
    sftp.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (typeof event !== 'string' || !requestTypes.has(event)) return emit(event, ...args);
      const fault = take(event as SftpRequestType, args.slice(1));
      if (fault?.action === 'drop-before') {
        drop();
        return true;
      }
      if (fault?.action !== 'drop-after') return emit(event, ...args);
      const saved = replies.map((reply) => [reply, sftp[reply]] as const);
      for (const reply of replies) (sftp as unknown as Record<string, unknown>)[reply] = () => drop();
      try {
        return emit(event, ...args);
      } finally {
        for (const [reply, method] of saved) (sftp as unknown as Record<string, unknown>)[reply] = method;
      }
    }) as typeof sftp.emit;
    const handles = new Map<number, OpenHandle>();
    let nextHandle = 1;
    const handleOf = (open: OpenHandle) => {
      const id = nextHandle++;
      handles.set(id, open);
      const buffer = Buffer.alloc(4);
      buffer.writeUInt32BE(id);
      return buffer;
    };
    const lookUp = (buffer: Buffer) => (buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined);
    const guard = (requestId: number, work: () => void) => {
      try {
        work();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        sftp.status(
          requestId,
          code === 'ENOENT'
            ? STATUS_CODE.NO_SUCH_FILE
            : code === 'EACCES'
              ? STATUS_CODE.PERMISSION_DENIED
              : STATUS_CODE.FAILURE,
        );
      }
    };
    sftp.on('OPEN', (requestId, filename, flags) => {
      count('OPEN');
      guard(requestId, () => {
        const mode = flagsToString(flags);
        if (mode === null) return sftp.status(requestId, STATUS_CODE.OP_UNSUPPORTED);
        sftp.handle(requestId, handleOf({ kind: 'file', descriptor: openSync(local(filename), mode) }));
      });
    });
    sftp.on('READ', (requestId, handle, offset, length) => {
      count('READ');
      const open = lookUp(handle);
      if (open?.kind !== 'file') return sftp.status(requestId, STATUS_CODE.FAILURE);
      guard(requestId, () => {
        const buffer = Buffer.alloc(length);
        const read = readSync(open.descriptor, buffer, 0, length, offset);
        if (read === 0) sftp.status(requestId, STATUS_CODE.EOF);
        else sftp.data(requestId, buffer.subarray(0, read));
      });
    });
    sftp.on('WRITE', (requestId, handle, offset, data) => {
      count('WRITE');
      const open = lookUp(handle);
      if (open?.kind !== 'file') return sftp.status(requestId, STATUS_CODE.FAILURE);
      guard(requestId, () => {
        writeSync(open.descriptor, data, 0, data.length, offset);
        sftp.status(requestId, STATUS_CODE.OK);
      });
    });
    sftp.on('FSTAT', (requestId, handle) => {
      count('FSTAT');
      const open = lookUp(handle);
      if (open?.kind !== 'file') return sftp.status(requestId, STATUS_CODE.FAILURE);
      guard(requestId, () => {
        const stats = fstatSync(open.descriptor);
        sftp.attrs(requestId, {
          mode: stats.mode,
          uid: 0,
          gid: 0,
          size: stats.size,
          atime: Math.floor(stats.atimeMs / 1000),
          mtime: Math.floor(stats.mtimeMs / 1000),
        });
      });
    });
    for (const event of ['FSETSTAT', 'SETSTAT'] as const)
      sftp.on(event, (requestId: number) => {
        count(event);
        sftp.status(requestId, STATUS_CODE.OK);
      });
    sftp.on('CLOSE', (requestId, handle) => {
      count('CLOSE');
      const open = lookUp(handle);
      if (open === undefined) return sftp.status(requestId, STATUS_CODE.FAILURE);
      handles.delete(handle.readUInt32BE(0));
      guard(requestId, () => {
        if (open.kind === 'file') closeSync(open.descriptor);
        sftp.status(requestId, STATUS_CODE.OK);
      });
    });
    sftp.on('OPENDIR', (requestId, path) => {
      count('OPENDIR');
      guard(requestId, () => {
        if (!statSync(local(path)).isDirectory()) return sftp.status(requestId, STATUS_CODE.FAILURE);
        sftp.handle(requestId, handleOf({ kind: 'directory', path: local(path), listed: false }));
      });
    });
    sftp.on('READDIR', (requestId, handle) => {
      count('READDIR');
      const open = lookUp(handle);
      if (open?.kind !== 'directory') return sftp.status(requestId, STATUS_CODE.FAILURE);
      if (open.listed) return sftp.status(requestId, STATUS_CODE.EOF);
      open.listed = true;
      guard(requestId, () => {
        const names = readdirSync(open.path).map((filename) => {
          const attrs = attributesOf(join(open.path, filename));
          return { filename, longname: longnameOf(filename, attrs), attrs };
        });
        if (names.length === 0) sftp.status(requestId, STATUS_CODE.EOF);
        else sftp.name(requestId, names);
      });
    });
    for (const event of ['STAT', 'LSTAT'] as const)
      sftp.on(event, (requestId: number, path: string) => {
        count(event);
        guard(requestId, () => sftp.attrs(requestId, attributesOf(local(path))));
      });
    sftp.on('REALPATH', (requestId, path) => {
      count('REALPATH');
      const resolved = posix.normalize(`/${path === '.' ? '' : path}`);
      sftp.name(requestId, [{ filename: resolved, longname: resolved, attrs: {} as never }]);
    });
    sftp.on('REMOVE', (requestId, path) => {
      count('REMOVE');
      guard(requestId, () => {
        unlinkSync(local(path));
        sftp.status(requestId, STATUS_CODE.OK);
      });
    });
    sftp.on('RMDIR', (requestId, path) => {
      count('RMDIR');
      guard(requestId, () => {
        rmdirSync(local(path));
        sftp.status(requestId, STATUS_CODE.OK);
      });
    });
    sftp.on('MKDIR', (requestId, path) => {
      count('MKDIR');
      guard(requestId, () => {
        mkdirSync(local(path));
        sftp.status(requestId, STATUS_CODE.OK);
      });
    });
    sftp.on('RENAME', (requestId, oldPath, newPath) => {
      count('RENAME');
      guard(requestId, () => {
        if (existsSync(local(newPath))) return sftp.status(requestId, STATUS_CODE.FAILURE);
        renameSync(local(oldPath), local(newPath));
        sftp.status(requestId, STATUS_CODE.OK);
      });
    });
  };

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    connections.add(client);
    // Answer each small SFTP request at once (Nagle's algorithm would hold replies on loopback).
    (client as Connection & { setNoDelay?(noDelay: boolean): unknown }).setNoDelay?.(true);
    client.on('close', () => connections.delete(client));
    client.on('error', () => connections.delete(client));
    client.on('authentication', (context) => {
      if (
        context.method === 'password' &&
        sameText(context.username, options.username) &&
        sameText(context.password, options.password)
      )
        context.accept();
      else context.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => serve(acceptSftp(), () => client.end()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    hostKeySha256,
    requestCount: (type) =>
      type === undefined ? [...counts.values()].reduce((sum, value) => sum + value, 0) : (counts.get(type) ?? 0),
    requests: () => [...log],
    injectFault(fault) {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    close: async () => {
      for (const connection of connections) connection.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
