import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { AppError } from '../http/app-error';
import { pick, resolveLang } from '../i18n/i18n';
import type { FieldDef, PluginRecordView, RecordTypeDef, ScreenDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { REASON_LABEL, RecordWritePolicy } from '../records/record-write-policy.service';
import { changedValues, coerceFormValues } from './form-coercion';
import { formRefusal } from './form-validation';
import { PluginScreenViewService } from './plugin-screen-view.service';
import { FieldError, formFieldsOf, PluginScreenService, ScreenOutcome } from './plugin-screen.service';

/** Whether the post carries the field at all (an item row's cells are `<field>.<row>.<column>`). */
function posted(f: FieldDef, body: Record<string, unknown>): boolean {
  return f.type === 'rows' ? Object.keys(body).some((k) => k.startsWith(`${f.key}.`)) : Object.hasOwn(body, f.key);
}

/**
 * A record picker's search posted with the form (`_pick.<field>` texts, and `_find` when 查找 was pressed rather than
 * 保存): split from the form's values, so a search re-draws the form with what was typed and nothing is saved.
 */
function pickerSearch(body: Record<string, unknown>): { form: Record<string, unknown>; picks: Record<string, string>; find: boolean } {
  const form: Record<string, unknown> = {};
  const picks: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('_pick.')) picks[k.slice(6)] = typeof v === 'string' ? v.slice(0, 100) : '';
    else if (k !== '_find') Object.defineProperty(form, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return { form, picks, find: Object.hasOwn(body, '_find') };
}

/** A plugin form screen's create and edit: coerce the posted form, save through RecordsService, or show the refusal. */
@Injectable()
export class PluginRecordFormService {
  constructor(
    private readonly screens: PluginScreenService,
    private readonly view: PluginScreenViewService,
    private readonly records: RecordsService,
    private readonly policy: RecordWritePolicy,
    private readonly host: PluginHost,
  ) {}

  /** A new record from a form that creates; then back to the type's list. */
  async create(actor: Actor, pluginId: string, screenId: string, body: Record<string, unknown>, req: Request): Promise<ScreenOutcome> {
    const { institution, screen } = await this.screens.screen(actor, pluginId, screenId, (s) => s.kind === 'form' && s.creates !== false);
    const type = this.host.recordType(pluginId, screen.recordType)!;
    const { form, picks, find } = pickerSearch(typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
    const values = coerceFormValues(formFieldsOf(screen, type), form);
    if (find) return this.view.render({ actor, req, pluginId, screenId, formState: { values, errors: [], picks } });
    try {
      await this.records.create(actor, institution.id, pluginId, type.id, values);
    } catch (err) {
      return this.view.render({ actor, req, pluginId, screenId, formState: { values, picks, ...this.refusal(req, type, err) } });
    }
    return { redirect: this.screens.listHref(institution.code, pluginId, type.id) };
  }

  /** The edit form, filled with the record's values, with its version history. */
  async editPage(actor: Actor, pluginId: string, screenId: string, id: number, req: Request): Promise<ScreenOutcome> {
    const { record } = await this.editTarget(actor, pluginId, screenId, id);
    return this.view.render({ actor, req, pluginId, screenId, formState: { values: record.values, errors: [] }, edit: record });
  }

  /**
   * Saves what the user changed on the edit form; then back where the form returns to. A field the account may not
   * write is shown, not an input: left out of the post it is unchanged, and posted with another value (forged) it is
   * refused like any protected write (403).
   */
  async update(actor: Actor, pluginId: string, screenId: string, id: number, body: Record<string, unknown>, req: Request): Promise<ScreenOutcome> {
    const { record, type, institutionCode, screen } = await this.editTarget(actor, pluginId, screenId, id);
    const formFields = formFieldsOf(screen, type);
    const { form: sent, picks, find } = pickerSearch(typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
    const { reason, ...form } = sent;
    const values = coerceFormValues(formFields, form);
    const access = await this.policy.formAccess(actor, type, await this.records.writeTarget(id));
    for (const f of formFields) if (access.readOnly.has(f.key) && !posted(f, form)) values[f.key] = record.values[f.key];
    // Only what the user changed is sent: an untouched masked value is not written back as its mask.
    const changes = changedValues(formFields, record.values, values);
    if (find) return this.view.render({ actor, req, pluginId, screenId, formState: { values, errors: [], reason: typeof reason === 'string' ? reason : '', picks }, edit: record });
    try {
      // A field outside the form's subset (another party's part of the record) is not this form's to change.
      const outside = Object.keys(changes).filter((k) => !formFields.some((f) => f.key === k));
      if (outside.length) throw AppError.validation(outside.map((field) => ({ field, key: 'validation.unknown_field' })));
      if (Object.keys(changes).length) await this.records.update(actor, id, reason === undefined ? changes : { ...changes, reason });
    } catch (err) {
      return this.view.render({ actor, req, pluginId, screenId, formState: { values, reason: typeof reason === 'string' ? reason : '', picks, ...this.refusal(req, type, err) }, edit: record });
    }
    return { redirect: this.screens.returnHref(institutionCode, pluginId, screen) };
  }

  /** A refused save as the form shows it: messages beside their fields (by label) or one general message, and the status. */
  private refusal(req: Request, type: RecordTypeDef, err: unknown): { errors: FieldError[]; status: number } {
    const lang = resolveLang(req);
    const labels = Object.fromEntries([...type.fields.map((f) => [f.key, pick(f.label, lang)]), ['reason', pick(REASON_LABEL, lang)]]);
    const { errors, general } = formRefusal(err, lang, labels);
    const list: FieldError[] = Object.entries(errors).map(([field, message]) => ({ field, message }));
    if (general) list.push({ field: '', message: general });
    return { errors: list, status: err instanceof AppError ? err.getStatus() : 400 };
  }

  /** The record an edit form is about: 404 for a record out of reach (as for a missing one) or of another type. */
  private async editTarget(actor: Actor, pluginId: string, screenId: string, id: number): Promise<{ record: PluginRecordView; type: RecordTypeDef; institutionCode: string; screen: ScreenDef }> {
    const { institution, screen } = await this.screens.screen(actor, pluginId, screenId, (s) => s.kind === 'form' && s.editable !== false);
    const record = await this.records.get(actor, id, 'edit-form');
    if (record.pluginId !== pluginId || record.recordType !== screen.recordType) throw AppError.notFound();
    return { record, type: this.host.recordType(pluginId, record.recordType)!, institutionCode: institution.code, screen };
  }
}
