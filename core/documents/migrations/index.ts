import type { NamedMigration } from '../../db/migration-runner';
import { DocumentsIssued0001 } from './0001-issued-documents';

/** Migrations of the documents module, applied in this order, tracked by name (prefix "documents-"). */
export const DOCUMENTS_MIGRATIONS: NamedMigration[] = [new DocumentsIssued0001()];
