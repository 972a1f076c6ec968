import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';
import { PublicUrl } from '../config/public-url';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { InstitutionEntity } from '../org/org.entities';
import type { FieldDef, PluginRecordView, PublicFormDef, PublicFormLink } from '../plugin-api';
import { validateFields } from '../plugin-host/field-validation';
import { PluginHost } from '../plugin-host/plugin-host';
import { FieldCipher } from './field-cipher';
import { PluginRecordEntity } from './record.entities';
import { PUBLIC_FORM_USED, RecordsService } from './records.service';

/** Crockford base32 without I, L, O, U: easy to read off paper and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE = /^([1-9][0-9]{0,11})-([0-9A-Z]{10})$/;

export interface OpenedForm {
  def: PublicFormDef;
  record: PluginRecordView;
  fields: FieldDef[];
  institutionName: string;
}

/**
 * Plugin public forms: links signed per record with the platform key (no table, nothing to leak),
 * used once (the record's answeredField), answered through the record's own field validation.
 */
@Injectable()
export class PublicFormService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly records: RecordsService,
    private readonly cipher: FieldCipher,
    private readonly publicUrl: PublicUrl,
  ) {}

  private get baseUrl(): string {
    return this.publicUrl.base;
  }

  code(pluginId: string, formId: string, recordId: number): string {
    const mac = this.cipher.mac(`public-form:${pluginId}/${formId}/${recordId}`);
    let out = '';
    for (let i = 0; i < 10; i++) out += ALPHABET[mac[i] % 32];
    return `${recordId}-${out}`;
  }

  path(pluginId: string, formId: string, code: string): string {
    return `/f/${pluginId}/${formId}/${code}`;
  }

  /** The links of every public form of a record (for its documents and for staff). */
  async links(record: PluginRecordView): Promise<PublicFormLink[]> {
    const out: PublicFormLink[] = [];
    for (const def of this.host.publicFormsFor(record.pluginId, record.recordType)) {
      const code = this.code(record.pluginId, def.id, record.id);
      const url = this.baseUrl + this.path(record.pluginId, def.id, code);
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      out.push({ formId: def.id, url, code, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, answered: !!record.values[def.answeredField] });
    }
    return out;
  }

  /**
   * For a record's documents: the check-in screens of its type (a referral's arrivals queue) as `{ url, qr }`
   * keyed by screen id, the URL carrying the record's code so scanning the slip fills the code box.
   */
  async checkInLinks(record: PluginRecordView): Promise<Record<string, { url: string; qr: string }>> {
    const out: Record<string, { url: string; qr: string }> = {};
    for (const s of this.host.plugin(record.pluginId)?.screens ?? []) {
      if (s.kind !== 'check-in' || s.recordType !== record.recordType || !s.checkIn) continue;
      const url = `${this.baseUrl}/check-in/${record.pluginId}/${s.id}?code=${encodeURIComponent(String(record.values[s.checkIn.codeField] ?? ''))}`;
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      out[s.id] = { url, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    }
    return out;
  }

  /** The form and its record for a code; every failure is the same 404, so codes cannot be probed. */
  async open(pluginId: string, formId: string, code: string): Promise<OpenedForm> {
    const def = this.host.publicForm(pluginId, formId);
    const m = CODE.exec(code.toUpperCase());
    if (!def || !m) throw AppError.notFound();
    const expected = Buffer.from(this.code(pluginId, formId, Number(m[1])));
    const given = Buffer.from(`${m[1]}-${m[2]}`);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw AppError.notFound();
    const found = await this.db.read(async (em) => {
      const row = await em.getRepository(PluginRecordEntity).findOneBy({ id: Number(m[1]), pluginId, recordType: def.recordType });
      const inst = row ? await em.getRepository(InstitutionEntity).findOneBy({ id: row.institutionId }) : null;
      return row && inst ? { row, inst } : null;
    });
    if (!found || !this.host.isEnabled(found.inst.code, pluginId)) throw AppError.notFound();
    const record = this.records.toView(found.row);
    const type = this.host.recordType(pluginId, def.recordType)!;
    // Every choice on a public form must be answered: a blank receipt answer would read as a clean one (issue #19).
    const fields = def.fields.map((k) => type.fields.find((f) => f.key === k)!).map((f) => (f.type === 'enum' ? { ...f, required: true } : f));
    return { def, record, fields, institutionName: found.inst.name };
  }

  assertUnused(form: OpenedForm): void {
    if (form.record.values[form.def.answeredField]) throw AppError.conflict(PUBLIC_FORM_USED);
  }

  /** Saves the answers into the record through RecordsService (the one write path), stamps it answered and runs its rules. */
  async submit(pluginId: string, formId: string, code: string, input: Record<string, unknown>): Promise<OpenedForm> {
    const form = await this.open(pluginId, formId, code);
    this.assertUnused(form);
    const check = validateFields(form.fields, input);
    if (check.problems.length) throw AppError.validation(check.problems);
    await this.records.answerPublicForm(form.record.id, { pluginId, formId, answeredField: form.def.answeredField }, check.values);
    return form;
  }
}
