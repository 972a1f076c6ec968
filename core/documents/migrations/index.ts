import type { NamedMigration } from '../../db/migration-runner';
import { DocumentsIssued0001 } from './0001-issued-documents';
import { DocumentsReadRestriction0002 } from './0002-read-restriction';
import { DocumentsBatches0003 } from './0003-document-batches';
import { DocumentsPersonalData0004 } from './0004-personal-data';
import { DocumentsBatchReaders0005 } from './0005-batch-readers';
import { DocumentsNumberPrefix0006 } from './0006-number-prefix';
import { DocumentsNumberReservations0007 } from './0007-number-reservations';

/** Migrations of the documents module, applied in this order, tracked by name (prefix "documents-"). */
export const DOCUMENTS_MIGRATIONS: NamedMigration[] = [new DocumentsIssued0001(), new DocumentsReadRestriction0002(), new DocumentsBatches0003(), new DocumentsPersonalData0004(), new DocumentsBatchReaders0005(), new DocumentsNumberPrefix0006(), new DocumentsNumberReservations0007()];
