import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { AppError } from '../http/app-error';
import { resolveLang } from '../i18n/i18n';
import type { PluginRecordView, RecordTypeDef, ScreenDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { changedValues, coerceFormValues } from './form-coercion';
import { PluginScreenViewService } from './plugin-screen-view.service';
import { formFieldsOf, PluginScreenService, ScreenOutcome } from './plugin-screen.service';

/** A plugin form screen's create and edit: coerce the posted form, save through RecordsService, or show the problems. */
@Injectable()
export class PluginRecordFormService {
  constructor(
    private readonly screens: PluginScreenService,
    private readonly view: PluginScreenViewService,
    private readonly records: RecordsService,
    private readonly host: PluginHost,
  ) {}

  /** A new record from a form that creates; then back to the type's list. */
  async create(actor: Actor, pluginId: string, screenId: string, body: Record<string, unknown>, req: Request): Promise<ScreenOutcome> {
    const { institution, screen } = await this.screens.screen(actor, pluginId, screenId, (s) => s.kind === 'form' && s.creates !== false);
    const type = this.host.recordType(pluginId, screen.recordType)!;
    const values = coerceFormValues(formFieldsOf(screen, type), body);
    try {
      await this.records.create(actor, institution.id, pluginId, type.id, values);
    } catch (err) {
      const errors = this.screens.fieldErrors(resolveLang(req), type, err);
      return this.view.render({ actor, req, pluginId, screenId, formState: { values, errors } });
    }
    return { redirect: this.screens.listHref(institution.code, pluginId, type.id) };
  }

  /** The edit form, filled with the record's values. */
  async editPage(actor: Actor, pluginId: string, screenId: string, id: number, req: Request): Promise<ScreenOutcome> {
    const { record } = await this.editTarget(actor, pluginId, screenId, id);
    return this.view.render({ actor, req, pluginId, screenId, formState: { values: record.values, errors: [] }, edit: record });
  }

  /** Saves what the user changed on the edit form; then back where the form returns to. */
  async update(actor: Actor, pluginId: string, screenId: string, id: number, body: Record<string, unknown>, req: Request): Promise<ScreenOutcome> {
    const { record, type, institutionCode, screen } = await this.editTarget(actor, pluginId, screenId, id);
    const formFields = formFieldsOf(screen, type);
    const values = coerceFormValues(formFields, body);
    // Only what the user changed is sent: an untouched masked value is not written back as its mask.
    const changes = changedValues(formFields, record.values, values);
    try {
      // A field outside the form's subset (another party's part of the record) is not this form's to change.
      const outside = Object.keys(changes).filter((k) => !formFields.some((f) => f.key === k));
      if (outside.length) throw AppError.validation(outside.map((field) => ({ field, key: 'validation.unknown_field' })));
      if (Object.keys(changes).length) await this.records.update(actor, id, changes);
    } catch (err) {
      const errors = this.screens.fieldErrors(resolveLang(req), type, err);
      return this.view.render({ actor, req, pluginId, screenId, formState: { values, errors }, edit: record });
    }
    return { redirect: this.screens.returnHref(institutionCode, pluginId, screen) };
  }

  /** The record an edit form is about: 404 for a record out of reach (as for a missing one) or of another type. */
  private async editTarget(actor: Actor, pluginId: string, screenId: string, id: number): Promise<{ record: PluginRecordView; type: RecordTypeDef; institutionCode: string; screen: ScreenDef }> {
    const { institution, screen } = await this.screens.screen(actor, pluginId, screenId, (s) => s.kind === 'form' && s.editable !== false);
    const record = await this.records.get(actor, id, 'edit-form');
    if (record.pluginId !== pluginId || record.recordType !== screen.recordType) throw AppError.notFound();
    return { record, type: this.host.recordType(pluginId, record.recordType)!, institutionCode: institution.code, screen };
  }
}
