import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import type { EnvConfig } from '../../core/config/env.config';
import { Db } from '../../core/db/db';
import { CORE_ENTITIES } from '../../core/domain-modules';
import { FieldCipher } from '../../core/records/field-cipher';
import { ArchiveWriter, BackupError, EntryHead, MIN_PASSPHRASE_LENGTH, readArchive } from './backup-archive';

export { BackupError } from './backup-archive';

const DB_FILE = 'platform.sqlite';
const KEY_FILE = 'secret.key';
/** The PostgreSQL database in the archive: pg_dump's custom format. Loaded by pg_restore, never placed in the data directory. */
export const PG_DUMP_FILE = 'database.pgdump';

export interface Manifest {
  format: 'lz-backup-manifest';
  createdAt: string;
  /** sqlite: the snapshot is `platform.sqlite`; postgres: `database.pgdump`, pg_dump's custom format. */
  database: 'sqlite' | 'postgres';
  /** Where the field key came from: the env key is stored as secret.key so the archive alone restores everything. */
  fieldKey: 'file' | 'env' | 'none';
  files: { name: string; size: number; sha256: string }[];
}

/** The passphrase from --passphrase-file or BACKUP_PASSPHRASE, refused when missing. */
export function backupPassphrase(passphraseFile: string | undefined, env: Pick<EnvConfig, 'BACKUP_PASSPHRASE'>): string {
  const value = passphraseFile ? fs.readFileSync(passphraseFile, 'utf8').replace(/\r?\n$/, '') : env.BACKUP_PASSPHRASE;
  if (!value) throw new BackupError('no passphrase: set BACKUP_PASSPHRASE or pass --passphrase-file <file>');
  return value;
}

function integrityCheck(file: string): string {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(conn.pragma('integrity_check', { simple: true }));
  } finally {
    conn.close();
  }
}

/** What a PostgreSQL tool is given: the URL without its password (shown by `ps`), the password in PGPASSWORD. */
interface PgTarget {
  url: string;
  /** The URL as given, for the in-process client only (pg lets a URL's missing password override its `password` option). */
  full: string;
  env: NodeJS.ProcessEnv;
  /** `user@host:port/db`, for messages. */
  label: string;
  /** Strings never to show in a message. */
  secrets: string[];
}

function pgTarget(databaseUrl: string): PgTarget {
  let u: URL;
  try {
    u = new URL(databaseUrl);
  } catch {
    throw new BackupError('DATABASE_URL is not a valid postgres:// URL');
  }
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  const label = `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  return { url: u.toString(), full: databaseUrl, env, label, secrets: [databaseUrl, u.toString(), u.password, password, encodeURIComponent(password)].filter((x) => x.length >= 3) };
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('<DATABASE_URL>');
  return out;
}

/**
 * Runs pg_dump or pg_restore without a shell. A BackupError names what went wrong: the tool missing, or its own
 * message (the last lines of stderr, the URL and password taken out), with a hint when the versions do not match.
 */
function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], target: PgTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env: target.env, maxBuffer: 16 << 20, windowsHide: true }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const install = `install the PostgreSQL client tools of the server's major version (Debian: postgresql-client-15 for PostgreSQL 15)`;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new BackupError(`${tool} was not found on PATH: ${install}`));
      const lines = redact(String(stderr ?? ''), target.secrets).trim().split('\n');
      const text = lines.slice(-12).join('\n') || '(no message)';
      const mismatch = /version mismatch|unsupported version/i.test(text) ? `; ${tool} must be of the server's major version: ${install}` : '';
      const how = err.killed || err.signal ? `killed by ${err.signal}` : `exit ${err.code}`;
      reject(new BackupError(`${tool} failed (${how}) for ${target.label}: ${text}${mismatch}`));
    });
  });
}

/** The tables (and views) already in the target database, at most five: a restore goes only into an empty one. */
async function pgTables(target: PgTarget): Promise<string[]> {
  const client = new PgClient({ connectionString: target.full });
  try {
    await client.connect();
    const rows = await client.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1 LIMIT 5`,
    );
    return rows.rows.map((r) => r.name);
  } catch (err) {
    throw new BackupError(`cannot read the target database ${target.label}: ${redact((err as Error).message, target.secrets)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The live database and its journals, and half-written files (renamed into place when complete), are not copied. */
function isSkipped(name: string): boolean {
  return name === DB_FILE || name.startsWith(`${DB_FILE}-`) || name.endsWith('.tmp') || name.startsWith('.');
}

/** Every file under the data directory, relative, `/`-separated, sorted; `exclude` are absolute paths to leave out. */
function dataFiles(root: string, exclude: string[]): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (isSkipped(e.name) || exclude.includes(abs)) continue;
      if (e.isDirectory()) visit(abs, name);
      else if (e.isFile()) out.push(name);
    }
  };
  visit(root, '');
  return out.sort();
}

/**
 * One encrypted archive of everything a restored instance needs: a consistent database snapshot taken while the app
 * keeps writing (SQLite: VACUUM INTO; PostgreSQL: pg_dump, whose snapshot is one transaction's), the field key, issued
 * PDFs, evidence, flow charts and every other file of the data directory, and a manifest with each file's SHA-256.
 * Files are copied after the snapshot: they are written before the row naming them commits and never changed, so
 * every file the snapshot points at is there.
 */
export async function backup(env: EnvConfig, target: string, passphrase: string, opts: { scryptN?: number } = {}): Promise<{ file: string; bytes: number; files: number; database: Manifest['database'] }> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new BackupError(`the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name`);
  const database = env.DATABASE_URL ? 'postgres' : 'sqlite';
  if (database === 'sqlite' && !fs.existsSync(path.join(env.DATA_DIR, DB_FILE))) throw new BackupError(`no database in ${env.DATA_DIR}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const snapshot = `${file}.${process.pid}.db.tmp`;
  try {
    if (database === 'postgres') {
      const pg = pgTarget(env.DATABASE_URL!);
      // Made first, owner-only: pg_dump truncates and keeps it, so the plain dump is never readable by others.
      fs.writeFileSync(snapshot, '', { mode: 0o600, flag: 'wx' });
      await runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', snapshot, '--dbname', pg.url], pg);
    } else {
      const db = await Db.open({ dataDir: env.DATA_DIR, entities: CORE_ENTITIES });
      try {
        await db.exclusive(() => db.writer.query('VACUUM INTO ?', [snapshot]));
      } finally {
        await db.close();
      }
      const check = integrityCheck(snapshot);
      if (check !== 'ok') throw new BackupError(`the database snapshot failed its integrity check: ${check}`);
    }
    const writer = new ArchiveWriter(partial, passphrase, opts.scryptN);
    try {
      const files: Manifest['files'] = [];
      const add = (name: string, source: string) => {
        const done = writer.addFile(name, source);
        if (done) files.push({ name, ...done });
      };
      add(database === 'sqlite' ? DB_FILE : PG_DUMP_FILE, snapshot);
      let fieldKey: Manifest['fieldKey'] = 'none';
      if (env.FIELD_ENCRYPTION_KEY) {
        const keyFile = `${snapshot}.key`;
        fs.writeFileSync(keyFile, FieldCipher.parseKey(env.FIELD_ENCRYPTION_KEY).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
        try {
          add(KEY_FILE, keyFile);
        } finally {
          fs.rmSync(keyFile, { force: true });
        }
        fieldKey = 'env';
      }
      for (const name of dataFiles(env.DATA_DIR, [file, partial, snapshot])) {
        // With FIELD_ENCRYPTION_KEY set the app ignores a secret.key file: the env key, stored above, is the one in use.
        if (name === KEY_FILE && fieldKey === 'env') continue;
        if (name === PG_DUMP_FILE) continue; // the archive's own name for the dump
        add(name, path.join(env.DATA_DIR, ...name.split('/')));
        if (name === KEY_FILE) fieldKey = 'file';
      }
      const manifest: Manifest = { format: 'lz-backup-manifest', createdAt: new Date().toISOString(), database, fieldKey, files };
      const bytes = writer.finish(manifest);
      // A link fails if the name appeared meanwhile: an archive is never replaced, and a half-written one never has the final name.
      fs.linkSync(partial, file);
      return { file, bytes, files: files.length, database };
    } catch (err) {
      writer.abort();
      throw err;
    }
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(snapshot, { force: true });
  }
}

/** A relative path that stays inside the directory it is joined to. */
function safeName(name: string): string {
  const parts = name.split('/');
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0') || parts.some((p) => !p || p === '.' || p === '..')) throw new BackupError(`the archive names an unsafe path: ${JSON.stringify(name)}`);
  return path.join(...parts);
}

/**
 * Restores an archive into a fresh data directory. Everything is decrypted into a hidden sibling first; only when the
 * auth tag, the manifest (every file, its size and SHA-256) and the database's integrity check pass is it renamed into
 * place, so a truncated, altered or wrong-passphrase archive leaves the target untouched. A PostgreSQL archive goes
 * into `databaseUrl`, which must hold no table yet: pg_restore loads the dump in one transaction, and only then are
 * the files renamed into place, so a failing load leaves neither tables nor files. A SQLite archive is refused when
 * `databaseUrl` is set, a PostgreSQL one when it is not.
 */
export async function restore(source: string, dataDir: string, passphrase: string, opts: { databaseUrl?: string } = {}): Promise<{ dir: string; files: number; manifest: Manifest; database?: string }> {
  const from = path.resolve(source);
  if (!fs.existsSync(from)) throw new BackupError(`${from} does not exist`);
  const dir = path.resolve(dataDir);
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length)) throw new BackupError(`${dir} is not empty; restore into a fresh data directory`);
  const madeParent = fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = path.join(path.dirname(dir), `.${path.basename(dir)}.restoring-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    const seen = new Map<string, { size: number; sha256: string }>();
    let manifestText = '';
    let current: { head: EntryHead; fd?: number; hash?: ReturnType<typeof createHash>; size: number } | null = null;
    readArchive(from, passphrase, {
      begin(head) {
        if (head.type === 'manifest') {
          current = { head, size: 0 };
          return;
        }
        const rel = safeName(head.name);
        if (seen.has(head.name)) throw new BackupError(`the archive holds ${head.name} twice`);
        const target = path.join(staging, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        current = { head, fd: fs.openSync(target, 'wx', head.mode ?? 0o600), hash: createHash('sha256'), size: 0 };
      },
      data(part) {
        const c = current!;
        c.size += part.length;
        if (c.fd === undefined) manifestText += part.toString('utf8');
        else {
          c.hash!.update(part);
          fs.writeSync(c.fd, part);
        }
      },
      end() {
        const c = current!;
        if (c.fd !== undefined) {
          fs.fsyncSync(c.fd);
          fs.closeSync(c.fd);
          seen.set(c.head.name, { size: c.size, sha256: c.hash!.digest('hex') });
        }
        current = null;
      },
    });
    const manifest = JSON.parse(manifestText) as Manifest;
    if (manifest.format !== 'lz-backup-manifest' || !Array.isArray(manifest.files)) throw new BackupError('the archive manifest is not valid');
    for (const f of manifest.files) {
      const got = seen.get(f.name);
      if (!got) throw new BackupError(`the archive lacks ${f.name}, which its manifest lists`);
      if (got.size !== f.size || got.sha256 !== f.sha256) throw new BackupError(`${f.name} does not match its SHA-256 in the manifest`);
    }
    if (seen.size !== manifest.files.length) throw new BackupError('the archive holds files its manifest does not list');
    let loaded: string | undefined;
    if (manifest.database === 'sqlite') {
      if (opts.databaseUrl) throw new BackupError('this archive holds a SQLite database, but DATABASE_URL is set: unset it to restore the database into the data directory');
      if (!seen.has(DB_FILE)) throw new BackupError('the archive lacks the database snapshot');
      const check = integrityCheck(path.join(staging, DB_FILE));
      if (check !== 'ok') throw new BackupError(`the restored database failed its integrity check: ${check}`);
    } else if (manifest.database === 'postgres') {
      if (!opts.databaseUrl) throw new BackupError('this archive holds a PostgreSQL database (pg_dump): set DATABASE_URL to the new, empty database to restore it into');
      if (!seen.has(PG_DUMP_FILE)) throw new BackupError(`the archive lacks the database dump (${PG_DUMP_FILE}); archives made before backups included pg_dump hold the files only`);
      const pg = pgTarget(opts.databaseUrl);
      const tables = await pgTables(pg);
      if (tables.length) throw new BackupError(`the target database ${pg.label} is not empty (it holds ${tables.join(', ')}${tables.length === 5 ? ', …' : ''}); restore into a new, empty database`);
      const dump = path.join(staging, PG_DUMP_FILE);
      await runPgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', pg.url, dump], pg);
      fs.rmSync(dump);
      loaded = pg.label;
    } else throw new BackupError('the archive manifest names no known database');
    try {
      if (fs.existsSync(dir)) fs.rmdirSync(dir); // empty, checked above; rmdir fails if something appeared meanwhile
      fs.renameSync(staging, dir);
    } catch (err) {
      if (loaded) throw new BackupError(`the database ${loaded} was restored, but the files could not be moved into ${dir} (${(err as Error).message}); empty that database before trying again`);
      throw err;
    }
    return { dir, files: seen.size, manifest, database: loaded };
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (madeParent) fs.rmSync(madeParent, { recursive: true, force: true });
    if (err instanceof SyntaxError) throw new BackupError('the archive contents could not be read (an entry header or the manifest is not valid JSON)');
    throw err;
  }
}
