import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { CipherGCM, DecipherGCM } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * The backup archive: `LZBACKUP` + u32 header length + JSON header (scrypt parameters, salt, IV, passphrase check),
 * then the AES-256-GCM ciphertext of the entries, then a trailer: auth tag, u64 ciphertext length, `LZBKEND1`.
 * The header is the cipher's associated data, so changing any byte of the file fails authentication.
 * Inside, each entry is u32 length + JSON `{ type, name, size, mode }` + `size` bytes; the last one is the manifest.
 */
const MAGIC = Buffer.from('LZBACKUP');
const END = Buffer.from('LZBKEND1');
const TRAILER_BYTES = 16 + 8 + END.length;
const CHUNK = 1 << 20;
/** scrypt N = 2^17 (128 MiB, about half a second): slow enough for guessing, fast enough for a nightly job. */
const KDF = { N: 1 << 17, r: 8, p: 1 };
const MAX_KDF_N = 1 << 20;
const MAX_HEADER_BYTES = 64 * 1024;
export const MIN_PASSPHRASE_LENGTH = 12;

export class BackupError extends Error {}

interface Header {
  format: 'lz-backup';
  version: 1;
  cipher: 'aes-256-gcm';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  check: string;
  createdAt: string;
}

export interface EntryHead {
  type: 'file' | 'manifest';
  name: string;
  size: number;
  mode?: number;
}

function deriveKeys(passphrase: string, kdf: Header['kdf']): { key: Buffer; check: Buffer } {
  const out = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + (1 << 20) });
  // The second half never touches data: its digest tells a wrong passphrase apart from a damaged archive.
  return { key: out.subarray(0, 32), check: createHash('sha256').update(out.subarray(32)).digest() };
}

function frame(head: EntryHead): Buffer {
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([len, json]);
}

/** Writes an archive to `file` (created exclusively), entry by entry, encrypting as it goes. */
export class ArchiveWriter {
  private readonly fd: number;
  private readonly cipher: CipherGCM;
  private cipherBytes = 0;

  constructor(
    readonly file: string,
    passphrase: string,
    /** Lower only in tests; restore reads N from the header. */
    scryptN = KDF.N,
  ) {
    const kdf = { name: 'scrypt' as const, ...KDF, N: scryptN, salt: randomBytes(16).toString('base64') };
    const { key, check } = deriveKeys(passphrase, kdf);
    const iv = randomBytes(12);
    const header: Header = { format: 'lz-backup', version: 1, cipher: 'aes-256-gcm', kdf, iv: iv.toString('base64'), check: check.toString('base64'), createdAt: new Date().toISOString() };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length);
    const aad = Buffer.concat([MAGIC, len, json]);
    this.cipher = createCipheriv('aes-256-gcm', key, iv) as CipherGCM;
    this.cipher.setAAD(aad);
    this.fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(this.fd, aad);
  }

  private emit(plain: Buffer): void {
    const out = this.cipher.update(plain);
    this.cipherBytes += out.length;
    if (out.length) fs.writeSync(this.fd, out);
  }

  /** Copies a file of the data directory; returns its SHA-256, or null when it vanished before it was opened. */
  addFile(name: string, source: string): { size: number; sha256: string } | null {
    let fd: number;
    try {
      fd = fs.openSync(source, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const st = fs.fstatSync(fd);
      this.emit(frame({ type: 'file', name, size: st.size, mode: st.mode & 0o777 }));
      const hash = createHash('sha256');
      const buf = Buffer.alloc(CHUNK);
      let left = st.size;
      while (left > 0) {
        const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, left), null);
        if (n === 0) throw new BackupError(`${source} shrank while it was being copied`);
        const part = buf.subarray(0, n);
        hash.update(part);
        this.emit(part);
        left -= n;
      }
      return { size: st.size, sha256: hash.digest('hex') };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The manifest goes last and closes the archive: tag, length and end marker, then fsync. */
  finish(manifest: object): number {
    const body = Buffer.from(JSON.stringify(manifest, null, 1), 'utf8');
    this.emit(frame({ type: 'manifest', name: 'manifest.json', size: body.length }));
    this.emit(body);
    const last = this.cipher.final();
    this.cipherBytes += last.length;
    if (last.length) fs.writeSync(this.fd, last);
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(this.cipherBytes));
    fs.writeSync(this.fd, Buffer.concat([this.cipher.getAuthTag(), length, END]));
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    return fs.statSync(this.file).size;
  }

  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.file, { force: true });
  }
}

/** Receives the decrypted entries in order; data arrives in pieces between `begin` and `end`. */
export interface EntrySink {
  begin(head: EntryHead): void;
  data(part: Buffer): void;
  end(): void;
}

/**
 * Checks the archive's frame (truncation), the passphrase, then decrypts it into `sink`. Throws BackupError naming the
 * reason; the sink's output is trustworthy only when this returns, since the auth tag is checked after the last byte.
 */
export function readArchive(file: string, passphrase: string, sink: EntrySink): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const first = Buffer.alloc(12);
    if (fs.readSync(fd, first, 0, 12, 0) < 12 || !first.subarray(0, 8).equals(MAGIC)) throw new BackupError('not a backup archive of this platform (no LZBACKUP header)');
    const headerLen = first.readUInt32BE(8);
    if (headerLen > MAX_HEADER_BYTES || 12 + headerLen + TRAILER_BYTES > size) throw new BackupError('the archive is truncated (shorter than its header says)');
    const json = Buffer.alloc(headerLen);
    fs.readSync(fd, json, 0, headerLen, 12);
    let header: Header;
    try {
      header = JSON.parse(json.toString('utf8')) as Header;
    } catch {
      throw new BackupError('the archive header is damaged');
    }
    if (header.format !== 'lz-backup' || header.version !== 1 || header.cipher !== 'aes-256-gcm' || header.kdf?.name !== 'scrypt') throw new BackupError('unknown archive format or version');
    const { N, r, p } = header.kdf;
    if (![N, r, p].every(Number.isInteger) || N > MAX_KDF_N || r > 32 || p > 16) throw new BackupError('the archive header is damaged (key derivation parameters)');
    const trailer = Buffer.alloc(TRAILER_BYTES);
    fs.readSync(fd, trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
    const start = 12 + headerLen;
    const declared = trailer.readBigUInt64BE(16);
    if (!trailer.subarray(24).equals(END) || declared !== BigInt(size - start - TRAILER_BYTES)) throw new BackupError('the archive is truncated or incomplete (no valid end marker)');
    const { key, check } = deriveKeys(passphrase, header.kdf);
    const expected = Buffer.from(header.check ?? '', 'base64');
    if (expected.length !== check.length || !timingSafeEqual(expected, check)) throw new BackupError('wrong passphrase (or a damaged archive header)');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64')) as DecipherGCM;
    decipher.setAAD(Buffer.concat([first, json]));
    decipher.setAuthTag(trailer.subarray(0, 16));
    const parser = new EntryParser(sink);
    let parseError: Error | null = null;
    const buf = Buffer.alloc(CHUNK);
    for (let pos = start, end = size - TRAILER_BYTES; pos < end; ) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, end - pos), pos);
      if (n === 0) throw new BackupError('the archive is truncated (read ended early)');
      pos += n;
      const plain = decipher.update(buf.subarray(0, n));
      // After a parse error keep decrypting: the tag says whether the cause is tampering.
      if (!parseError) {
        try {
          parser.push(plain);
        } catch (err) {
          parseError = err as Error;
        }
      }
    }
    try {
      decipher.final();
    } catch {
      throw new BackupError('the archive has been altered or damaged (authentication failed)');
    }
    if (parseError) throw parseError;
    parser.close();
  } finally {
    fs.closeSync(fd);
  }
}

/** Splits the decrypted stream into entries. */
class EntryParser {
  private pending: Buffer = Buffer.alloc(0);
  private head: EntryHead | null = null;
  private left = 0;
  private sawManifest = false;

  constructor(private readonly sink: EntrySink) {}

  push(chunk: Buffer): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length) {
      if (this.head) {
        const n = Math.min(this.left, data.length);
        this.sink.data(data.subarray(0, n));
        this.left -= n;
        data = data.subarray(n);
        if (this.left === 0) this.endEntry();
        continue;
      }
      if (this.sawManifest) throw new BackupError('the archive has data after its manifest');
      if (data.length < 4 || data.length < 4 + data.readUInt32BE(0)) {
        this.pending = Buffer.from(data);
        return;
      }
      const len = data.readUInt32BE(0);
      if (len > MAX_HEADER_BYTES) throw new BackupError('the archive has a damaged entry header');
      const head = JSON.parse(data.subarray(4, 4 + len).toString('utf8')) as EntryHead;
      if ((head.type !== 'file' && head.type !== 'manifest') || typeof head.name !== 'string' || !Number.isSafeInteger(head.size) || head.size < 0) throw new BackupError('the archive has a damaged entry header');
      data = data.subarray(4 + len);
      this.head = head;
      this.left = head.size;
      this.sink.begin(head);
      if (head.type === 'manifest') this.sawManifest = true;
      if (this.left === 0) this.endEntry();
    }
  }

  private endEntry(): void {
    this.head = null;
    this.sink.end();
  }

  close(): void {
    if (this.head || this.pending.length || !this.sawManifest) throw new BackupError('the archive ends before its manifest');
  }
}
