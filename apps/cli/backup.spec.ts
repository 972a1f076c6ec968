import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnv } from '../../core/config/env.config';
import { Db } from '../../core/db/db';
import { CORE_ENTITIES } from '../../core/domain-modules';
import { ArchiveWriter } from './backup-archive';
import { backup, backupPassphrase, restore } from './backup';

jest.setTimeout(60_000);

const PASS = 'correct horse battery staple';
/** A cheap key derivation keeps this suite fast; the reliability suite uses the real cost. */
const FAST = { scryptN: 1 << 12 };

/** Every file under dir, relative, with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(path.join(d, e.name), name);
      else out[name] = fs.readFileSync(path.join(d, e.name)).toString('base64');
    }
  };
  visit(dir, '');
  return out;
}

describe('backup archive', () => {
  let work: string;
  let dataDir: string;
  let archive: string;
  const files: Record<string, Buffer> = {
    'secret.key': Buffer.from('ab'.repeat(32) + '\n'),
    'documents/county-hospital/2026/00001-v1-x.pdf': Buffer.from('%PDF-1.7 issued'),
    'warning-evidence/5f2c': Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a),
    'risk-files/1/abc.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'empty.txt': Buffer.alloc(0),
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-backup-unit-'));
    dataDir = path.join(work, 'data');
    const db = await Db.open({ dataDir, entities: CORE_ENTITIES });
    await db.write((m) => m.query('CREATE TABLE probe (v TEXT)').then(() => m.query("INSERT INTO probe VALUES ('kept')")));
    await db.close();
    for (const [name, bytes] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dataDir, name)), { recursive: true });
      fs.writeFileSync(path.join(dataDir, name), bytes);
    }
    fs.chmodSync(path.join(dataDir, 'secret.key'), 0o600);
    fs.writeFileSync(path.join(dataDir, 'documents', 'half.pdf.123.tmp'), 'half-written');
    archive = path.join(work, 'out', 'nightly.lzbak');
    const done = await backup(loadEnv({ DATA_DIR: dataDir }), archive, PASS, FAST);
    expect(done).toMatchObject({ files: Object.keys(files).length + 1, database: 'sqlite' });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('restores every file byte for byte, the key with its mode, and a database with the rows; leaves half-written files out', async () => {
    const target = path.join(work, 'restored', 'data');
    const done = await restore(archive, target, PASS);
    expect(done.manifest).toMatchObject({ database: 'sqlite', fieldKey: 'file' });
    const got = tree(target);
    for (const [name, bytes] of Object.entries(files)) expect(got[name]).toBe(bytes.toString('base64'));
    expect(Object.keys(got).sort()).toEqual([...Object.keys(files), 'platform.sqlite'].sort());
    expect(fs.statSync(path.join(target, 'secret.key')).mode & 0o777).toBe(0o600);
    const Database = require('better-sqlite3');
    const conn = new Database(path.join(target, 'platform.sqlite'), { readonly: true });
    expect(conn.prepare('SELECT v FROM probe').all()).toEqual([{ v: 'kept' }]);
    conn.close();
    // The archive is ciphertext: no stored file's bytes show through.
    expect(fs.readFileSync(archive).includes(Buffer.from('%PDF-1.7 issued'))).toBe(false);
  });

  it('stores FIELD_ENCRYPTION_KEY as secret.key, so the archive alone restores the encrypted fields', async () => {
    const key = 'cd'.repeat(32);
    const file = path.join(work, 'env-key.lzbak');
    await backup(loadEnv({ DATA_DIR: dataDir, FIELD_ENCRYPTION_KEY: key }), file, PASS, FAST);
    const target = path.join(work, 'env-key');
    expect((await restore(file, target, PASS)).manifest.fieldKey).toBe('env');
    expect(fs.readFileSync(path.join(target, 'secret.key'), 'utf8')).toBe(`${key}\n`);
  });

  const bad = (name: string, mutate: (b: Buffer) => Buffer) => {
    const file = path.join(work, `${name}.lzbak`);
    fs.writeFileSync(file, mutate(fs.readFileSync(archive)));
    return file;
  };

  it.each([
    ['truncated in the middle', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2)), /truncated/],
    ['missing its last byte', (b: Buffer) => b.subarray(0, b.length - 1), /truncated/],
    ['cut inside the header', (b: Buffer) => b.subarray(0, 40), /truncated/],
    ['with a ciphertext byte flipped', (b: Buffer) => flip(b, Math.floor(b.length / 2)), /altered or damaged \(authentication failed\)/],
    ['with a ciphertext byte flipped near the start', (b: Buffer) => flip(b, b.readUInt32BE(8) + 12 + 5), /altered or damaged/],
    ['with the auth tag flipped', (b: Buffer) => flip(b, b.length - 32), /altered or damaged/],
    ['with the creation date in the header changed', (b: Buffer) => Buffer.from(b.toString('latin1').replace(/"createdAt":"\d/, '"createdAt":"9'), 'latin1'), /altered or damaged/],
    ['that is not an archive', () => Buffer.from('SQLite format 3\0'), /not a backup archive/],
  ])('refuses an archive %s, naming the reason and writing nothing', async (name, mutate, reason) => {
    const file = bad(name.replace(/\W+/g, '-'), mutate);
    const parent = path.join(work, `target-${name.replace(/\W+/g, '-')}`);
    const target = path.join(parent, 'data');
    await expect(restore(file, target, PASS)).rejects.toThrow(reason);
    expect(fs.existsSync(parent)).toBe(false);
  });

  it('tells a wrong passphrase apart from damage, and leaves an existing empty target empty', async () => {
    const target = path.join(work, 'empty-target');
    fs.mkdirSync(target);
    await expect(restore(archive, target, 'not the passphrase at all')).rejects.toThrow(/wrong passphrase/);
    expect(fs.readdirSync(target)).toEqual([]);
    expect(fs.readdirSync(work).filter((n) => n.includes('restoring'))).toEqual([]);
  });

  it('never restores into a non-empty directory or over a file', async () => {
    const occupied = path.join(work, 'occupied');
    fs.mkdirSync(occupied);
    fs.writeFileSync(path.join(occupied, 'platform.sqlite'), 'keep me');
    await expect(restore(archive, occupied, PASS)).rejects.toThrow(/is not empty/);
    expect(fs.readFileSync(path.join(occupied, 'platform.sqlite'), 'utf8')).toBe('keep me');
    const plain = path.join(work, 'a-file');
    fs.writeFileSync(plain, 'x');
    await expect(restore(archive, plain, PASS)).rejects.toThrow(/is not empty/);
  });

  it('refuses a well-sealed archive whose entry escapes the data directory', async () => {
    const file = path.join(work, 'escape.lzbak');
    const src = path.join(work, 'payload');
    fs.writeFileSync(src, 'evil');
    const w = new ArchiveWriter(file, PASS, FAST.scryptN);
    const sum = w.addFile('../escaped', src)!;
    w.finish({ format: 'lz-backup-manifest', createdAt: '', database: 'postgres', fieldKey: 'none', files: [{ name: '../escaped', ...sum }] });
    await expect(restore(file, path.join(work, 'escape-target'), PASS)).rejects.toThrow(/unsafe path/);
    expect(fs.existsSync(path.join(work, 'escaped'))).toBe(false);
    expect(fs.existsSync(path.join(work, 'escape-target'))).toBe(false);
  });

  describe('PostgreSQL archives, without a server', () => {
    /** A sealed archive with a postgres manifest: a stand-in dump (never loaded here) and one file. */
    const pgArchive = (name: string, withDump = true) => {
      const file = path.join(work, `${name}.lzbak`);
      const dump = path.join(work, `${name}.dump`);
      fs.writeFileSync(dump, 'PGDMP stand-in');
      const w = new ArchiveWriter(file, PASS, FAST.scryptN);
      const entries = [];
      if (withDump) entries.push({ name: 'database.pgdump', ...w.addFile('database.pgdump', dump)! });
      entries.push({ name: 'secret.key', ...w.addFile('secret.key', path.join(dataDir, 'secret.key'))! });
      w.finish({ format: 'lz-backup-manifest', createdAt: '', database: 'postgres', fieldKey: 'file', files: entries });
      return file;
    };
    const noTarget = (name: string) => {
      const parent = path.join(work, `pg-target-${name}`);
      return { parent, target: path.join(parent, 'data') };
    };

    it('refuses a PostgreSQL archive without DATABASE_URL, naming it, and writes nothing', async () => {
      const { parent, target } = noTarget('no-url');
      await expect(restore(pgArchive('pg-no-url'), target, PASS)).rejects.toThrow(/holds a PostgreSQL database \(pg_dump\): set DATABASE_URL to the new, empty database/);
      expect(fs.existsSync(parent)).toBe(false);
      expect(fs.readdirSync(work).filter((n) => n.includes('restoring'))).toEqual([]);
    });

    it('refuses a PostgreSQL archive without its dump (files only, as archives made before pg_dump was included)', async () => {
      const { parent, target } = noTarget('no-dump');
      await expect(restore(pgArchive('pg-no-dump', false), target, PASS, { databaseUrl: 'postgres://u:p@127.0.0.1:1/none' })).rejects.toThrow(/lacks the database dump \(database\.pgdump\)/);
      expect(fs.existsSync(parent)).toBe(false);
    });

    it('refuses a SQLite archive when DATABASE_URL is set, and writes nothing', async () => {
      const { parent, target } = noTarget('sqlite-with-url');
      await expect(restore(archive, target, PASS, { databaseUrl: 'postgres://u:p@127.0.0.1:1/none' })).rejects.toThrow(/holds a SQLite database, but DATABASE_URL is set/);
      expect(fs.existsSync(parent)).toBe(false);
    });

    it('an unreachable target database stops the restore before pg_restore, without the password in the message', async () => {
      const { parent, target } = noTarget('unreachable');
      const err = await restore(pgArchive('pg-unreachable'), target, PASS, { databaseUrl: 'postgres://lz:s3cret-Passw0rd@127.0.0.1:1/none' }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^cannot read the target database lz@127\.0\.0\.1:1\/none: /);
      expect((err as Error).message).not.toContain('s3cret');
      expect(fs.existsSync(parent)).toBe(false);
    });

    it('a failing pg_dump (or none installed) is a BackupError without the password, and leaves no archive or dump behind', async () => {
      const out = path.join(work, 'pg-out');
      const err = await backup(loadEnv({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://lz:s3cret-Passw0rd@127.0.0.1:1/none' }), path.join(out, 'x.lzbak'), PASS, FAST).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^pg_dump (failed \(exit \d+\) for lz@127\.0\.0\.1:1\/none: [^]*127\.0\.0\.1|was not found on PATH: install the PostgreSQL client tools)/);
      expect((err as Error).message).not.toContain('s3cret');
      expect(fs.readdirSync(out)).toEqual([]);
    });
  });

  it('refuses to overwrite an archive, a short passphrase and a missing one', async () => {
    await expect(backup(loadEnv({ DATA_DIR: dataDir }), archive, PASS)).rejects.toThrow(/already exists/);
    await expect(backup(loadEnv({ DATA_DIR: dataDir }), path.join(work, 'short.lzbak'), 'short')).rejects.toThrow(/at least 12 characters/);
    expect(() => backupPassphrase(undefined, {})).toThrow(/BACKUP_PASSPHRASE/);
    const pf = path.join(work, 'pass.txt');
    fs.writeFileSync(pf, `${PASS}\n`);
    expect(backupPassphrase(pf, { BACKUP_PASSPHRASE: 'ignored because the file wins' })).toBe(PASS);
  });
});

function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] ^= 0x01;
  return c;
}
