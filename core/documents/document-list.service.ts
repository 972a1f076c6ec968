import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Lang, pick, registerMessages, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { trimmedStr } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { ListRow, writeListWorkbook } from '../spreadsheet/list-workbook';
import { screenHref } from '../web/pager';
import { DocumentsService, ListOptions } from './documents.service';
import { CORE_TEMPLATE_LABELS } from './template-labels';

registerMessages({
  'ui.doc_institution': { zh: '发文单位', en: 'Issued by' },
  'ui.doc_register': { zh: '公文登记簿', en: 'Document register' },
});

/** Documents read per query while exporting: the export holds one such page, whatever the register's size. */
const EXPORT_PAGE = 200;

/** The register's filters as its URL gives them: a template id, a year, a text; anything malformed is ignored. */
export interface DocumentListFilter {
  template: string;
  year: number | undefined;
  text: string;
}

/** The documents register (/documents): its filters read from the URL, template labels, and the Excel export. */
@Injectable()
export class DocumentListService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly host: PluginHost,
    private readonly access: AccessService,
  ) {}

  filter(q: Record<string, unknown>): DocumentListFilter {
    const template = trimmedStr(q.template).slice(0, 130);
    const yearText = trimmedStr(q.year).slice(0, 4);
    return {
      template: /^[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}$/.test(template) ? template : '',
      year: /^\d{4}$/.test(yearText) ? Number(yearText) : undefined,
      text: trimmedStr(q.q).slice(0, 100),
    };
  }

  /** The filter as the documents query takes it. */
  options(f: DocumentListFilter): ListOptions {
    return { templateId: f.template || undefined, year: f.year, text: f.text || undefined };
  }

  /** The register's URL (or its export's) with the filters kept. */
  href(base: string, f: DocumentListFilter, extra: Record<string, number | undefined> = {}): string {
    return screenHref(base, { template: f.template, year: f.year, q: f.text, ...extra });
  }

  /** A template id by its label in `lang` (core templates and the plugins'), the id itself when unknown. */
  labeler(lang: Lang): (templateId: string) => string {
    const pluginLabels = new Map(this.host.templates().map(({ pluginId, template }) => [`${pluginId}/${template.id}`, template.label]));
    return (id) => {
      const found = CORE_TEMPLATE_LABELS[id] ?? pluginLabels.get(id);
      return found ? pick(found, lang) : id;
    };
  }

  /**
   * Every document the filters select that the caller may read (as the register decides it, in SQL), newest first,
   * written to `out` as an Excel workbook with the register's columns and the issuing unit by name; read EXPORT_PAGE
   * at a time, each page after the last id read, so documents issued meanwhile neither repeat nor shift rows.
   */
  async export(actor: Actor, lang: Lang, q: Record<string, unknown>): Promise<{ filename: string; write: (out: Writable) => Promise<void> }> {
    const f = this.filter(q);
    const label = this.labeler(lang);
    const institutions = await this.access.institutions();
    const nameOf = (id: number | null) => {
      const i = institutions.find((x) => x.id === id);
      return i ? (lang === 'en' && i.nameEn ? i.nameEn : i.name) : '';
    };
    const header = [t(lang, 'ui.doc_number'), t(lang, 'ui.doc_title'), t(lang, 'ui.doc_template'), t(lang, 'ui.doc_institution'), t(lang, 'ui.doc_issued_on'), t(lang, 'ui.doc_version'), t(lang, 'ui.doc_restricted')];
    const documents = this.documents;
    const opts = this.options(f);
    async function* rows(): AsyncGenerator<ListRow> {
      for (let beforeId: number | undefined; ; ) {
        const page = await documents.page(actor, { ...opts, beforeId }, { page: 1, pageSize: EXPORT_PAGE, limit: EXPORT_PAGE, offset: 0 });
        for (const d of page.items) {
          const restricted = d.readRoles !== null || d.readUserIds !== null;
          yield [d.number, d.title, label(d.templateId), nameOf(d.institutionId), d.issuedOn, `v${d.version}`, restricted ? t(lang, 'ui.doc_restricted') : ''];
        }
        if (page.items.length < EXPORT_PAGE) break;
        beforeId = page.items[page.items.length - 1].id;
      }
    }
    const title = `${nameOf(actor.currentInstitutionId)}${t(lang, 'ui.doc_register')}`;
    return { filename: `${title}.xlsx`, write: (out) => writeListWorkbook(out, title, header, rows()) };
  }
}
