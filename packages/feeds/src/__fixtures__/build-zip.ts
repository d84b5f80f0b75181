import { crc32, deflateRawSync, constants as zlibConstants } from 'node:zlib';

/** One file of a test ZIP. */
export interface ZipFileEntry {
  /** Entry name (may contain `/`). */
  name: string;
  /** Content. */
  data: string | Uint8Array;
  /** Deflate it (method 8) instead of storing it (method 0). Default true. */
  deflate?: boolean;
}

/**
 * Builds a small ZIP archive in memory (local headers, central directory, end record; no ZIP64),
 * so that tests need no `zip` tool or extra dependency. Names are flagged UTF-8.
 */
export function buildZip(entries: readonly ZipFileEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data);
    const deflate = entry.deflate ?? true;
    const stored = deflate ? deflateRawSync(raw) : raw;
    const checksum = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5b21, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x5b21, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Builds a one-entry ZIP whose deflated data is `copies` copies of the deflated form of `block`
 * zero bytes (each ending on a sync flush, so that they chain), then a final empty block: a ZIP
 * bomb that expands to `copies × block` bytes without the test ever holding them. The header
 * declares `declaredSize` (default the true size; a smaller one is a header that lies). The CRC
 * is not computed: a reader that refuses the entry early never gets to check it.
 */
export function buildZeroBomb(name: string, copies: number, block = 1024 ** 2, declaredSize = copies * block): Buffer {
  const piece = deflateRawSync(Buffer.alloc(block), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0));
  const compressedSize = piece.length * copies + last.length;
  const fileName = Buffer.from(name, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0800, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14);
  local.writeUInt32LE(compressedSize, 18);
  local.writeUInt32LE(declaredSize, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0, 16);
  central.writeUInt32LE(compressedSize, 20);
  central.writeUInt32LE(declaredSize, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42);
  const dataOffset = local.length + fileName.length;
  const directoryOffset = dataOffset + compressedSize;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, fileName, ...Array.from({ length: copies }, () => piece), last, central, fileName, end]);
}
