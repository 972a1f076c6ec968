import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { UserEntity } from '../auth/auth.entities';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { LocalizedText } from '../plugin-api';
import { PersonEntity } from '../org/org.entities';
import { PluginHost } from '../plugin-host/plugin-host';
import { PluginRecordEntity } from '../records/record.entities';
import { RecordsService } from '../records/records.service';
import { ClueView } from './clue.service';

/** A person triage proposes as a warning's subject, with why: the field or role that names them on the cited records. */
export interface SubjectSuggestion {
  personId: number;
  name: string;
  reasons: { label: LocalizedText; record: string }[];
}

const ENTERED_BY: LocalizedText = { zh: '录入人（经办人）', en: 'Entered by' };
const NAMED_IN_CLUE: LocalizedText = { zh: '线索所指', en: 'Named in the clue' };

/** Who a clue is about: the people its records name (fields declared `namesPerson`, the record's creator) or the clue itself names. */
@Injectable()
export class SubjectSuggestionService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly records: RecordsService,
  ) {}

  async suggest(actor: Actor, clue: ClueView, recordIds: number[]): Promise<SubjectSuggestion[]> {
    const people = await this.db.read((m) => m.getRepository(PersonEntity).findBy({ institutionId: clue.institutionId }));
    const byName = new Map(people.map((p) => [p.name, p]));
    const out = new Map<number, SubjectSuggestion>();
    const add = (p: PersonEntity | undefined, label: LocalizedText, record: string) => {
      if (!p) return;
      const s = out.get(p.id) ?? { personId: p.id, name: p.name, reasons: [] };
      if (!s.reasons.some((r) => r.label.zh === label.zh && r.record === record)) s.reasons.push({ label, record });
      out.set(p.id, s);
    };
    if (clue.subjectPersonId) add(people.find((p) => p.id === clue.subjectPersonId), NAMED_IN_CLUE, '');
    else if (clue.subjectLabel) for (const p of people) if (p.name.length >= 2 && clue.subjectLabel.includes(p.name)) add(p, NAMED_IN_CLUE, '');
    for (const id of recordIds) {
      const record = await this.records.get(actor, id, 'triage').catch((err: unknown) => (err instanceof AppError && err.getStatus() === 404 ? null : Promise.reject(err)));
      if (!record || record.institutionId !== clue.institutionId) continue;
      const def = this.host.recordType(record.pluginId, record.recordType);
      const title = record.title;
      for (const f of def?.fields.filter((x) => x.namesPerson) ?? []) {
        const v = record.values[f.key];
        for (const name of (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')) add(byName.get(name.trim()), f.label, title);
      }
      const creator = await this.creatorOf(id);
      if (creator) add(people.find((p) => p.id === creator), ENTERED_BY, title);
    }
    return [...out.values()];
  }

  private async creatorOf(recordId: number): Promise<number | null> {
    return this.db.read(async (m) => {
      const row = await m.getRepository(PluginRecordEntity).findOne({ where: { id: recordId }, select: { id: true, createdBy: true } });
      const user = row?.createdBy ? await m.getRepository(UserEntity).findOneBy({ id: row.createdBy }) : null;
      return user?.personId ?? null;
    });
  }
}
