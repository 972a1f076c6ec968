import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { FactContext, LocalizedText, Role } from '../plugin-api';
import { chineseDate } from '../plugin-api';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { TemplateService } from '../documents/template.service';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { PluginHost } from '../plugin-host/plugin-host';
import { RulesService } from '../rules/rules.service';
import { RecordsService } from './records.service';
import { PublicFormService } from './public-form.service';

/** Renders a plugin record through one of its plugin's templates (HTML; PDF comes from the documents pipeline). */
@Injectable()
export class RecordDocumentService {
  constructor(
    private readonly records: RecordsService,
    private readonly templates: TemplateService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly rules: RulesService,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly publicForms: PublicFormService,
  ) {}

  async renderHtml(actor: Actor, recordId: number, templateId: string): Promise<string> {
    const { institutionCode, data } = await this.templateData(actor, recordId, templateId);
    return this.templates.render(templateId, data, institutionCode);
  }

  /** What a plugin template gets for a record (also issued as a numbered PDF by RecordIssueController). */
  async templateData(actor: Actor, recordId: number, templateId: string): Promise<{ institutionId: number; institutionCode: string; data: Record<string, unknown>; readers: Role[]; refusal: LocalizedText | null; issuer: { institutionId: number; roles: Role[] } }> {
    const { view: record, readers: recordReaders } = await this.records.getWithReaders(actor, recordId, 'document');
    const readers = new Set<Role>(recordReaders);
    if (!templateId.startsWith(`${record.pluginId}/`)) throw AppError.validation([{ field: 'template', key: 'validation.invalid' }]);
    const institution = (await this.access.institutions()).find((i) => i.id === record.institutionId)!;
    const def = this.host.plugin(record.pluginId)?.templates?.find((t) => `${record.pluginId}/${t.id}` === templateId);
    // An unknown template is a bad parameter; one written for another record type would read fields this record lacks.
    if (!def || (def.recordType && def.recordType !== record.recordType)) throw AppError.validation([{ field: 'template', key: 'validation.invalid' }]);
    // A template may ask for aggregates over the plugin's records (its `data` hook), read in one snapshot.
    const { data, refusal } =
      def.data || def.refuse
        ? await this.db.read(async (m) => {
            const now = this.clock.now();
            const ctx = this.maskedContext(actor, this.rules.context(m, record.institutionId, record.pluginId, this.host.optionsFor(institution.code, record.pluginId), now, record), readers);
            ctx.network = async () => (await this.rules.networkContexts(m, record.institutionId, record.pluginId, now)).map((n) => ({ ...n, context: this.maskedContext(actor, n.context, readers) }));
            return { data: def.data ? await def.data(ctx) : {}, refusal: def.refuse ? await def.refuse(ctx) : null };
          })
        : { data: {}, refusal: null };
    const config = this.host.institutions.find((c) => c.code === institution.code);
    const today = this.clock.today();
    const doc = { letterhead: config?.letterhead ?? institution.name, number: '', signature: institution.name, printer: institution.name, dateText: chineseDate(today), unsealed: true };
    // Signed links and QR codes of the record's public forms, by form id (e.g. publicForms.receipt.qr).
    const publicForms = Object.fromEntries((await this.publicForms.links(record)).map((l) => [l.formId, l]));
    // Check-in screens of the record's type (an arrivals queue): the QR the receiving desk scans.
    const checkIn = await this.publicForms.checkInLinks(record);
    // Who issues it by default: the record's institution, or its parent when the template says so and there is one.
    const issuer = { institutionId: (def.issuedBy === 'parent' && institution.parentId) || institution.id, roles: def.issueRoles ?? [] };
    return { institutionId: institution.id, institutionCode: institution.code, data: { record: record.values, title: record.title, institution: { name: institution.name, code: institution.code }, data, doc, publicForms, checkIn }, readers: [...readers], refusal, issuer };
  }

  /**
   * A template prints the related records it reads one by one (a referral slip's patient): those come masked for the
   * actor like the record itself, and the roles that see them in clear join `readers`. Lists are for aggregates: their
   * identifying fields come masked for everyone, so a template that prints from a list can never print them in clear.
   */
  private maskedContext(actor: Actor, ctx: FactContext, readers: Set<Role>): FactContext {
    const { get, list, find } = ctx.records;
    return {
      ...ctx,
      records: {
        ...ctx.records,
        list: async (recordType, opts) => this.records.maskedForAnyone(await list(recordType, opts)),
        find: find && (async (recordType, where, opts) => this.records.maskedForAnyone(await find(recordType, where, opts))),
        get: get && (async (id) => {
          const clear = await get(id);
          if (!clear) return null;
          const { view, readers: more } = await this.records.getWithReaders(actor, id, 'document', clear);
          for (const r of more) readers.add(r);
          return view;
        }),
      },
    };
  }
}
