import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DocumentsService, IssuedDocumentView } from '../documents/documents.service';
import { AppError } from '../http/app-error';
import { RecordDocumentService } from './record-document.service';

/** Issues a plugin template for a record through the documents pipeline: for the API and for the screens' 出具 buttons. */
@Injectable()
export class RecordIssueService {
  constructor(
    private readonly recordDocuments: RecordDocumentService,
    private readonly documents: DocumentsService,
  ) {}

  async issue(actor: Actor, recordId: number, template: string, issuerInstitutionId?: number): Promise<IssuedDocumentView> {
    const { data, readers, refusal, issuer } = await this.recordDocuments.templateData(actor, recordId, template);
    if (refusal) throw AppError.conflict(refusal);
    // The pipeline supplies its own `doc` (number, date, QR); the preview's placeholder is dropped.
    const { doc: _preview, ...rest } = data;
    // A copy printing identifying fields in clear is read only by the issuer and the roles that see those fields.
    const restricted = readers.length ? { readRoles: readers, personalData: true } : {};
    const institutionId = issuerInstitutionId ?? issuer.institutionId;
    // The template's own issuing roles hold only in its own issuer's name; another institution's name needs the usual issuers.
    const issueRoles = institutionId === issuer.institutionId ? issuer.roles : [];
    return this.documents.issue(actor, { templateId: template, institutionId, data: rest, ...restricted }, { issueRoles });
  }
}
