import { likeLiteral } from '../db/sql-like';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import type { Role } from '../plugin-api';

/** Who is reading a document list: the account, and its roles at each institution it sees. */
export interface DocumentReader {
  userId: number;
  isSystemAdmin: boolean;
  rolesAt: Map<number, Role[]>;
}

/**
 * Keeps the documents (alias `d`) the reader may read, decided in SQL as DocumentsService decides one (mayRead), so a
 * list pages and counts them in the database: unrestricted, issued by the reader, addressed to the reader's account,
 * readable by a role the reader holds at the issuing institution, or without personal data for a system admin.
 */
export function whereReadable<T extends object>(q: SelectQueryBuilder<T>, reader: DocumentReader): SelectQueryBuilder<T> {
  return q.andWhere(
    new Brackets((w) => {
      w.where('(d.read_roles IS NULL AND d.read_user_ids IS NULL)')
        .orWhere('d.issuer_user_id = :readerId', { readerId: reader.userId })
        // read_user_ids is a JSON array of numbers ("[3,17]"): the id between commas once the brackets are commas.
        .orWhere("(',' || SUBSTR(d.read_user_ids, 2, LENGTH(d.read_user_ids) - 2) || ',') LIKE :readerIdLike", { readerIdLike: `%,${reader.userId},%` });
      if (reader.isSystemAdmin) w.orWhere('d.personal_data <> 1');
      let i = 0;
      for (const [institutionId, roles] of reader.rolesAt) {
        if (!roles.length) continue;
        const params: Record<string, unknown> = { [`readerInst${i}`]: institutionId };
        roles.forEach((r, j) => (params[`readerRole${i}_${j}`] = `%${likeLiteral(JSON.stringify(r))}%`));
        w.orWhere(`(d.institution_id = :readerInst${i} AND (${roles.map((_, j) => `d.read_roles LIKE :readerRole${i}_${j} ESCAPE '\\'`).join(' OR ')}))`, params);
        i++;
      }
    }),
  );
}
