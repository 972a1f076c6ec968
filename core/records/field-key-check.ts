import type { EnvConfig } from '../config/env.config';
import type { Db } from '../db/db';
import { CONTACT_FIELD_IDS } from '../org/person-contact';
import { FieldCipher, SealedSample } from './field-cipher';

/** One encrypted value stored in a plugin record (the data map is keyed by field id, the cipher's associated data), else a person's phone or email. */
export async function sealedSample(db: Db): Promise<SealedSample | undefined> {
  const rows: { data: string }[] = await db.reader.query(`SELECT data FROM plugin_records WHERE data LIKE '%"enc:v1:%' LIMIT 1`);
  if (rows.length) {
    const data = JSON.parse(rows[0].data) as Record<string, unknown>;
    const hit = Object.entries(data).find(([, v]) => FieldCipher.isSealed(v));
    if (hit) return { fieldId: hit[0], value: hit[1] as string };
  }
  const people: { phone: string | null; email: string | null }[] = await db.reader.query(`SELECT phone, email FROM people WHERE phone LIKE 'enc:v1:%' OR email LIKE 'enc:v1:%' LIMIT 1`);
  if (!people.length) return undefined;
  return people[0].phone?.startsWith('enc:v1:') ? { fieldId: CONTACT_FIELD_IDS.phone, value: people[0].phone } : { fieldId: CONTACT_FIELD_IDS.email, value: people[0].email! };
}

/** The field cipher, refused (FieldKeyError) when encrypted data exists and the key is missing or does not open it. */
export async function loadFieldCipher(db: Db, env: Pick<EnvConfig, 'DATA_DIR' | 'FIELD_ENCRYPTION_KEY'>): Promise<FieldCipher> {
  return FieldCipher.load(env.DATA_DIR, env.FIELD_ENCRYPTION_KEY, await sealedSample(db));
}
