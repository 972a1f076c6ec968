import { registerMessages } from '../i18n/i18n';

// Why a protected field of a supervision record was not written (RecordWritePolicy), and the record page's history.
registerMessages({
  'error.record_protected': { zh: '无权修改受保护的栏目，未作任何修改', en: 'Protected fields may not be changed by you; nothing was changed' },
  'record.write_public-form': { zh: '{field}：只能由公众通过公开表单填写，任何账号都不能填写或修改', en: '{field}: only the public fills this in, through the public form; no account may write it' },
  'record.write_roles': { zh: '{field}：只能由{roles}填写或修改', en: '{field}: only {roles} may write this' },
  'record.write_creator': { zh: '{field}：只能由登记人填写或修改', en: '{field}: only the person who created the record may write this' },
  'record.write_shares': { zh: '{field}：由接收本记录的单位填写', en: '{field}: written by the institution the record is sent to' },
  'record.write_created': { zh: '{field}：登记后不能修改', en: '{field}: cannot be changed once the record is created' },
  'record.write_set': { zh: '{field}：已填写，不能修改', en: '{field}: already filled in, it cannot be changed' },
  'record.write_before': { zh: '{field}：{other}已填写，不能再修改', en: '{field}: cannot be changed once {other} is filled in' },
  'record.write_evidence': { zh: '{field}：本记录是未办结预警信息或预警的证据，被预警人和登记人不能修改', en: '{field}: this record is evidence in an open clue or warning; its subject and its creator may not change it' },
  'record.reason_required': { zh: '{field}：本记录是未办结预警信息或预警的证据，更正已填写的内容须说明理由', en: '{field}: this record is evidence in an open clue or warning; a correction needs its reason' },
  'record.history': { zh: '版本记录', en: 'Version history' },
  'record.history_version': { zh: '版本', en: 'Version' },
  'record.history_at': { zh: '时间', en: 'Time' },
  'record.history_who': { zh: '操作人', en: 'By' },
  'record.history_changes': { zh: '修改内容', en: 'Changes' },
  'record.history_reason': { zh: '理由', en: 'Reason' },
  'record.history_created': { zh: '登记', en: 'Created' },
  'record.history_snapshot': { zh: '平台升级时的记录内容（此前的修改未留存）', en: 'Contents when versions began to be kept (earlier changes were not kept)' },
  'record.history_empty': { zh: '（空）', en: '(empty)' },
  'record.reason': { zh: '修改说明（选填）', en: 'Note on the change (optional)' },
  'record.reason_evidence': { zh: '更正理由（必填）', en: 'Reason for the correction (required)' },
  'record.evidence_locked': { zh: '本记录是涉及您的未办结预警信息或预警的证据（或由您登记），您不能修改。', en: 'This record is evidence in an open clue or warning about you (or you created it): you cannot change it.' },
  'record.evidence_reason': { zh: '本记录是未办结预警信息或预警的证据：更正已填写的内容须说明理由，修改将留存为新版本。', en: 'This record is evidence in an open clue or warning: a correction needs its reason and is kept as a new version.' },
});
