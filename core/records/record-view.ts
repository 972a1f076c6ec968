import type { PluginRecordView } from '../plugin-api';
import { fromStored } from '../plugin-host/field-validation';
import type { PluginHost } from '../plugin-host/plugin-host';
import type { PluginRecordEntity } from './record.entities';
import type { FieldCipher } from './field-cipher';
import { openStored } from './sensitive-fields';

/** A stored row as plugins see it: values keyed by field key, sensitive values decrypted (masking is per actor, later). */
export function toRecordView(host: PluginHost, row: PluginRecordEntity, cipher?: FieldCipher): PluginRecordView {
  const def = host.recordType(row.pluginId, row.recordType);
  return {
    id: row.id,
    institutionId: row.institutionId,
    pluginId: row.pluginId,
    recordType: row.recordType,
    title: row.title,
    values: def ? fromStored(def.fields, openStored(def, JSON.parse(row.data), cipher)) : {},
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
