import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PREFIX = 'enc:v1:';

/** One encrypted value as stored, with the id of its field (the associated data). */
export interface SealedSample {
  fieldId: string;
  value: string;
}

/** Start-up refusal: the database holds encrypted fields but the key is missing or is not the one that sealed them. */
export class FieldKeyError extends Error {
  constructor(
    readonly reason: 'missing' | 'wrong',
    readonly source: string,
  ) {
    super(
      reason === 'missing'
        ? `数据库中有加密字段，但找不到密钥文件 ${source}，也未设置 FIELD_ENCRYPTION_KEY：请放回原密钥（备份中的 secret.key）后再启动 / the database holds encrypted fields but there is no key: ${source} is missing and FIELD_ENCRYPTION_KEY is not set; put the original key back (secret.key from the backup) and start again`
        : `密钥（${source}）无法解密数据库中的加密字段：请使用加密这些数据时的原密钥 / the key in ${source} does not decrypt the encrypted fields in the database; use the key they were encrypted with (secret.key or FIELD_ENCRYPTION_KEY)`,
    );
    this.name = 'FieldKeyError';
  }
}

/**
 * AES-256-GCM for sensitive field values. The key comes from FIELD_ENCRYPTION_KEY (64 hex chars or
 * base64 of 32 bytes) or DATA_DIR/secret.key, created (mode 0600) on first start. The field's stable
 * id is the associated data, so a ciphertext copied into another field does not decrypt.
 */
export class FieldCipher {
  private constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the field encryption key must be 32 bytes');
  }

  static fromKey(key: Buffer): FieldCipher {
    return new FieldCipher(key);
  }

  static parseKey(text: string): Buffer {
    const s = text.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : Buffer.from(s, 'base64');
    if (key.length !== 32) throw new Error('FIELD_ENCRYPTION_KEY must be 64 hex characters or base64 of 32 bytes');
    return key;
  }

  /**
   * The env key when given, else DATA_DIR/secret.key, made on first start only while no field is encrypted yet.
   * `sealed` is one stored value: with it, a missing key or one that does not open it stops start-up, since a new
   * key would make every encrypted field read null (a restore without secret.key, a changed FIELD_ENCRYPTION_KEY).
   */
  static load(dataDir: string, envKey?: string, sealed?: SealedSample): FieldCipher {
    const file = path.join(dataDir, 'secret.key');
    if (!envKey && !fs.existsSync(file)) {
      if (sealed) throw new FieldKeyError('missing', file);
      fs.mkdirSync(dataDir, { recursive: true });
      // 'wx' fails if another process created it meanwhile; then we read theirs.
      try {
        fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const cipher = new FieldCipher(FieldCipher.parseKey(envKey || fs.readFileSync(file, 'utf8')));
    if (sealed) {
      try {
        cipher.open(sealed.value, sealed.fieldId);
      } catch {
        throw new FieldKeyError('wrong', envKey ? 'FIELD_ENCRYPTION_KEY' : file);
      }
    }
    return cipher;
  }

  /** A keyed digest (HMAC-SHA256) for signed links; a separate label keeps it apart from encryption use. */
  mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(`mac:v1:${text}`, 'utf8').digest();
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  /** JSON-encodes the value first, so numbers and strings come back as what went in. */
  seal(value: unknown, fieldId: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(fieldId, 'utf8'));
    const ct = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
  }

  open(sealed: string, fieldId: string): unknown {
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(fieldId, 'utf8'));
    d.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8'));
  }
}
