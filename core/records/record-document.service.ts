import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { TemplateService } from '../documents/template.service';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { RecordsService } from './records.service';

/** Renders a plugin record through one of its plugin's templates (HTML; PDF comes from the documents pipeline). */
@Injectable()
export class RecordDocumentService {
  constructor(
    private readonly records: RecordsService,
    private readonly templates: TemplateService,
    private readonly access: AccessService,
  ) {}

  async renderHtml(actor: Actor, recordId: number, templateId: string): Promise<string> {
    const record = await this.records.get(actor, recordId);
    if (!templateId.startsWith(`${record.pluginId}/`)) throw AppError.validation([{ field: 'template', key: 'validation.invalid' }]);
    const institution = (await this.access.institutions()).find((i) => i.id === record.institutionId)!;
    return this.templates.render(templateId, { record: record.values, title: record.title, institution: { name: institution.name, code: institution.code } }, institution.code);
  }
}
