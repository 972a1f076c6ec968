import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EnvConfig } from '../config/env.config';
import type { ImportFile } from './record-import.service';

/** Who uploaded a kept file and for which record type: only they may import it. */
interface UploadMeta {
  userId: number;
  institutionId: number;
  pluginId: string;
  recordType: string;
  name: string;
  at: number;
}

/** How long an uploaded file waits for its 确认导入. */
const KEEP_MS = 24 * 3600 * 1000;

/**
 * Keeps an upload between the screens' preview and 确认导入 (a browser cannot send the file twice), in DATA_DIR
 * under a random token; removed after its import and, unclaimed, a day later.
 */
@Injectable()
export class RecordImportUploads {
  constructor(private readonly env: EnvConfig) {}

  private get dir(): string {
    return path.join(this.env.DATA_DIR, 'record-imports');
  }

  async keep(file: ImportFile, meta: Omit<UploadMeta, 'at' | 'name'>): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    await this.prune();
    const token = randomBytes(16).toString('hex');
    await fs.writeFile(path.join(this.dir, `${token}.bin`), file.buffer);
    await fs.writeFile(path.join(this.dir, `${token}.json`), JSON.stringify({ ...meta, name: file.originalname.slice(0, 200), at: Date.now() }));
    return token;
  }

  /** The kept file when the token is one of this caller's for this type; else null. */
  async take(token: string, meta: Omit<UploadMeta, 'at' | 'name'>): Promise<ImportFile | null> {
    if (!/^[0-9a-f]{32}$/.test(token)) return null;
    try {
      const m = JSON.parse(await fs.readFile(path.join(this.dir, `${token}.json`), 'utf8')) as UploadMeta;
      if (m.userId !== meta.userId || m.institutionId !== meta.institutionId || m.pluginId !== meta.pluginId || m.recordType !== meta.recordType) return null;
      const buffer = await fs.readFile(path.join(this.dir, `${token}.bin`));
      return { buffer, originalname: m.name, size: buffer.length };
    } catch {
      return null;
    }
  }

  async drop(token: string): Promise<void> {
    for (const ext of ['bin', 'json']) await fs.rm(path.join(this.dir, `${token}.${ext}`), { force: true });
  }

  private async prune(): Promise<void> {
    for (const name of await fs.readdir(this.dir)) {
      const file = path.join(this.dir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > KEEP_MS) await fs.rm(file, { force: true });
    }
  }
}
